import { describe, expect, it } from 'vitest';
import type { DicomJsonDataset } from './dicomJson.js';
import { filterRows, tagRows } from './tagList.js';

const dict = (tag: string) => ({ '(0010,0010)': 'PatientName', '(0008,1115)': 'ReferencedSeriesSequence', '(0020,000E)': 'SeriesInstanceUID' })[tag];
const ds: DicomJsonDataset = {
  '00100010': { vr: 'PN', Value: [{ Alphabetic: '<img src=x onerror=alert(1)>^Wei', Ideographic: '张^伟' }] },
  '00081115': { vr: 'SQ', Value: [{ '0020000E': { vr: 'UI', Value: ['1.2.3'] } }] },
  '00291010': { vr: 'OB', InlineBinary: 'AAAA' },
  '7FE00010': { vr: 'OW', BulkDataURI: 'http://hub/bulk' },
};

describe('DICOM tag browser rows', () => {
  it('flattens in tag order with keywords, sequences indented, binary summarised', () => {
    const rows = tagRows(ds, dict);
    expect(rows.map((r) => [r.tag, r.keyword, r.depth])).toEqual([
      ['(0008,1115)', 'ReferencedSeriesSequence', 0],
      ['(0020,000E)', 'SeriesInstanceUID', 1],
      ['(0010,0010)', 'PatientName', 0],
      ['(0029,1010)', 'Private', 0],
      ['(7FE0,0010)', '', 0],
    ]);
    expect(rows[3].value).toBe('[3 bytes]');
    expect(rows[4].value).toBe('[bulk data]');
  });

  it('keeps markup in a name as the literal text', () => {
    const name = tagRows(ds, dict).find((r) => r.keyword === 'PatientName');
    expect(name?.value).toBe('<img src=x onerror=alert(1)>^Wei=张^伟');
  });

  it('searches tag, keyword and value', () => {
    const rows = tagRows(ds, dict);
    expect(filterRows(rows, 'patientname').map((r) => r.tag)).toEqual(['(0010,0010)']);
    expect(filterRows(rows, '0010,0010')).toHaveLength(1);
    expect(filterRows(rows, '00100010')).toHaveLength(1);
    expect(filterRows(rows, '张')).toHaveLength(1);
    expect(filterRows(rows, '')).toHaveLength(rows.length);
  });
});
