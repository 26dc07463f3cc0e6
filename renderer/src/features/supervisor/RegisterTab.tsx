import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { Site } from '../../../../shared/api/auth.js';
import type { RegisterRow } from '../../../../shared/api/critical.js';
import { ALERT_STATES } from '../../../../shared/critical/types.js';
import { useClient } from '../../api/ClientContext.js';
import { describeError } from '../../api/errors.js';
import { useLocale, useT } from '../../i18n/I18nProvider.js';
import { downloadRegister, registerRows } from './api.js';
import type { SupervisorTranslate } from './i18n.js';
import { EMPTY_FILTER, escalationSteps, registerQuery, type RegisterFilter } from './model.js';

const when = (iso: string, locale: string) => (iso ? new Date(iso).toLocaleString(locale, { dateStyle: 'short', timeStyle: 'short' }) : '');

/** The site, category, state and date filters shared by the register and the metrics tabs. */
export function FilterBar(props: { t: SupervisorTranslate; sites: Site[]; value: RegisterFilter; onChange(f: RegisterFilter): void; text?: boolean; status?: boolean }) {
  const { t, value: f } = props;
  const set = (patch: Partial<RegisterFilter>) => props.onChange({ ...f, ...patch });
  return (
    <>
      {props.text !== false && (
        <label className="sv-grow">
          {t('sv.f.q')}
          <input value={f.q} maxLength={100} onChange={(e) => set({ q: e.target.value })} data-testid="sv-f-q" />
        </label>
      )}
      <label>
        {t('sv.f.site')}
        <select value={f.siteId} onChange={(e) => set({ siteId: e.target.value })} data-testid="sv-f-site">
          <option value="">{t('sv.all')}</option>
          {props.sites
            .filter((s) => s.kind === 'township')
            .map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
        </select>
      </label>
      {props.status !== false && (
        <>
          <label>
            {t('sv.f.category')}
            <select value={f.category} onChange={(e) => set({ category: e.target.value as RegisterFilter['category'] })} data-testid="sv-f-category">
              <option value="">{t('sv.all')}</option>
              {(['1', '2', '3'] as const).map((c) => (
                <option key={c} value={c}>
                  {t(`sv.cat.${c}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('sv.f.state')}
            <select value={f.state} onChange={(e) => set({ state: e.target.value as RegisterFilter['state'] })} data-testid="sv-f-state">
              <option value="">{t('sv.all')}</option>
              {ALERT_STATES.map((s) => (
                <option key={s} value={s}>
                  {t(`sv.state.${s}`)}
                </option>
              ))}
            </select>
          </label>
        </>
      )}
      <label>
        {t('sv.f.from')}
        <input type="date" value={f.from} onChange={(e) => set({ from: e.target.value })} data-testid="sv-f-from" />
      </label>
      <label>
        {t('sv.f.to')}
        <input type="date" value={f.to} onChange={(e) => set({ to: e.target.value })} data-testid="sv-f-to" />
      </label>
    </>
  );
}

/** 危急值登记: the searchable register with CSV and PDF export. */
export function RegisterTab(props: { t: SupervisorTranslate; sites: Site[] }) {
  const { t } = props;
  const client = useClient();
  const tShell = useT();
  const [locale] = useLocale();
  const [filter, setFilter] = useState<RegisterFilter>(EMPTY_FILTER);
  const [applied, setApplied] = useState<string>('');
  const [rows, setRows] = useState<RegisterRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'' | 'csv' | 'pdf'>('');

  const load = useCallback(
    async (query: string) => {
      setError(null);
      try {
        setRows(await registerRows(client, query));
      } catch (err) {
        setError(describeError(err, tShell));
      }
    },
    [client, tShell],
  );
  useEffect(() => {
    void load('');
  }, [load]);

  const search = (e: FormEvent) => {
    e.preventDefault();
    const q = registerQuery(filter);
    if (q === null) return setError(t('sv.f.badRange'));
    setApplied(q);
    void load(q);
  };
  const download = async (format: 'csv' | 'pdf') => {
    setBusy(format);
    setError(null);
    try {
      await downloadRegister(client, applied, format, locale);
    } catch (err) {
      setError(describeError(err, tShell));
    } finally {
      setBusy('');
    }
  };

  return (
    <section data-testid="sv-register">
      <form className="sv-filters" onSubmit={search}>
        <FilterBar t={t} sites={props.sites} value={filter} onChange={setFilter} />
        <button type="submit" className="sv-primary" data-testid="sv-search">
          {t('sv.f.search')}
        </button>
        <button type="button" disabled={!!busy} onClick={() => void download('csv')} data-testid="sv-dl-csv">
          {busy === 'csv' ? t('sv.dl.busy') : t('sv.dl.csv')}
        </button>
        <button type="button" disabled={!!busy} onClick={() => void download('pdf')} data-testid="sv-dl-pdf">
          {busy === 'pdf' ? t('sv.dl.busy') : t('sv.dl.pdf')}
        </button>
      </form>
      {error && (
        <p className="sv-error" role="alert">
          {error}
        </p>
      )}
      {rows === null && !error && <p>{t('sv.loading')}</p>}
      {rows && (
        <>
          <p className="sv-muted" data-testid="sv-reg-count">
            {t('sv.reg.count', { n: rows.length })}
          </p>
          {rows.length === 0 ? (
            <p>{t('sv.reg.empty')}</p>
          ) : (
            <div className="sv-scroll">
              <table className="sv-table" data-testid="sv-reg-table">
                <thead>
                  <tr>
                    {(['raisedAt', 'patient', 'exam', 'content', 'reporter', 'site', 'receiver', 'receivedAt', 'readBack', 'action', 'escalations', 'outcome'] as const).map((c) => (
                      <th key={c}>{t(`sv.col.${c}`)}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr key={r.alertId} data-testid="sv-reg-row" data-alert={r.alertId} data-state={r.state}>
                      <td>{when(r.raisedAt, locale)}</td>
                      <td>
                        {r.patientName}
                        <div className="sv-muted">{[r.patientSex, r.patientAge, r.patientId].filter(Boolean).join(' · ')}</div>
                        {r.departmentBed && (
                          <div className="sv-muted" data-testid="sv-reg-location">
                            {r.departmentBed}
                          </div>
                        )}
                      </td>
                      <td>
                        {r.exam}
                        <div className="sv-muted">{r.accessionNumber}</div>
                      </td>
                      <td>
                        {r.content}
                        <div className="sv-muted">
                          {r.catalogueCodes} · {t('sv.cat', { n: r.category })}
                        </div>
                      </td>
                      <td>{r.reporter}</td>
                      <td>{r.receivingInstitution}</td>
                      <td data-testid="sv-reg-receiver">
                        {r.receiver}
                        {r.signedBy && <div className="sv-muted">{r.signedBy}</div>}
                      </td>
                      <td>{when(r.receivedAt, locale)}</td>
                      <td data-testid="sv-reg-readback">{r.readBack}</td>
                      <td>
                        {r.action}
                        {r.actionAt && <div className="sv-muted">{[r.treatingPhysician, when(r.actionAt, locale)].filter(Boolean).join(' · ')}</div>}
                      </td>
                      <td className="sv-small" data-testid="sv-reg-escalations">
                        {escalationSteps(r.escalations).map((e) => (
                          <div key={`${e.at}-${e.level}`} title={e.recipients.join(', ')}>
                            {when(e.at, locale)} {t(`sv.esc.${e.level}`)}
                            <div className="sv-muted">{e.recipients.map((x) => x.replace(/^[a-z_]+:/, '')).join(', ')}</div>
                          </div>
                        ))}
                      </td>
                      <td className={r.state === 'closed' ? '' : 'sv-open'}>{r.outcome}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
