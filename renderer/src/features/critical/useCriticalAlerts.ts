import { useCallback, useEffect, useState } from 'react';
import type { Alert } from '../../../../shared/api/critical.js';
import type { Task } from '../../../../shared/api/worklist.js';
import { useClient } from '../../api/ClientContext.js';
import { reportAttention } from '../../platform/attention.js';
import { resolvePlatform } from '../../platform/bridge.js';
import { unacknowledgedAlertCount } from '../township/attentionCounts.js';
import { eventsUrl, listTasks } from '../worklist/api.js';
import { connectLiveEvents } from '../worklist/liveEvents.js';
import { listOpenAlerts } from './api.js';
import type { CriticalTranslate } from './i18n.js';
import { alertFromEvent, displayName, EMPTY_QUEUE, snooze, upsertAlert, visibleAlerts, type AlertQueue } from './model.js';

export type LiveStatus = 'connecting' | 'live' | 'offline';

/**
 * The site's open alerts: loaded on start, kept live from /api/events (replayed after a drop).
 * Each raise, reminder or escalation also goes to the desktop notification.
 */
export function useCriticalAlerts(t: CriticalTranslate) {
  const client = useClient();
  const [queue, setQueue] = useState<AlertQueue>(EMPTY_QUEUE);
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const [tasks, setTasks] = useState<Record<string, Task>>({});
  const [loadError, setLoadError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    let stop: (() => void) | undefined;
    const notify = (a: Alert) => {
      const findings = a.items.map((i) => i.zh).join('、');
      void resolvePlatform()
        .notify(t('ca.notify.title', { patient: displayName(a.patient) || (a.patient.id ?? '') }), t('ca.notify.body', { findings, site: a.siteName }))
        .catch(() => undefined);
    };
    (async () => {
      const settings = await resolvePlatform()
        .getSettings()
        .catch(() => ({ hubUrl: null }));
      if (!live) return;
      const conn = connectLiveEvents({
        url: eventsUrl(settings.hubUrl, window.location.href),
        getToken: () => client.session.accessToken(),
        onEvent: (e) => {
          const alert = alertFromEvent(e);
          if (!alert) return;
          setQueue((q) => upsertAlert(q, alert, e.type));
          if (e.type === 'alert.raised' || e.type === 'alert.reminder' || e.type === 'alert.escalated') notify(alert);
        },
        onStatus: setStatus,
      });
      stop = () => conn.close();
      // Snapshot after the socket is opening: events in between merge by id either way.
      try {
        const open = await listOpenAlerts(client);
        if (!live) return;
        setQueue((q) => open.reduce((acc, a) => upsertAlert(acc, a), q));
        setLoadError(null);
        for (const a of open) notify(a);
      } catch (err) {
        if (live) setLoadError(err);
      }
    })();
    return () => {
      live = false;
      stop?.();
    };
    // t changes with the locale only; the connection must not restart for that.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client]);

  // Tray/taskbar count (desktop shell). Not from the empty start: a fresh instance (the modal moves
  // between screens) would drop the count to 0 while it loads, and the rise back would flash the window.
  useEffect(() => {
    if (queue !== EMPTY_QUEUE) reportAttention('alerts', unacknowledgedAlertCount(queue.alerts));
  }, [queue]);

  const visible = visibleAlerts(queue);
  const missingStudy = visible.find((a) => !tasks[a.studyInstanceUid])?.studyInstanceUid;
  // Sex, age and exam come from the site's task list (township staff see their own site's).
  useEffect(() => {
    if (!missingStudy) return;
    let live = true;
    listTasks(client, { limit: 2000 })
      .then((res) => {
        if (!live) return;
        const map: Record<string, Task> = {};
        for (const task of res.tasks) map[task.studyInstanceUid] = task;
        setTasks(map);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [client, missingStudy]);

  const update = useCallback((a: Alert) => setQueue((q) => upsertAlert(q, a)), []);
  const hide = useCallback((id: string) => setQueue((q) => snooze(q, id)), []);
  return { visible, reminders: queue.reminders, tasks, status, loadError, update, hide };
}
