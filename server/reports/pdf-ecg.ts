import fs from 'node:fs/promises';
import type PDFDocument from 'pdfkit';
import {
  STANDARD_PAPER,
  calibrationPulse,
  gridLines,
  layoutPanels,
  pageCaption,
  readEcgFromPart10,
  recordedFilters,
  rhythmGroup,
  secondsToMm,
  uvToMm,
  type EcgRecord,
  type LayoutPanel,
  type MultiplexGroup,
} from '../../shared/ecg/index.js';
import type { Queryable } from '../db/database.js';
import type { ImageStore } from '../store/types.js';
import type { ReportLanguage } from '../../shared/reports/status.js';
import { displayPersonName } from '../../shared/text/display.js';
import type { SignedDocument } from './document.js';

/**
 * The true-scale ECG page of the report PDF (issue 9 "Printing"): A4 landscape, pdfkit vectors,
 * 1 mm / 5 mm grid, a 1 mV calibration pulse per row, 3×4 with a lead II rhythm strip at 25 mm/s
 * and 10 mm/mV, lead labels, the speed/gain/filter statement and the patient line. The geometry
 * is shared/ecg/paper.ts in millimetres; one millimetre is exactly 72/25.4 pt, so the page prints
 * true to size at 100 % scale.
 */
export const PT_PER_MM = 72 / 25.4;
export const A4_LANDSCAPE = { width: 841.89, height: 595.28 };

/** Where things sit on the page (mm from the top-left corner). */
export const ECG_PAGE = {
  gridTopMm: 31,
  rowHeightMm: 35,
  /** Room on the grid's left for the calibration pulse. */
  pulseMarginMm: 10,
  durationS: 10,
};

const COLOURS = { minor: '#f2b8b3', major: '#de6f64', trace: '#000000', text: '#000000', grey: '#595959' };
const WIDTHS = { minor: 0.25, major: 0.7, trace: 0.65, pulse: 0.65 };

/** Waveform SOP classes (PS3.4 B.5: 1.2.840.10008.5.1.4.1.1.9.x.y); the ECG inside is then decided by content. */
const WAVEFORM_CLASS_PREFIX = '1.2.840.10008.5.1.4.1.1.9.';

/** The single part of a `multipart/related; type="application/dicom"` answer (WADO-RS instance retrieve). */
export function singlePart(body: Uint8Array, contentType: string | null): Uint8Array | null {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType ?? '')?.[1];
  if (!boundary) return null;
  const buf = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const start = buf.indexOf(`--${boundary}`);
  const headerEnd = start < 0 ? -1 : buf.indexOf('\r\n\r\n', start);
  if (headerEnd < 0) return null;
  const end = buf.indexOf(`\r\n--${boundary}`, headerEnd + 4);
  return end < 0 ? null : new Uint8Array(buf.subarray(headerEnd + 4, end));
}

/** Part-10 bytes of one instance: the built-in store's file, or a WADO-RS retrieve from the upstream PACS. */
async function instanceBytes(store: ImageStore, row: { file_path: string | null; study_instance_uid: string; series_instance_uid: string; sop_instance_uid: string }): Promise<Uint8Array | null> {
  if (store.kind === 'builtin') return row.file_path ? new Uint8Array(await fs.readFile(store.files.abs(row.file_path))) : null;
  const res = await store.client.fetch(`/studies/${row.study_instance_uid}/series/${row.series_instance_uid}/instances/${row.sop_instance_uid}`, {
    headers: { accept: 'multipart/related; type="application/dicom"; transfer-syntax=*' },
  });
  if (!res.ok) {
    await res.body?.cancel().catch(() => undefined);
    return null;
  }
  return singlePart(new Uint8Array(await res.arrayBuffer()), res.headers.get('content-type'));
}

/**
 * The study's 12-lead ECG for printing, from the built-in store (like the PDF's key images) or the
 * upstream PACS (WADO-RS). Null when the study holds none the hub can read (no waveform object, an
 * unreachable PACS, or a waveform without the standard leads): the PDF then has no ECG page.
 */
export async function loadEcgForPrint(db: Queryable, store: ImageStore, studyUid: string): Promise<EcgRecord | null> {
  const rows = await db.query<{ file_path: string | null; study_instance_uid: string; series_instance_uid: string; sop_instance_uid: string }>(
    `SELECT file_path, study_instance_uid, series_instance_uid, sop_instance_uid FROM instances
      WHERE study_instance_uid = $1 AND sop_class_uid LIKE $2 ORDER BY series_instance_uid, sop_instance_uid LIMIT 20`,
    [studyUid, `${WAVEFORM_CLASS_PREFIX}%`],
  );
  for (const r of rows) {
    try {
      const bytes = await instanceBytes(store, r);
      const record = bytes ? readEcgFromPart10(bytes) : null;
      if (record?.isEcg && rhythmGroup(record)) return record;
    } catch {
      // An unreadable waveform (or a PACS that fails) leaves the page out; the reader saw the ECG (or its error) on screen.
    }
  }
  return null;
}

