import { cache, metaData, utilities, type Types } from '@cornerstonejs/core';
import { annotation as csAnnotation } from '@cornerstonejs/tools';
import { wadors } from '@cornerstonejs/dicom-image-loader';
import type { KeyImage, Measurement } from '../../../../../shared/api/reports.js';
import type { MeasurementTool } from '../../../../../shared/reports/measurements.js';
import type { DicomJsonDataset } from '../domain/dicomJson.js';
import { measurementSpacing } from '../domain/spacing.js';

/**
 * Cornerstone annotations ↔ the report's measurements (shared/api/reports.ts). Points are kept in
 * image coordinates (column, row; (0,0) = top-left corner of the first pixel, as DICOM SCOORD), so
 * the hub can write them into the TID 1500 SR and the viewer can draw them again on reopening.
 */
export const TOOL_TO_KIND: Record<string, MeasurementTool> = {
  Length: 'length',
  Angle: 'angle',
  CobbAngle: 'cobb',
  EllipticalROI: 'ellipse',
  RectangleROI: 'rectangle',
  PlanarFreehandROI: 'freehand',
  Probe: 'probe',
  ArrowAnnotate: 'arrow',
};
const KIND_TO_TOOL = Object.fromEntries(Object.entries(TOOL_TO_KIND).map(([k, v]) => [v, k])) as Record<MeasurementTool, string>;

const WADORS = /\/studies\/([0-9.]+)\/series\/([0-9.]+)\/instances\/([0-9.]+)\/frames\/(\d+)/;

/** The study, series, instance and frame behind a `wadors:` image ID. */
export function parseImageId(imageId: string): { studyUid: string; image: KeyImage } | null {
  const m = WADORS.exec(imageId);
  if (!m) return null;
  const sop = metaData.get('sopCommonModule', imageId) as { sopClassUID?: string } | undefined;
  const ds = wadors.metaDataManager.get(imageId) as DicomJsonDataset | undefined;
  const cls = sop?.sopClassUID ?? (ds?.['00080016']?.Value?.[0] as string | undefined) ?? '';
  if (!/^[0-9.]{1,64}$/.test(cls)) return null;
  return { studyUid: m[1], image: { seriesInstanceUid: m[2], sopInstanceUid: m[3], sopClassUid: cls, frame: Number(m[4]) } };
}

/** The image ID the viewer uses for an image of the study (same recipe as data/dicomweb.ts). */
export const imageIdOf = (root: string, studyUid: string, k: KeyImage) =>
  `wadors:${root}/studies/${studyUid}/series/${k.seriesInstanceUid}/instances/${k.sopInstanceUid}/frames/${k.frame ?? 1}`;

const finite = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const RECT_ORDER = [0, 1, 3, 2]; // Cornerstone: TL, TR, BL, BR; the report: around the outline (an involution)

type AnyAnnotation = ReturnType<typeof csAnnotation.state.getAllAnnotations>[number];
interface AnnotationData {
  handles?: { points?: Types.Point3[] };
  contour?: { polyline?: Types.Point3[] };
  cachedStats?: Record<string, Record<string, unknown>>;
  /** ArrowAnnotate keeps its text here */
  label?: string;
}

/** One Cornerstone annotation as a report measurement, or null (other tools, other studies, not finished). */
export function toMeasurement(a: AnyAnnotation, studyUid: string): Measurement | null {
  const tool = TOOL_TO_KIND[a.metadata?.toolName ?? ''];
  const imageId = a.metadata?.referencedImageId;
  if (!tool || !imageId || !a.annotationUID || !/^[A-Za-z0-9._-]{1,64}$/.test(a.annotationUID)) return null;
  const ref = parseImageId(imageId);
  if (!ref || ref.studyUid !== studyUid) return null;
  const data = a.data as AnnotationData;
  let world = tool === 'freehand' ? (data.contour?.polyline ?? []) : (data.handles?.points ?? []);
  if (tool === 'rectangle' && world.length === 4) world = RECT_ORDER.map((i) => world[i]);
  if (!world.length) return null;
  const points = world.map((p) => {
    const [x, y] = utilities.worldToImageCoords(imageId, p) as [number, number];
    return [Math.round(x * 1000) / 1000, Math.round(y * 1000) / 1000] as [number, number];
  });
  if (points.some(([x, y]) => !Number.isFinite(x) || !Number.isFinite(y))) return null;
  const stats = Object.values(data.cachedStats ?? {})[0] ?? {};
  const values: Measurement['values'] = {};
  const put = (k: keyof Measurement['values'], v: unknown) => {
    const n = finite(v);
    if (n !== undefined) values[k] = n;
  };
  put('length', stats.length);
  put('angle', stats.angle);
  put('area', stats.area);
  put('mean', stats.mean);
  put('sd', stats.stdDev);
  put('min', stats.min);
  put('max', stats.max);
  put('value', stats.value);
  const unitText = String(stats.unit ?? stats.areaUnit ?? '');
  const ds = wadors.metaDataManager.get(imageId) as DicomJsonDataset | undefined;
  const spacing = ds ? measurementSpacing(ds).source : 'none';
  const lengthUnit = unitText.startsWith('px') || spacing === 'none' ? 'px' : 'mm';
  const valueUnit = stats.modalityUnit === 'HU' ? 'HU' : '';
  return {
    id: a.annotationUID,
    tool,
    image: ref.image,
    points,
    values,
    lengthUnit,
    valueUnit,
    spacing: lengthUnit === 'px' ? 'none' : spacing,
    ...(tool === 'arrow' ? { text: (data.label ?? '').slice(0, 500) } : {}),
  };
}

