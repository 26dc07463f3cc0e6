import { useEffect } from 'react';
import { useClient } from '../../api/ClientContext.js';
import { reportAttention } from '../../platform/attention.js';
import { resolvePlatform } from '../../platform/bridge.js';
import { eventsUrl } from '../worklist/api.js';
import { connectLiveEvents } from '../worklist/liveEvents.js';
import { unseenReportCount } from './attentionCounts.js';
import { mergeNews, recallInbox, rememberInbox } from './inboxMemory.js';

/**
 * While a township user is on another screen than the inbox: hears report events so the tray and
 * taskbar count new reports at once (the inbox, which announces them, is not mounted), and keeps
 * them in the inbox's memory so they are announced when the inbox is shown again.
 */
export function useAwayReportWatch(active: boolean): void {
  const client = useClient();
  useEffect(() => {
    if (!active) return;
    const userId = client.session.currentUser?.id ?? '';
    let live = true;
    let stop: (() => void) | undefined;
    (async () => {
      const settings = await resolvePlatform()
        .getSettings()
        .catch(() => ({ hubUrl: null }));
      if (!live) return;
      const conn = connectLiveEvents({
        url: eventsUrl(settings.hubUrl, window.location.href),
        getToken: () => client.session.accessToken(),
        onEvent: (e) => {
          if (!e.type.startsWith('report.')) return;
          const r = (e.payload as { report?: { taskId?: string; status?: string } }).report;
          if (!r?.taskId) return;
          const memory = recallInbox(userId) ?? { userId, news: [], states: null };
          const news = mergeNews(memory.news, [{ seq: e.seq, taskId: r.taskId, status: r.status ?? '' }]);
          rememberInbox({ ...memory, news });
          reportAttention('reports', unseenReportCount(news));
        },
        onStatus: () => undefined,
      });
      stop = () => conn.close();
    })();
    return () => {
      live = false;
      stop?.();
    };
  }, [client, active]);
}
