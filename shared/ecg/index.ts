/**
 * TeleRead ECG core (isomorphic: no DOM, no Node). Read waveforms, filter for display, measure
 * (suggestions only), suggest catalogue critical values, map to paper and draw.
 */
export * from './types.js';
export { EcgError, ECG_ERROR_MESSAGES, type EcgErrorCode } from './errors.js';
export { leadFromChannelSource, leadFromText, leadNumberFromCode } from './leads.js';
export { TAG as WAVEFORM_TAGS, type DicomJsonDataset, type DicomJsonAttribute } from './dicomJson.js';
export { readEcgFromDicomJson, rhythmGroup, medianGroup, type WaveformBytesOptions } from './waveform.js';
export { readEcgFromPart10, part10ToWaveformJson } from './part10.js';
export { readDeviceAnnotations } from './annotations.js';
export * from './filters.js';
export { detectQrs, qrsEnergy, type QrsDetection } from './rpeaks.js';
export { rrStats, rhythmRegularity, REGULARITY_RULE, type RrStats, type Regularity } from './rhythm.js';
export { computeMedianBeat, type MedianBeat } from './medianBeat.js';
export { findFiducials, type BeatFiducials } from './intervals.js';
export { measureGroup, measureLeads, leadSignals, type EcgMeasurements, type StDeviation } from './measure.js';
export * from './qtc.js';
export * from './critical.js';
export * from './paper.js';
export * from './draw/draw.js';
export { compareWithDevice, type MeasurementRow } from './compare.js';
export { syntheticEcg, rPeakTimes, type SyntheticEcgSpec } from './synthetic.js';
export * from './draw/calipers.js';
export { pageCaption, recordedFilters, type RecordedFilters } from './labels.js';
