import { ECG_SAMPLE_RATE, ECG_SAMPLES, LEADS, synthesizeEcg, type EcgRhythm, type Lead } from './ecg-synth.js';
import { commonModules } from './modules.js';
import { binary, type DemoDataset } from './part10.js';
import type { DemoStudySpec } from './patients.js';

export type { EcgRhythm } from './ecg-synth.js';
export const TWELVE_LEAD_ECG_STORAGE = '1.2.840.10008.5.1.4.1.1.9.1.1';
/** µV per stored LSB (ChannelSensitivity, units `uV`): ±81.9 mV range, finer than any reader needs. */
export const ECG_SENSITIVITY_UV = 2.5;

/** MDC lead codes (CID 3001), DOMAIN.md §4.2. */
export const LEAD_CODES: Record<Lead, string> = {
  I: '2:1',
  II: '2:2',
  III: '2:61',
  aVR: '2:62',
  aVL: '2:63',
  aVF: '2:64',
  V1: '2:3',
  V2: '2:4',
  V3: '2:5',
  V4: '2:6',
  V5: '2:7',
  V6: '2:8',
};

/** Interleaved (C1S1, C2S1, …) signed 16-bit samples, as stored in WaveformData. */
export function ecgSamples(rhythm: EcgRhythm): Int16Array {
  const { leads } = synthesizeEcg(rhythm);
  const out = new Int16Array(ECG_SAMPLES * LEADS.length);
  for (let s = 0; s < ECG_SAMPLES; s++) {
    for (let c = 0; c < LEADS.length; c++) {
      const v = Math.round(leads[LEADS[c]][s] / ECG_SENSITIVITY_UV);
      out[s * LEADS.length + c] = Math.max(-32767, Math.min(32767, v));
    }
  }
  return out;
}

/** 12-Lead ECG Waveform Storage (PS3.3 A.34.3): one 10 s RHYTHM group, 12 channels at 500 Hz. */
export function ecgDataset(spec: DemoStudySpec, rhythm: EcgRhythm): DemoDataset {
  const samples = ecgSamples(rhythm);
  const channels = LEADS.map((lead) => ({
    ChannelLabel: lead,
    ChannelSourceSequence: [{ CodeValue: LEAD_CODES[lead], CodingSchemeDesignator: 'MDC', CodeMeaning: `Lead ${lead}` }],
    ChannelSensitivity: String(ECG_SENSITIVITY_UV),
    ChannelSensitivityUnitsSequence: [{ CodeValue: 'uV', CodingSchemeDesignator: 'UCUM', CodeMeaning: 'microvolt' }],
    ChannelSensitivityCorrectionFactor: '1',
    ChannelBaseline: '0',
    ChannelSampleSkew: '0',
    WaveformBitsStored: 16,
    FilterLowFrequency: '0.05',
    FilterHighFrequency: '150',
  }));
  return {
    ...commonModules(spec, {
      sopClassUid: TWELVE_LEAD_ECG_STORAGE,
      instanceNumber: 1,
      modality: 'ECG',
      seriesNumber: 1,
      seriesDescription: '十二导联心电图 10秒',
      manufacturerModel: 'TeleRead Synthetic ECG',
    }),
    AcquisitionDateTime: `${spec.date}${spec.time}`,
    AcquisitionContextSequence: [],
    WaveformSequence: [
      {
        WaveformOriginality: 'ORIGINAL',
        NumberOfWaveformChannels: LEADS.length,
        NumberOfWaveformSamples: ECG_SAMPLES,
        SamplingFrequency: String(ECG_SAMPLE_RATE),
        MultiplexGroupLabel: 'RHYTHM',
        ChannelDefinitionSequence: channels,
        WaveformBitsAllocated: 16,
        WaveformSampleInterpretation: 'SS',
        WaveformData: binary(samples),
        _vrMap: { WaveformData: 'OW' },
      },
    ],
  };
}
