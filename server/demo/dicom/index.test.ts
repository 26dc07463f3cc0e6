import { describe, expect, it } from 'vitest';
import { DEMO_SITES } from '../accounts.js';
import { demoInstance, demoStudies } from './index.js';
import { readPart10 } from './part10.js';

describe('demoStudies()', () => {
  const studies = demoStudies();

  it('offers a CT, a DX and four ECG studies from the two township sites', () => {
    expect(studies.map((s) => s.modality).sort()).toEqual(['CT', 'DX', 'ECG', 'ECG', 'ECG', 'ECG']);
    expect(new Set(studies.map((s) => s.siteCode))).toEqual(new Set(['QSX-DPZ', 'QSX-XHX']));
    expect(new Set(studies.map((s) => s.key)).size).toBe(studies.length);
    expect(studies.find((s) => s.modality === 'CT')!.instanceCount).toBeGreaterThanOrEqual(120);
  });

  it('gives valid, unique and stable UIDs', () => {
    const again = demoStudies();
    for (const [i, s] of studies.entries()) {
      expect(s.studyInstanceUid).toMatch(/^2\.25\.(0|[1-9]\d*)$/);
      expect(s.studyInstanceUid.length).toBeLessThanOrEqual(64);
      expect(again[i].studyInstanceUid).toBe(s.studyInstanceUid);
    }
    expect(new Set(studies.map((s) => s.studyInstanceUid)).size).toBe(studies.length);
  });

  it('attaches a zh-CN exam request with urgency to every study', () => {
    for (const s of studies) {
      expect(['stat', 'urgent', 'routine']).toContain(s.request.urgency);
      for (const text of [s.request.clinicalHistory, s.request.examRequested, s.request.orderingClinician]) expect(text).toMatch(/[\u4e00-\u9fff]/);
      expect(s.request.contactPhone).toMatch(/^[0-9-]{7,}$/);
    }
    expect(studies.filter((s) => s.request.urgency === 'stat').length).toBeGreaterThan(0);
  });

  it('writes Chinese names in ISO_IR 192 with pinyin and 汉字 components, and the site as institution', () => {
    for (const s of studies.filter((x) => x.modality !== 'CT')) {
      const [bytes] = [...s.instances()];
      const ds = readPart10(bytes);
      expect(ds.SpecificCharacterSet).toBe('ISO_IR 192');
      const [name] = ds.PatientName as Array<{ Alphabetic: string; Ideographic: string }>;
      expect(`${name.Alphabetic}=${name.Ideographic}`).toBe(s.patientName);
      expect(name.Ideographic).toMatch(/^[\u4e00-\u9fff]+\^[\u4e00-\u9fff]+$/);
      expect(ds.PatientID).toBe(s.patientId);
      expect(ds.StudyInstanceUID).toBe(s.studyInstanceUid);
      expect(ds.InstitutionName).toBe(DEMO_SITES.find((x) => x.code === s.siteCode)!.name);
      expect(['M', 'F']).toContain(ds.PatientSex);
      expect(ds.PatientBirthDate).toMatch(/^(19|20)\d{6}$/);
    }
  });

  it('produces identical bytes on a second run (ECG)', () => {
    expect(Buffer.compare(Buffer.from(demoInstance('ecg-vt', 0)), Buffer.from(demoInstance('ecg-vt', 0)))).toBe(0);
  });

  it('rejects unknown studies and out-of-range instances with a clear error', () => {
    expect(() => demoInstance('nope', 0)).toThrow(/unknown demo study/);
    expect(() => demoInstance('dx-chest', 1)).toThrow(RangeError);
  });
});
