import { CT_GEOMETRY } from './ct-phantom.js';
import { ctSliceDataset } from './ct.js';
import { dxChestDataset } from './dx.js';
import { ecgDataset, type EcgRhythm } from './ecg.js';
import { studyUids } from './modules.js';
import { writePart10, type DemoDataset } from './part10.js';
import { DEMO_STUDY_SPECS, type DemoExamRequest, type DemoSiteCode, type DemoStudySpec } from './patients.js';

export type { DemoExamRequest, DemoSiteCode } from './patients.js';

/** One generated study. `instances()` yields Part-10 bytes lazily, one object at a time. */
export interface DemoStudy {
  key: string;
  siteCode: DemoSiteCode;
  studyInstanceUid: string;
  patientId: string;
  /** DICOM PN string: `Alphabetic=Ideographic`, e.g. `Zhang^Wei=张^伟`. */
  patientName: string;
  modality: 'CT' | 'DX' | 'ECG';
  request: DemoExamRequest;
  instanceCount: number;
  instances(): Generator<Uint8Array>;
}

const ECG_RHYTHMS: Record<string, EcgRhythm> = {
  'ecg-nsr': 'nsr',
  'ecg-inferior-stemi': 'inferior-stemi',
  'ecg-vt': 'vt',
  'ecg-chb': 'chb',
};

function datasets(spec: DemoStudySpec): { modality: DemoStudy['modality']; count: number; make(i: number): DemoDataset } {
  if (spec.kind === 'ct-chest') return { modality: 'CT', count: CT_GEOMETRY.sliceCount, make: (i) => ctSliceDataset(spec, i) };
  if (spec.kind === 'dx-chest') return { modality: 'DX', count: 1, make: () => dxChestDataset(spec) };
  const rhythm = ECG_RHYTHMS[spec.kind];
  return { modality: 'ECG', count: 1, make: () => ecgDataset(spec, rhythm) };
}

function toStudy(spec: DemoStudySpec): DemoStudy {
  const source = datasets(spec);
  return {
    key: spec.key,
    siteCode: spec.siteCode,
    studyInstanceUid: studyUids(spec.key).study,
    patientId: spec.patient.id,
    patientName: `${spec.patient.alphabetic}=${spec.patient.ideographic}`,
    modality: source.modality,
    request: { ...spec.request },
    instanceCount: source.count,
    *instances() {
      for (let i = 0; i < source.count; i++) yield writePart10(source.make(i));
    },
  };
}

/** The demo studies: deterministic, so the same UIDs and bytes come out on every run and machine. */
export function demoStudies(): DemoStudy[] {
  return DEMO_STUDY_SPECS.map(toStudy);
}

/** One instance of one study without generating the others (for tests and sampling). */
export function demoInstance(key: string, index: number): Uint8Array {
  const spec = DEMO_STUDY_SPECS.find((s) => s.key === key);
  if (!spec) throw new Error(`unknown demo study ${key}`);
  const source = datasets(spec);
  if (index < 0 || index >= source.count) throw new RangeError(`${key} has ${source.count} instances`);
  return writePart10(source.make(index));
}
