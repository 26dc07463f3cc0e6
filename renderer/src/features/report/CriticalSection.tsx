import { useEffect, useState } from 'react';
import { Alert, type Catalogue } from '../../../../shared/api/critical.js';
import { useClient } from '../../api/ClientContext.js';
import { describeError } from '../../api/errors.js';
import { useLocale, useT } from '../../i18n/I18nProvider.js';
import { CallPrompt, DeliveryLog } from '../critical/CallPrompt.js';
import { useCriticalT } from '../critical/i18n.js';
import '../critical/critical.css';
import { connectHubEvents } from '../worklist/liveEvents.js';
import { alertsOfStudy, criticalCatalogue, raiseAlert } from './api.js';
import { useReportT } from './i18n.js';

/** Merges an alert into the list (newest first; a later state replaces an earlier one). */
export function upsertAlert(list: readonly Alert[], a: Alert): Alert[] {
  return [a, ...list.filter((x) => x.id !== a.id)].sort((x, y) => y.raisedAt.localeCompare(x.raisedAt));
}

/** Raise a critical result (catalogue item, note, two patient identifiers) and follow its state live. */
export function CriticalSection(props: { studyUid: string; kind: 'imaging' | 'ecg'; canRaise: boolean }) {
  const t = useReportT();
  const tShell = useT();
  const [locale] = useLocale();
  const client = useClient();
  const [alerts, setAlerts] = useState<Alert[]>([]);
  const [catalogue, setCatalogue] = useState<Catalogue | null>(null);
  const [open, setOpen] = useState(false);
  const [codes, setCodes] = useState<string[]>([]);
  const [note, setNote] = useState('');
  const [pid, setPid] = useState('');
  const [pname, setPname] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [live, setLive] = useState<'connecting' | 'live' | 'offline'>('connecting');
  // Alerts whose escalation asks the reader to phone (alert id → level), until a call is recorded.
  const [prompt, setPrompt] = useState<Record<string, number>>({});
  const tc = useCriticalT();
  // On the ECG screen the one place to raise is the ECG panel beside the tracing (its threshold
  // prompts preset the item); this section then follows the alert like anywhere else.
  const raiseHere = props.canRaise && props.kind !== 'ecg';
  const unacked = (a: Alert) => a.state === 'raised' || a.state === 'notified';

  useEffect(() => {
    let first = true;
    // The study's alerts with their delivery logs: at once, and again each time the live socket is
    // (re)connected, so nothing raised or escalated while it was down is missed.
    const load = () =>
      alertsOfStudy(client, props.studyUid).then(
        (list) => {
          setAlerts((cur) => list.reduce(upsertAlert, cur));
          if (!first) return;
          first = false;
          // Escalated while this page was closed and nobody has phoned since: prompt now.
          const due = list.filter((a) => a.escalationLevel > 0 && (a.state === 'raised' || a.state === 'notified') && !a.deliveries.some((d) => d.channel === 'manual_phone'));
          if (due.length) setPrompt((p) => Object.fromEntries([...Object.entries(p), ...due.map((a) => [a.id, a.escalationLevel] as const)]));
        },
        () => undefined,
      );
    void load();
    const conn = connectHubEvents({
      getToken: () => client.session.accessToken(),
      onStatus: (s) => {
        setLive(s);
        if (s === 'live') void load();
      },
      onEvent: (e) => {
        if (!e.type.startsWith('alert.')) return;
        const a = Alert.safeParse(e.payload.alert);
        if (!a.success || a.data.studyInstanceUid !== props.studyUid) return;
        // Pushed alerts carry no delivery log: keep the one we have, then re-read the study's alerts (with their logs).
        setAlerts((cur) => upsertAlert(cur, { ...a.data, deliveries: a.data.deliveries.length ? a.data.deliveries : (cur.find((x) => x.id === a.data.id)?.deliveries ?? []) }));
        void load();
        if (e.type === 'alert.escalated' && e.payload.callPrompt === true) {
          const level = typeof e.payload.level === 'number' ? e.payload.level : a.data.escalationLevel;
          setPrompt((p) => ({ ...p, [a.data.id]: level }));
        }
      },
    });
    return () => conn.close();
  }, [client, props.studyUid]);

  const openForm = async () => {
    setOpen(true);
    setError(null);
    if (!catalogue) {
      try {
        setCatalogue(await criticalCatalogue(client, props.kind === 'ecg' ? 'ecg' : 'radiology'));
      } catch (err) {
        setError(describeError(err, tShell));
      }
    }
  };

  const submit = async () => {
    if (codes.length === 0) return setError(t('rp.critical.needItem'));
    if (!pid.trim() || !pname.trim()) return setError(t('rp.critical.needIds'));
    setBusy(true);
    setError(null);
    try {
      const a = await raiseAlert(client, { studyInstanceUid: props.studyUid, itemCodes: codes, note: note.trim(), patient: { patientId: pid.trim(), name: pname.trim() } });
      setAlerts((cur) => upsertAlert(cur, a));
      setOpen(false);
      setCodes([]);
      setNote('');
      setPid('');
      setPname('');
    } catch (err) {
      setError(describeError(err, tShell));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="rp-card rp-critical" data-testid="rp-critical">
      <h3>{t('rp.critical')}</h3>
      {live === 'offline' && <p className="rp-warn">{t('rp.live.offline')}</p>}
      <ul>
        {alerts.map((a) => (
          <li key={a.id} data-testid="rp-alert" data-state={a.state} className={a.state === 'raised' || a.state === 'notified' ? 'rp-alert-open' : ''}>
            {t('rp.critical.row', {
              items: a.items.map((i) => (locale === 'en' ? i.en : i.zh)).join('、'),
              state: t(`rp.critical.state.${a.state}`),
              time: new Date(a.raisedAt).toLocaleString(locale),
            })}
            {a.receiverName && <div className="rp-muted">{t('rp.critical.receiver', { name: a.receiverName })}</div>}
            {a.escalationLevel > 0 && <div className="rp-warn">{t('rp.critical.escalated', { level: a.escalationLevel })}</div>}
            {prompt[a.id] !== undefined && unacked(a) ? (
              <CallPrompt
                alert={a}
                level={prompt[a.id]}
                onRecorded={(next) => {
                  setAlerts((cur) => upsertAlert(cur, next));
                  setPrompt(({ [a.id]: _done, ...rest }) => rest);
                }}
                onLater={() => setPrompt(({ [a.id]: _later, ...rest }) => rest)}
              />
            ) : (
              unacked(a) &&
              props.canRaise && (
                <button type="button" onClick={() => setPrompt((p) => ({ ...p, [a.id]: a.escalationLevel }))} data-testid="rp-critical-call">
                  {tc('ca.call.record')}
                </button>
              )
            )}
            <DeliveryLog alert={a} />
          </li>
        ))}
      </ul>
      {raiseHere && !open && (
        <button type="button" className="rp-danger" data-testid="rp-critical-raise" onClick={() => void openForm()}>
          {t('rp.critical.raise')}
        </button>
      )}
      {props.canRaise && !raiseHere && (
        <p className="rp-muted" data-testid="rp-critical-elsewhere">
          {tc('ca.raiseOnEcgPanel')}
        </p>
      )}
      {open && (
        <div className="rp-critical-form">
          <fieldset>
            <legend>{t('rp.critical.items')}</legend>
            <div className="rp-critical-items">
              {catalogue?.items.map((i) => (
                <label key={i.code}>
                  <input
                    type="checkbox"
                    checked={codes.includes(i.code)}
                    onChange={(e) => setCodes((c) => (e.target.checked ? [...c, i.code] : c.filter((x) => x !== i.code)))}
                  />
                  {locale === 'en' ? i.en : i.zh}
                </label>
              ))}
            </div>
          </fieldset>
          <label className="rp-field">
            <span>{t('rp.critical.note')}</span>
            <textarea rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
          </label>
          <label className="rp-field">
            <span>{t('rp.critical.patientId')}</span>
            <input value={pid} autoComplete="off" onChange={(e) => setPid(e.target.value)} />
          </label>
          <label className="rp-field">
            <span>{t('rp.critical.patientName')}</span>
            <input value={pname} autoComplete="off" onChange={(e) => setPname(e.target.value)} />
          </label>
          <div className="rp-row">
            <button type="button" className="rp-danger" disabled={busy} onClick={() => void submit()}>
              {t('rp.critical.confirm')}
            </button>
            <button type="button" onClick={() => setOpen(false)}>
              {t('rp.cancel')}
            </button>
          </div>
        </div>
      )}
      {error && <p className="rp-error" role="alert">{error}</p>}
    </section>
  );
}
