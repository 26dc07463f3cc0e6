import { useEffect, useRef, useState } from 'react';
import type { Alert } from '../../../../shared/api/critical.js';
import { useClient } from '../../api/ClientContext.js';
import { describeError } from '../../api/errors.js';
import { useLocale, useT } from '../../i18n/I18nProvider.js';
import { recordCall } from './api.js';
import { useCriticalT, type CriticalKey } from './i18n.js';

/**
 * The reader's side of an escalation: phone the ordering clinician (name and number from the exam
 * request) and record the outcome (POST …/calls), or put it off until the next escalation.
 */
export function CallPrompt(props: { alert: Alert; level: number; onRecorded(a: Alert): void; onLater(): void }) {
  const t = useCriticalT();
  const tShell = useT();
  const client = useClient();
  const { alert } = props;
  const [number, setNumber] = useState(alert.contact?.phone ?? '');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const box = useRef<HTMLDivElement>(null);
  // The panel may be scrolled to the editor: bring the prompt into view when it opens.
  // (Braces: newer Chromium returns a promise from scrollIntoView, and React would call it as a cleanup.)
  useEffect(() => {
    void box.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, []);
  const send = async (outcome: 'answered' | 'no_answer') => {
    setBusy(true);
    setError(null);
    try {
      props.onRecorded(await recordCall(client, alert.id, { outcome, calledNumber: number.trim(), note: note.trim() }));
    } catch (err) {
      setError(describeError(err, tShell));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div ref={box} className="ca-call" role="alertdialog" aria-label={t('ca.call.title', { level: props.level })} data-testid="ca-call-prompt">
      <strong>{t('ca.call.title', { level: props.level })}</strong>
      {alert.contact?.orderingClinician && <div data-testid="ca-call-who">{t('ca.call.who', { name: alert.contact.orderingClinician })}</div>}
      {alert.contact?.phone ? <div data-testid="ca-call-phone">{t('ca.call.phone', { phone: alert.contact.phone })}</div> : !alert.contact?.orderingClinician && <div>{t('ca.call.noContact', { site: alert.siteName })}</div>}
      <label>
        {t('ca.call.number')}
        <input value={number} maxLength={40} inputMode="tel" onChange={(e) => setNumber(e.target.value)} data-testid="ca-call-number" />
      </label>
      <label>
        {t('ca.call.note')}
        <input value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} data-testid="ca-call-note" />
      </label>
      <div className="ca-call-row">
        <button type="button" disabled={busy} onClick={() => void send('answered')} data-testid="ca-call-answered">
          {t('ca.call.answered')}
        </button>
        <button type="button" disabled={busy} onClick={() => void send('no_answer')} data-testid="ca-call-no-answer">
          {t('ca.call.noAnswer')}
        </button>
        <button type="button" disabled={busy} onClick={props.onLater}>
          {t('ca.call.later')}
        </button>
      </div>
      {error && (
        <p className="ca-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** Every delivery attempt of the alert (push, SMS, automated and manual calls), oldest first. */
export function DeliveryLog(props: { alert: Alert }) {
  const t = useCriticalT();
  const [locale] = useLocale();
  if (!props.alert.deliveries.length) return null;
  return (
    <details className="ca-log" data-testid="ca-delivery-log">
      <summary>{t('ca.call.log')}</summary>
      <ul>
        {props.alert.deliveries.map((d, i) => (
          <li key={i} data-channel={d.channel} data-status={d.status}>
            {t('ca.call.entry', {
              time: new Date(d.at).toLocaleTimeString(locale),
              channel: t(`ca.channel.${d.channel}` as CriticalKey),
              status: t(`ca.status.${d.status}` as CriticalKey),
              recipient: d.recipient,
            })}
            {d.detail && d.channel === 'manual_phone' ? ` · ${d.detail}` : ''}
          </li>
        ))}
      </ul>
    </details>
  );
}
