import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readWithDcmjs, toDicomJson } from '../../server/dicomweb/dicom/json.js';
import {
  measureGroup,
  medianGroup,
  readEcgFromDicomJson,
  readEcgFromPart10,
  recordedFilters,
  rhythmGroup,
  STANDARD_LEADS,
  suggestCriticalValues,
  type EcgMeasurements,
  type EcgRecord,
} from '../../shared/ecg/index.js';
import { dataFile } from '../harness/testdata.js';

/**
 * The real Mortara ELI 250 12-lead (DOMAIN.md §4.3) through the ECG core: reading, scaling against
 * pydicom (Debian python3-pydicom + numpy), the DICOM JSON path, and our measurements beside the
 * device's own (RR 982, PR 161, QRS 75, QT 368, QTc 370 ms, QRS axis 52°).
 */
const file = dataFile('ecg/waveform_ecg_12lead.dcm');
const bytes = new Uint8Array(fs.readFileSync(file));

// Debian's python3 has pydicom and numpy; a pyenv shim earlier on PATH may not.
const python = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

let record: EcgRecord;
let m: EcgMeasurements;
beforeAll(() => {
  record = readEcgFromPart10(bytes);
  const g = rhythmGroup(record);
  if (!g) throw new Error('no rhythm group');
  m = measureGroup(g);
});

const device = (key: string) => record.annotations.measurements.find((x) => x.key === key)?.value ?? NaN;

describe('Mortara 12-lead: reading', () => {
  it('finds both multiplex groups with the twelve leads named, 10 000 and 1 200 samples at 1000 Hz', () => {
    expect(record.isEcg).toBe(true);
    expect(record.groups.map((g) => [g.kind, g.sampleCount, g.samplingFrequency])).toEqual([
      ['rhythm', 10000, 1000],
      ['median', 1200, 1000],
    ]);
    for (const g of record.groups) expect(g.channels.map((c) => c.lead)).toEqual([...STANDARD_LEADS]);
    expect(rhythmGroup(record)?.channels[0].sensitivity).toBe(1.25);
    expect(medianGroup(record)?.label).toBe('MEDIAN BEAT');
  });

  it('scales to µV sanely: every lead has a QRS of 0.3–3 mV peak to peak', () => {
    for (const c of rhythmGroup(record)?.channels ?? []) {
      const ptp = (Math.max(...c.values) - Math.min(...c.values)) / 1000;
      expect(ptp, c.label).toBeGreaterThan(0.3);
      expect(ptp, c.label).toBeLessThan(3);
    }
  });

  it('equals pydicom’s decoded waveform to the microvolt, every sample of both groups', () => {
    // pydicom 2.3 computes (raw + baseline) × sensitivity × correction; the standard (and we) add the
    // baseline after scaling. Every channel here has baseline 0, so both must agree exactly.
    for (const g of record.groups) for (const c of g.channels) expect(c.baseline).toBe(0);
    const script = [
      'import sys, json, pydicom',
      'ds = pydicom.dcmread(sys.argv[1])',
      'out = []',
      'for i in range(len(ds.WaveformSequence)):',
      '    a = ds.waveform_array(i)',
      '    out.append([[round(float(v), 6) for v in a[:, c]] for c in range(a.shape[1])])',
      'print(json.dumps(out))',
    ].join('\n');
    const ref = JSON.parse(execFileSync(python, ['-c', script, file], { maxBuffer: 64 << 20 }).toString()) as number[][][];
    expect(ref).toHaveLength(record.groups.length);
    record.groups.forEach((g, gi) =>
      g.channels.forEach((c, ci) => {
        expect(ref[gi][ci]).toHaveLength(c.values.length);
        let worst = 0;
        for (let s = 0; s < c.values.length; s++) worst = Math.max(worst, Math.abs(c.values[s] - ref[gi][ci][s]));
        expect(worst, `group ${gi} ${c.label}`).toBeLessThan(1e-3);
      }),
    );
  });

  it('the DICOM JSON path with WaveformData fetched as bulk data gives the same values as Part-10', () => {
    const read = readWithDcmjs(bytes);
    const uris: string[] = [];
    const json = toDicomJson(read.dict, (path) => {
      uris.push(path);
      return `https://hub.example/bulkdata/${path}`;
    });
    const seq = (read.dict['54000100'] as { Value: Record<string, { Value: ArrayBuffer[] }>[] }).Value;
    const bulk = seq.map((item) => new Uint8Array(item['54001010'].Value[0]));
    expect(uris).toEqual(expect.arrayContaining(['54000100/0/54001010', '54000100/1/54001010']));
    const viaJson = readEcgFromDicomJson(json as Parameters<typeof readEcgFromDicomJson>[0], { waveformData: bulk });
    viaJson.groups.forEach((g, gi) => g.channels.forEach((c, ci) => expect(Array.from(c.values)).toEqual(Array.from(record.groups[gi].channels[ci].values))));
    expect(viaJson.annotations.measurements.length).toBe(record.annotations.measurements.length);
  });

  it('reports the recorded filters: 0.05–300 Hz on the rhythm leads; the median group is not uniform (channel 1 lacks them)', () => {
    const rhythm = rhythmGroup(record);
    const median = medianGroup(record);
    if (!rhythm || !median) throw new Error('groups missing');
    expect(recordedFilters(rhythm)).toMatchObject({ lowHz: 0.05, highHz: 300, uniform: true });
    expect(median.channels[0].filterLowHz).toBeNull();
    expect(recordedFilters(median).uniform).toBe(false);
  });

  it('reads the device statements and measurements from WaveformAnnotationSequence', () => {
    expect(record.annotations.statements).toContain('RITMO SINUSALE');
    expect([device('rr'), device('pr'), device('qrs'), device('qt'), device('qtc'), device('qrsAxis')]).toEqual([982, 161, 75, 368, 370, 52]);
    expect(record.annotations.fiducials.length).toBeGreaterThan(10);
  });
});

describe('Mortara 12-lead: our measurements beside the device’s', () => {
  it('heart rate 61/min within 2/min of the device RR, consistent with our RR', () => {
    expect(m.heartRateBpm).not.toBeNull();
    expect(Math.abs((m.heartRateBpm ?? 0) - 60000 / device('rr'))).toBeLessThan(2);
    expect(Math.abs((m.rr?.meanMs ?? 0) - device('rr'))).toBeLessThan(20);
    expect(m.heartRateBpm).toBeCloseTo(60000 / (m.rr?.meanMs ?? 1), 9);
    expect(m.regularity).toBe('regular');
  });

  it('QRS, PR, QT and axis near the device; QTc 350–480 ms by both formulas', () => {
    expect(Math.abs((m.qrsMs ?? 0) - device('qrs'))).toBeLessThanOrEqual(10);
    expect(Math.abs((m.prMs ?? 0) - device('pr'))).toBeLessThanOrEqual(25);
    expect(Math.abs((m.qtMs ?? 0) - device('qt'))).toBeLessThanOrEqual(25);
    expect(Math.abs((m.qrsAxisDeg ?? 999) - device('qrsAxis'))).toBeLessThanOrEqual(10);
    for (const v of [m.qtc?.bazettMs, m.qtc?.fridericiaMs]) {
      expect(v).toBeGreaterThanOrEqual(350);
      expect(v).toBeLessThanOrEqual(480);
    }
    expect(Math.abs((m.qtc?.bazettMs ?? 0) - device('qtc'))).toBeLessThanOrEqual(25);
  });

  it('a normal ECG raises no catalogue hint', () => {
    expect(suggestCriticalValues(m)).toEqual([]);
  });
});
