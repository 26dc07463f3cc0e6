import { CHEST_LEADS, type LeadName } from './types.js';

/**
 * ECG paper geometry (DOMAIN.md §4.4): pure mappings between time/amplitude and millimetres of
 * paper, and between millimetres and device pixels. 25 mm/s and 10 mm/mV are standard.
 */
export type PaperSpeed = 12.5 | 25 | 50;
export type PaperGain = 5 | 10 | 20;

export interface PaperSettings {
  speedMmPerS: PaperSpeed;
  limbGainMmPerMv: PaperGain;
  chestGainMmPerMv: PaperGain;
}

export const STANDARD_PAPER: PaperSettings = { speedMmPerS: 25, limbGainMmPerMv: 10, chestGainMmPerMv: 10 };

/**
 * Pixels per millimetre. `calibrated` is true only after the one-time ruler step; otherwise the
 * scale is the stated CSS default (96 px per inch) and the UI must say the size is not true.
 */
export interface DisplayScale {
  pxPerMm: number;
  calibrated: boolean;
}

export const DEFAULT_DISPLAY_SCALE: DisplayScale = { pxPerMm: 96 / 25.4, calibrated: false };

/** From the ruler step: a bar of `pixels` on screen measured `millimetres` with a real ruler. */
export function displayScaleFromRuler(pixels: number, millimetres: number): DisplayScale {
  if (!(pixels > 0 && millimetres > 0)) throw new RangeError('ruler length must be positive');
  return { pxPerMm: pixels / millimetres, calibrated: true };
}

export const gainFor = (lead: LeadName | null, paper: PaperSettings): PaperGain =>
  lead && CHEST_LEADS.includes(lead) ? paper.chestGainMmPerMv : paper.limbGainMmPerMv;

export const secondsToMm = (s: number, paper: PaperSettings): number => s * paper.speedMmPerS;
export const mmToSeconds = (mm: number, paper: PaperSettings): number => mm / paper.speedMmPerS;
export const uvToMm = (uv: number, gainMmPerMv: number): number => (uv / 1000) * gainMmPerMv;
export const mmToUv = (mm: number, gainMmPerMv: number): number => (mm / gainMmPerMv) * 1000;
export const mmToPx = (mm: number, scale: DisplayScale): number => mm * scale.pxPerMm;
export const pxToMm = (px: number, scale: DisplayScale): number => px / scale.pxPerMm;

export type LayoutKind = '3x4+1' | '3x4' | '6x2' | '12x1' | 'single';

/** One trace box on the page: a lead drawn from tStartS to tEndS, its baseline at yMm (down is +). */
export interface LayoutPanel {
  lead: LeadName;
  xMm: number;
  yMm: number;
  widthMm: number;
  heightMm: number;
  tStartS: number;
  tEndS: number;
  gainMmPerMv: number;
}

export interface Layout {
  kind: LayoutKind;
  widthMm: number;
  heightMm: number;
  panels: LayoutPanel[];
}

export interface LayoutOptions {
  kind: LayoutKind;
  durationS: number;
  paper: PaperSettings;
  /** Rhythm-strip lead for 3×4+1, and the lead of the single-lead view. */
  rhythmLead?: LeadName;
  /** Height of one row of traces (mm); 30 mm holds ±1.5 mV at 10 mm/mV. */
  rowHeightMm?: number;
  /** Room on the left for the calibration pulse (mm). */
  marginLeftMm?: number;
}

const GRID_3x4: LeadName[][] = [
  ['I', 'aVR', 'V1', 'V4'],
  ['II', 'aVL', 'V2', 'V5'],
  ['III', 'aVF', 'V3', 'V6'],
];
const GRID_6x2: LeadName[][] = [
  ['I', 'V1'],
  ['II', 'V2'],
  ['III', 'V3'],
  ['aVR', 'V4'],
  ['aVL', 'V5'],
  ['aVF', 'V6'],
];
const ALL: LeadName[] = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'];

/**
 * Panels for a layout. Columns show consecutive time windows (3×4: 2.5 s each of 10 s; 6×2: 5 s),
 * as on a standard printout; 12×1 and single show the whole record.
 */
