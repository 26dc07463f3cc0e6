import { describe, expect, it } from 'vitest';
import type { Measurement } from '../../shared/api/reports.js';
import type { SignedDocument } from './document.js';
import { measurementTable } from './pdf-table.js';

const image = { seriesInstanceUid: '1.2.3.1', sopInstanceUid: '1.2.3.1.73', sopClassUid: '1.2.840.10008.5.1.4.1.1.2', frame: 1 };
const doc = (over: Partial<SignedDocument>): SignedDocument => ({
  reportId: 'r1',
  number: 1,
  status: 'preliminary',
  kind: 'imaging',
  language: 'zh-CN',
  findings: '',
  impression: '',
  keyImages: [],
  measurements: [],
  author: { name: '王磊', username: 'rad1', at: new Date('2026-11-20T08:00:00Z'), organisation: '青山县人民医院' },
  verifier: null,
  amendment: null,
  predecessor: null,
  study: {
    studyInstanceUid: '1.2.3', attrs: {}, patientId: 'P1', patientName: null, patientNameIdeographic: null, patientSex: null, patientBirthDate: null, studyDate: null,
    studyTime: null, accessionNumber: null, studyDescription: null, modalities: ['CT'], requestingSite: null, examRequested: null, clinicalHistory: null, orderingClinician: null,
    evidence: [{ seriesUid: image.seriesInstanceUid, sopClassUid: image.sopClassUid, sopUid: image.sopInstanceUid, frames: 1, seriesNumber: 2, instanceNumber: 73 }],
  },
  keyPictures: [],
  criticalAlerts: [],
  ...over,
});
const m = (over: Partial<Measurement>): Measurement => ({ id: 'a', tool: 'length', image, points: [[0, 0], [1, 1]], values: {}, lengthUnit: 'mm', valueUnit: 'HU', spacing: 'PixelSpacing', ...over });

describe('measurement table of the report PDF', () => {
  it('none without measurements (imaging) or accepted values (ECG)', () => {
    expect(measurementTable(doc({}))).toBeNull();
    expect(measurementTable(doc({ kind: 'ecg', findings: '窦性心律，心率 {HR} 次/分。' }))).toBeNull();
  });

  it('one row per value with unit and series/image; ROIs give statistics and area; non-PixelSpacing lengths are footnoted', () => {
    const t = measurementTable(doc({
      measurements: [
        m({ id: 'n', values: { length: 8.04 } }),
        m({ id: 'e', tool: 'ellipse', values: { mean: 41.46, sd: 11.2, min: 3, max: 80, area: 50.3 } }),
        m({ id: 'd', values: { length: 120 }, spacing: 'ImagerPixelSpacing', image: { ...image, sopInstanceUid: '9.9' } }),
        m({ id: 'a', tool: 'arrow', text: '结节' }),
      ],
    }))!;
    expect(t.heading).toBe('测量值：');
    expect(t.columns).toEqual(['名称', '数值', '单位', '序列/图像']);
    expect(t.rows).toEqual([
      ['长度 #1', '8.0', 'mm', '序列 2 / 图像 73'],
      ['椭圆ROI #2', '平均 41.5，标准差 11.2，最小 3，最大 80', 'HU', '序列 2 / 图像 73'],
      ['椭圆ROI #2 面积', '50.3', 'mm²', '序列 2 / 图像 73'],
      ['长度 #3', '120.0', 'mm*', '序列 — / 图像 —'],
      ['箭头标注 #4', '结节', '', '序列 2 / 图像 73'],
    ]);
    expect(t.footnotes).toEqual(['* 按探测器像素间距，未校正放大']);
  });

  it('ECG: the accepted intervals from the signed text, QTc with its formula, in the report language', () => {
    const t = measurementTable(doc({ kind: 'ecg', language: 'en', findings: 'Measurements: heart rate 61 bpm, PR 150 ms, QRS 88 ms, QT/QTc (Fridericia) 400/405 ms, QRS axis 30°.' }))!;
    expect(t.columns[0]).toBe('Name');
    expect(t.rows).toEqual([
      ['Heart rate', '61', 'bpm', 'ECG'],
      ['PR interval', '150', 'ms', 'ECG'],
      ['QRS duration', '88', 'ms', 'ECG'],
      ['QT interval', '400', 'ms', 'ECG'],
      ['QTc (Fridericia)', '405', 'ms', 'ECG'],
      ['QRS axis', '30', '°', 'ECG'],
    ]);
  });
});
