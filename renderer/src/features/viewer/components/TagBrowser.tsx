import dcmjs from 'dcmjs';
import { useEffect, useMemo, useState } from 'react';
import type { DicomJsonDataset } from '../domain/dicomJson.js';
import { filterRows, tagRows, type Dictionary } from '../domain/tagList.js';
import { useViewerT } from '../i18n.js';

interface DictEntry {
  name?: string;
}
const DICTIONARY = (dcmjs as unknown as { data: { DicomMetaDictionary: { dictionary: Record<string, DictEntry | undefined> } } }).data.DicomMetaDictionary.dictionary;
/** Keywords from dcmjs's copy of the PS3.6 data dictionary, keyed "(gggg,eeee)". */
const keywordOf: Dictionary = (tag) => DICTIONARY[tag]?.name;

/** The metadata of the instance on screen, searchable; every value is rendered as text. */
export function TagBrowser({ instance, onClose }: { instance: DicomJsonDataset | undefined; onClose(): void }) {
  const t = useViewerT();
  const [query, setQuery] = useState('');
  const rows = useMemo(() => (instance ? tagRows(instance, keywordOf) : []), [instance]);
  const shown = useMemo(() => filterRows(rows, query), [rows, query]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopImmediatePropagation();
        onClose();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [onClose]);
  return (
    <div role="dialog" aria-label={t('tags.title')} data-testid="tag-browser" style={{ position: 'absolute', top: 8, right: 8, bottom: 8, width: 'min(640px, 70%)', zIndex: 15, background: 'rgba(16,19,23,0.97)', color: '#e8e8e8', border: '1px solid #444', borderRadius: 6, display: 'flex', flexDirection: 'column', fontSize: 12 }}>
      <div style={{ display: 'flex', gap: 8, alignItems: 'center', padding: 8, borderBottom: '1px solid #333' }}>
        <strong style={{ flex: 1 }}>{t('tags.title')}</strong>
        <span data-testid="tag-count">{t('tags.count', { shown: shown.length, total: rows.length })}</span>
        <button type="button" onClick={onClose}>
          {t('viewer.close')}
        </button>
      </div>
      <input autoFocus type="search" data-testid="tag-search" placeholder={t('tags.search')} aria-label={t('tags.search')} value={query} onChange={(e) => setQuery(e.target.value)} style={{ margin: 8 }} />
      {!instance && <div style={{ padding: 8 }}>{t('tags.none')}</div>}
      <div style={{ overflow: 'auto', flex: 1 }}>
        <table style={{ borderCollapse: 'collapse', width: '100%' }}>
          <tbody>
            {shown.map((r, i) => (
              <tr key={`${r.tag}-${i}`} data-testid="tag-row" data-tag={r.tag} data-keyword={r.keyword} style={{ borderBottom: '1px solid #222' }}>
                <td style={{ padding: '1px 4px', paddingLeft: 4 + r.depth * 14, fontFamily: 'monospace', whiteSpace: 'nowrap' }}>{r.tag}</td>
                <td style={{ padding: '1px 4px' }}>{r.keyword}</td>
                <td style={{ padding: '1px 4px', fontFamily: 'monospace' }}>{r.vr}</td>
                <td data-testid="tag-value" style={{ padding: '1px 4px', wordBreak: 'break-all' }}>
                  {r.value}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
