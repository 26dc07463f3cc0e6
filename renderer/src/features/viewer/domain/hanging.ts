import type { LayoutId } from './layout.js';

/**
 * Hanging protocols as data (issue 6): which layout, and what goes in each viewport, by exam type.
 * The first protocol whose `match` accepts the study is applied on open; the reader may switch to
 * any other that applies. Pure: the viewer resolves the result to series and presets.
 */
export interface StudyFacts {
  modalities: readonly string[];
  /** BodyPartExamined of the main series, upper case */
  bodyPart: string;
  studyDescription: string;
  seriesDescriptions: readonly string[];
  hasPrior: boolean;
}

export type CellView = 'axial' | 'coronal' | 'sagittal';

export interface CellRule {
  /** 'current' = the main image series of this study; 'prior' = the main series of the newest prior */
  source: 'current' | 'prior';
  view: CellView;
  /** a CT preset id from domain/presets.ts, or undefined for the file's window */
  preset?: string;
  /** shown instead when the rule's source is missing (no prior): a layout cell is never left empty */
  fallback?: Omit<CellRule, 'fallback'>;
}

export interface HangingProtocol {
  id: string;
  /** i18n key of the name shown in the switcher */
  label: 'hp.chestCt' | 'hp.headCt' | 'hp.drPrior' | 'hp.single' | 'hp.ctPrior';
  layout: LayoutId;
  cells: readonly CellRule[];
  match(f: StudyFacts): boolean;
}

const has = (f: StudyFacts, ...m: string[]) => f.modalities.some((x) => m.includes(x.toUpperCase()));
const text = (f: StudyFacts) => [f.bodyPart, f.studyDescription, ...f.seriesDescriptions].join(' ');
const CHEST = /CHEST|THORAX|LUNG|胸|肺/i;
const HEAD = /HEAD|BRAIN|SKULL|头|颅|脑/i;

export const HANGING_PROTOCOLS: readonly HangingProtocol[] = [
  {
    id: 'ct-chest',
    label: 'hp.chestCt',
    layout: '2x2',
    cells: [
      { source: 'current', view: 'axial', preset: 'lung' },
      { source: 'current', view: 'axial', preset: 'mediastinum' },
      { source: 'current', view: 'coronal', preset: 'mediastinum' },
      // Without a prior: the sagittal reformat (spine, sternum, the anterior–posterior extent of a finding).
      { source: 'prior', view: 'axial', preset: 'lung', fallback: { source: 'current', view: 'sagittal', preset: 'mediastinum' } },
    ],
    match: (f) => has(f, 'CT') && CHEST.test(text(f)),
  },
  {
    id: 'ct-head',
    label: 'hp.headCt',
    layout: '1x2',
    cells: [
      { source: 'current', view: 'axial', preset: 'brain' },
      { source: 'current', view: 'axial', preset: 'bone' },
    ],
    match: (f) => has(f, 'CT') && HEAD.test(text(f)),
  },
  {
    id: 'ct-prior',
    label: 'hp.ctPrior',
    layout: '1x2',
    cells: [
      { source: 'current', view: 'axial' },
      { source: 'prior', view: 'axial' },
    ],
    match: (f) => has(f, 'CT', 'MR') && f.hasPrior,
  },
  {
    id: 'dr-prior',
    label: 'hp.drPrior',
    layout: '1x2',
    cells: [
      { source: 'current', view: 'axial' },
      { source: 'prior', view: 'axial' },
    ],
    match: (f) => has(f, 'CR', 'DX', 'DR', 'MG', 'RF') && f.hasPrior,
  },
  {
    id: 'single',
    label: 'hp.single',
    layout: '1x1',
    cells: [{ source: 'current', view: 'axial' }],
    match: () => true,
  },
];

/** The protocol applied on open: the first that matches (the last one always does). */
export function chooseProtocol(f: StudyFacts, protocols: readonly HangingProtocol[] = HANGING_PROTOCOLS): HangingProtocol {
  return protocols.find((p) => p.match(f)) ?? protocols[protocols.length - 1];
}

/** Protocols the reader can switch to for this study. */
export function applicableProtocols(f: StudyFacts, protocols: readonly HangingProtocol[] = HANGING_PROTOCOLS): HangingProtocol[] {
  return protocols.filter((p) => p.match(f));
}

export interface SeriesFacts {
  seriesUid: string;
  modality: string;
  instanceCount: number;
  number: number;
}

/** Modalities that never hold images to hang (OT can: secondary captures). */
const NON_IMAGE = new Set(['SR', 'KO', 'PR', 'DOC', 'ECG', 'SEG', 'RTSTRUCT', 'REG', 'PLAN']);

/**
 * The series a protocol means by "the main series": the image series with the most instances
 * (ties: lowest number); when every series has a non-image modality, the largest of them (the
 * viewer then says there is nothing to show rather than showing an empty layout).
 */
export function mainSeries<T extends SeriesFacts>(series: readonly T[]): T | undefined {
  const order = (a: T, b: T) => b.instanceCount - a.instanceCount || a.number - b.number;
  const images = series.filter((s) => !NON_IMAGE.has(s.modality.toUpperCase()));
  return [...(images.length ? images : series)].sort(order)[0];
}
