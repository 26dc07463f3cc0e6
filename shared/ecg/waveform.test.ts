import { describe, expect, it } from 'vitest';
import { TAG, type DicomJsonAttribute, type DicomJsonDataset } from './dicomJson.js';
import { EcgError } from './errors.js';
import { readEcgFromDicomJson, rhythmGroup, medianGroup } from './waveform.js';

const str = (vr: string, ...v: (string | number)[]): DicomJsonAttribute => ({ vr, Value: v });
const seq = (...items: DicomJsonDataset[]): DicomJsonAttribute => ({ vr: 'SQ', Value: items });
const code = (value: string, scheme: string, meaning: string): DicomJsonDataset => ({
  [TAG.CodeValue]: str('SH', value),
  [TAG.CodingSchemeDesignator]: str('SH', scheme),
  [TAG.CodeMeaning]: str('LO', meaning),
});

function b64(bytes: Uint8Array): string {
  const a = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += a[(n >> 18) & 63] + a[(n >> 12) & 63] + (i + 1 < bytes.length ? a[(n >> 6) & 63] : '=') + (i + 2 < bytes.length ? a[n & 63] : '=');
  }
  return out;
}

interface ChannelSpec {
  source?: DicomJsonDataset;
  label?: string;
  unit?: string | null;
  sensitivity?: number | null;
  correction?: number;
  baseline?: number;
}

function group(o: {
  label?: string;
  bits: 8 | 16;
  interp: string;
  fs?: number;
  channels: ChannelSpec[];
  samples: number[][]; // [sample][channel]
  declared?: number;
  inline?: boolean;
  padding?: number;
}): DicomJsonDataset {
  const nCh = o.channels.length;
  const bytes = new Uint8Array(o.samples.length * nCh * (o.bits / 8));
  const view = new DataView(bytes.buffer);
  o.samples.forEach((row, s) =>
    row.forEach((v, c) => {
      const at = (s * nCh + c) * (o.bits / 8);
      if (o.bits === 16 && o.interp === 'US') view.setUint16(at, v, true);
      else if (o.bits === 16) view.setInt16(at, v, true);
      else if (o.interp === 'SB') view.setInt8(at, v);
      else view.setUint8(at, v);
    }),
  );
  const item: DicomJsonDataset = {
    [TAG.MultiplexGroupLabel]: str('SH', o.label ?? 'RHYTHM'),
    [TAG.NumberOfWaveformChannels]: str('US', o.declared ?? nCh),
    [TAG.NumberOfWaveformSamples]: str('UL', o.samples.length),
    [TAG.SamplingFrequency]: str('DS', String(o.fs ?? 500)),
    [TAG.WaveformBitsAllocated]: str('US', o.bits),
    [TAG.WaveformSampleInterpretation]: str('CS', o.interp),
    [TAG.ChannelDefinitionSequence]: seq(
      ...o.channels.map((c) => {
        const d: DicomJsonDataset = {};
        if (c.source) d[TAG.ChannelSourceSequence] = seq(c.source);
        if (c.label) d[TAG.ChannelLabel] = str('SH', c.label);
        if (c.sensitivity !== null) d[TAG.ChannelSensitivity] = str('DS', String(c.sensitivity ?? 1));
        if (c.unit !== null) d[TAG.ChannelSensitivityUnitsSequence] = seq(code(c.unit ?? 'uV', 'UCUM', c.unit ?? 'uV'));
        if (c.correction !== undefined) d[TAG.ChannelSensitivityCorrectionFactor] = str('DS', String(c.correction));
        if (c.baseline !== undefined) d[TAG.ChannelBaseline] = str('DS', String(c.baseline));
        return d;
      }),
    ),
  };
  if (o.inline !== false) item[TAG.WaveformData] = { vr: 'OW', InlineBinary: b64(bytes) };
  else item[TAG.WaveformData] = { vr: 'OW', BulkDataURI: 'https://hub.example/bulk/1' };
  if (o.padding !== undefined) {
    const p = new Uint8Array(2);
    new DataView(p.buffer).setInt16(0, o.padding, true);
    item[TAG.WaveformPaddingValue] = { vr: 'OW', InlineBinary: b64(p) };
  }
  return item;
}

const dataset = (...groups: DicomJsonDataset[]): DicomJsonDataset => ({
  [TAG.SOPClassUID]: str('UI', '1.2.840.10008.5.1.4.1.1.9.1.2'),
  [TAG.WaveformSequence]: seq(...groups),
});

const lead = (n: string) => code(n, 'MDC', 'x');