export function layoutPanels(o: LayoutOptions): Layout {
  const row = o.rowHeightMm ?? 30;
  const left = o.marginLeftMm ?? 10;
  const totalMm = secondsToMm(o.durationS, o.paper);
  const panels: LayoutPanel[] = [];
  const grid = (rows: LeadName[][]) => {
    const cols = rows[0].length;
    const colS = o.durationS / cols;
    rows.forEach((leads, r) =>
      leads.forEach((lead, c) =>
        panels.push({
          lead,
          xMm: left + secondsToMm(c * colS, o.paper),
          yMm: row * (r + 0.5),
          widthMm: secondsToMm(colS, o.paper),
          heightMm: row,
          tStartS: c * colS,
          tEndS: (c + 1) * colS,
          gainMmPerMv: gainFor(lead, o.paper),
        }),
      ),
    );
    return rows.length;
  };
  const strip = (lead: LeadName, r: number) =>
    panels.push({ lead, xMm: left, yMm: row * (r + 0.5), widthMm: totalMm, heightMm: row, tStartS: 0, tEndS: o.durationS, gainMmPerMv: gainFor(lead, o.paper) });
  let rows = 0;
  if (o.kind === '3x4' || o.kind === '3x4+1') {
    rows = grid(GRID_3x4);
    if (o.kind === '3x4+1') strip(o.rhythmLead ?? 'II', rows++);
  } else if (o.kind === '6x2') rows = grid(GRID_6x2);
  else if (o.kind === '12x1') ALL.forEach((lead) => strip(lead, rows++));
  else strip(o.rhythmLead ?? 'II', rows++);
  return { kind: o.kind, widthMm: left + totalMm, heightMm: rows * row, panels };
}

/** Grid line positions (mm from the origin): every 1 mm minor, every 5 mm major (majors excluded from minors). */
export function gridLines(widthMm: number, heightMm: number): { minorX: number[]; majorX: number[]; minorY: number[]; majorY: number[] } {
  const split = (extent: number) => {
    const minor: number[] = [];
    const major: number[] = [];
    for (let mm = 0; mm <= extent + 1e-9; mm++) (mm % 5 === 0 ? major : minor).push(mm);
    return { minor, major };
  };
  const x = split(widthMm);
  const y = split(heightMm);
  return { minorX: x.minor, majorX: x.major, minorY: y.minor, majorY: y.major };
}

/** The 1 mV × 200 ms calibration pulse as a polyline in mm, relative to (x0, baseline), y down. */
export function calibrationPulse(paper: PaperSettings, gainMmPerMv: number, x0 = 0, baseline = 0): [number, number][] {
  const w = secondsToMm(0.2, paper);
  const h = gainMmPerMv; // 1 mV
  const lead = secondsToMm(0.04, paper);
  return [
    [x0, baseline],
    [x0 + lead, baseline],
    [x0 + lead, baseline - h],
    [x0 + lead + w, baseline - h],
    [x0 + lead + w, baseline],
    [x0 + 2 * lead + w, baseline],
  ];
}

/** Time caliper between two times (s): the interval in ms and, read as an RR, the rate in /min. */
export function timeCaliper(t1S: number, t2S: number): { ms: number; bpm: number | null } {
  const ms = Math.abs(t2S - t1S) * 1000;
  return { ms, bpm: ms > 0 ? 60000 / ms : null };
}

/** Amplitude caliper between two sample values (µV): the difference in mV. */
export function amplitudeCaliper(uv1: number, uv2: number): { mv: number } {
  return { mv: Math.abs(uv2 - uv1) / 1000 };
}

/** March-out calipers: repeat an interval from a start time across the record (s). */
export function marchOut(startS: number, intervalS: number, endS: number): number[] {
  if (!(intervalS > 0)) return [startS];
  const out: number[] = [];
  for (let k = 0; startS + k * intervalS <= endS + 1e-9; k++) out.push(startS + k * intervalS);
  return out;
}

/** Where a caliper handle at x (mm, page) falls in time inside a panel, or null when outside it. */
export function panelTimeAt(panel: LayoutPanel, xMm: number, paper: PaperSettings): number | null {
  if (xMm < panel.xMm || xMm > panel.xMm + panel.widthMm) return null;
  return panel.tStartS + mmToSeconds(xMm - panel.xMm, paper);
}

/** PDF user space: 72 points per inch, for a true-scale printed page (never through screen DPI). */
export const PDF_POINT_SCALE: DisplayScale = { pxPerMm: 72 / 25.4, calibrated: true };

/** What a pointer at (xPx, yPx) on the page points at: the panel, its time (s) and amplitude (µV). */
export interface PagePoint {
  panel: LayoutPanel;
  tS: number;
  uv: number;
}

/** Hit-test for calipers: page px (origin at the page's top-left) → panel, time and amplitude. */
export function pointOnPage(layout: Layout, paper: PaperSettings, scale: DisplayScale, xPx: number, yPx: number): PagePoint | null {
  const xMm = pxToMm(xPx, scale);
  const yMm = pxToMm(yPx, scale);
  for (const panel of layout.panels) {
    if (yMm < panel.yMm - panel.heightMm / 2 || yMm > panel.yMm + panel.heightMm / 2) continue;
    const tS = panelTimeAt(panel, xMm, paper);
    if (tS === null) continue;
    return { panel, tS, uv: mmToUv(panel.yMm - yMm, panel.gainMmPerMv) };
  }
  return null;
}

/** The page x (px) of time tS inside a panel: where a caliper line is drawn. */
export function panelXPx(panel: LayoutPanel, tS: number, paper: PaperSettings, scale: DisplayScale): number {
  return mmToPx(panel.xMm + secondsToMm(tS - panel.tStartS, paper), scale);
}
