import { useEffect, useState } from 'react';
import type { Report } from '../../../../shared/api/reports.js';
import { STATUS_LABELS } from '../../../../shared/reports/status.js';
import { useClient } from '../../api/ClientContext.js';
import { describeError } from '../../api/errors.js';
import { useLocale, useT } from '../../i18n/I18nProvider.js';
import { pdfBlobUrl } from './api.js';
import { useReportT } from './i18n.js';

/** Every signed version, each with its PDF of record (fetched with the token into a blob URL). */
export function VersionsList({ report }: { report: Report }) {
  const t = useReportT();
  const tShell = useT();
  const [locale] = useLocale();
  const client = useClient();
  const [open, setOpen] = useState<{ n: number; url: string } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => () => void (open && URL.revokeObjectURL(open.url)), [open]);

  const show = async (n: number) => {
    setError(null);
    try {
      const url = await pdfBlobUrl(client, report.id, n);
      setOpen({ n, url });
    } catch (err) {
      setError(describeError(err, tShell));
    }
  };

  return (
    <section className="rp-card" data-testid="rp-versions">
      <h3>{t('rp.versions')}</h3>
      {report.versions.length === 0 && <p className="rp-muted">{t('rp.versions.none')}</p>}
      <ol>
        {[...report.versions].reverse().map((v) => (
          <li key={v.number} data-testid="rp-version" data-status={v.status}>
            <div>{t('rp.version.row', { n: v.number, status: STATUS_LABELS[v.status][locale], time: new Date(v.createdAt).toLocaleString(locale) })}</div>
            <div className="rp-muted">
              {t('rp.author', { name: v.author.displayName })}
              {v.verifier ? ` · ${t('rp.verifier', { name: v.verifier.displayName })}` : ''}
            </div>
            {v.amendReason && <div className="rp-muted">{t('rp.version.reason', { reason: v.amendReason })}</div>}
            {v.archiveError && <div className="rp-error">{t('rp.version.archiveError', { reason: v.archiveError })}</div>}
            <button type="button" data-testid="rp-version-pdf" onClick={() => void show(v.number)}>
              {t('rp.version.pdf')}
            </button>
          </li>
        ))}
      </ol>
      {error && <p className="rp-error" role="alert">{error}</p>}
      {open && (
        <div className="rp-pdf">
          <button type="button" onClick={() => setOpen(null)}>
            {t('rp.version.close')}
          </button>
          <iframe title={`PDF ${open.n}`} data-testid="rp-pdf-frame" src={open.url} />
        </div>
      )}
    </section>
  );
}
