import { DEMO_SITES } from '../accounts.js';

/** What the township clinic asks the county reader to do (zh-CN, as a clinic would write it). */
export interface DemoExamRequest {
  clinicalHistory: string;
  examRequested: string;
  urgency: 'stat' | 'urgent' | 'routine';
  orderingClinician: string;
  contactPhone: string;
}

export type DemoSiteCode = 'QSX-DPZ' | 'QSX-XHX';

export interface DemoPatient {
  id: string;
  /** Pinyin, `Family^Given`, for the Alphabetic PN component. */
  alphabetic: string;
  /** 汉字, `姓^名`, for the Ideographic PN component. */
  ideographic: string;
  sex: 'M' | 'F';
  birthDate: string;
}

/** One study's identity; pixel or waveform content is chosen by `kind`. */
export interface DemoStudySpec {
  key: string;
  kind: 'ct-chest' | 'dx-chest' | 'ecg-nsr' | 'ecg-inferior-stemi' | 'ecg-vt' | 'ecg-chb';
  siteCode: DemoSiteCode;
  patient: DemoPatient;
  accessionNumber: string;
  studyId: string;
  /** Study date and time (local, China Standard Time +0800). */
  date: string;
  time: string;
  studyDescription: string;
  referringPhysician: { alphabetic: string; ideographic: string };
  request: DemoExamRequest;
}

export const DEMO_TIMEZONE_OFFSET = '+0800';

export function siteName(code: DemoSiteCode): string {
  const site = DEMO_SITES.find((s) => s.code === code);
  if (!site) throw new Error(`unknown demo site ${code}`);
  return site.name;
}

/** Dicom PN value with both components (ISO_IR 192 carries the 汉字 as UTF-8). */
export function personName(p: { alphabetic: string; ideographic: string }): Array<{ Alphabetic: string; Ideographic: string }> {
  return [{ Alphabetic: p.alphabetic, Ideographic: p.ideographic }];
}

export const DEMO_STUDY_SPECS: readonly DemoStudySpec[] = [
  {
    key: 'ct-chest',
    kind: 'ct-chest',
    siteCode: 'QSX-DPZ',
    patient: { id: 'DPZ0100231', alphabetic: 'Zhang^Wei', ideographic: '张^伟', sex: 'M', birthDate: '19620314' },
    accessionNumber: 'DPZ2611200001',
    studyId: 'CT0001',
    date: '20261120',
    time: '091512',
    studyDescription: '胸部CT增强',
    referringPhysician: { alphabetic: 'Sun^Hongmei', ideographic: '孙^红梅' },
    request: {
      clinicalHistory: '咳嗽、痰中带血2周，消瘦；吸烟40年，每日1包。',
      examRequested: '胸部CT平扫+增强',
      urgency: 'urgent',
      orderingClinician: '孙红梅',
      contactPhone: '0736-5120101',
    },
  },
  {
    key: 'dx-chest',
    kind: 'dx-chest',
    siteCode: 'QSX-XHX',
    patient: { id: 'XHX0200417', alphabetic: 'Li^Xiuying', ideographic: '李^秀英', sex: 'F', birthDate: '19550827' },
    accessionNumber: 'XHX2611200002',
    studyId: 'DX0001',
    date: '20261120',
    time: '102033',
    studyDescription: '胸部正位片',
    referringPhysician: { alphabetic: 'Zhou^Jun', ideographic: '周^军' },
    request: {
      clinicalHistory: '发热、咳嗽咳痰3天，体温38.6℃，右下肺可闻及湿啰音。',
      examRequested: '胸部正位X线摄影（后前位）',
      urgency: 'routine',
      orderingClinician: '周军',
      contactPhone: '0736-5230202',
    },
  },
  {
    key: 'ecg-nsr',
    kind: 'ecg-nsr',
    siteCode: 'QSX-DPZ',
    patient: { id: 'DPZ0100588', alphabetic: 'Wang^Jianguo', ideographic: '王^建国', sex: 'M', birthDate: '19680105' },
    accessionNumber: 'DPZ2611200003',
    studyId: 'ECG0001',
    date: '20261120',
    time: '083005',
    studyDescription: '常规十二导联心电图',
    referringPhysician: { alphabetic: 'Sun^Hongmei', ideographic: '孙^红梅' },
    request: {
      clinicalHistory: '高血压病5年，规律服药，无胸闷胸痛；年度体检。',
      examRequested: '常规十二导联心电图',
      urgency: 'routine',
      orderingClinician: '孙红梅',
      contactPhone: '0736-5120101',
    },
  },
  {
    key: 'ecg-inferior-stemi',
    kind: 'ecg-inferior-stemi',
    siteCode: 'QSX-XHX',
    patient: { id: 'XHX0200733', alphabetic: 'Liu^Guilan', ideographic: '刘^桂兰', sex: 'F', birthDate: '19500412' },
    accessionNumber: 'XHX2611200004',
    studyId: 'ECG0002',
    date: '20261120',
    time: '061847',
    studyDescription: '急诊十二导联心电图',
    referringPhysician: { alphabetic: 'Zhou^Jun', ideographic: '周^军' },
    request: {
      clinicalHistory: '突发胸骨后压榨样疼痛2小时，伴大汗、恶心；糖尿病史10年。',
      examRequested: '急诊十二导联心电图，请排除急性心肌梗死',
      urgency: 'stat',
      orderingClinician: '周军',
      contactPhone: '0736-5230202',
    },
  },
  {
    key: 'ecg-vt',
    kind: 'ecg-vt',
    siteCode: 'QSX-DPZ',
    patient: { id: 'DPZ0100912', alphabetic: 'Chen^Zhiqiang', ideographic: '陈^志强', sex: 'M', birthDate: '19710930' },
    accessionNumber: 'DPZ2611200005',
    studyId: 'ECG0003',
    date: '20261120',
    time: '142210',
    studyDescription: '急诊十二导联心电图',
    referringPhysician: { alphabetic: 'Sun^Hongmei', ideographic: '孙^红梅' },
    request: {
      clinicalHistory: '心悸、头晕1小时，血压90/60 mmHg；陈旧性心肌梗死病史。',
      examRequested: '急诊十二导联心电图',
      urgency: 'stat',
      orderingClinician: '孙红梅',
      contactPhone: '0736-5120101',
    },
  },
  {
    key: 'ecg-chb',
    kind: 'ecg-chb',
    siteCode: 'QSX-XHX',
    patient: { id: 'XHX0201056', alphabetic: 'Yang^Shuzhen', ideographic: '杨^淑珍', sex: 'F', birthDate: '19460218' },
    accessionNumber: 'XHX2611200006',
    studyId: 'ECG0004',
    date: '20261120',
    time: '155530',
    studyDescription: '十二导联心电图',
    referringPhysician: { alphabetic: 'Zhou^Jun', ideographic: '周^军' },
    request: {
      clinicalHistory: '反复头晕、黑矇1周，今日晕厥1次；脉搏约40次/分。',
      examRequested: '十二导联心电图',
      urgency: 'urgent',
      orderingClinician: '周军',
      contactPhone: '0736-5230202',
    },
  },
];
