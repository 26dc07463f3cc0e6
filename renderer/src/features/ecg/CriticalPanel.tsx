import { useEffect, useState } from 'react';
import { z } from 'zod';
import { Alert, Catalogue } from '../../../../shared/api/critical.js';
import type { CriticalHint } from '../../../../shared/ecg/index.js';
import { useClient } from '../../api/ClientContext.js';
import { describeError } from '../../api/errors.js';
import { useT } from '../../i18n/I18nProvider.js';
import { useEcgT } from './i18n.js';
import type { StudyPatient } from './load.js';

export interface CriticalPanelProps {
  studyUid: string;
  hints: CriticalHint[];
  patient: StudyPatient;
  onRaised?(alert: Alert): void;
}

const MEASURE_LABEL: Record<string, { 'zh-CN': string; en: string }> = {
  heartRate: { 'zh-CN': '心室率', en: 'ventricular rate' },
  longestPause: { 'zh-CN': '最长 RR', en: 'longest RR' },
  qtc: { 'zh-CN': 'QTc', en: 'QTc' },
  stJ60: { 'zh-CN': 'J 点后 60 ms ST 抬高', en: 'ST elevation at J+60 ms' },
};

function basisText(h: CriticalHint, locale: 'zh-CN' | 'en'): { measure: string; value: string; unit: string; threshold: string } {
  const uv = h.basis.unit === 'uV';
  return {
    measure: MEASURE_LABEL[h.basis.measure]?.[locale] ?? h.basis.measure,
    value: uv ? (h.basis.value / 1000).toFixed(2) : Math.round(h.basis.value).toString(),
    unit: uv ? 'mV' : h.basis.unit,
    threshold: uv ? (h.basis.threshold / 1000).toFixed(2) : String(h.basis.threshold),
  };
}

/**
 * Catalogue hints shown prominently as suggestions; the reader decides and raises with a confirmed
 * patient (two identifiers). Nothing is raised without the reader pressing the button.
 */
