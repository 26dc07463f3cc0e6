import { useState } from 'react';
import type { Phrase } from '../../../../shared/reports/phrases.js';
import { phrasesFor } from '../../../../shared/reports/phrases.js';
import type { ReportLanguage } from '../../../../shared/reports/status.js';
import { useReportT } from './i18n.js';

/** The phrase library for the section being edited: built-ins and the reader's own (theirs first). */
export function PhrasePicker(props: {
  kind: 'imaging' | 'ecg';
  section: Phrase['section'];
  language: ReportLanguage;
  mine: readonly Phrase[];
  disabled: boolean;
  onInsert(text: string): void;
  onAdd(label: string): void;
  onDelete(id: string): void;
}) {
  const t = useReportT();
  const [search, setSearch] = useState('');
  const [label, setLabel] = useState('');
  const list = phrasesFor(props.kind, props.section, props.mine, search);
  const mineIds = new Set(props.mine.map((p) => p.id));
  return (
    <div className="rp-phrases" data-testid="rp-phrases">
      <input type="search" aria-label={t('rp.phrases.search')} placeholder={t('rp.phrases.search')} value={search} onChange={(e) => setSearch(e.target.value)} />
      <ul>
        {list.map((p) => (
          <li key={p.id}>
            <button
              type="button"
              disabled={props.disabled}
              title={p.text[props.language]}
              data-testid="rp-phrase"
              // Keep the caret in the text box: insert on mousedown without taking focus.
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => props.onInsert(p.text[props.language])}
            >
              {p.label[props.language]}
              {mineIds.has(p.id) ? ` ${t('rp.phrases.mine')}` : ''}
            </button>
            {mineIds.has(p.id) && (
              <button type="button" className="rp-link" onClick={() => props.onDelete(p.id)}>
                {t('rp.phrases.delete')}
              </button>
            )}
          </li>
        ))}
      </ul>
      <div className="rp-row">
        <input aria-label={t('rp.phrases.addLabel')} placeholder={t('rp.phrases.addLabel')} value={label} onChange={(e) => setLabel(e.target.value)} />
        <button
          type="button"
          disabled={!label.trim() || props.disabled}
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => {
            props.onAdd(label.trim());
            setLabel('');
          }}
        >
          {t('rp.phrases.add')}
        </button>
      </div>
    </div>
  );
}
