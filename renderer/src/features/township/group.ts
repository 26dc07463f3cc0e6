import type { DicomHeader, FileLike, ScanResult } from './scan.js';

/** What a scan found, grouped for the person sending it: studies → series → files. */
export interface ScannedSeries {
  seriesInstanceUid: string;
  modality: string;
  description: string;
  number: string;
  files: Array<{ file: FileLike; header: DicomHeader }>;
}

export interface ScannedStudy {
  studyInstanceUid: string;
  patientId: string;
  patientName: string;
  sex: string;
  birthDate: string;
  studyDate: string;
  description: string;
  modalities: string[];
  series: ScannedSeries[];
  instanceCount: number;
  bytes: number;
}

export interface ScanSummary {
  studies: ScannedStudy[];
  unreadable: Extract<ScanResult, { kind: 'unreadable' }>[];
  dicomdirs: FileLike[];
  /** Same SOP Instance UID found twice (a CD copied into the folder twice): sent once. */
  duplicates: number;
}

export function groupScan(results: readonly ScanResult[]): ScanSummary {
  const studies = new Map<string, ScannedStudy>();
  const seen = new Set<string>();
  const summary: ScanSummary = { studies: [], unreadable: [], dicomdirs: [], duplicates: 0 };
  for (const r of results) {
    if (r.kind === 'unreadable') summary.unreadable.push(r);
    else if (r.kind === 'dicomdir') summary.dicomdirs.push(r.file);
    else {
      const h = r.header;
      if (seen.has(h.sopInstanceUid)) {
        summary.duplicates++;
        continue;
      }
      seen.add(h.sopInstanceUid);
      let study = studies.get(h.studyInstanceUid);
      if (!study) {
        study = {
          studyInstanceUid: h.studyInstanceUid,
          patientId: h.patientId,
          patientName: h.patientName,
          sex: h.sex,
          birthDate: h.birthDate,
          studyDate: h.studyDate,
          description: h.studyDescription,
          modalities: [],
          series: [],
          instanceCount: 0,
          bytes: 0,
        };
        studies.set(h.studyInstanceUid, study);
      }
      let series = study.series.find((s) => s.seriesInstanceUid === h.seriesInstanceUid);
      if (!series) {
        series = { seriesInstanceUid: h.seriesInstanceUid, modality: h.modality, description: h.seriesDescription, number: h.seriesNumber, files: [] };
        study.series.push(series);
      }
      series.files.push({ file: r.file, header: h });
      if (h.modality && !study.modalities.includes(h.modality)) study.modalities.push(h.modality);
      study.instanceCount++;
      study.bytes += r.file.size;
    }
  }
  summary.studies = [...studies.values()];
  for (const s of summary.studies) s.series.sort((a, b) => Number(a.number || 0) - Number(b.number || 0));
  return summary;
}

/** Batches of at most `maxFiles` files and `maxBytes` bytes (a single larger file goes alone). */
export function makeBatches<T extends { size: number }>(items: readonly T[], maxFiles = 8, maxBytes = 20 * 1024 * 1024): T[][] {
  const out: T[][] = [];
  let cur: T[] = [];
  let bytes = 0;
  for (const it of items) {
    if (cur.length && (cur.length >= maxFiles || bytes + it.size > maxBytes)) {
      out.push(cur);
      cur = [];
      bytes = 0;
    }
    cur.push(it);
    bytes += it.size;
  }
  if (cur.length) out.push(cur);
  return out;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}
