import { useEffect, useId, useRef, useState, useSyncExternalStore, type FormEvent } from 'react';
import type { Alert } from '../../../../shared/api/critical.js';
import type { Task } from '../../../../shared/api/worklist.js';
import { useClient } from '../../api/ClientContext.js';
import { ApiError, describeError } from '../../api/errors.js';
import { useLocale, useT } from '../../i18n/I18nProvider.js';
import { acknowledgeAlert, redirectAlert } from './api.js';
import { startAlarm } from './beep.js';
import { useCriticalT, type CriticalTranslate } from './i18n.js';
import { ageYears, displayName, ladderStage, wardLocation } from './model.js';
import { useCriticalAlerts } from './useCriticalAlerts.js';
import './critical.css';

// Mounted by the shell and by each township screen: only the first mounted instance is live, so
// one socket, one sound and one modal per window.
const owners: string[] = [];
const listeners = new Set<() => void>();
const ownerStore = {
  subscribe(fn: () => void) {
    listeners.add(fn);
    return () => listeners.delete(fn);
  },
  current: () => owners[0] ?? null,
};
const changed = () => listeners.forEach((fn) => fn());

/** The 危急值 modal for township staff: cannot be dismissed until each alert is handled. */
export function CriticalAlertModal() {
  const id = useId();
  useEffect(() => {
    owners.push(id);
    changed();
    return () => {
      owners.splice(owners.indexOf(id), 1);
      changed();
    };
  }, [id]);
  const owner = useSyncExternalStore(ownerStore.subscribe, ownerStore.current);
  return owner === id ? <LiveAlerts /> : null;
}

function LiveAlerts() {
  const t = useCriticalT();
  const { visible, reminders, tasks, update, hide } = useCriticalAlerts(t);
  const current = visible[0];
  const sounding = visible.length > 0;
  useEffect(() => (sounding ? startAlarm() : undefined), [sounding]);
  if (!current) return null;
  return (
    <AlertDialog
      key={current.id}
      alert={current}
      task={tasks[current.studyInstanceUid]}
      queued={visible.length}
      reminders={reminders[current.id] ?? 0}
      t={t}
      onDone={update}
      onRedirected={(a) => {
        update(a);
        hide(a.id);
      }}
    />
  );
}

