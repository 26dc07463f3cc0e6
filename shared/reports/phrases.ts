import type { TaskKind } from '../domain/worklist.js';
import type { ReportLanguage } from './status.js';

/**
 * The phrase library: normal findings and common sentences, inserted with one action. Readers
 * extend it with their own phrases (kept per user by the client); built-ins have stable ids.
 */
export interface Phrase {
  id: string;
  kind: TaskKind;
  section: 'findings' | 'impression';
  /** Short label for the picker. */
  label: Record<ReportLanguage, string>;
  text: Record<ReportLanguage, string>;
}

const p = (id: string, kind: TaskKind, section: Phrase['section'], zl: string, el: string, zt: string, et: string): Phrase => ({
  id,
  kind,
  section,
  label: { 'zh-CN': zl, en: el },
  text: { 'zh-CN': zt, en: et },
});

export const BUILTIN_PHRASES: readonly Phrase[] = [
  p('lung-nodule', 'imaging', 'findings', '肺结节', 'Lung nodule', '{lobe}见一结节影，大小约 {size} mm，边界清楚。', 'A well-defined nodule of about {size} mm in the {lobe}.'),
  p('pleural-effusion', 'imaging', 'findings', '胸腔积液', 'Pleural effusion', '{side}侧胸腔见弧形液体密度影。', 'Crescentic fluid density in the {side} pleural space.'),
  p('no-fracture', 'imaging', 'findings', '未见骨折', 'No fracture', '所见骨质连续，未见明确骨折征象。', 'Bones are continuous with no sign of fracture.'),
  p('ich', 'imaging', 'findings', '脑出血', 'Intracerebral haemorrhage', '{site}见团片状高密度影，CT 值约 {hu} HU，周围见低密度水肿带。', 'A high-density focus in the {site}, about {hu} HU, with surrounding low-density oedema.'),
  p('follow-up-ct', 'imaging', 'impression', '建议随访', 'Follow-up', '建议 {months} 个月后复查胸部CT。', 'Follow-up chest CT in {months} months is recommended.'),
  p('compare-prior', 'imaging', 'impression', '建议对比', 'Compare prior', '建议结合临床及既往影像对比。', 'Correlation with clinical findings and prior imaging is recommended.'),
  p('not-excluded', 'imaging', 'impression', '不除外', 'Not excluded', '{finding}，不除外{differential}，请结合临床。', '{finding}; {differential} cannot be excluded. Clinical correlation advised.'),
  p('sinus-rhythm', 'ecg', 'impression', '窦性心律', 'Sinus rhythm', '窦性心律', 'Sinus rhythm'),
  p('af', 'ecg', 'impression', '心房颤动', 'Atrial fibrillation', '心房颤动（平均心室率 {rate} 次/分）', 'Atrial fibrillation (mean ventricular rate {rate} bpm)'),
  p('st-elevation', 'ecg', 'impression', 'ST段抬高', 'ST elevation', '{leads} 导联 ST 段抬高 {mm} mm，请结合临床排除急性心肌梗死', 'ST elevation of {mm} mm in {leads}; exclude acute myocardial infarction clinically'),
  p('normal-ecg', 'ecg', 'impression', '正常心电图', 'Normal ECG', '正常心电图', 'Normal ECG'),
];

/** Phrases for a section, user phrases first (their own wording wins), filtered by a search text. */
export function phrasesFor(kind: TaskKind, section: Phrase['section'], user: readonly Phrase[] = [], search = ''): Phrase[] {
  const q = search.trim().toLowerCase();
  const seen = new Set<string>();
  return [...user, ...BUILTIN_PHRASES].filter((ph) => {
    if (ph.kind !== kind || ph.section !== section || seen.has(ph.id)) return false;
    seen.add(ph.id);
    return !q || [ph.label['zh-CN'], ph.label.en, ph.text['zh-CN'], ph.text.en].some((s) => s.toLowerCase().includes(q));
  });
}

/**
 * Inserts a phrase at the caret: on its own line when the text before does not end a sentence, so
 * sentences never run together. Returns the new text and caret.
 */
export function insertPhrase(text: string, caret: number, phrase: string): { text: string; caret: number } {
  const at = Math.max(0, Math.min(caret, text.length));
  const before = text.slice(0, at);
  const sep = before === '' || /[\n。．.；;]\s*$/.test(before) ? '' : '\n';
  const inserted = sep + phrase;
  return { text: before + inserted + text.slice(at), caret: at + inserted.length };
}