export function CriticalPanel({ studyUid, hints, patient, onRaised }: CriticalPanelProps) {
  const { t, locale } = useEcgT();
  const tShell = useT();
  const client = useClient();
  const [open, setOpen] = useState(false);
  const [catalogue, setCatalogue] = useState<Catalogue | null>(null);
  const [codes, setCodes] = useState<string[]>([]);
  const [note, setNote] = useState('');
  const [pid, setPid] = useState(patient.patientId ?? '');
  const [name, setName] = useState(patient.name ?? '');
  const [birthDate, setBirthDate] = useState(patient.birthDate ?? '');
  const [confirmed, setConfirmed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [raised, setRaised] = useState<Alert | null>(null);

  // Alerts already raised on this study (by anyone): shown instead of offering a duplicate raise.
  const [existing, setExisting] = useState<Alert[]>([]);
  useEffect(() => {
    let live = true;
    client
      .request('GET', `/api/critical/alerts?studyUid=${encodeURIComponent(studyUid)}`, { schema: z.array(Alert), auth: true })
      .then((a) => live && setExisting(a.filter((x) => x.state !== 'closed')), () => undefined);
    return () => {
      live = false;
    };
  }, [client, studyUid]);

  useEffect(() => {
    if (!open || catalogue) return;
    client.request('GET', '/api/critical/catalogue?domain=ecg', { schema: Catalogue, auth: true }).then(setCatalogue, (e: unknown) => setError(describeError(e, tShell)));
  }, [open, catalogue, client, tShell]);

  const start = (preset: string[]) => {
    setCodes(preset);
    setNote(hints.filter((h) => preset.includes(h.code)).map((h) => h.title[locale].replace(/^(提示：|Suggestion: )/, '')).join('; '));
    setConfirmed(false);
    setError(null);
    setOpen(true);
  };

  const send = async () => {
    if (!codes.length) return setError(t('ecg.crit.needItem'));
    if (!pid.trim() || (!name.trim() && !birthDate.trim()) || !confirmed) return setError(t('ecg.crit.needPatient'));
    setBusy(true);
    setError(null);
    try {
      const body = {
        studyInstanceUid: studyUid,
        itemCodes: codes,
        note: note.trim(),
        patient: { patientId: pid.trim(), ...(name.trim() ? { name: name.trim() } : {}), ...(birthDate.trim() ? { birthDate: birthDate.trim() } : {}) },
      };
      const alert = await client.request('POST', '/api/critical/alerts', { schema: Alert, auth: true, body });
      setRaised(alert);
      setOpen(false);
      onRaised?.(alert);
    } catch (e) {
      setError(describeError(e, tShell));
    } finally {
      setBusy(false);
    }
  };

  const items = catalogue?.items ?? [];
  const toggle = (code: string) => setCodes((c) => (c.includes(code) ? c.filter((x) => x !== code) : [...c, code]));

  return (
    <section className={`ecg-panel ecg-critical${hints.length ? ' ecg-critical-on' : ''}`} data-testid="ecg-critical" aria-labelledby="ecg-crit-title">
      <h2 id="ecg-crit-title">{t('ecg.crit.title')}</h2>
      {hints.length === 0 ? <p>{t('ecg.crit.none')}</p> : null}
      <ul className="ecg-hints">
        {hints.map((h) => {
          const b = basisText(h, locale);
          return (
            <li key={h.code} data-testid="ecg-hint" data-code={h.code}>
              <strong className="ecg-code">{h.code}</strong> {h.title[locale]}
              <div className="ecg-basis">
                {t('ecg.crit.basis', { ...b, leads: h.basis.leads?.length ? t('ecg.crit.leads', { leads: h.basis.leads.join(', ') }) : '' })}
              </div>
              <button type="button" className="ecg-raise" data-testid="ecg-raise" onClick={() => start([h.code])} disabled={!!raised}>
                {t('ecg.crit.raise')}
              </button>
            </li>
          );
        })}
      </ul>
      {!raised
        ? existing.map((a) => (
            <p key={a.id} className="ecg-raised" data-testid="ecg-existing-alert">
              {t('ecg.crit.existing', { codes: a.items.map((i) => i.code).join(', '), state: t(`ecg.crit.state.${a.state}`), by: a.raisedBy.displayName })}
            </p>
          ))
        : null}
      {!raised ? (
        <button type="button" onClick={() => start([])}>
          {t('ecg.crit.raiseManual')}
        </button>
      ) : null}
      {raised ? (
        <p className="ecg-raised" role="status" data-testid="ecg-raised" data-alert-id={raised.id}>
          {t('ecg.crit.raised', { codes: raised.items.map((i) => i.code).join(', '), state: t(`ecg.crit.state.${raised.state}`) })}
        </p>
      ) : null}
      {open ? (
        <div className="ecg-dialog" role="dialog" aria-modal="true" aria-labelledby="ecg-crit-dialog" data-testid="ecg-raise-dialog">
          <h3 id="ecg-crit-dialog">{t('ecg.crit.dialog')}</h3>
          <fieldset className="ecg-items">
            <legend>{t('ecg.crit.items')}</legend>
            {(items.length ? items.map((i) => ({ code: i.code, text: locale === 'en' ? i.en : i.zh })) : codes.map((c) => ({ code: c, text: '' }))).map((i) => (
              <label key={i.code} className="ecg-item">
                <input type="checkbox" checked={codes.includes(i.code)} onChange={() => toggle(i.code)} /> <span className="ecg-code">{i.code}</span> {i.text}
              </label>
            ))}
          </fieldset>
          <label>
            {t('ecg.crit.note')}
            <textarea value={note} onChange={(e) => setNote(e.target.value)} rows={2} maxLength={2000} />
          </label>
          <fieldset>
            <legend>{t('ecg.crit.confirmPatient')}</legend>
            <label>
              {t('ecg.crit.patientId')} <input value={pid} onChange={(e) => setPid(e.target.value)} data-testid="ecg-crit-pid" />
            </label>
            <label>
              {t('ecg.crit.name')} <input value={name} onChange={(e) => setName(e.target.value)} data-testid="ecg-crit-name" />
            </label>
            <label>
              {t('ecg.crit.birthDate')} <input value={birthDate} onChange={(e) => setBirthDate(e.target.value)} placeholder="YYYYMMDD" />
            </label>
            <label className="ecg-confirm">
              <input type="checkbox" checked={confirmed} onChange={(e) => {
                  setConfirmed(e.target.checked);
                  setError(null);
                }} data-testid="ecg-crit-confirm" /> {t('ecg.crit.confirm')}
            </label>
          </fieldset>
          {error ? (
            <p className="ecg-error-inline" role="alert" data-testid="ecg-crit-error">
              {error}
            </p>
          ) : null}
          <div className="ecg-dialog-actions">
            <button type="button" className="ecg-raise" onClick={send} disabled={busy} data-testid="ecg-crit-send">
              {busy ? t('ecg.crit.sending') : t('ecg.crit.send')}
            </button>
            <button type="button" onClick={() => setOpen(false)}>
              {t('ecg.crit.cancel')}
            </button>
          </div>
        </div>
      ) : null}
      {!open && error ? <p className="ecg-error-inline">{error}</p> : null}
    </section>
  );
}

