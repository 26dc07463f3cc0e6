import { useRef, useState, type RefObject } from 'react';
import type { Phrase } from '../../../../shared/reports/phrases.js';
import { insertPhrase } from '../../../../shared/reports/phrases.js';
import type { ReportLanguage } from '../../../../shared/reports/status.js';
import { REPORT_TEMPLATES, templateById } from '../../../../shared/reports/templates.js';
import type { DraftContent } from './autosave.js';
import { useReportT } from './i18n.js';
import { PhrasePicker } from './PhrasePicker.js';

type Section = Phrase['section'];

/** 检查所见 / 诊断意见 with the template picker and phrase insertion at the caret. */
export function Editor(props: {
  kind: 'imaging' | 'ecg';
  language: ReportLanguage;
  content: DraftContent;
  readOnly: boolean;
  myPhrases: readonly Phrase[];
  onChange(c: DraftContent): void;
  onAddPhrase(p: Phrase): void;
  onDeletePhrase(id: string): void;
  onNotice(msg: string): void;
  /** the findings textarea, for inserts from outside the editor (measurements) */
  findingsRef?: RefObject<HTMLTextAreaElement | null>;
}) {
  const t = useReportT();
  const { content, language } = props;
  const [section, setSection] = useState<Section>('findings');
  const ownFindings = useRef<HTMLTextAreaElement>(null);
  const impressionRef = useRef<HTMLTextAreaElement>(null);
  const refs = { findings: props.findingsRef ?? ownFindings, impression: impressionRef };
  const templates = REPORT_TEMPLATES.filter((x) => x.kind === props.kind);

  const applyTemplate = (id: string) => {
    const tpl = templateById(id);
    if (!tpl) return;
    const hasText = content.findings.trim() || content.impression.trim();
    if (hasText && !window.confirm(t('rp.template.confirm', { name: tpl.title[language] }))) return;
    // The template replaces the text only: key images and measurements stay.
    props.onChange({ ...content, findings: tpl.findings[language], impression: tpl.impression[language], templateId: tpl.id });
  };

  const insert = (text: string) => {
    const el = refs[section].current;
    const caret = el ? el.selectionStart : content[section].length;
    const next = insertPhrase(content[section], caret, text);
    props.onChange({ ...content, [section]: next.text });
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(next.caret, next.caret);
    });
  };

  const addPhrase = (label: string) => {
    const el = refs[section].current;
    const selected = el ? el.value.slice(el.selectionStart, el.selectionEnd).trim() : '';
    if (!selected) return props.onNotice(t('rp.phrases.noSelection'));
    const other: ReportLanguage = language === 'en' ? 'zh-CN' : 'en';
    props.onAddPhrase({
      id: `user-${Date.now().toString(36)}`,
      kind: props.kind,
      section,
      label: { [language]: label, [other]: label } as Record<ReportLanguage, string>,
      text: { [language]: selected, [other]: selected } as Record<ReportLanguage, string>,
    });
  };

  const area = (s: Section, label: string, rows: number) => (
    <label className="rp-field">
      <span>{label}</span>
      <textarea
        ref={refs[s]}
        data-testid={`rp-${s}`}
        rows={rows}
        lang={language}
        readOnly={props.readOnly}
        value={content[s]}
        onFocus={() => setSection(s)}
        onChange={(e) => props.onChange({ ...content, [s]: e.target.value })}
      />
    </label>
  );

  return (
    <div className="rp-editor">
      <label className="rp-row">
        <span>{t('rp.template')}</span>
        <select data-testid="rp-template" disabled={props.readOnly} value="" onChange={(e) => applyTemplate(e.target.value)}>
          <option value="">{content.templateId ? (templateById(content.templateId)?.title[language] ?? t('rp.template.choose')) : t('rp.template.choose')}</option>
          {templates.map((x) => (
            <option key={x.id} value={x.id}>
              {x.title[language]}
            </option>
          ))}
        </select>
      </label>
      {area('findings', t('rp.findings'), 9)}
      {area('impression', t('rp.impression'), 5)}
      {!props.readOnly && (
        <details className="rp-card">
          <summary>
            {t('rp.phrases')} · {section === 'findings' ? t('rp.findings') : t('rp.impression')}
          </summary>
          <PhrasePicker
            kind={props.kind}
            section={section}
            language={language}
            mine={props.myPhrases}
            disabled={props.readOnly}
            onInsert={insert}
            onAdd={addPhrase}
            onDelete={props.onDeletePhrase}
          />
        </details>
      )}
    </div>
  );
}
