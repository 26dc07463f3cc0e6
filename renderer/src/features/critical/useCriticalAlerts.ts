import { useCallback, useEffect, useRef, useState } from 'react';
import type { Alert } from '../../../../shared/api/critical.js';
import type { Task } from '../../../../shared/api/worklist.js';
import { useClient } from '../../api/ClientContext.js';
import { reportAttention } from '../../platform/attention.js';
import { resolvePlatform } from '../../platform/bridge.js';
import { unacknowledgedAlertCount } from '../township/attentionCounts.js';
import { listTasks } from '../worklist/api.js';
import { connectHubEvents } from '../worklist/liveEvents.js';
import { listOpenAlerts } from './api.js';
import type { CriticalTranslate } from './i18n.js';
import { alertFromEvent, displayName, EMPTY_QUEUE, mergeSnapshot, needsAcknowledgement, snooze, upsertAlert, visibleAlerts, type AlertQueue } from './model.js';

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
  /** Alerts seen leaving the open states (acknowledged, closed): a later snapshot must not revive them. */
  const settled = useRef(new Set<string>());

  useEffect(() => {
    let live = true;
    let snapshotTaken = false;
    const notify = (a: Alert) => {
      const findings = a.items.map((i) => i.zh).join('、');
      void resolvePlatform()
        .notify(t('ca.notify.title', { patient: displayName(a.patient) || (a.patient.id ?? '') }), t('ca.notify.body', { findings, site: a.siteName }))
        .catch(() => undefined);
    };
    // The snapshot is read once the socket is live, so an alert raised in between comes by one or
    // the other; the socket's newer state wins (mergeSnapshot).
    const loadSnapshot = async () => {
      try {
        const open = await listOpenAlerts(client);
        if (!live) return;
        setQueue((q) => mergeSnapshot(q, open, settled.current));
        setLoadError(null);
        for (const a of open) notify(a);
      } catch (err) {
        // Read again when the socket is next live (after its reconnect).
        snapshotTaken = false;
        if (live) setLoadError(err);
      }
    };
    const conn = connectHubEvents({
      getToken: () => client.session.accessToken(),
      onEvent: (e) => {
        const alert = alertFromEvent(e);
        if (!alert) return;
        if (!needsAcknowledgement(alert)) settled.current.add(alert.id);
        setQueue((q) => upsertAlert(q, alert, e.type));
        if (e.type === 'alert.raised' || e.type === 'alert.reminder' || e.type === 'alert.escalated') notify(alert);
      },
      onStatus: (s) => {
        setStatus(s);
        if (s === 'live' && !snapshotTaken) {
          snapshotTaken = true;
          void loadSnapshot();
        }
      },
    });
    return () => {
      live = false;
      conn.close();
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

  const update = useCallback((a: Alert) => {
    if (!needsAcknowledgement(a)) settled.current.add(a.id);
    setQueue((q) => upsertAlert(q, a));
  }, []);
  const hide = useCallback((id: string) => setQueue((q) => snooze(q, id)), []);
  return { visible, reminders: queue.reminders, tasks, status, loadError, update, hide };
}
