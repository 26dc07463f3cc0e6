import { readDeviceAnnotations } from './annotations.js';
import { base64ToBytes, items, number, string, strings, TAG, type DicomJsonDataset } from './dicomJson.js';
import { EcgError } from './errors.js';
import { leadFromChannelSource } from './leads.js';
import type { CodedConcept, EcgRecord, GroupKind, MultiplexGroup, SampleInterpretation, WaveformChannel } from './types.js';

/** Microvolts per one unit of a voltage unit code (UCUM, plus the spellings devices use). */
const VOLTAGE_UNITS_UV: Record<string, number> = {
  nv: 1e-3,
  uv: 1,
  µv: 1,
  μv: 1,
  microvolt: 1,
  mv: 1000,
  millivolt: 1000,
  v: 1e6,
  volt: 1e6,
};

export interface WaveformBytesOptions {
  /**
   * WaveformData bytes per multiplex group (index = item in WaveformSequence), e.g. fetched through
   * the attribute's BulkDataURI. When absent, the attribute's InlineBinary is used.
   */
  waveformData?: ReadonlyArray<Uint8Array | null | undefined>;
  /** Byte order of the sample bytes; DICOM JSON bulk data and InlineBinary are little endian (PS3.18 8.7.3). */
  littleEndian?: boolean;
}

function coded(item: DicomJsonDataset | undefined): CodedConcept | null {
  if (!item) return null;
  const codeValue = string(item, TAG.CodeValue) ?? string(item, TAG.LongCodeValue) ?? string(item, TAG.URNCodeValue);
  if (codeValue === null) return null;
  return {
    codeValue,
    codingScheme: string(item, TAG.CodingSchemeDesignator) ?? '',
    codeMeaning: string(item, TAG.CodeMeaning) ?? '',
  };
}

function groupKind(label: string, originality: string): GroupKind {
  const l = label.toUpperCase();
  if (l.includes('MEDIAN') || l.includes('REPRESENTATIVE') || l.includes('AVERAGE')) return 'median';
  if (l.includes('RHYTHM') || (l === '' && originality.toUpperCase() === 'ORIGINAL')) return 'rhythm';
  return 'other';
}

function sampleReader(bits: number, interpretation: string, groupNo: number): { bytes: 1 | 2; read(v: DataView, at: number, le: boolean): number } {
  if (bits === 16 && interpretation === 'SS') return { bytes: 2, read: (v, at, le) => v.getInt16(at, le) };
  if (bits === 16 && interpretation === 'US') return { bytes: 2, read: (v, at, le) => v.getUint16(at, le) };
  if (bits === 8 && interpretation === 'SB') return { bytes: 1, read: (v, at) => v.getInt8(at) };
  if (bits === 8 && interpretation === 'UB') return { bytes: 1, read: (v, at) => v.getUint8(at) };
  throw new EcgError('unsupported_sample_format', { group: groupNo, bits, interpretation: interpretation || '?' });
}

function paddingValue(item: DicomJsonDataset, reader: ReturnType<typeof sampleReader>, le: boolean): number | null {
  const a = item[TAG.WaveformPaddingValue];
  if (!a) return null;
  if (a.InlineBinary) {
    const b = base64ToBytes(a.InlineBinary);
    if (b.length < reader.bytes) return null;
    return reader.read(new DataView(b.buffer, b.byteOffset, b.byteLength), 0, le);
  }
  return number(item, TAG.WaveformPaddingValue);
}

