import { useCallback, useRef, useState } from 'react';
import { z } from 'zod';
import { useClient } from '../../api/ClientContext.js';
import { describeError } from '../../api/errors.js';
import { useT } from '../../i18n/I18nProvider.js';
import { checkDicomdirs, readDicomdir, type DicomdirReport } from './dicomdir.js';
import { groupScan, type ScanSummary } from './group.js';
import type { RequestValues } from './RequestForm.js';
import { scanFiles, type FileLike } from './scan.js';
import { browserTransport } from './transport.js';
import { uploadStudy, type FileProgress, type UploadResult } from './uploader.js';

export type Phase = 'pick' | 'scanning' | 'review' | 'sending' | 'done';

const Ok = z.object({ ok: z.literal(true) });

/** The upload screen's state: scan → review → send (with resume) → done. */
export function useUpload() {
  const client = useClient();
  const tShell = useT();
  const [phase, setPhase] = useState<Phase>('pick');
  const [scanned, setScanned] = useState({ done: 0, total: 0 });
  const [summary, setSummary] = useState<ScanSummary | null>(null);
  const [dicomdirs, setDicomdirs] = useState<DicomdirReport[]>([]);
  const [results, setResults] = useState<Record<string, UploadResult>>({});
  const [error, setError] = useState<string | null>(null);
  const progress = useRef(new Map<string, FileProgress>());
  const [, setTick] = useState(0);
  const [rate, setRate] = useState({ bytes: 0, perSecond: 0 });
  const lastPaint = useRef(0);
  const started = useRef(0);
  const request = useRef<RequestValues | null>(null);

  const paint = (force = false) => {
    const now = performance.now();
    if (!force && now - lastPaint.current < 200) return;
    lastPaint.current = now;
    let bytes = 0;
    for (const p of progress.current.values()) if (p.status === 'sending' || p.status === 'stored') bytes += p.sent;
    setRate({ bytes, perSecond: bytes / Math.max(0.001, (now - started.current) / 1000) });
    setTick((n) => n + 1);
  };

  const choose = useCallback(async (files: FileLike[]) => {
    setPhase('scanning');
    setError(null);
    setResults({});
    progress.current = new Map();
    setScanned({ done: 0, total: files.length });
    const res = await scanFiles(files, (done) => setScanned({ done, total: files.length }));
    const grouped = groupScan(res);
    // A DICOMDIR is checked against what is there; every file was scanned anyway (unlisted ones too).
    setDicomdirs(checkDicomdirs(await Promise.all(grouped.dicomdirs.map(readDicomdir)), files, res));
    setSummary(grouped);
    setPhase('review');
  }, []);

  const send = useCallback(
    async (values?: RequestValues) => {
      if (!summary) return;
      if (values) request.current = values;
      const req = request.current;
      if (!req) return;
      setPhase('sending');
      setError(null);
      started.current = performance.now();
      const transport = browserTransport(client);
      const out: Record<string, UploadResult> = { ...results };
      for (const study of summary.studies) {
        if (out[study.studyInstanceUid] && out[study.studyInstanceUid].confirmed === out[study.studyInstanceUid].total) continue;
        const items = study.series.flatMap((s) => s.files.map((f) => ({ file: f.file, sopInstanceUid: f.header.sopInstanceUid })));
        // Nothing of a study is left "queued" without a word: every file gets the reason.
        const failAll = (reason: string) => {
          for (const it of items) progress.current.set(it.sopInstanceUid, { status: 'failed', sent: 0, reason });
          out[study.studyInstanceUid] = { confirmed: 0, failed: items.length, total: items.length };
        };
        try {
          await client.request('PUT', '/api/exam-requests', { schema: Ok, auth: true, body: { studyInstanceUid: study.studyInstanceUid, ...req } });
        } catch (err) {
          setError(describeError(err, tShell));
          failAll(describeError(err, tShell));
          continue;
        }
        try {
          out[study.studyInstanceUid] = await uploadStudy({
            studyUid: study.studyInstanceUid,
            items,
            transport,
            onFile: (uid, p) => {
              progress.current.set(uid, p);
              paint();
            },
          });
        } catch (err) {
          failAll(err instanceof Error ? err.message : String(err));
        }
        setResults({ ...out });
      }
      paint(true);
      setResults(out);
      setPhase('done');
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [client, summary, results],
  );

  const reset = useCallback(() => {
    setPhase('pick');
    setSummary(null);
    setDicomdirs([]);
    setResults({});
    setError(null);
    progress.current = new Map();
  }, []);

  return { phase, scanned, summary, dicomdirs, results, error, progress: progress.current, rate, choose, send, reset };
}
