import type { DemoDataset } from './part10.js';
import { DEMO_TIMEZONE_OFFSET, personName, siteName, type DemoStudySpec } from './patients.js';
import { demoUid } from './uid.js';

/** UIDs of one study, derived from its key (see uid.ts). */
export function studyUids(key: string): { study: string; series: string; frameOfReference: string; instance(n: number): string } {
  return {
    study: demoUid(`${key}/study`),
    series: demoUid(`${key}/series`),
    frameOfReference: demoUid(`${key}/frame-of-reference`),
    instance: (n: number) => demoUid(`${key}/instance/${n}`),
  };
}

/**
 * A Long String value cut to 64 bytes of UTF-8 at a character boundary: dciodvfy counts bytes, and
 * one 汉字 is three of them.
 */
export function lo(text: string): string {
  let out = '';
  for (const ch of text) {
    if (Buffer.byteLength(out + ch, 'utf8') > 64) break;
    out += ch;
  }
  return out;
}

/** Patient, General Study, Patient Study, General Series (most of it), General Equipment, SOP Common. */
export function commonModules(
  spec: DemoStudySpec,
  opts: { sopClassUid: string; instanceNumber: number; modality: string; seriesNumber: number; seriesDescription: string; manufacturerModel: string },
): DemoDataset {
  const uids = studyUids(spec.key);
  const ageYears = Number(spec.date.slice(0, 4)) - Number(spec.patient.birthDate.slice(0, 4)) - (spec.date.slice(4) < spec.patient.birthDate.slice(4) ? 1 : 0);
  return {
    SpecificCharacterSet: 'ISO_IR 192',
    SOPClassUID: opts.sopClassUid,
    SOPInstanceUID: uids.instance(opts.instanceNumber),
    InstanceCreationDate: spec.date,
    InstanceCreationTime: spec.time,
    TimezoneOffsetFromUTC: DEMO_TIMEZONE_OFFSET,
    StudyDate: spec.date,
    StudyTime: spec.time,
    SeriesDate: spec.date,
    SeriesTime: spec.time,
    ContentDate: spec.date,
    ContentTime: spec.time,
    AccessionNumber: spec.accessionNumber,
    Modality: opts.modality,
    Manufacturer: 'TeleRead',
    InstitutionName: siteName(spec.siteCode),
    ReferringPhysicianName: personName(spec.referringPhysician),
    StationName: spec.siteCode,
    StudyDescription: lo(spec.studyDescription),
    SeriesDescription: lo(opts.seriesDescription),
    ManufacturerModelName: opts.manufacturerModel,
    PatientName: personName(spec.patient),
    PatientID: spec.patient.id,
    IssuerOfPatientID: spec.siteCode,
    PatientBirthDate: spec.patient.birthDate,
    PatientSex: spec.patient.sex,
    PatientAge: `${String(ageYears).padStart(3, '0')}Y`,
    DeviceSerialNumber: `${spec.siteCode}-${opts.modality}-01`,
    SoftwareVersions: 'TeleRead demo generator 1',
    StudyInstanceUID: uids.study,
    SeriesInstanceUID: uids.series,
    StudyID: spec.studyId,
    // The township clinic's request, for PACS peers that show it (the hub keeps urgency itself).
    AdditionalPatientHistory: spec.request.clinicalHistory,
    RequestAttributesSequence: [
      {
        RequestedProcedureID: spec.accessionNumber,
        ScheduledProcedureStepID: spec.accessionNumber,
        RequestedProcedureDescription: lo(spec.request.examRequested),
      },
    ],
    SeriesNumber: opts.seriesNumber,
    InstanceNumber: opts.instanceNumber,
  };
}
