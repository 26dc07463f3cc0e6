import { useEffect, useRef, useSyncExternalStore, type RefObject } from 'react';
import type { KeyImage, Measurement, Report } from '../../../../shared/api/reports.js';
import { formatMeasurement } from '../../../../shared/reports/measurements.js';
import { insertPhrase } from '../../../../shared/reports/phrases.js';
import type { ReportLanguage } from '../../../../shared/reports/status.js';
import { imageKey, sameImage, studyMarks } from '../viewer/marks/store.js';
import type { DraftContent } from './autosave.js';
import { useReportMarksT } from './marksI18n.js';

interface Props {
  studyUid: string;
  report: Report;
  content: DraftContent;
  language: ReportLanguage;
  editable: boolean;
  onChange(c: DraftContent): void;
  /** 检查所见: measurements are inserted at its caret */
  findingsRef: RefObject<HTMLTextAreaElement | null>;
}

/**
 * Key images and measurements from the viewer, in the report panel: the draft holds them (saved
 * and autosaved with the text, archived as KOS and TID 1500 SR on signing); the viewer marks and
 * measures through the study's marks store; "插入" puts a formatted line into 检查所见 at the caret.
 */
export function MarksPanel({ studyUid, report, content, language, editable, onChange, findingsRef }: Props) {
  const t = useReportMarksT();
  const store = studyMarks(studyUid);
  const marks = useSyncExternalStore(
    (fn) => store.subscribe(fn),
    () => store.state,
  );
  const keyImages = content.keyImages ?? report.keyImages;
  const measurements = content.measurements ?? report.measurements;
  const latest = useRef({ content, onChange });
  latest.current = { content, onChange };

  // The draft is the truth: the viewer gets it once per report (and redraws its measurements) …
  useEffect(() => {
    store.fromReport(latest.current.content.keyImages ?? report.keyImages, latest.current.content.measurements ?? report.measurements, editable);
    // Once per report (and per signed version): later edits flow through `sync` and the sink.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [store, report.id, report.versions.length]);
  // … and every change in the viewer comes back into the draft.
  useEffect(() => {
    store.connect({
      keyImages: (list) => latest.current.onChange({ ...latest.current.content, keyImages: list }),
      measurements: (list) => latest.current.onChange({ ...latest.current.content, measurements: list }),
    });
    return () => store.connect(null);
  }, [store]);
  useEffect(() => store.sync(keyImages, editable), [store, keyImages, editable]);

  const insert = (lines: string[]) => {
    const el = findingsRef.current;
    const text = latest.current.content.findings;
    const caret = el ? el.selectionStart : text.length;
    const add = lines.join('\n');
    // After "…：" the value continues the sentence; otherwise it goes on its own line like a phrase.
    const next = /[：:，,]\s*$/.test(text.slice(0, caret))
      ? { text: text.slice(0, caret) + add + text.slice(caret), caret: caret + add.length }
      : insertPhrase(text, caret, add);
    onChange({ ...latest.current.content, findings: next.text });
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(next.caret, next.caret);
    });
  };
  const removeKey = (k: KeyImage) => onChange({ ...content, keyImages: keyImages.filter((x) => !sameImage(x, k)) });
  const line = (m: Measurement) => formatMeasurement(m, language);

  return (
    <section className="rp-card rp-marks" data-testid="rp-marks">
      <h3>{t('rpm.keys', { count: keyImages.length })}</h3>
      {keyImages.length === 0 ? (
        <p className="rp-muted">{t('rpm.keys.none')}</p>
      ) : (
        <ol className="rp-keystrip" data-testid="rp-keystrip">
          {keyImages.map((k, i) => {
            const thumb = marks.thumbs[imageKey(k)];
            return (
              <li key={imageKey(k)} data-testid="rp-keyimage" data-sop={k.sopInstanceUid} data-frame={k.frame ?? 1}>
                <button type="button" className="rp-keythumb" title={t('rpm.key.show')} onClick={() => store.show(k)}>
                  {thumb ? <img src={thumb} alt="" /> : <span aria-hidden>★</span>}
                  <span>
                    {t('rpm.key.caption', { n: i + 1 })}
                    {k.frame && k.frame > 1 ? ` · ${t('rpm.key.frame', { frame: k.frame })}` : ''}
                  </span>
                </button>
                {editable && (
                  <button type="button" className="rp-keyremove" aria-label={t('rpm.key.remove')} title={t('rpm.key.remove')} onClick={() => removeKey(k)}>
                    ✕
                  </button>
                )}
              </li>
            );
          })}
        </ol>
      )}
      <h3>{t('rpm.measures', { count: measurements.length })}</h3>
      {measurements.length === 0 ? (
        <p className="rp-muted">{t('rpm.measures.none')}</p>
      ) : (
        <ul className="rp-measures" data-testid="rp-measures">
          {measurements.map((m) => (
            <li key={m.id} data-testid="rp-measure" data-tool={m.tool}>
              <span lang={language}>{line(m)}</span>
              <button type="button" data-testid="rp-measure-insert" disabled={!editable} title={t('rpm.insert.hint')} onClick={() => insert([line(m)])}>
                {t('rpm.insert')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {measurements.length > 1 && editable && (
        <button type="button" data-testid="rp-measure-insert-all" onClick={() => insert(measurements.map(line))}>
          {t('rpm.insertAll')}
        </button>
      )}
      {!editable && (keyImages.length > 0 || measurements.length > 0) && <p className="rp-muted">{t('rpm.readOnly')}</p>}
    </section>
  );
}
