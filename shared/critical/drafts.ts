import type { AcrCategory, CatalogueItem, CriticalDomain } from './types.js';

/**
 * Draft catalogues from DOMAIN.md §2.6 (version 1 of each domain, seeded into the hub's database).
 * All thresholds and deadlines are drafts to be verified by the alliance; supervisors publish new
 * versions through the API. Codes are stable and never reused.
 *
 * Deadlines by ACR category (minutes): Cat 1 notify 10 / acknowledge 15 / act 30 (the common
 * "notify in 10–15 min, act within 30 min" hospital policy); Cat 2 notify 60 / ack 120 / act 360.
 * Items listed as "1–2" take the more urgent category.
 */
const SLA: Record<AcrCategory, Pick<CatalogueItem, 'notifyMin' | 'ackMin' | 'actMin'>> = {
  1: { notifyMin: 10, ackMin: 15, actMin: 30 },
  2: { notifyMin: 60, ackMin: 120, actMin: 360 },
  3: { notifyMin: 24 * 60, ackMin: 3 * 24 * 60, actMin: 7 * 24 * 60 },
};

type Row = [code: string, zh: string, en: string, modalities: string[], criteria: string, cat: AcrCategory];

const CT_MR = ['CT', 'MR'];
const XR_CT = ['DX', 'CR', 'CT'];
const ALL = ['DX', 'CR', 'CT', 'MR', 'US'];

const RAD_SOURCE = 'Common hospital 危急值 template (unverified); DOMAIN.md §2.6';
const ECG_SOURCE = '《心电图危急值2017中国专家共识》 临床心电学杂志 2017;26(6):401-402 (unverified); DOMAIN.md §2.6';

const RADIOLOGY: Row[] = [
  ['RAD-CNS-01', '急性颅内出血/严重脑挫裂伤/蛛网膜下腔出血', 'Acute intracranial haemorrhage / severe cerebral contusion / subarachnoid haemorrhage', CT_MR, '幕上 >30 ml, 幕下 >10 ml', 1],
  ['RAD-CNS-02', '急性硬膜下/外血肿', 'Acute subdural / epidural haematoma', CT_MR, '>1 cm or mass effect', 1],
  ['RAD-CNS-03', '脑疝、急性脑积水', 'Brain herniation, acute hydrocephalus', CT_MR, 'midline shift ≥10 mm (some lists)', 1],
  ['RAD-CNS-04', '急性大面积脑梗死', 'Acute large-territory cerebral infarction', CT_MR, '≥1 lobe, whole brainstem or >2/3 MCA', 1],
  ['RAD-CNS-05', '复查出血/梗死加重', 'Haemorrhage or infarction enlarged on follow-up', CT_MR, '>15 % vs recent', 1],
  ['RAD-SPN-01', '脊柱骨折伴脱位/成角/压迫硬膜囊', 'Spinal fracture with dislocation / angulation / thecal sac compression', ['DX', 'CR', 'CT', 'MR'], '—', 1],
  ['RAD-CHE-01', '气管/支气管异物', 'Tracheal / bronchial foreign body', XR_CT, '—', 1],
  ['RAD-CHE-02', '张力性气胸/大量液气胸', 'Tension pneumothorax / large hydropneumothorax', XR_CT, 'e.g. lung compressed ≥50 %', 1],
  ['RAD-CHE-03', '肺栓塞/肺梗死', 'Pulmonary embolism / pulmonary infarction', ['CT'], 'CTPA: central/main PA', 1],
  ['RAD-CVS-01', '急性主动脉夹层/壁间血肿/动脉瘤破裂', 'Acute aortic dissection / intramural haematoma / ruptured aneurysm', ['CT', 'MR', 'US'], '—', 1],
  ['RAD-CVS-02', '心包填塞、纵隔摆动', 'Cardiac tamponade, mediastinal flutter', ['DX', 'CR', 'CT', 'US'], '—', 1],
  ['RAD-CVS-03', '肠系膜血管血栓、急性假性动脉瘤', 'Mesenteric vascular thrombosis, acute pseudoaneurysm', ['CT', 'MR', 'US'], '—', 1],
  ['RAD-ABD-01', '消化道穿孔', 'Gastrointestinal perforation', ['DX', 'CR', 'CT'], '膈下游离气体 (free subdiaphragmatic air)', 1],
  ['RAD-ABD-02', '急性肠梗阻', 'Acute bowel obstruction', ALL, '绞窄, 肠套叠 (strangulation, intussusception); ACR 1–2', 1],
  ['RAD-ABD-03', '急性出血坏死性胰腺炎', 'Acute haemorrhagic necrotising pancreatitis', ['CT', 'MR', 'US'], '—', 2],
  ['RAD-ABD-04', '急性胆道梗阻', 'Acute biliary obstruction', ['CT', 'MR', 'US'], '—', 2],
  ['RAD-ABD-05', '实质脏器破裂出血', 'Solid-organ rupture with haemorrhage', ['CT', 'MR', 'US'], '—', 1],
  ['RAD-ABD-06', '膈疝', 'Diaphragmatic hernia', XR_CT, 'ACR 1–2', 1],
  ['RAD-FAC-01', '眼内/眶内异物、眼球破裂、严重颌面/颅底骨折', 'Intraocular / intraorbital foreign body, globe rupture, severe maxillofacial / skull-base fracture', XR_CT, 'ACR 1–2', 1],
];

