import {
  applyFilters,
  layoutPanels,
  secondsToMm,
  leadSignals,
  type DisplayScale,
  type FilterName,
  type FilterSettings,
  type Layout,
  type LeadName,
  type MultiplexGroup,
  type PaperSettings,
} from '../../../../shared/ecg/index.js';
import type { EcgTranslate } from './i18n.js';
import type { ViewLayout } from './Toolbar.js';

/** Single-lead zoom magnifies the page; the statement then says the size is not true. */
export const SINGLE_LEAD_MAGNIFICATION = 2;

export interface DisplayedLeads {
  leads: Partial<Record<LeadName, Float64Array>>;
  applied: FilterName[];
  skipped: FilterName[];
}

/** The leads to draw: the recorded values, or filtered copies when the reader turned a filter on. */
export function displayedLeads(group: MultiplexGroup, filters: FilterSettings): DisplayedLeads {
  const raw = leadSignals(group);
  if (!filters.baselineWander && !filters.notch50 && filters.lowPassHz === null) return { leads: raw, applied: [], skipped: [] };
  const leads: Partial<Record<LeadName, Float64Array>> = {};
  let applied: FilterName[] = [];
  let skipped: FilterName[] = [];
  for (const [lead, values] of Object.entries(raw) as [LeadName, Float64Array][]) {
    const f = applyFilters(values, group.samplingFrequency, filters);
    leads[lead] = f.values;
    applied = f.applied;
    skipped = f.skipped;
  }
  return { leads, applied, skipped };
}

export function viewLayout(kind: ViewLayout, singleLead: LeadName, durationS: number, paper: PaperSettings): Layout {
  // Room for the 1 mV calibration pulse (40 + 200 + 40 ms wide) at any speed, plus 2 mm.
  const marginLeftMm = Math.max(10, Math.ceil(secondsToMm(0.28, paper) - 1e-9) + 3);
  return layoutPanels({ kind, durationS, paper, rhythmLead: kind === 'single' ? singleLead : 'II', marginLeftMm });
}

/**
 * Median beats (the file's second multiplex group): 3×4, every panel the whole representative beat
 * (its own time axis from 0), at the paper's speed and gains; no rhythm strip.
 */
export function medianLayout(beatS: number, paper: PaperSettings): Layout {
  const grid = viewLayout('3x4+1', 'II', beatS * 4, paper);
  const panels = grid.panels.slice(0, 12).map((p) => ({ ...p, tStartS: 0, tEndS: beatS }));
  const rowHeight = panels[0].heightMm;
  return { ...grid, kind: '3x4', panels, heightMm: rowHeight * 3 };
}

export function viewScale(kind: ViewLayout, scale: DisplayScale): DisplayScale {
  return kind === 'single' ? { pxPerMm: scale.pxPerMm * SINGLE_LEAD_MAGNIFICATION, calibrated: false } : scale;
}

/** "25 mm/s · 10 mm/mV · calibrated" or "… stated scale, not calibrated" (gains split when they differ). */
export function scaleStatement(paper: PaperSettings, calibrated: boolean, magnified: boolean, t: EcgTranslate, zh: boolean): string {
  const gain =
    paper.limbGainMmPerMv === paper.chestGainMmPerMv
      ? String(paper.limbGainMmPerMv)
      : zh
        ? `肢体 ${paper.limbGainMmPerMv} / 胸导 ${paper.chestGainMmPerMv}`
        : `limb ${paper.limbGainMmPerMv} / chest ${paper.chestGainMmPerMv}`;
  const base = t(calibrated && !magnified ? 'ecg.scale.calibrated' : 'ecg.scale.stated', { speed: paper.speedMmPerS, gain });
  return magnified ? `${base} · ${zh ? `放大 ×${SINGLE_LEAD_MAGNIFICATION}` : `magnified ×${SINGLE_LEAD_MAGNIFICATION}`}` : base;
}
