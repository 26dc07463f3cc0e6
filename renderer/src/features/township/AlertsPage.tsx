import { useEffect, useState, type FormEvent } from 'react';
import type { Alert } from '../../../../shared/api/critical.js';
import { useClient } from '../../api/ClientContext.js';
import { describeError } from '../../api/errors.js';
import { useLocale, useT } from '../../i18n/I18nProvider.js';
import { CriticalAlertModal } from '../critical/AlertModal.js';
import { listAlerts, recordAction } from '../critical/api.js';
import { useCriticalT } from '../critical/i18n.js';
import { displayName, ladderStage, needsAcknowledgement, wardLocation } from '../critical/model.js';
import { useTownshipT, type TownshipTranslate } from './i18n.js';
import './township.css';

const localInput = (d: Date) => new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);

/** 处理措施: what was done, by whom, when (after the acknowledgement). */
function ActionForm(props: { alert: Alert; t: TownshipTranslate; onSaved(a: Alert): void }) {
  const { t } = props;
  const client = useClient();
  const tShell = useT();
  const [what, setWhat] = useState('');
  const [who, setWho] = useState(props.alert.receiverName ?? '');
  const [when, setWhen] = useState(() => localInput(new Date()));
  const [referral, setReferral] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!what.trim() || !who.trim() || !when) return setError(t('tw.action.required'));
    setBusy(true);
    setError(null);
    try {
      props.onSaved(await recordAction(client, props.alert.id, { what: what.trim(), who: who.trim(), when: new Date(when).toISOString(), referral: referral.trim() }));
    } catch (err) {
      setError(describeError(err, tShell));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="tw-action" onSubmit={submit} noValidate data-testid="alert-action-form">
      <label>
        {t('tw.action.what')}
        <input value={what} onChange={(e) => setWhat(e.target.value)} maxLength={2000} data-testid="alert-action-what" />
      </label>
      <label>
        {t('tw.action.who')}
        <input value={who} onChange={(e) => setWho(e.target.value)} maxLength={100} />
      </label>
      <label>
        {t('tw.action.when')}
        <input type="datetime-local" value={when} onChange={(e) => setWhen(e.target.value)} />
      </label>
      <label>
        {t('tw.action.referral')}
        <input value={referral} onChange={(e) => setReferral(e.target.value)} maxLength={500} />
      </label>
      <button type="submit" className="tw-primary" disabled={busy} data-testid="alert-action-save">
        {t('tw.action.save')}
      </button>
      {error && (
        <span className="tw-error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}

/** The site's critical results: open ones first, then past ones, with the action taken. */
export function AlertsPage() {
  const t = useTownshipT();
  const tCritical = useCriticalT();
  const tShell = useT();
  const [locale] = useLocale();
  const client = useClient();
  const [alerts, setAlerts] = useState<Alert[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let live = true;
    listAlerts(client).then(
      (a) => live && (setAlerts(a), setError(null)),
      (err) => live && setError(err),
    );
    const timer = setInterval(() => setGeneration((g) => g + 1), 30_000);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [client, generation]);
  const when = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString(locale === 'en' ? 'en-GB' : 'zh-CN', { hour12: false }) : '—');
  const update = (a: Alert) => setAlerts((list) => list.map((x) => (x.id === a.id ? a : x)));
  const open = alerts.filter((a) => a.state !== 'actioned' && a.state !== 'closed');
  const past = alerts.filter((a) => a.state === 'actioned' || a.state === 'closed');
  const table = (list: Alert[], testId: string) => (
    <table className="tw-table" data-testid={testId}>
      <thead>
        <tr>
          <th>{t('tw.alerts.col.finding')}</th>
          <th>{t('tw.alerts.col.patient')}</th>
          <th>{t('tw.alerts.col.raised')}</th>
          <th>{t('tw.alerts.col.state')}</th>
          <th>{t('tw.alerts.col.receiver')}</th>
          <th>{t('tw.alerts.col.action')}</th>
        </tr>
      </thead>
      <tbody>
        {list.map((a) => (
          <tr key={a.id} data-testid="alert-row" data-alert-id={a.id} data-state={a.state}>
            <td>{a.items.map((i) => (locale === 'en' ? i.en : i.zh)).join('；')}</td>
            <td>
              {displayName(a.patient)} <span className="tw-muted">{a.patient.id}</span>
              {wardLocation(a.patient) && (
                <div className="tw-muted" data-testid="alert-row-location">
                  {wardLocation(a.patient)}
                </div>
              )}
            </td>
            <td>
              {when(a.raisedAt)} · {a.raisedBy.displayName}
            </td>
            <td>
              {t(`tw.alerts.state.${a.state}`)}
              {needsAcknowledgement(a) && (
                <div className="tw-muted" data-testid="alert-row-stage" data-stage={ladderStage(a).stage}>
                  {tCritical(`ca.ladder.${ladderStage(a).stage}`, { n: ladderStage(a).reminders })}
                </div>
              )}
            </td>
            <td>{a.receiverName ? `${a.receiverName}（${when(a.acknowledgedAt)}）` : '—'}</td>
            <td>
              {a.action ? (
                `${a.action.what} · ${a.action.who} · ${when(a.action.when)}`
              ) : a.state === 'acknowledged' ? (
                <ActionForm alert={a} t={t} onSaved={update} />
              ) : (
                '—'
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  return (
    <section className="tw-page" aria-labelledby="tw-alerts-title">
      <CriticalAlertModal />
      <h1 id="tw-alerts-title">{t('tw.alerts.title')}</h1>
      {error !== null && (
        <p className="tw-error" role="alert">
          {describeError(error, tShell)}
        </p>
      )}
      <h2>{t('tw.alerts.open')}</h2>
      {open.length ? table(open, 'alerts-open') : <p className="tw-muted">{t('tw.alerts.empty')}</p>}
      <h2>{t('tw.alerts.past')}</h2>
      {past.length ? table(past, 'alerts-past') : <p className="tw-muted">{t('tw.alerts.empty')}</p>}
    </section>
  );
}