describe('readEcgFromDicomJson', () => {
  it('applies raw × sensitivity × correction + baseline in the file unit, then converts mV to µV', () => {
    const rec = readEcgFromDicomJson(
      dataset(group({ bits: 16, interp: 'SS', channels: [{ source: lead('2:1'), unit: 'mV', sensitivity: 0.005, correction: 0.9, baseline: 0.05 }], samples: [[0], [100], [-200]] })),
    );
    const ch = rec.groups[0].channels[0];
    expect(ch.lead).toBe('I');
    expect(ch.unit).toBe('uV');
    expect(ch.fileUnit).toBe('mV');
    // (100 × 0.005 × 0.9 + 0.05) mV = 0.5 mV
    expect(Array.from(ch.values)).toEqual([50, 500, -850].map((v) => expect.closeTo(v, 9)));
    expect(rec.isEcg).toBe(true);
  });

  it('reads 8-bit signed samples with a big sensitivity, and V (volts)', () => {
    const rec = readEcgFromDicomJson(
      dataset(group({ bits: 8, interp: 'SB', channels: [{ source: lead('2:2'), unit: 'uV', sensitivity: 40 }, { label: 'V1', unit: 'V', sensitivity: 1e-5 }], samples: [[-128, 10], [127, -3]] })),
    );
    const [ii, v1] = rec.groups[0].channels;
    expect(Array.from(ii.values)).toEqual([-5120, 5080]);
    expect(v1.lead).toBe('V1');
    expect(Array.from(v1.values)).toEqual([100, -30].map((v) => expect.closeTo(v, 9)));
  });

  it('reads unsigned 8- and 16-bit samples (UB, US)', () => {
    const ub = readEcgFromDicomJson(dataset(group({ bits: 8, interp: 'UB', channels: [{ label: 'II', baseline: -128 }], samples: [[0], [255]] })));
    expect(Array.from(ub.groups[0].channels[0].values)).toEqual([-128, 127]);
    const us = readEcgFromDicomJson(dataset(group({ bits: 16, interp: 'US', channels: [{ label: 'II', sensitivity: 2 }], samples: [[65535]] })));
    expect(us.groups[0].channels[0].values[0]).toBe(131070);
  });

  it('de-interleaves channels and names leads from MDC, SCP-ECG, 11073 and text forms', () => {
    const rec = readEcgFromDicomJson(
      dataset(
        group({
          bits: 16,
          interp: 'SS',
          channels: [
            { source: lead('2:61') },
            { source: code('5.6.3-9-62', 'SCPECG', 'Lead aVR') },
            { source: code('131135', 'MDC', 'MDC_ECG_LEAD_aVL') },
            { source: code('X-99', 'LOCAL', 'Lead aVF (Goldberger)') },
            { label: 'Lead V6' },
            { source: code('5.6.3-9-65', 'SCPECG', '-aVR'), label: '-aVR' },
          ],
          samples: [
            [1, 2, 3, 4, 5, 6],
            [11, 12, 13, 14, 15, 16],
          ],
        }),
      ),
    );
    const chs = rec.groups[0].channels;
    expect(chs.map((c) => c.lead)).toEqual(['III', 'aVR', 'aVL', 'aVF', 'V6', null]);
    expect(chs[5].label).toBe('-aVR');
    expect(chs.map((c) => c.values[1])).toEqual([11, 12, 13, 14, 15, 16]);
  });

  it('reads every multiplex group (rhythm and median) and takes bulk bytes supplied separately', () => {
    const rhythm = group({ bits: 16, interp: 'SS', channels: [{ label: 'I' }], samples: [[1], [2], [3]], inline: false });
    const medianItem = group({ label: 'MEDIAN BEAT', bits: 16, interp: 'SS', channels: [{ label: 'I' }], samples: [[7]] });
    const bulk = new Uint8Array([5, 0, 6, 0, 7, 0]);
    const rec = readEcgFromDicomJson(dataset(rhythm, medianItem), { waveformData: [bulk] });
    expect(rec.groups.map((g) => g.kind)).toEqual(['rhythm', 'median']);
    expect(Array.from(rhythmGroup(rec)?.channels[0].values ?? [])).toEqual([5, 6, 7]);
    expect(medianGroup(rec)?.channels[0].values[0]).toBe(7);
  });

  it('turns WaveformPaddingValue samples into NaN gaps', () => {
    const rec = readEcgFromDicomJson(dataset(group({ bits: 16, interp: 'SS', channels: [{ label: 'I' }], samples: [[1], [-32768], [3]], padding: -32768 })));
    expect(Number.isNaN(rec.groups[0].channels[0].values[1])).toBe(true);
    expect(rec.groups[0].paddedSamples).toBe(1);
  });

  it('decides ECG-ness by content: a pressure-only group is not an ECG, its unit is kept', () => {
    const rec = readEcgFromDicomJson(dataset(group({ bits: 16, interp: 'SS', channels: [{ label: 'ART', unit: 'mm[Hg]' }], samples: [[120]] })));
    expect(rec.isEcg).toBe(false);
    expect(rec.groups[0].channels[0].unit).toBe('mm[Hg]');
  });

  const fails = (ds: DicomJsonDataset, code: string, opts = {}) => {
    let err: unknown;
    try {
      readEcgFromDicomJson(ds, opts);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(EcgError);
    expect((err as EcgError).code).toBe(code);
    expect((err as EcgError).localized('zh-CN')).toMatch(/[\u4e00-\u9fff]/);
    expect((err as EcgError).localized('en')).not.toMatch(/\{\w+\}/);
    return err as EcgError;
  };

  it('throws typed, localised errors instead of crashing', () => {
    fails({}, 'no_waveform');
    fails(dataset(group({ bits: 16, interp: 'SS', channels: [{ label: 'I' }], samples: [[1]], inline: false })), 'waveform_data_missing');
    const short = fails(dataset(group({ bits: 16, interp: 'SS', channels: [{ label: 'I' }], samples: [[1], [2]], inline: false })), 'waveform_data_short', {
      waveformData: [new Uint8Array(3)],
    });
    expect(short.params).toMatchObject({ expected: 4, actual: 3 });
    fails(dataset(group({ bits: 16, interp: 'SS', channels: [{ label: 'I' }], samples: [[1]], declared: 2 })), 'channel_count_mismatch');
    fails(dataset(group({ bits: 16, interp: 'SS', channels: [{ label: 'I', unit: 'furlong' }], samples: [[1]] })), 'unknown_units');
    fails(dataset(group({ bits: 16, interp: 'SS', channels: [{ label: 'I', unit: null }], samples: [[1]] })), 'unknown_units');
    fails(dataset(group({ bits: 16, interp: 'MB', channels: [{ label: 'I' }], samples: [[1]] })), 'unsupported_sample_format');
    fails(dataset(group({ bits: 16, interp: 'SS', fs: 0, channels: [{ label: 'I' }], samples: [[1]] })), 'invalid_group_header');
  });
});
