import { useEffect, useState } from 'react';
import type { Report } from '../../../../shared/api/reports.js';
import { useClient } from '../../api/ClientContext.js';
import { ApiError, describeError } from '../../api/errors.js';
import { useLocale, useT } from '../../i18n/I18nProvider.js';
import { platformErrorText } from '../../platform/errors.js';
import { printPdf, savePdf } from '../../platform/pdf.js';
import type { TownshipTranslate } from './i18n.js';
import { reportPdfFileName } from './reportFile.js';
import { pdfBlobUrl, pdfBytes } from '../report/api.js';
import { taskReport } from './reportApi.js';

/** The signed PDF of record, as signed (browser PDF viewer), its versions, printing and saving. */
export function ReportViewer(props: { taskId: string; t: TownshipTranslate; onClose(): void }) {
  const { t, taskId } = props;
  const client = useClient();
  const tShell = useT();
  const [locale] = useLocale();
  const [report, setReport] = useState<Report | null>(null);
  const [version, setVersion] = useState<number | null>(null);
  const [pdfUrl, setPdfUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [printing, setPrinting] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setReport(null);
    setError(null);
    taskReport(client, taskId).then(
      (r) => {
        if (!live) return;
        setReport(r);
        setVersion(r.versions.length ? Math.max(...r.versions.map((v) => v.number)) : null);
      },
      (err) => live && setError(describeError(err, tShell)),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, taskId]);

  useEffect(() => {
    if (!report || version === null) return;
    let live = true;
    let url: string | null = null;
    setPdfUrl(null);
    setSaved(null);
    pdfBlobUrl(client, report.id, version).then(
      (u) => {
        url = u;
        if (live) setPdfUrl(u);
        else URL.revokeObjectURL(u);
      },
      (err) => live && setError(t('tw.report.pdfError', { reason: describeError(err, tShell) })),
    );
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, report, version]);

  const print = async () => {
    if (!report || version === null) return;
    setPrinting(true);
    setError(null);
    try {
      // Fetched again with ?purpose=print: the hub audits each print and reprint.
      await printPdf(await pdfBytes(client, report.id, version, true), `${t('tw.report.title')} ${t('tw.report.version', { n: version })}`);
    } catch (err) {
      setError(t('tw.report.printError', { reason: describeError(err, tShell) }));
    } finally {
      setPrinting(false);
    }
  };

  // Save as PDF: the same signed bytes (the file's sha256 is the version's), under a name without the patient's.
  const save = async () => {
    if (!report || version === null) return;
    setSaving(true);
    setError(null);
    setSaved(null);
    try {
      const outcome = await savePdf(await pdfBytes(client, report.id, version), reportPdfFileName(t('tw.report.filePrefix'), report.accessionNumber, report.id, version));
      if (outcome.saved) setSaved(outcome.fileName);
    } catch (err) {
      const reason = err instanceof ApiError ? describeError(err, tShell) : (platformErrorText(err, locale) ?? describeError(err, tShell));
      setError(t('tw.report.saveError', { reason }));
    } finally {
      setSaving(false);
    }
  };

  const when = (iso: string) => new Date(iso).toLocaleString(locale === 'en' ? 'en-GB' : 'zh-CN', { hour12: false });
  const versions = [...(report?.versions ?? [])].sort((a, b) => b.number - a.number);
  const latest = versions[0];
  const shown = versions.find((v) => v.number === version);

  return (
    <section className="tw-report" aria-label={t('tw.report.title')} data-testid="report-viewer">
      <div className="tw-row">
        <strong>{t('tw.report.title')}</strong>
        {versions.length > 0 && (
          <select value={version ?? ''} onChange={(e) => setVersion(Number(e.target.value))} data-testid="report-version" aria-label={t('tw.report.title')}>
            {versions.map((v) => (
              <option key={v.number} value={v.number}>
                {t('tw.report.version', { n: v.number })} · {t(`tw.state.${v.status}`)} · {v.number === latest?.number ? t('tw.report.current') : t('tw.report.older')}
              </option>
            ))}
          </select>
        )}
        <button type="button" className="tw-primary" onClick={() => void print()} disabled={!pdfUrl || printing} data-testid="report-print">
          {printing ? t('tw.report.printing') : t('tw.report.print')}
        </button>
        <button type="button" onClick={() => void save()} disabled={!pdfUrl || saving} data-testid="report-save">
          {saving ? t('tw.report.saving') : t('tw.report.save')}
        </button>
        <button type="button" onClick={props.onClose}>
          {t('tw.report.close')}
        </button>
      </div>
      {latest?.status === 'amended' && version === latest.number && (
        <p className="tw-warn" data-testid="report-amended">
          {t('tw.report.amendedBanner', { reason: latest.amendReason ?? '' })}
        </p>
      )}
      {latest && shown && shown.number !== latest.number && <p className="tw-warn">{t('tw.report.olderBanner', { n: latest.number })}</p>}
      {shown && (
        <p className="tw-muted">
          {t('tw.report.signedBy', { author: shown.author.displayName, at: when(shown.signedAt) })}
          {shown.verifier ? ` · ${t('tw.report.verifiedBy', { verifier: shown.verifier.displayName })}` : ''}
        </p>
      )}
      {saved && (
        <p className="tw-muted" role="status" data-testid="report-saved">
          {t('tw.report.saved', { file: saved })}
        </p>
      )}
      {error && (
        <p className="tw-error" role="alert">
          {error}
        </p>
      )}
      {!report && !error && <p>{t('tw.report.loading')}</p>}
      {report && versions.length === 0 && <p>{t('tw.report.none')}</p>}
      {pdfUrl && <iframe src={pdfUrl} title={t('tw.report.title')} data-testid="report-pdf" />}
    </section>
  );
}
