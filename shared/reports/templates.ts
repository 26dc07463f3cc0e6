import type { TaskKind } from '../domain/worklist.js';
import type { ReportLanguage } from './status.js';

/**
 * Report templates per exam type: default 检查所见 / 诊断意见 text (normal study) in zh-CN and en.
 * The reader edits from here; the hub stores which template a report started from.
 */
export interface ReportTemplate {
  id: string;
  kind: TaskKind;
  /** Modalities and body-part words that suggest this template (first match wins). */
  modalities: readonly string[];
  bodyParts: readonly string[];
  title: Record<ReportLanguage, string>;
  findings: Record<ReportLanguage, string>;
  impression: Record<ReportLanguage, string>;
}

export const REPORT_TEMPLATES: readonly ReportTemplate[] = [
  {
    id: 'dr-chest',
    kind: 'imaging',
    modalities: ['DX', 'CR', 'DR'],
    bodyParts: ['CHEST', '胸'],
    title: { 'zh-CN': '胸部正位片（DR）', en: 'Chest radiograph (DR)' },
    findings: {
      'zh-CN': '胸廓对称，气管居中。双肺纹理清晰，走行自然，双肺野未见明确实变及结节影。双肺门不大。心影大小、形态未见异常。双侧膈面光整，肋膈角锐利。所见骨质未见明显异常。',
      en: 'The thorax is symmetric and the trachea midline. Lung markings are clear; no consolidation or nodule is seen. Hila are not enlarged. Heart size and shape are normal. Both hemidiaphragms are smooth and the costophrenic angles sharp. Visible bones are unremarkable.',
    },
    impression: { 'zh-CN': '心、肺、膈未见明显异常。', en: 'No abnormality of the heart, lungs or diaphragm.' },
  },
  {
    id: 'dr-extremity',
    kind: 'imaging',
    modalities: ['DX', 'CR', 'DR'],
    bodyParts: ['HAND', 'WRIST', 'ARM', 'ELBOW', 'SHOULDER', 'KNEE', 'LEG', 'ANKLE', 'FOOT', 'HIP', 'EXTREMITY', '肢', '手', '腕', '膝', '踝', '足'],
    title: { 'zh-CN': '四肢正侧位片（DR）', en: 'Extremity radiograph (DR)' },
    findings: {
      'zh-CN': '所摄骨骨质连续，未见明确骨折线及骨质破坏。关节面光整，关节间隙未见狭窄。周围软组织未见明显肿胀。',
      en: 'The imaged bones are continuous with no fracture line or bone destruction. Joint surfaces are smooth and joint spaces preserved. No soft-tissue swelling.',
    },
    impression: { 'zh-CN': '所摄部位骨质未见明显异常。', en: 'No bony abnormality of the imaged region.' },
  },
  {
    id: 'ct-head',
    kind: 'imaging',
    modalities: ['CT'],
    bodyParts: ['HEAD', 'BRAIN', '颅', '头'],
    title: { 'zh-CN': '头颅CT平扫', en: 'CT head without contrast' },
    findings: {
      'zh-CN': '脑实质密度均匀，灰白质分界清楚，未见异常密度影。脑室系统大小、形态正常，脑沟、脑池未见增宽，中线结构居中。颅骨未见明确骨折。',
      en: 'Brain parenchyma is of uniform density with clear grey-white differentiation and no abnormal density. Ventricles are normal in size and shape; sulci and cisterns are not widened; midline structures are central. No skull fracture is seen.',
    },
    impression: { 'zh-CN': '颅脑CT平扫未见明显异常。', en: 'Normal non-contrast CT of the head.' },
  },
  {
    id: 'ct-chest',
    kind: 'imaging',
    modalities: ['CT'],
    bodyParts: ['CHEST', 'LUNG', 'THORAX', '胸', '肺'],
    title: { 'zh-CN': '胸部CT平扫', en: 'CT chest without contrast' },
    findings: {
      'zh-CN': '双肺纹理清晰，双肺野内未见明确实变、肿块及结节影。气管、支气管通畅。纵隔居中，纵隔内未见肿大淋巴结。心脏大小正常，心包未见积液。双侧胸腔未见积液。',
      en: 'Lung markings are clear; no consolidation, mass or nodule is seen. Trachea and bronchi are patent. The mediastinum is central without enlarged lymph nodes. The heart is normal in size with no pericardial effusion. No pleural effusion.',
    },
    impression: { 'zh-CN': '胸部CT平扫未见明显异常。', en: 'Normal non-contrast CT of the chest.' },
  },
  {
    id: 'ct-abdomen',
    kind: 'imaging',
    modalities: ['CT'],
    bodyParts: ['ABDOMEN', 'PELVIS', '腹', '盆'],
    title: { 'zh-CN': '腹部CT平扫', en: 'CT abdomen without contrast' },
    findings: {
      'zh-CN': '肝脏大小、形态正常，实质密度均匀，未见异常密度灶。胆囊不大，壁不厚。胰腺、脾脏形态、密度未见异常。双肾形态、大小正常，未见结石及积水。腹膜后未见肿大淋巴结。腹腔内未见积液及游离气体。',
      en: 'The liver is normal in size and shape with uniform density and no focal lesion. The gallbladder is not distended and its wall not thickened. Pancreas and spleen are unremarkable. Both kidneys are normal in size and shape without stones or hydronephrosis. No retroperitoneal lymphadenopathy. No ascites or free air.',
    },
    impression: { 'zh-CN': '腹部CT平扫未见明显异常。', en: 'Normal non-contrast CT of the abdomen.' },
  },
  {
    id: 'ecg-12lead',
    kind: 'ecg',
    modalities: ['ECG'],
    bodyParts: [],
    title: { 'zh-CN': '常规12导联心电图', en: '12-lead resting ECG' },
    findings: {
      'zh-CN': '窦性心律，心率 {HR} 次/分。P-R 间期 {PR} ms，QRS 时限 {QRS} ms，Q-T/QTc {QT}/{QTc} ms，QRS 电轴 {AXIS}°。各导联 ST 段未见明显偏移，T 波未见异常。',
      en: 'Sinus rhythm, heart rate {HR} bpm. PR {PR} ms, QRS {QRS} ms, QT/QTc {QT}/{QTc} ms, QRS axis {AXIS}°. No significant ST deviation; T waves normal.',
    },
    impression: { 'zh-CN': '1. 窦性心律\n2. 正常心电图', en: '1. Sinus rhythm\n2. Normal ECG' },
  },
];

export function templateById(id: string): ReportTemplate | undefined {
  return REPORT_TEMPLATES.find((t) => t.id === id);
}

/** The template to start from for a study (null when nothing fits: the reader chooses). */
export function suggestTemplate(kind: TaskKind, modalities: readonly string[], description: string | null): ReportTemplate | null {
  const candidates = REPORT_TEMPLATES.filter((t) => t.kind === kind && (kind === 'ecg' || t.modalities.some((m) => modalities.includes(m))));
  if (kind === 'ecg') return candidates[0] ?? null;
  const text = (description ?? '').toUpperCase();
  return candidates.find((t) => t.bodyParts.some((b) => text.includes(b.toUpperCase()))) ?? null;
}

/** Fills `{HR}`-style placeholders (ECG measurements); unknown ones stay visible for the reader to complete. */
export function fillPlaceholders(text: string, values: Readonly<Record<string, string | number>>): string {
  return text.replace(/\{([A-Za-z]+)\}/g, (m, k: string) => (values[k] !== undefined ? String(values[k]) : m));
}

/** Placeholders still unfilled (the client warns before signing). */
export function unfilledPlaceholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\{([A-Za-z]+)\}/g)].map((m) => m[1]))];
}
