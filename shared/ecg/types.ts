/** The twelve standard leads, in the conventional order. */
export const STANDARD_LEADS = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'] as const;
export type LeadName = (typeof STANDARD_LEADS)[number];
export const LIMB_LEADS: readonly LeadName[] = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF'];
export const CHEST_LEADS: readonly LeadName[] = ['V1', 'V2', 'V3', 'V4', 'V5', 'V6'];

export interface CodedConcept {
  codeValue: string;
  codingScheme: string;
  codeMeaning: string;
}

export type SampleInterpretation = 'SS' | 'SB' | 'US' | 'UB';

/** One channel of a multiplex group, in physical units. */
export interface WaveformChannel {
  /** 0-based position in the group's interleaving. */
  index: number;
  /** Canonical lead when the source names one of the twelve; null for other leads or other signals. */
  lead: LeadName | null;
  /** What to print beside the trace: the canonical lead, else the file's label or code meaning. */
  label: string;
  source: CodedConcept | null;
  /**
   * `uV` when the file's unit is a voltage (converted from µV/mV/V); otherwise the file's own unit
   * code (e.g. `mm[Hg]`) and values in that unit.
   */
  unit: string;
  /** The unit as written in ChannelSensitivityUnitsSequence (CodeValue), or null if absent. */
  fileUnit: string | null;
  /** value = raw × sensitivity × correction + baseline (PS3.3 C.10.9.1.4.3), converted to `unit`. NaN = padding (gap). */
  values: Float64Array;
  sensitivity: number;
  correctionFactor: number;
  /** ChannelBaseline in the file's unit. */
  baseline: number;
  /** Recorded filter settings (Hz), as the device applied them; null where absent. */
  filterLowHz: number | null;
  filterHighHz: number | null;
  notchHz: number | null;
  status: string[];
}

export type GroupKind = 'rhythm' | 'median' | 'other';

export interface MultiplexGroup {
  /** 0-based item index in WaveformSequence. */
  index: number;
  label: string;
  kind: GroupKind;
  originality: string;
  samplingFrequency: number;
  sampleCount: number;
  timeOffsetMs: number;
  bitsAllocated: 8 | 16;
  interpretation: SampleInterpretation;
  channels: WaveformChannel[];
  /** Samples that equal WaveformPaddingValue were turned into NaN gaps. */
  paddedSamples: number;
}

/** A device measurement from WaveformAnnotationSequence (coded NUM). */
export interface DeviceMeasurement {
  concept: CodedConcept;
  /** Known SCP-ECG/LOINC concepts mapped to a key; null for others (still shown with the code meaning). */
  key: DeviceMeasurementKey | null;
  value: number;
  unit: string | null;
}

export type DeviceMeasurementKey =
  | 'rr'
  | 'pp'
  | 'pr'
  | 'qrs'
  | 'qt'
  | 'qtc'
  | 'pAxis'
  | 'qrsAxis'
  | 'tAxis'
  | 'heartRate';

/** A fiducial point the device marked (POINT with ReferencedSamplePositions). */
export interface DeviceFiducial {
  concept: CodedConcept;
  samplePositions: number[];
  /** ReferencedWaveformChannels pairs (group, channel) as stored; channel 0 = all. */
  channels: number[];
}

export interface DeviceAnnotations {
  statements: string[];
  measurements: DeviceMeasurement[];
  fiducials: DeviceFiducial[];
}

export interface EcgRecord {
  sopClassUid: string | null;
  modality: string | null;
  groups: MultiplexGroup[];
  annotations: DeviceAnnotations;
  /** True when some group has at least one of the twelve standard leads (decided by content, not SOP class). */
  isEcg: boolean;
  /** Non-fatal findings worth showing (e.g. a group skipped, a channel without units). */
  warnings: string[];
}
