import { firstNumber, firstString, Tag, type DicomJsonDataset } from '../domain/dicomJson.js';
import { sortInstances } from '../domain/geometry.js';

export interface SeriesSummary {
  seriesUid: string;
  number: number;
  modality: string;
  description: string;
  instanceCount: number;
}

export interface LoadedSeries extends SeriesSummary {
  /** one per frame, in reading order */
  imageIds: string[];
  /** the metadata of the instance behind each imageId (same index) */
  instances: DicomJsonDataset[];
}

export class DicomwebError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface DicomwebSource {
  /** the DICOMweb root, e.g. https://hub.example/dicomweb */
  root: string;
  getToken(): Promise<string>;
  fetch?: typeof fetch;
}

async function getJson(src: DicomwebSource, rel: string): Promise<DicomJsonDataset[]> {
  const f = src.fetch ?? fetch;
  const res = await f(`${src.root}${rel}`, { headers: { Authorization: `Bearer ${await src.getToken()}`, Accept: 'application/dicom+json' } });
  if (!res.ok) throw new DicomwebError(res.status, `HTTP ${res.status}`);
  const text = await res.text();
  return text ? (JSON.parse(text) as DicomJsonDataset[]) : [];
}

/** QIDO-RS series of a study, sorted by Series Number. */
export async function listSeries(src: DicomwebSource, studyUid: string): Promise<SeriesSummary[]> {
  const rows = await getJson(src, `/studies/${encodeURIComponent(studyUid)}/series`);
  return rows
    .map((ds) => ({
      seriesUid: firstString(ds, Tag.SeriesInstanceUID) ?? '',
      number: firstNumber(ds, Tag.SeriesNumber) ?? 0,
      modality: firstString(ds, Tag.Modality) ?? '',
      description: firstString(ds, Tag.SeriesDescription) ?? '',
      instanceCount: firstNumber(ds, '00201209') ?? 0,
    }))
    .filter((s) => s.seriesUid)
    .sort((a, b) => a.number - b.number);
}

/** Non-image objects (SR, KOS, PDF, waveforms) have no Rows; they are not shown in the image viewer. */
function isImage(ds: DicomJsonDataset): boolean {
  return ds['00280010'] !== undefined;
}

/** `wadors:` image IDs for an instance: one per frame (frames are 1-based, PS3.18 10.4.1.1.3). */
export function frameImageIds(root: string, studyUid: string, seriesUid: string, ds: DicomJsonDataset): string[] {
  const sop = firstString(ds, Tag.SOPInstanceUID) ?? '';
  const frames = Math.max(1, firstNumber(ds, Tag.NumberOfFrames) ?? 1);
  const base = `wadors:${root}/studies/${studyUid}/series/${seriesUid}/instances/${sop}/frames/`;
  return Array.from({ length: frames }, (_, i) => `${base}${i + 1}`);
}

/** WADO-RS series metadata → image IDs in reading order, each paired with its metadata. */
export async function loadSeriesMetadata(src: DicomwebSource, studyUid: string, summary: SeriesSummary): Promise<LoadedSeries> {
  const all = await getJson(src, `/studies/${encodeURIComponent(studyUid)}/series/${encodeURIComponent(summary.seriesUid)}/metadata`);
  const sorted = sortInstances(all.filter(isImage));
  const imageIds: string[] = [];
  const instances: DicomJsonDataset[] = [];
  for (const ds of sorted) {
    for (const id of frameImageIds(src.root, studyUid, summary.seriesUid, ds)) {
      imageIds.push(id);
      instances.push(ds);
    }
  }
  return { ...summary, modality: summary.modality || firstString(sorted[0] ?? {}, Tag.Modality) || '', instanceCount: sorted.length, imageIds, instances };
}