const ECG: Row[] = [
  ['ECG-ACS-01', '首次发现疑似急性心肌梗死', 'Suspected acute myocardial infarction, first found', ['ECG'], 'ST elevation (provincial: limb and V4–V6 ≥0.1 mV, V1–V3 ≥0.3 mV)', 1],
  ['ECG-ACS-02', '首次发现疑似急性心肌缺血', 'Suspected acute myocardial ischaemia, first found', ['ECG'], 'dynamic ST-T', 1],
  ['ECG-ACS-03', '再发急性心肌梗死', 'Recurrent acute myocardial infarction', ['ECG'], 'vs prior ECG', 1],
  ['ECG-TACHY-01', '心室扑动/颤动', 'Ventricular flutter / fibrillation', ['ECG'], 'any', 1],
  ['ECG-TACHY-02', '室性心动过速', 'Ventricular tachycardia', ['ECG'], '≥150/min ≥30 s, or haemodynamic compromise', 1],
  ['ECG-TACHY-03', '尖端扭转型/多形性/双向性室速', 'Torsades de pointes / polymorphic / bidirectional VT', ['ECG'], 'any', 1],
  ['ECG-TACHY-04', '室上性心动过速', 'Supraventricular tachycardia', ['ECG'], '≥200/min', 1],
  ['ECG-TACHY-05', '房颤伴心室预激', 'Atrial fibrillation with ventricular pre-excitation', ['ECG'], 'shortest RR ≤250 ms', 1],
  ['ECG-BRADY-01', '严重心动过缓、高度及三度房室阻滞', 'Severe bradycardia, high-grade and third-degree AV block', ['ECG'], '≤35/min', 1],
  ['ECG-BRADY-02', '长RR间期', 'Long RR interval', ['ECG'], '≥3.0 s with symptoms, ≥5.0 s without', 1],
  ['ECG-OTH-01', '提示严重低钾', 'Suggests severe hypokalaemia', ['ECG'], 'QT(U) prolongation + tachyarrhythmia', 1],
  ['ECG-OTH-02', '提示严重高钾', 'Suggests severe hyperkalaemia', ['ECG'], 'sinoventricular conduction', 1],
  ['ECG-OTH-03', '疑似急性肺栓塞', 'Suspected acute pulmonary embolism', ['ECG'], 'ECG + clinical', 1],
  ['ECG-OTH-04', 'QT延长', 'QT prolongation', ['ECG'], 'QTc ≥550 ms', 1],
  ['ECG-OTH-05', '显性T波电交替', 'Overt T-wave alternans', ['ECG'], 'any', 1],
  ['ECG-OTH-06', 'R on T室早', 'R-on-T premature ventricular complexes', ['ECG'], 'any', 1],
];

const toItems = (domain: CriticalDomain, rows: Row[], source: string): CatalogueItem[] =>
  rows.map(([code, zh, en, modalities, criteria, cat]) => ({ code, domain, zh, en, modalities, criteria, acrCategory: cat, ...SLA[cat], source }));

export const DRAFT_CATALOGUES: Record<CriticalDomain, CatalogueItem[]> = {
  radiology: toItems('radiology', RADIOLOGY, RAD_SOURCE),
  ecg: toItems('ecg', ECG, ECG_SOURCE),
};
