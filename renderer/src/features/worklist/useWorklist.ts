import { useCallback, useEffect, useRef, useState } from 'react';
import type { Task } from '../../../../shared/api/worklist.js';
import { useClient } from '../../api/ClientContext.js';
import { resolvePlatform } from '../../platform/bridge.js';
import { eventsUrl, listTasks } from './api.js';
import { connectLiveEvents } from './liveEvents.js';
import { applyTaskEvent } from './model.js';

export type LiveStatus = 'connecting' | 'live' | 'offline';

/**
 * The task list kept in sync with the hub: one load, then live events merged by version. After a
 * reconnect the hub replays what was missed, so the list never needs a reload.
 */
export function useWorklist() {
  const client = useClient();
  const [tasks, setTasks] = useState<Task[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const [generation, setGeneration] = useState(0);
  const mounted = useRef(true);

  useEffect(() => {
    mounted.current = true;
    let stop: (() => void) | undefined;
    (async () => {
      const settings = await resolvePlatform()
        .getSettings()
        .catch(() => ({ hubUrl: null }));
      if (!mounted.current) return;
      // Events first (they buffer into state), then the snapshot: nothing falls in between.
      const conn = connectLiveEvents({
        url: eventsUrl(settings.hubUrl, window.location.href),
        getToken: () => client.session.accessToken(),
        onEvent: (e) => setTasks((list) => applyTaskEvent(list, e)),
        onStatus: setStatus,
      });
      stop = () => conn.close();
    })();
    return () => {
      mounted.current = false;
      stop?.();
    };
  }, [client]);

  useEffect(() => {
    let live = true;
    setLoading(true);
    listTasks(client, { limit: 10_000 })
      .then((res) => {
        if (!live) return;
        setTasks((current) => res.tasks.reduce((list, t) => applyTaskEvent(list, { type: 'task.updated', payload: { task: t } }), current));
        setError(null);
      })
      .catch((err) => live && setError(err))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [client, generation]);

  const upsert = useCallback((t: Task) => setTasks((list) => applyTaskEvent(list, { type: 'task.updated', payload: { task: t } })), []);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { tasks, error, loading, status, upsert, reload };
}