const dicomDate = (s: string | null) => (s && /^\d{8}$/.test(s) ? `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}` : (s ?? ''));

/** The page's words in the report's language (the report PDF's `doc.language`). */
export const ECG_PAGE_TEXT: Record<ReportLanguage, {
  title: string;
  name: string;
  sex: string;
  birthDate: string;
  patientId: string;
  accession: string;
  studyDate: string;
  site: string;
  sexes: Record<string, string>;
  sep: string;
  colon: string;
  printAtFullSize: string;
  device: string;
  listSep: string;
}> = {
  'zh-CN': {
    title: '常规12导联心电图',
    name: '姓名',
    sex: '性别',
    birthDate: '出生日期',
    patientId: '患者ID',
    accession: '检查号',
    studyDate: '检查日期',
    site: '申请机构',
    sexes: { M: '男', F: '女', O: '其他' },
    sep: '\u3000',
    colon: '：',
    printAtFullSize: '请按 100% 实际大小打印（勿缩放至页面）',
    device: '仪器自动分析（仅供参考）：',
    listSep: '；',
  },
  en: {
    title: '12-lead resting ECG',
    name: 'Name',
    sex: 'Sex',
    birthDate: 'Date of birth',
    patientId: 'Patient ID',
    accession: 'Accession',
    studyDate: 'Study date',
    site: 'Requesting site',
    sexes: { M: 'male', F: 'female', O: 'other' },
    sep: '   ',
    colon: ': ',
    printAtFullSize: 'print at 100 % actual size (do not fit to page)',
    device: 'Device interpretation (for reference only): ',
    listSep: '; ',
  },
};