function AlertDialog(props: { alert: Alert; task: Task | undefined; queued: number; reminders: number; t: CriticalTranslate; onDone(a: Alert): void; onRedirected(a: Alert): void }) {
  const { alert, task, t } = props;
  const tShell = useT();
  const [locale] = useLocale();
  const client = useClient();
  const [receiverName, setReceiverName] = useState('');
  const [receiverPhone, setReceiverPhone] = useState('');
  const [readBack, setReadBack] = useState('');
  const [askPatient, setAskPatient] = useState(false);
  const [patientId, setPatientId] = useState('');
  const [patientName, setPatientName] = useState('');
  const [redirecting, setRedirecting] = useState(false);
  const [reason, setReason] = useState('');
  const [redirectTo, setRedirectTo] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), [redirecting]);

  const when = (iso: string) => new Date(iso).toLocaleString(locale === 'en' ? 'en-GB' : 'zh-CN', { hour12: false });
  const sex = task?.patient.sex && ['M', 'F', 'O'].includes(task.patient.sex) ? t(`ca.sex.${task.patient.sex as 'M' | 'F' | 'O'}`) : t('ca.unknown');
  const age = ageYears(task?.patient.birthDate, new Date());
  const ladder = ladderStage(alert, props.reminders);
  const location = wardLocation(alert.patient) || wardLocation(task?.request ?? {});
  const study = task ? [task.modalities.join('/'), task.studyDescription ?? task.request?.examRequested ?? '', task.accessionNumber ?? ''].filter(Boolean).join(' · ') : alert.studyInstanceUid;

  const acknowledge = async (e: FormEvent) => {
    e.preventDefault();
    if (!receiverName.trim()) return setError(t('ca.required.receiver'));
    if (!readBack.trim()) return setError(t('ca.required.readBack'));
    setBusy(true);
    setError(null);
    try {
      const patient = askPatient && patientId.trim() ? { patientId: patientId.trim(), name: patientName.trim() || undefined } : undefined;
      props.onDone(await acknowledgeAlert(client, alert.id, { receiverName: receiverName.trim(), receiverPhone: receiverPhone.trim(), readBack: readBack.trim(), patient }));
    } catch (err) {
      if (err instanceof ApiError && err.code === 'critical_patient_mismatch') setAskPatient(true);
      setError(describeError(err, tShell));
    } finally {
      setBusy(false);
    }
  };
  const redirect = async (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) return setError(t('ca.required.reason'));
    setBusy(true);
    setError(null);
    try {
      props.onRedirected(await redirectAlert(client, alert.id, { reason: reason.trim(), redirectTo: redirectTo.trim() }));
    } catch (err) {
      setError(describeError(err, tShell));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="ca-backdrop" data-testid="critical-modal-backdrop">
      <div
        className="ca-dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="ca-title"
        data-testid="critical-modal"
        data-alert-id={alert.id}
        onKeyDown={(e) => e.key === 'Escape' && e.preventDefault()}
      >
        <header className="ca-head">
          <h2 id="ca-title">⚠ {t('ca.title')}</h2>
          <span className="ca-badges">
            {props.queued > 1 && <span className="ca-badge" data-testid="critical-queue">{t('ca.queue', { count: props.queued })}</span>}
            <span
              className={`ca-badge${alert.escalationLevel > 0 ? ' ca-badge-hot' : ''}`}
              data-testid="critical-ladder"
              data-stage={ladder.stage}
              title={t('ca.ladder')}
            >
              {t(`ca.ladder.${ladder.stage}`, { n: ladder.reminders })}
            </span>
          </span>
        </header>
        <section className="ca-findings" aria-label={t('ca.findings')}>
          <ul data-testid="critical-findings">
            {alert.items.map((i) => (
              <li key={i.code}>
                <strong>{i.zh}</strong> <span className="ca-en">{i.en}</span>
              </li>
            ))}
          </ul>
          {alert.note && (
            <p className="ca-note">
              {t('ca.note')}：{alert.note}
            </p>
          )}
        </section>
        <dl className="ca-facts">
          <dt>{t('ca.patient')}</dt>
          <dd data-testid="critical-patient">{displayName(alert.patient) || t('ca.unknown')}</dd>
          <dt>{t('ca.patientId')}</dt>
          <dd>{alert.patient.id ?? t('ca.unknown')}</dd>
          <dt>{t('ca.location')}</dt>
          <dd data-testid="critical-location">{location || t('ca.unknown')}</dd>
          <dt>{t('ca.sexAge')}</dt>
          <dd>
            {sex} / {age === null ? t('ca.unknown') : t('ca.age', { years: age })}
          </dd>
          <dt>{t('ca.study')}</dt>
          <dd>{study}</dd>
          <dt>{t('ca.raisedBy')}</dt>
          <dd>{alert.raisedBy.displayName}</dd>
          <dt>{t('ca.raisedAt')}</dt>
          <dd>{when(alert.raisedAt)}</dd>
        </dl>
        <p className="ca-due">{t('ca.ackDue', { time: when(alert.ackDueAt) })}</p>
        {!redirecting ? (
          <form className="ca-form" onSubmit={acknowledge} noValidate>
            <label>
              {t('ca.receiverName')}
              <input ref={first} data-testid="critical-receiver" value={receiverName} onChange={(e) => setReceiverName(e.target.value)} maxLength={100} required />
            </label>
            <label>
              {t('ca.receiverPhone')}
              <input value={receiverPhone} onChange={(e) => setReceiverPhone(e.target.value)} maxLength={40} inputMode="tel" />
            </label>
            <label className="ca-wide">
              {t('ca.readBack')}
              <input data-testid="critical-readback" value={readBack} onChange={(e) => setReadBack(e.target.value)} maxLength={1000} required aria-describedby="ca-rb-hint" />
              <small id="ca-rb-hint">{t('ca.readBack.hint')}</small>
            </label>
            {askPatient && (
              <fieldset className="ca-wide">
                <legend>{t('ca.patientCheck')}</legend>
                <label>
                  {t('ca.patientCheck.id')}
                  <input value={patientId} onChange={(e) => setPatientId(e.target.value)} maxLength={64} />
                </label>
                <label>
                  {t('ca.patientCheck.name')}
                  <input value={patientName} onChange={(e) => setPatientName(e.target.value)} maxLength={200} />
                </label>
              </fieldset>
            )}
            {error && (
              <p className="ca-error ca-wide" role="alert" data-testid="critical-error">
                {error}
              </p>
            )}
            <div className="ca-actions ca-wide">
              <button type="submit" className="ca-primary" disabled={busy} data-testid="critical-ack">
                {busy ? t('ca.sending') : t('ca.acknowledge')}
              </button>
              <button type="button" onClick={() => (setRedirecting(true), setError(null))} data-testid="critical-redirect">
                {t('ca.redirect')}
              </button>
            </div>
          </form>
        ) : (
          <form className="ca-form" onSubmit={redirect} noValidate>
            <label className="ca-wide">
              {t('ca.redirect.reason')}
              <input ref={first} data-testid="critical-redirect-reason" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} required />
            </label>
            <label className="ca-wide">
              {t('ca.redirect.to')}
              <input value={redirectTo} onChange={(e) => setRedirectTo(e.target.value)} maxLength={200} />
            </label>
            {error && (
              <p className="ca-error ca-wide" role="alert">
                {error}
              </p>
            )}
            <div className="ca-actions ca-wide">
              <button type="submit" className="ca-primary" disabled={busy}>
                {t('ca.redirect.send')}
              </button>
              <button type="button" onClick={() => (setRedirecting(false), setError(null))}>
                {t('ca.redirect.cancel')}
              </button>
            </div>
          </form>
        )}
      </div>
    </div>
  );
}
