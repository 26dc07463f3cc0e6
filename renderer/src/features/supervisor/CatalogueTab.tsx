import { useCallback, useEffect, useState } from 'react';
import type { Catalogue } from '../../../../shared/api/critical.js';
import type { CriticalDomain } from '../../../../shared/critical/types.js';
import { useClient } from '../../api/ClientContext.js';
import { describeError } from '../../api/errors.js';
import { useLocale, useT } from '../../i18n/I18nProvider.js';
import { catalogue, publishCatalogue } from './api.js';
import type { SupervisorTranslate } from './i18n.js';
import { draftsToItems, emptyDraft, toDraft, type ItemDraft } from './model.js';

/** View every version of a catalogue; edit the current one into a new version (PUT). */
export function CatalogueTab(props: { t: SupervisorTranslate }) {
  const { t } = props;
  const client = useClient();
  const tShell = useT();
  const [locale] = useLocale();
  const [domain, setDomain] = useState<CriticalDomain>('radiology');
  const [current, setCurrent] = useState<Catalogue | null>(null);
  const [shown, setShown] = useState<Catalogue | null>(null);
  const [drafts, setDrafts] = useState<ItemDraft[] | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(
    async (d: CriticalDomain) => {
      setError(null);
      try {
        const c = await catalogue(client, d);
        setCurrent(c);
        setShown(c);
      } catch (err) {
        setError(describeError(err, tShell));
      }
    },
    [client, tShell],
  );
  useEffect(() => {
    setDrafts(null);
    void load(domain);
  }, [domain, load]);

  const showVersion = async (v: number) => {
    setError(null);
    try {
      setShown(await catalogue(client, domain, v));
    } catch (err) {
      setError(describeError(err, tShell));
    }
  };
  const edit = (i: number, patch: Partial<ItemDraft>) => setDrafts((d) => d && d.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  const publish = async () => {
    if (!drafts) return;
    setNotice(null);
    if (!note.trim()) return setError(t('sv.c.err.note'));
    const { items, problems } = draftsToItems(drafts, domain);
    if (problems.length) return setError(problems.map((p) => t('sv.c.err.row', { row: p.row, problem: t(p.key, p.params) })).join('\n'));
    setBusy(true);
    setError(null);
    try {
      const c = await publishCatalogue(client, { domain, note: note.trim(), items });
      setCurrent(c);
      setShown(c);
      setDrafts(null);
      setNote('');
      setNotice(t('sv.c.published', { v: c.version }));
    } catch (err) {
      setError(describeError(err, tShell));
    } finally {
      setBusy(false);
    }
  };

  const versions = current ? Array.from({ length: current.version }, (_, i) => current.version - i) : [];
  const field = (i: number, key: 'code' | 'zh' | 'en' | 'modalities' | 'notifyMin' | 'ackMin' | 'actMin', d: ItemDraft, size: number) => (
    <td>
      <input value={d[key]} size={size} aria-label={t(key === 'modalities' ? 'sv.c.modalities' : (`sv.c.${key}` as const))} onChange={(e) => edit(i, { [key]: e.target.value })} data-testid={`sv-c-${key}-${i}`} />
    </td>
  );

  return (
    <section data-testid="sv-catalogue">
      <div className="sv-filters">
        <label>
          {t('sv.c.domain')}
          <select value={domain} onChange={(e) => setDomain(e.target.value as CriticalDomain)} data-testid="sv-c-domain">
            <option value="radiology">{t('sv.c.domain.radiology')}</option>
            <option value="ecg">{t('sv.c.domain.ecg')}</option>
          </select>
        </label>
        <label>
          {t('sv.c.version')}
          <select value={shown?.version ?? ''} disabled={!!drafts} onChange={(e) => void showVersion(Number(e.target.value))} data-testid="sv-c-version">
            {versions.map((v) => (
              <option key={v} value={v}>
                {v}
                {v === current?.version ? ` ${t('sv.c.current')}` : ''}
              </option>
            ))}
          </select>
        </label>
        {!drafts && current && (
          <button type="button" onClick={() => setDrafts(current.items.map(toDraft))} data-testid="sv-c-edit">
            {t('sv.c.edit')}
          </button>
        )}
      </div>
      {shown && (
        <p className="sv-muted" data-testid="sv-c-meta">
          {t('sv.c.meta', { v: shown.version, at: new Date(shown.createdAt).toLocaleString(locale), by: shown.createdBy ?? '—', note: shown.note || '—' })}
        </p>
      )}
      {shown && current && shown.version !== current.version && <p className="sv-muted">{t('sv.c.oldVersion')}</p>}
      {notice && (
        <p className="sv-ok" role="status" data-testid="sv-c-notice">
          {notice}
        </p>
      )}
      {error && (
        <p className="sv-error" role="alert" data-testid="sv-c-error">
          {error}
        </p>
      )}
      <div className="sv-scroll">
        <table className="sv-table">
          <thead>
            <tr>
              {(['code', 'zh', 'en', 'modalities', 'category', 'notifyMin', 'ackMin', 'actMin'] as const).map((k) => (
                <th key={k}>{t(`sv.c.${k}`)}</th>
              ))}
              {drafts && <th />}
            </tr>
          </thead>
          <tbody>
            {drafts
              ? drafts.map((d, i) => (
                  <tr key={i} data-testid="sv-c-row">
                    {field(i, 'code', d, 11)}
                    {field(i, 'zh', d, 18)}
                    {field(i, 'en', d, 22)}
                    {field(i, 'modalities', d, 10)}
                    <td>
                      <select value={d.acrCategory} aria-label={t('sv.c.category')} onChange={(e) => edit(i, { acrCategory: e.target.value as ItemDraft['acrCategory'] })}>
                        {(['1', '2', '3'] as const).map((c) => (
                          <option key={c} value={c}>
                            {c}
                          </option>
                        ))}
                      </select>
                    </td>
                    {field(i, 'notifyMin', d, 4)}
                    {field(i, 'ackMin', d, 4)}
                    {field(i, 'actMin', d, 4)}
                    <td>
                      <button type="button" onClick={() => setDrafts((x) => x && x.filter((_, j) => j !== i))}>
                        {t('sv.c.remove')}
                      </button>
                    </td>
                  </tr>
                ))
              : shown?.items.map((i) => (
                  <tr key={i.code} data-testid="sv-c-row" data-code={i.code}>
                    <td>{i.code}</td>
                    <td>{i.zh}</td>
                    <td>{i.en}</td>
                    <td>{i.modalities.join(', ')}</td>
                    <td>{i.acrCategory}</td>
                    <td>{i.notifyMin}</td>
                    <td data-testid="sv-c-ack">{i.ackMin}</td>
                    <td>{i.actMin}</td>
                  </tr>
                ))}
          </tbody>
        </table>
      </div>
      {drafts && (
        <div className="sv-filters">
          <button type="button" onClick={() => setDrafts((d) => d && [...d, emptyDraft()])} data-testid="sv-c-add">
            {t('sv.c.add')}
          </button>
          <label className="sv-grow">
            {t('sv.c.note')}
            <input value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} data-testid="sv-c-note" />
          </label>
          <button type="button" className="sv-primary" disabled={busy} onClick={() => void publish()} data-testid="sv-c-publish">
            {t('sv.c.publish')}
          </button>
          <button
            type="button"
            onClick={() => {
              setDrafts(null);
              setError(null);
            }}
          >
            {t('sv.c.cancel')}
          </button>
        </div>
      )}
    </section>
  );
}
