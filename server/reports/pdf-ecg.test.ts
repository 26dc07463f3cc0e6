import { describe, expect, it } from 'vitest';
import { readEcgFromPart10, rhythmGroup } from '../../shared/ecg/index.js';
import { demoInstance } from '../demo/dicom/index.js';
import type { SignedDocument } from './document.js';
import { ecgPrintStatement, PT_PER_MM, singlePart } from './pdf-ecg.js';
import { renderReportPdf } from './pdf.js';

const study: SignedDocument['study'] = {
  studyInstanceUid: '1.2.3',
  attrs: {},
  patientId: 'XHX0200733',
  patientName: 'Liu^Guilan',
  patientNameIdeographic: '刘^桂兰',
  patientSex: 'F',
  patientBirthDate: '19500412',
  studyDate: '20261120',
  studyTime: null,
  accessionNumber: 'A1',
  studyDescription: '12导联心电图',
  modalities: ['ECG'],
  requestingSite: '西河乡卫生院',
  examRequested: null,
  clinicalHistory: null,
  orderingClinician: null,
  evidence: [],
};
const doc = (ecg: SignedDocument['ecg']): SignedDocument => ({
  reportId: 'r1',
  number: 1,
  status: 'preliminary',
  kind: 'ecg',
  language: 'zh-CN',
  findings: '窦性心律，心率 78 次/分。',
  impression: '1. 窦性心律',
  keyImages: [],
  measurements: [],
  author: { name: '张敏', username: 'ecg1', at: new Date('2026-11-20T08:00:00Z'), organisation: '青山县人民医院' },
  verifier: null,
  amendment: null,
  predecessor: null,
  study,
  keyPictures: [],
  criticalAlerts: [],
  ecg,
});

/** Page boxes as pdfkit writes them (page dictionaries stay uncompressed). */
const mediaBoxes = (pdf: Uint8Array) => [...Buffer.from(pdf).toString('latin1').matchAll(/\/MediaBox \[([\d. ]+)\]/g)].map((m) => m[1].split(' ').map(Number));

describe('ECG page of the report PDF', () => {
  it('an ECG report gets a second page, A4 landscape; without a waveform there is none', async () => {
    const ecg = readEcgFromPart10(demoInstance('ecg-inferior-stemi', 0));
    expect(mediaBoxes(await renderReportPdf(doc(ecg)))).toEqual([
      [0, 0, 595.28, 841.89],
      [0, 0, 841.89, 595.28],
    ]);
    expect(mediaBoxes(await renderReportPdf(doc(null)))).toEqual([[0, 0, 595.28, 841.89]]);
  });

  it('states speed, both gains, no display filter and the device band; 1 mm is 72/25.4 pt', () => {
    const group = rhythmGroup(readEcgFromPart10(demoInstance('ecg-inferior-stemi', 0)))!;
    expect(ecgPrintStatement(group)).toMatch(/^25 mm\/s · 肢体 10 mm\/mV · 胸导 10 mm\/mV · 显示滤波：无（原始信号）.* · 请按 100% 实际大小打印/);
    expect(297 * PT_PER_MM).toBeCloseTo(841.89, 1);
    expect(ecgPrintStatement(group, 'en')).toMatch(/^25 mm\/s · limb 10 mm\/mV · chest 10 mm\/mV · display filters: none \(as recorded\).* · print at 100 % actual size/);
    expect(ecgPrintStatement(group, 'en')).not.toMatch(/[\u3400-\u9fff]/);
  });
});

describe('WADO-RS instance answer', () => {
  it('takes the one part out of multipart/related, boundary quoted or not', () => {
    const body = Buffer.from('--b1\r\nContent-Type: application/dicom\r\n\r\nDICM\r\n--x\r\n--b1--\r\n');
    expect(Buffer.from(singlePart(body, 'multipart/related; type="application/dicom"; boundary=b1')!).toString()).toBe('DICM\r\n--x');
    expect(Buffer.from(singlePart(body, 'multipart/related; boundary="b1"; type="application/dicom"')!).toString()).toBe('DICM\r\n--x');
    expect(singlePart(body, 'application/dicom')).toBeNull();
    expect(singlePart(Buffer.from('--b1\r\nContent-Type: application/dicom\r\n\r\nDICM'), 'multipart/related; boundary=b1')).toBeNull();
  });
});