/** A lead's samples inside a panel as page points (mm); above 4 samples per 0.05 mm column (> 2000 Hz), min/max per column. */
function panelPoints(panel: LayoutPanel, values: Float64Array, fs: number): Array<[number, number] | null> {
  const first = Math.max(0, Math.ceil(panel.tStartS * fs - 1e-9));
  const last = Math.min(values.length - 1, Math.ceil(panel.tEndS * fs - 1e-9) - 1);
  const xOf = (i: number) => panel.xMm + secondsToMm(i / fs - panel.tStartS, STANDARD_PAPER);
  const yOf = (uv: number) => panel.yMm - uvToMm(uv, panel.gainMmPerMv);
  const column = 0.05;
  const out: Array<[number, number] | null> = [];
  let i = first;
  while (i <= last) {
    const col = Math.floor(xOf(i) / column);
    let min = Infinity;
    let max = -Infinity;
    let firstV = NaN;
    let lastV = NaN;
    let j = i;
    for (; j <= last && Math.floor(xOf(j) / column) === col; j++) {
      const v = values[j];
      if (Number.isNaN(v)) continue;
      if (Number.isNaN(firstV)) firstV = v;
      lastV = v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    if (Number.isNaN(firstV)) out.push(null);
    else if (j - i <= 4) {
      // Up to 4 samples per column (≤ 2000 Hz): every sample as recorded; a gap inside breaks the line.
      for (let k = i; k < j; k++) out.push(Number.isNaN(values[k]) ? null : [xOf(k), yOf(values[k])]);
    } else {
      const x = xOf(i);
      out.push([x, yOf(firstV)], [x, yOf(max)], [x, yOf(min)], [x, yOf(lastV)]);
    }
    i = j;
  }
  return out;
}

/** Statement printed under the title: speed, gains, filters (none applied to the print), device band. */
export function ecgPrintStatement(group: MultiplexGroup, lang: ReportLanguage = 'zh-CN'): string {
  const caption = pageCaption(STANDARD_PAPER, [], recordedFilters(group), true, lang).replace(lang === 'en' ? ' · true size (calibrated)' : ' · 已校准实际尺寸', '');
  return `${caption} · ${ECG_PAGE_TEXT[lang].printAtFullSize}`;
}

/**
 * Appends the ECG page (landscape) to the report PDF. The fonts `regular` and `bold` are the ones
 * pdf.ts registered (Noto Sans SC, embedded as subsets).
 */
export function addEcgPage(pdf: PDFDocument, doc: SignedDocument, record: EcgRecord): void {
  const group = rhythmGroup(record);
  if (!group) return;
  const pt = (mm: number) => mm * PT_PER_MM;
  const pageWmm = A4_LANDSCAPE.width / PT_PER_MM;
  const durationS = Math.min(ECG_PAGE.durationS, group.sampleCount / group.samplingFrequency);
  const layout = layoutPanels({ kind: '3x4+1', durationS, paper: STANDARD_PAPER, rowHeightMm: ECG_PAGE.rowHeightMm, marginLeftMm: ECG_PAGE.pulseMarginMm });
  const ox = Math.round((pageWmm - layout.widthMm) / 2);
  const oy = ECG_PAGE.gridTopMm;
  const X = (mm: number) => pt(ox + mm);
  const Y = (mm: number) => pt(oy + mm);

  pdf.addPage({ size: 'A4', layout: 'landscape', margins: { top: 0, bottom: 0, left: 0, right: 0 } });
  const text = (t: string, xMm: number, yMm: number, size: number, font: 'regular' | 'bold' = 'regular', colour = COLOURS.text) =>
    pdf.font(font).fontSize(size).fillColor(colour).text(t, pt(xMm), pt(yMm), { lineBreak: false });

  // Title, patient line, statement, in the report's language.
  const s = doc.study;
  const L = ECG_PAGE_TEXT[doc.language] ?? ECG_PAGE_TEXT['zh-CN'];
  text(L.title, ox, 10, 12, 'bold');
  const name = doc.language === 'en' ? s.patientName || s.patientNameIdeographic || '' : s.patientNameIdeographic || s.patientName || '';
  const patient = (
    [
      [L.name, displayPersonName(name)],
      [L.sex, L.sexes[s.patientSex ?? ''] ?? (s.patientSex || '')],
      [L.birthDate, dicomDate(s.patientBirthDate)],
      [L.patientId, s.patientId ?? ''],
      [L.accession, s.accessionNumber ?? ''],
      [L.studyDate, dicomDate(s.studyDate)],
      [L.site, s.requestingSite ?? ''],
    ] as const
  )
    .map(([k, v]) => `${k}${L.colon}${v}`)
    .join(L.sep);
  text(patient, ox, 17.5, 8.5);
  text(ecgPrintStatement(group, doc.language), ox, 23.5, 8, 'regular', COLOURS.grey);

  // Grid: minor every 1 mm, major every 5 mm, exactly on the millimetre.
  const g = gridLines(layout.widthMm, layout.heightMm);
  const grid = (xs: number[], ys: number[], colour: string, width: number) => {
    pdf.strokeColor(colour).lineWidth(width);
    for (const x of xs) pdf.moveTo(X(x), Y(0)).lineTo(X(x), Y(layout.heightMm));
    for (const y of ys) pdf.moveTo(X(0), Y(y)).lineTo(X(layout.widthMm), Y(y));
    pdf.stroke();
  };
  grid(g.minorX, g.minorY, COLOURS.minor, WIDTHS.minor);
  grid(g.majorX, g.majorY, COLOURS.major, WIDTHS.major);

  // One calibration pulse (1 mV × 200 ms) per row, at the row's gain.
  pdf.strokeColor(COLOURS.trace).lineWidth(WIDTHS.pulse);
  const rows = new Map<number, LayoutPanel>();
  for (const p of layout.panels) if (!rows.has(p.yMm)) rows.set(p.yMm, p);
  for (const p of rows.values()) {
    calibrationPulse(STANDARD_PAPER, p.gainMmPerMv, 1.5, p.yMm).forEach(([x, y], k) => (k ? pdf.lineTo(X(x), Y(y)) : pdf.moveTo(X(x), Y(y))));
  }
  pdf.stroke();

  // Traces (raw, no display filter), gaps in the record left open.
  pdf.strokeColor(COLOURS.trace).lineWidth(WIDTHS.trace);
  for (const p of layout.panels) {
    const ch = group.channels.find((c) => c.lead === p.lead && c.unit === 'uV');
    if (!ch) continue;
    let pen = false;
    for (const point of panelPoints(p, ch.values, group.samplingFrequency)) {
      if (!point) pen = false;
      else {
        if (pen) pdf.lineTo(X(point[0]), Y(point[1]));
        else pdf.moveTo(X(point[0]), Y(point[1]));
        pen = true;
      }
    }
  }
  pdf.stroke();

  // Column separators (short ticks) and lead labels.
  pdf.strokeColor(COLOURS.trace).lineWidth(WIDTHS.pulse);
  for (const p of layout.panels) {
    if (p.xMm > ECG_PAGE.pulseMarginMm + 0.01) pdf.moveTo(X(p.xMm), Y(p.yMm - 4)).lineTo(X(p.xMm), Y(p.yMm + 4));
  }
  pdf.stroke();
  for (const p of layout.panels) text(p.lead, p.xMm + ox + 1, oy + p.yMm - p.heightMm / 2 + 1, 9, 'bold');

  // The device's own interpretation, labelled as such (never ours, never the report).
  const below = oy + layout.heightMm + 3;
  const statements = record.annotations.statements.join(L.listSep);
  if (statements) text(`${L.device}${statements.length > 150 ? `${statements.slice(0, 150)}…` : statements}`, ox, below, 8, 'regular', COLOURS.grey);
}