/**
 * Cornerstone 5.14's Probe on a stack viewport looks the pixel up at slice index k in a one-image
 * voxel manager and finds nothing: fill the value from the image itself (HU after the modality LUT),
 * so the probe shows and reports it. Returns true when a value was filled (the caller re-renders).
 */
export function fillProbeValues(): boolean {
  let filled = false;
  for (const a of csAnnotation.state.getAllAnnotations()) {
    if (a.metadata?.toolName !== 'Probe') continue;
    const imageId = a.metadata.referencedImageId;
    const stats = (a.data as AnnotationData).cachedStats ?? {};
    for (const s of Object.values(stats)) {
      const index = s.index as number[] | undefined;
      if (finite(s.value) !== undefined || !index || !imageId) continue;
      const image = cache.getImage(imageId) as
        | { columns: number; rows: number; slope?: number; intercept?: number; preScale?: { scaled?: boolean }; getPixelData(): ArrayLike<number> }
        | undefined;
      if (!image) continue;
      const [col, row] = index;
      if (col < 0 || row < 0 || col >= image.columns || row >= image.rows) continue;
      const raw = image.getPixelData()[row * image.columns + col];
      s.value = image.preScale?.scaled ? raw : raw * (image.slope ?? 1) + (image.intercept ?? 0);
      filled = true;
    }
  }
  return filled;
}

/** Every finished measurement of the study, in the order drawn. */
export function studyMeasurements(studyUid: string): Measurement[] {
  const out: Measurement[] = [];
  for (const a of csAnnotation.state.getAllAnnotations()) {
    const m = toMeasurement(a, studyUid);
    if (m) out.push(m);
  }
  return out;
}

const cross = (a: number[], b: number[]): Types.Point3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];

/**
 * Draws a saved measurement again. Returns false while the image's geometry is not known yet
 * (its series not loaded): the caller tries again later. Stats are recomputed by the tool.
 */
export function restoreMeasurement(m: Measurement, root: string, studyUid: string): boolean {
  if (csAnnotation.state.getAnnotation(m.id)) return true;
  const imageId = imageIdOf(root, studyUid, m.image);
  const plane = metaData.get('imagePlaneModule', imageId) as
    | { frameOfReferenceUID?: string; rowCosines?: number[]; columnCosines?: number[]; imagePositionPatient?: number[] }
    | undefined;
  if (!plane?.imagePositionPatient || !plane.rowCosines || !plane.columnCosines) return false;
  let world = m.points.map((p) => utilities.imageToWorldCoords(imageId, p) as Types.Point3);
  if (m.tool === 'rectangle' && world.length === 4) world = RECT_ORDER.map((i) => world[i]);
  const normal = cross(plane.rowCosines, plane.columnCosines);
  const viewUp: Types.Point3 = [-plane.columnCosines[0], -plane.columnCosines[1], -plane.columnCosines[2]];
  const textBox = { hasMoved: false, worldPosition: [0, 0, 0] as Types.Point3, worldBoundingBox: { topLeft: [0, 0, 0], topRight: [0, 0, 0], bottomLeft: [0, 0, 0], bottomRight: [0, 0, 0] } };
  const data: Record<string, unknown> = {
    handles: { points: m.tool === 'freehand' ? [] : world, activeHandleIndex: null, textBox },
    cachedStats: {},
    label: m.tool === 'arrow' ? (m.text ?? '') : '',
  };
  if (m.tool === 'freehand') data.contour = { polyline: world, closed: true };
  const ann = {
    annotationUID: m.id,
    highlighted: false,
    isLocked: false,
    isVisible: true,
    invalidated: true,
    metadata: { toolName: KIND_TO_TOOL[m.tool], referencedImageId: imageId, FrameOfReferenceUID: plane.frameOfReferenceUID ?? '', viewPlaneNormal: normal, viewUp },
    data,
  } as unknown as AnyAnnotation;
  csAnnotation.state.addAnnotation(ann, plane.frameOfReferenceUID ?? '');
  return true;
}
