import * as dicomParserNs from 'dicom-parser';
import type { DataSet, Element } from 'dicom-parser';
import { TAG, type DicomJsonAttribute, type DicomJsonDataset } from './dicomJson.js';
import { EcgError } from './errors.js';
import type { EcgRecord } from './types.js';
import { readEcgFromDicomJson } from './waveform.js';

// dicom-parser is a UMD bundle: under Node ESM its namespace sits on `default`.
const dicomParser = ((dicomParserNs as unknown as { default?: typeof dicomParserNs }).default ?? dicomParserNs) as typeof dicomParserNs;

/** VRs of the tags the waveform reader uses, so implicit-VR files convert the same as explicit ones. */
const VR: Record<string, string> = {
  [TAG.SOPClassUID]: 'UI',
  [TAG.Modality]: 'CS',
  [TAG.CodeValue]: 'SH',
  [TAG.CodingSchemeDesignator]: 'SH',
  [TAG.CodeMeaning]: 'LO',
  [TAG.LongCodeValue]: 'UC',
  [TAG.URNCodeValue]: 'UR',
  [TAG.MultiplexGroupTimeOffset]: 'DS',
  [TAG.WaveformOriginality]: 'CS',
  [TAG.NumberOfWaveformChannels]: 'US',
  [TAG.NumberOfWaveformSamples]: 'UL',
  [TAG.SamplingFrequency]: 'DS',
  [TAG.MultiplexGroupLabel]: 'SH',
  [TAG.ChannelDefinitionSequence]: 'SQ',
  [TAG.WaveformChannelNumber]: 'IS',
  [TAG.ChannelLabel]: 'SH',
  [TAG.ChannelStatus]: 'CS',
  [TAG.ChannelSourceSequence]: 'SQ',
  [TAG.ChannelSensitivity]: 'DS',
  [TAG.ChannelSensitivityUnitsSequence]: 'SQ',
  [TAG.ChannelSensitivityCorrectionFactor]: 'DS',
  [TAG.ChannelBaseline]: 'DS',
  [TAG.WaveformBitsStored]: 'US',
  [TAG.FilterLowFrequency]: 'DS',
  [TAG.FilterHighFrequency]: 'DS',
  [TAG.NotchFilterFrequency]: 'DS',
  [TAG.MeasurementUnitsCodeSequence]: 'SQ',
  [TAG.ConceptNameCodeSequence]: 'SQ',
  [TAG.ReferencedWaveformChannels]: 'US',
  [TAG.ReferencedSamplePositions]: 'UL',
  [TAG.ConceptCodeSequence]: 'SQ',
  [TAG.NumericValue]: 'DS',
  [TAG.WaveformAnnotationSequence]: 'SQ',
  [TAG.UnformattedTextValue]: 'ST',
  [TAG.WaveformSequence]: 'SQ',
  [TAG.WaveformBitsAllocated]: 'US',
  [TAG.WaveformSampleInterpretation]: 'CS',
  [TAG.WaveformPaddingValue]: 'OW',
  [TAG.WaveformData]: 'OW',
};

const TEXT_VRS = new Set(['ST', 'LT', 'UT', 'UR']);
const BIG_ENDIAN_TS = '1.2.840.10008.1.2.2';
const DEFLATE_TS = '1.2.840.10008.1.2.1.99';

function bytesToBase64(bytes: Uint8Array): string {
  const a = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += a[(n >> 18) & 63] + a[(n >> 12) & 63] + (i + 1 < bytes.length ? a[(n >> 6) & 63] : '=') + (i + 2 < bytes.length ? a[n & 63] : '=');
  }
  return out;
}

interface Conversion {
  json: DicomJsonDataset;
  /** WaveformData bytes per WaveformSequence item (possibly shorter than declared when the file is truncated). */
  waveformData: Uint8Array[];
}

function convert(ds: DataSet, bulk: Uint8Array[] | null): DicomJsonDataset {
  const out: DicomJsonDataset = {};
  for (const [key, el] of Object.entries(ds.elements) as [string, Element][]) {
    const tag = key.slice(1).toUpperCase();
    const vr = VR[tag];
    if (!vr) continue;
    const attr: DicomJsonAttribute = { vr };
    if (vr === 'SQ') {
      const isWaveformSeq = tag === TAG.WaveformSequence;
      attr.Value = (el.items ?? [])
        .filter((it) => it.dataSet)
        .map((it) => {
          // One WaveformData entry per WaveformSequence item (empty when absent) keeps group indices aligned.
          const own: Uint8Array[] = [];
          const item = convert(it.dataSet as DataSet, isWaveformSeq ? own : null);
          if (isWaveformSeq) bulk?.push(own[0] ?? new Uint8Array(0));
          return item;
        });
    } else if (vr === 'OW') {
      const end = Math.min(el.dataOffset + el.length, ds.byteArray.length);
      const bytes = ds.byteArray.subarray(el.dataOffset, Math.max(el.dataOffset, end));
      if (tag === TAG.WaveformData) bulk?.push(bytes);
      else attr.InlineBinary = bytesToBase64(bytes);
    } else if (vr === 'US' || vr === 'UL') {
      const size = vr === 'US' ? 2 : 4;
      const n = Math.floor(el.length / size);
      const values: number[] = [];
      for (let i = 0; i < n; i++) values.push((vr === 'US' ? ds.uint16(key, i) : ds.uint32(key, i)) ?? NaN);
      attr.Value = values;
    } else {
      const s = ds.string(key) ?? '';
      attr.Value = TEXT_VRS.has(vr) ? [s] : s.split('\\').map((x) => x.trim());
    }
    out[tag] = attr;
  }
  return out;
}

/** dicom-parser → the DICOM JSON subset the waveform reader needs, plus the WaveformData bytes per group. */
export function part10ToWaveformJson(bytes: Uint8Array): Conversion & { littleEndian: boolean } {
  let ds: DataSet;
  try {
    ds = dicomParser.parseDicom(bytes);
  } catch (first) {
    // A file without the Part-10 header: DICOM's default (implicit VR little endian).
    const detail = typeof first === 'string' ? first : first instanceof Error ? first.message : String((first as { exception?: unknown })?.exception ?? 'parse error');
    try {
      ds = dicomParser.parseDicom(bytes, { TransferSyntaxUID: '1.2.840.10008.1.2' });
    } catch {
      throw new EcgError('not_dicom', { detail });
    }
    // Text or zeros can "parse" as implicit VR into nothing useful: call that what it is.
    if (!ds.elements.x00080016 && !ds.elements.x54000100) throw new EcgError('not_dicom', { detail });
  }
  const ts = ds.string('x00020010') ?? '';
  if (ts === DEFLATE_TS) throw new EcgError('not_dicom', { detail: 'deflated transfer syntax' });
  const waveformData: Uint8Array[] = [];
  // Group order in `waveformData` follows WaveformSequence items, because convert() pushes per item.
  const json = convert(ds, waveformData);
  return { json, waveformData, littleEndian: ts !== BIG_ENDIAN_TS };
}

/** Reads a Part-10 waveform file (township upload preview, tests). Throws EcgError only. */
export function readEcgFromPart10(bytes: Uint8Array): EcgRecord {
  const { json, waveformData, littleEndian } = part10ToWaveformJson(bytes);
  return readEcgFromDicomJson(json, { waveformData, littleEndian });
}
