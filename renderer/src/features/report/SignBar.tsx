import { useState } from 'react';
import type { UserSummary } from '../../../../shared/api/auth.js';
import type { Report } from '../../../../shared/api/reports.js';
import { unfilledPlaceholders } from '../../../../shared/reports/templates.js';
import { useClient } from '../../api/ClientContext.js';
import { ApiError, describeError } from '../../api/errors.js';
import { useT } from '../../i18n/I18nProvider.js';
import { amendReport, signReport, verifyReport } from './api.js';
import type { SaveState } from './autosave.js';
import { useReportT } from './i18n.js';
import { contentFor } from './useReportSession.js';

export type SignAction = 'sign' | 'verify' | 'amend';

/** Who may do what, as the hub decides it (the hub checks again). */
export function permissions(user: UserSummary, r: Report, directFinal: readonly string[]) {
  const isAuthor = r.author.id === user.id;
  const direct = directFinal.includes(user.username.toLowerCase());
  const verifier = r.kind === 'imaging' ? user.role === 'senior_radiologist' : user.role === 'ecg_reader' && direct;
  return {
    direct,
    canEdit: (r.status === 'draft' && isAuthor) || (r.status === 'preliminary' && verifier && !isAuthor),
    canSign: r.status === 'draft' && isAuthor,
    canVerify: r.status === 'preliminary' && verifier && !isAuthor,
    canAmend: (r.status === 'final' || r.status === 'amended') && (verifier || (isAuthor && direct)),
  };
}

/**
 * Sign / verify / amend. A 409 `critical_unacknowledged` opens a dialog: record a reason (override,
 * kept on the alert) or go back. Amendments need a reason and make a new version.
 */
export function SignBar(props: {
  user: UserSummary;
  report: Report;
  state: SaveState;
  directFinal: readonly string[];
  amending: boolean;
  onAmending(on: boolean): void;
  onDone(r: Report): void;
  onStale(): void;
}) {
  const t = useReportT();
  const tShell = useT();
  const client = useClient();
  const { report, state } = props;
  const perm = permissions(props.user, report, props.directFinal);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [critical, setCritical] = useState<{ action: SignAction; message: string } | null>(null);
  const [overrideReason, setOverrideReason] = useState('');
  const [amendReason, setAmendReason] = useState('');
  const blocked = state.status === 'conflict' || state.status === 'saving';
  const placeholders = unfilledPlaceholders(`${state.content.findings}\n${state.content.impression}`);

  const run = async (action: SignAction, override?: string) => {
    setBusy(true);
    setError(null);
    const content = contentFor(report, state.content);
    const base = { baseVersion: state.baseVersion, criticalOverrideReason: override };
    try {
      const r =
        action === 'sign'
          ? await signReport(client, report.id, { ...base, content })
          : action === 'verify'
            ? await verifyReport(client, report.id, { ...base, content })
            : await amendReport(client, report.id, { ...base, ...content, reason: amendReason.trim() });
      setCritical(null);
      setOverrideReason('');
      setAmendReason('');
      props.onAmending(false);
      props.onDone(r);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'critical_unacknowledged') setCritical({ action, message: describeError(err, tShell) });
      else if (err instanceof ApiError && err.code === 'report_stale') props.onStale();
      else setError(describeError(err, tShell));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="rp-sign" data-testid="rp-sign">
      {placeholders.length > 0 && (perm.canSign || perm.canVerify || props.amending) && (
        <p className="rp-warn">{t('rp.placeholders', { list: placeholders.map((p) => `{${p}}`).join(' ') })}</p>
      )}
      {blocked && (perm.canSign || perm.canVerify) && <p className="rp-muted">{t('rp.signUnsaved')}</p>}
      <div className="rp-row">
        {perm.canSign && (
          <button type="button" className="rp-primary" data-testid="rp-sign-button" disabled={busy || blocked} onClick={() => void run('sign')}>
            {perm.direct ? t('rp.signFinal') : t('rp.sign')}
          </button>
        )}
        {perm.canVerify && (
          <button type="button" className="rp-primary" data-testid="rp-verify-button" disabled={busy || blocked} onClick={() => void run('verify')}>
            {t('rp.verify')}
          </button>
        )}
        {perm.canAmend && !props.amending && (
          <button type="button" data-testid="rp-amend-button" onClick={() => props.onAmending(true)}>
            {t('rp.amend')}
          </button>
        )}
        {busy && <span className="rp-muted">{t('rp.busy')}</span>}
      </div>
      {props.amending && (
        <div className="rp-card rp-amend">
          <label className="rp-field">
            <span>{t('rp.amend.reason')}</span>
            <input data-testid="rp-amend-reason" value={amendReason} onChange={(e) => setAmendReason(e.target.value)} />
          </label>
          <div className="rp-row">
            <button type="button" className="rp-primary" disabled={busy || amendReason.trim().length < 2} onClick={() => void run('amend')}>
              {t('rp.amend.submit')}
            </button>
            <button type="button" onClick={() => props.onAmending(false)}>
              {t('rp.cancel')}
            </button>
          </div>
        </div>
      )}
      {error && (
        <p className="rp-error" role="alert" data-testid="rp-sign-error">
          {error}
        </p>
      )}
      {critical && (
        <div className="rp-dialog" role="alertdialog" aria-modal="true" aria-labelledby="rp-crit-title" data-testid="rp-critical-dialog">
          <div className="rp-dialog-box">
            <h3 id="rp-crit-title">{t('rp.critical.unack.title')}</h3>
            <p>{critical.message}</p>
            <p>{t('rp.critical.unack.body')}</p>
            <label className="rp-field">
              <span>{t('rp.critical.unack.reason')}</span>
              <textarea rows={3} value={overrideReason} onChange={(e) => setOverrideReason(e.target.value)} />
            </label>
            <div className="rp-row">
              <button type="button" className="rp-danger" disabled={busy || overrideReason.trim().length < 2} onClick={() => void run(critical.action, overrideReason.trim())}>
                {t('rp.critical.unack.override')}
              </button>
              <button type="button" onClick={() => setCritical(null)}>
                {t('rp.back')}
              </button>
            </div>
          </div>
        </div>
      )}
    </div>
  );
}