function readGroup(item: DicomJsonDataset, index: number, options: WaveformBytesOptions, warnings: string[]): MultiplexGroup {
  const groupNo = index + 1;
  const le = options.littleEndian ?? true;
  const label = string(item, TAG.MultiplexGroupLabel) ?? '';
  const originality = string(item, TAG.WaveformOriginality) ?? '';
  const declared = number(item, TAG.NumberOfWaveformChannels);
  const sampleCount = number(item, TAG.NumberOfWaveformSamples);
  const fs = number(item, TAG.SamplingFrequency);
  const bits = number(item, TAG.WaveformBitsAllocated) ?? 0;
  const interpretation = (string(item, TAG.WaveformSampleInterpretation) ?? '').toUpperCase();
  const defs = items(item, TAG.ChannelDefinitionSequence);

  if (declared === null || !Number.isInteger(declared) || declared < 1) {
    throw new EcgError('invalid_group_header', { group: groupNo, field: 'NumberOfWaveformChannels', value: String(declared) });
  }
  if (sampleCount === null || !Number.isInteger(sampleCount) || sampleCount < 1) {
    throw new EcgError('invalid_group_header', { group: groupNo, field: 'NumberOfWaveformSamples', value: String(sampleCount) });
  }
  if (fs === null || !(fs > 0)) {
    throw new EcgError('invalid_group_header', { group: groupNo, field: 'SamplingFrequency', value: String(fs) });
  }
  if (defs.length !== declared) throw new EcgError('channel_count_mismatch', { group: groupNo, declared, defined: defs.length });

  const reader = sampleReader(bits, interpretation, groupNo);
  let bytes = options.waveformData?.[index] ?? null;
  if (!bytes) {
    const inline = item[TAG.WaveformData]?.InlineBinary;
    if (inline) bytes = base64ToBytes(inline);
  }
  if (!bytes || bytes.length === 0) throw new EcgError('waveform_data_missing', { group: groupNo });
  const expected = declared * sampleCount * reader.bytes;
  if (bytes.length < expected) throw new EcgError('waveform_data_short', { group: groupNo, expected, actual: bytes.length });

  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const pad = paddingValue(item, reader, le);
  let paddedSamples = 0;

  const channels: WaveformChannel[] = defs.map((def, c) => {
    const source = coded(items(def, TAG.ChannelSourceSequence)[0]);
    const channelLabel = string(def, TAG.ChannelLabel);
    const lead = leadFromChannelSource(source, channelLabel);
    const label = lead ?? channelLabel ?? source?.codeMeaning ?? `CH${c + 1}`;
    const unitItem = items(def, TAG.ChannelSensitivityUnitsSequence)[0];
    const fileUnit = unitItem ? (string(unitItem, TAG.CodeValue) ?? string(unitItem, TAG.CodeMeaning)) : null;
    const sensitivity = number(def, TAG.ChannelSensitivity);
    const correctionFactor = number(def, TAG.ChannelSensitivityCorrectionFactor) ?? 1;
    const baseline = number(def, TAG.ChannelBaseline) ?? 0;
    const toUv = fileUnit ? VOLTAGE_UNITS_UV[fileUnit.toLowerCase()] : undefined;
    if (lead && (toUv === undefined || sensitivity === null)) {
      throw new EcgError('unknown_units', { lead, unit: sensitivity === null ? '(no ChannelSensitivity)' : (fileUnit ?? '(none)') });
    }
    if (!lead && toUv === undefined) warnings.push(`group ${groupNo} channel ${c + 1} (${label}): unit ${fileUnit ?? 'absent'} kept as stored`);
    const factor = (sensitivity ?? 1) * correctionFactor;
    const scale = toUv ?? 1;
    const values = new Float64Array(sampleCount);
    for (let s = 0; s < sampleCount; s++) {
      const raw = reader.read(view, (s * declared + c) * reader.bytes, le);
      if (pad !== null && raw === pad) {
        values[s] = NaN;
        paddedSamples++;
      } else {
        values[s] = (raw * factor + baseline) * scale;
      }
    }
    return {
      index: c,
      lead,
      label,
      source,
      unit: toUv === undefined ? (fileUnit ?? '') : 'uV',
      fileUnit,
      values,
      sensitivity: sensitivity ?? 1,
      correctionFactor,
      baseline,
      filterLowHz: number(def, TAG.FilterLowFrequency),
      filterHighHz: number(def, TAG.FilterHighFrequency),
      notchHz: number(def, TAG.NotchFilterFrequency),
      status: strings(def, TAG.ChannelStatus),
    };
  });

  return {
    index,
    label,
    kind: groupKind(label, originality),
    originality,
    samplingFrequency: fs,
    sampleCount,
    timeOffsetMs: number(item, TAG.MultiplexGroupTimeOffset) ?? 0,
    bitsAllocated: bits as 8 | 16,
    interpretation: interpretation as SampleInterpretation,
    channels,
    paddedSamples,
  };
}

/**
 * Reads every multiplex group of a waveform object given as DICOM JSON (PS3.18 F), with sample
 * bytes inline or supplied separately. Throws EcgError (never anything else for bad input).
 */
export function readEcgFromDicomJson(json: DicomJsonDataset, options: WaveformBytesOptions = {}): EcgRecord {
  const seq = items(json, TAG.WaveformSequence);
  if (!seq.length) throw new EcgError('no_waveform');
  const warnings: string[] = [];
  const groups = seq.map((item, i) => readGroup(item, i, options, warnings));
  return {
    sopClassUid: string(json, TAG.SOPClassUID),
    modality: string(json, TAG.Modality),
    groups,
    annotations: readDeviceAnnotations(json),
    isEcg: groups.some((g) => g.channels.some((c) => c.lead !== null)),
    warnings,
  };
}

/** The group to measure rhythm on: the first RHYTHM group with leads, else the longest group with leads. */
export function rhythmGroup(record: EcgRecord): MultiplexGroup | null {
  const withLeads = record.groups.filter((g) => g.channels.some((c) => c.lead));
  return (
    withLeads.find((g) => g.kind === 'rhythm') ??
    [...withLeads].filter((g) => g.kind !== 'median').sort((a, b) => b.sampleCount / b.samplingFrequency - a.sampleCount / a.samplingFrequency)[0] ??
    null
  );
}

export function medianGroup(record: EcgRecord): MultiplexGroup | null {
  return record.groups.find((g) => g.kind === 'median' && g.channels.some((c) => c.lead)) ?? null;
}
