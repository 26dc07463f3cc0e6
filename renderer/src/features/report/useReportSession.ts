import { useCallback, useEffect, useRef, useState } from 'react';
import type { UserSummary } from '../../../../shared/api/auth.js';
import type { Report, ReportContent } from '../../../../shared/api/reports.js';
import type { Task } from '../../../../shared/api/worklist.js';
import { useClient } from '../../api/ClientContext.js';
import { ApiError, describeError } from '../../api/errors.js';
import { useT } from '../../i18n/I18nProvider.js';
import { createReport, findTask, getReport, getTask, reportOfTask, reportSettings, saveDraftOnHub } from './api.js';
import { reduce, startState, wantsSave, type DraftContent, type HubSnapshot, type SaveEvent, type SaveState } from './autosave.js';
import { clearDraft, loadDraft, saveDraft } from './localStore.js';

export const SAVE_DEBOUNCE_MS = 1000;
export const OFFLINE_RETRY_MS = 5000;

export type Phase = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'noTask' } | { kind: 'noReport'; task: Task } | { kind: 'ready' };

export const snapshot = (r: Report): HubSnapshot => ({
  version: r.version,
  content: { findings: r.findings, impression: r.impression, templateId: r.templateId, keyImages: r.keyImages, measurements: r.measurements },
  savedAt: r.savedAt,
  savedBy: r.savedBy.displayName,
});

export const contentFor = (r: Report, c: DraftContent): ReportContent => ({
  findings: c.findings,
  impression: c.impression,
  templateId: c.templateId,
  language: r.language,
  keyImages: c.keyImages ?? r.keyImages,
  measurements: c.measurements ?? r.measurements,
});

/**
 * One study's report: finds the task, loads (or, for the reader holding the claim, starts) the
 * report, restores a newer local draft, then saves every edit locally at once and to the hub
 * after a pause, with the base version; stale writes become conflicts, unreachable hubs retries.
 */
export function useReportSession(studyUid: string, kind: 'imaging' | 'ecg') {
  const client = useClient();
  const t = useT();
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });
  const [user, setUser] = useState<UserSummary | null>(null);
  const [task, setTask] = useState<Task | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [directFinal, setDirectFinal] = useState<string[]>([]);
  const [localOk, setLocalOk] = useState(true);
  const [restored, setRestored] = useState(false);
  const stRef = useRef<SaveState | null>(null);
  const [, setTick] = useState(0);
  const ctx = useRef({ user, report });
  ctx.current = { user, report };

  /** Applies an event synchronously (the ref is the truth) and keeps the local copy in step. */
  const apply = useCallback(
    (e: SaveEvent) => {
      const prev = stRef.current;
      if (!prev) return;
      const next = reduce(prev, e);
      stRef.current = next;
      const { user: u, report: r } = ctx.current;
      if (u && r && (next.content !== prev.content || next.baseVersion !== prev.baseVersion)) {
        setLocalOk(saveDraft(u.id, studyUid, { reportId: r.id, baseVersion: next.baseVersion, content: next.content, editedAt: new Date().toISOString() }));
      }
      setTick((n) => n + 1);
    },
    [studyUid],
  );

  const adopt = useCallback(
    (u: UserSummary, r: Report) => {
      ctx.current = { user: u, report: r };
      // A final report changes only by amendment, which is not kept as a draft: start from the hub's copy.
      const local = r.status === 'draft' || r.status === 'preliminary' ? loadDraft(u.id, studyUid) : null;
      const s = startState(snapshot(r), local, r.id);
      stRef.current = s;
      setRestored(s.status !== 'saved');
      setReport(r);
      setPhase({ kind: 'ready' });
    },
    [studyUid],
  );

  const load = useCallback(async () => {
    setPhase({ kind: 'loading' });
    try {
      const u = await client.me();
      setUser(u);
      reportSettings(client).then((s) => setDirectFinal(s.directFinalUsers), () => undefined);
      const tk = await findTask(client, studyUid, kind);
      setTask(tk);
      if (!tk) return setPhase({ kind: 'noTask' });
      let r: Report | null = null;
      try {
        r = await reportOfTask(client, tk.id);
      } catch (err) {
        if (!(err instanceof ApiError && err.status === 404)) throw err;
      }
      const holder = tk.state === 'claimed' && tk.claimedBy?.id === u.id;
      if (!r && holder) r = await createReport(client, tk.id);
      if (!r) return setPhase({ kind: 'noReport', task: tk });
      adopt(u, r);
    } catch (err) {
      setPhase({ kind: 'error', message: describeError(err, t) });
    }
  }, [client, studyUid, kind, adopt, t]);

  useEffect(() => {
    void load();
  }, [load]);

  const start = useCallback(async () => {
    if (!task || !user) return;
    try {
      adopt(user, await createReport(client, task.id));
    } catch (err) {
      setPhase({ kind: 'error', message: describeError(err, t) });
    }
  }, [client, task, user, adopt, t]);

  const hubWritable = report?.status === 'draft' || report?.status === 'preliminary';

  const saveNow = useCallback(async () => {
    const s = stRef.current;
    const r = ctx.current.report;
    if (!s || !r || !wantsSave(s) || !(r.status === 'draft' || r.status === 'preliminary')) return;
    apply({ type: 'saveStarted' });
    const sent = stRef.current!;
    try {
      const saved = await saveDraftOnHub(client, r.id, { baseVersion: sent.baseVersion, ...contentFor(r, sent.inFlight ?? sent.content) });
      setReport(saved);
      ctx.current.report = saved;
      apply({ type: 'saveOk', version: saved.version });
    } catch (err) {
      if (err instanceof ApiError && err.status === 409 && err.code === 'report_stale') {
        try {
          const theirs = await getReport(client, r.id);
          setReport(theirs);
          ctx.current.report = theirs;
          apply({ type: 'saveStale', hub: snapshot(theirs) });
        } catch {
          apply({ type: 'saveOffline' });
        }
      } else if (err instanceof ApiError && err.isClientSide) {
        apply({ type: 'saveOffline' });
      } else {
        apply({ type: 'saveFailed', message: describeError(err, t) });
      }
    }
  }, [client, apply, t]);

  // Debounced hub save; offline retries on a timer and when the browser says it is back online.
  const st = stRef.current;
  useEffect(() => {
    if (!st || !hubWritable || !wantsSave(st)) return;
    const h = setTimeout(() => void saveNow(), st.status === 'offline' ? OFFLINE_RETRY_MS : SAVE_DEBOUNCE_MS);
    const online = () => void saveNow();
    window.addEventListener('online', online);
    return () => {
      clearTimeout(h);
      window.removeEventListener('online', online);
    };
  }, [st, hubWritable, saveNow]);

  /** After a signature the hub's copy is the truth; the local draft is no longer needed. */
  const replaced = useCallback(
    (r: Report) => {
      setReport(r);
      ctx.current.report = r;
      apply({ type: 'hubReplaced', hub: snapshot(r) });
      if (ctx.current.user) clearDraft(ctx.current.user.id, studyUid);
      setRestored(false);
      getTask(client, r.taskId).then(setTask, () => undefined);
    },
    [apply, client, studyUid],
  );

  return { phase, user, task, report, state: st, directFinal, localOk, restored, apply, saveNow, replaced, start, reload: load };
}
