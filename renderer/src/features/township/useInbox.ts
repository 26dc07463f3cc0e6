import { useCallback, useEffect, useRef, useState } from 'react';
import type { Task } from '../../../../shared/api/worklist.js';
import { useClient } from '../../api/ClientContext.js';
import { reportAttention } from '../../platform/attention.js';
import { listTasks } from '../worklist/api.js';
import { connectHubEvents } from '../worklist/liveEvents.js';
import { applyTaskEvent } from '../worklist/model.js';
import { unseenReportCount } from './attentionCounts.js';
import { mergeNews, recallInbox, rememberInbox, reportNewsOf, reportsWhileAway, taskStates, type ReportNews } from './inboxMemory.js';

export type { ReportNews };

/**
 * The site's tasks (the hub limits township staff to their own site), live; new reports announced.
 * Unseen news outlive a visit to another screen, and reports finalised meanwhile are announced on return.
 */
export function useInbox() {
  const client = useClient();
  const userId = client.session.currentUser?.id ?? '';
  const [tasks, setTasks] = useState<Task[]>([]);
  const [news, setNews] = useState<ReportNews[]>(() => recallInbox(userId)?.news ?? []);
  const away = useRef(recallInbox(userId)?.states ?? null);
  const latest = useRef<{ news: ReportNews[]; tasks: Task[] | null }>({ news, tasks: null });
  const conn = useRef<{ lastSeq(): number } | null>(null);
  useEffect(() => {
    latest.current.news = news;
  }, [news]);
  // States are remembered only once the list has loaded (else every signed report would count as new).
  useEffect(() => () => rememberInbox({ userId, news: latest.current.news, states: latest.current.tasks ? taskStates(latest.current.tasks) : away.current, lastSeq: conn.current?.lastSeq() || recallInbox(userId)?.lastSeq }), [userId]);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState<'connecting' | 'live' | 'offline'>('connecting');
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    const live = connectHubEvents({
      getToken: () => client.session.accessToken(),
      onEvent: (e) => {
        if (e.type.startsWith('report.')) {
          const item = reportNewsOf(e);
          if (item) setNews((n) => [...n.filter((x) => x.taskId !== item.taskId), item]);
          setGeneration((g) => g + 1); // the task row's state and reader, whatever order the events came in
        } else setTasks((list) => applyTaskEvent(list, e));
      },
      onStatus: setStatus,
    });
    conn.current = live;
    return () => live.close();
  }, [client]);

  useEffect(() => {
    let live = true;
    listTasks(client, { limit: 2000 })
      .then((res) => {
        if (!live) return;
        setTasks((cur) => {
          const next = res.tasks.reduce((list, t) => applyTaskEvent(list, { type: 'task.updated', payload: { task: t } }), cur);
          latest.current.tasks = next;
          return next;
        });
        if (away.current) {
          const missed = reportsWhileAway(away.current, res.tasks);
          away.current = null;
          if (missed.length) setNews((n) => mergeNews(n, missed));
        }
        setError(null);
      })
      .catch((err) => live && setError(err));
    return () => {
      live = false;
    };
  }, [client, generation]);

  // The tray and taskbar show the unseen final/amended reports (desktop shell; nothing in a browser).
  useEffect(() => reportAttention('reports', unseenReportCount(news)), [news]);

  const dismiss = useCallback((taskId: string) => setNews((n) => n.filter((x) => x.taskId !== taskId)), []);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { tasks, news, error, status, dismiss, reload };
}
