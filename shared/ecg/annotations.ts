import { items, number, numbers, string, strings, TAG, type DicomJsonDataset } from './dicomJson.js';
import type { CodedConcept, DeviceAnnotations, DeviceMeasurementKey } from './types.js';

/** SCP-ECG and LOINC concept codes of the global measurements devices store (DOMAIN.md §4.2). */
const MEASUREMENT_CODES: Record<string, DeviceMeasurementKey> = {
  '5.10.2.1-3': 'rr',
  '5.10.2.1-5': 'pp',
  '5.13.5-7': 'pr',
  '5.13.5-9': 'qrs',
  '5.13.5-11': 'qt',
  '5.10.2.5-5': 'qtc',
  '5.10.3-11': 'pAxis',
  '5.10.3-13': 'qrsAxis',
  '5.10.3-15': 'tAxis',
  '8867-4': 'heartRate',
};

function concept(ds: DicomJsonDataset | undefined): CodedConcept | null {
  if (!ds) return null;
  const codeValue = string(ds, TAG.CodeValue);
  if (codeValue === null) return null;
  return { codeValue, codingScheme: string(ds, TAG.CodingSchemeDesignator) ?? '', codeMeaning: string(ds, TAG.CodeMeaning) ?? '' };
}

/** Device statements, numeric measurements and fiducial points from WaveformAnnotationSequence. */
export function readDeviceAnnotations(json: DicomJsonDataset): DeviceAnnotations {
  const out: DeviceAnnotations = { statements: [], measurements: [], fiducials: [] };
  for (const a of items(json, TAG.WaveformAnnotationSequence)) {
    const text = strings(a, TAG.UnformattedTextValue).join('\\');
    if (text) out.statements.push(text);
    const name = concept(items(a, TAG.ConceptNameCodeSequence)[0]);
    const coded = concept(items(a, TAG.ConceptCodeSequence)[0]);
    if (coded && !name) out.statements.push(coded.codeMeaning || coded.codeValue);
    const value = number(a, TAG.NumericValue);
    if (name && value !== null) {
      const unit = concept(items(a, TAG.MeasurementUnitsCodeSequence)[0]);
      out.measurements.push({ concept: name, key: MEASUREMENT_CODES[name.codeValue] ?? null, value, unit: unit?.codeValue ?? null });
    }
    const positions = numbers(a, TAG.ReferencedSamplePositions);
    if (name && positions.length) {
      out.fiducials.push({ concept: name, samplePositions: positions, channels: numbers(a, TAG.ReferencedWaveformChannels) });
    }
  }
  return out;
}
