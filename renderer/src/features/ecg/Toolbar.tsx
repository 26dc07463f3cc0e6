import type { FilterSettings, LowPassHz, PaperGain, PaperSettings, PaperSpeed } from '../../../../shared/ecg/index.js';
import type { CaliperTool } from './EcgCanvas.js';
import { useEcgT } from './i18n.js';

export type ViewLayout = '3x4+1' | '6x2' | '12x1' | 'single';

export interface ToolbarProps {
  layout: ViewLayout;
  singleLead: string;
  paper: PaperSettings;
  filters: FilterSettings;
  tool: CaliperTool;
  onLayout(l: ViewLayout): void;
  onPaper(p: PaperSettings): void;
  onFilters(f: FilterSettings): void;
  onTool(t: CaliperTool): void;
  onClearCalipers(): void;
  onCalibrate(): void;
  /** The file has median beats (a second multiplex group): offer the toggle. */
  medianAvailable: boolean;
  median: boolean;
  onMedian(on: boolean): void;
}

const SPEEDS: PaperSpeed[] = [12.5, 25, 50];
const GAINS: PaperGain[] = [5, 10, 20];
const LOWPASS: LowPassHz[] = [40, 100, 150];

function Segmented<T extends string | number>(props: { label: string; value: T | null; options: readonly T[]; render?(v: T): string; onChange(v: T): void; testId: string }) {
  return (
    <div className="ecg-seg" role="radiogroup" aria-label={props.label} data-testid={props.testId}>
      <span className="ecg-seg-label">{props.label}</span>
      {props.options.map((o) => (
        <button key={String(o)} type="button" role="radio" aria-checked={o === props.value} className={o === props.value ? 'on' : ''} onClick={() => props.onChange(o)} data-value={String(o)}>
          {props.render ? props.render(o) : String(o)}
        </button>
      ))}
    </div>
  );
}

export function Toolbar(p: ToolbarProps) {
  const { t } = useEcgT();
  const layouts: ViewLayout[] = ['3x4+1', '6x2', '12x1', 'single'];
  const layoutLabel = (l: ViewLayout) => (l === 'single' ? t('ecg.layout.single', { lead: p.singleLead }) : t(`ecg.layout.${l}`));
  return (
    <div className="ecg-toolbar" data-testid="ecg-toolbar">
      <Segmented label={t('ecg.layout')} value={p.median ? null : p.layout} options={layouts} render={layoutLabel} onChange={p.onLayout} testId="ecg-layout" />
      {p.medianAvailable ? (
        <button type="button" aria-pressed={p.median} className={p.median ? 'on' : ''} title={t('ecg.median.title')} onClick={() => p.onMedian(!p.median)} data-testid="ecg-median">
          {t('ecg.median')}
        </button>
      ) : null}
      <Segmented label={t('ecg.speed')} value={p.paper.speedMmPerS} options={SPEEDS} render={(v) => `${v} mm/s`} onChange={(v) => p.onPaper({ ...p.paper, speedMmPerS: v })} testId="ecg-speed" />
      <Segmented label={t('ecg.gainLimb')} value={p.paper.limbGainMmPerMv} options={GAINS} render={(v) => `${v} mm/mV`} onChange={(v) => p.onPaper({ ...p.paper, limbGainMmPerMv: v })} testId="ecg-gain-limb" />
      <Segmented label={t('ecg.gainChest')} value={p.paper.chestGainMmPerMv} options={GAINS} render={(v) => `${v} mm/mV`} onChange={(v) => p.onPaper({ ...p.paper, chestGainMmPerMv: v })} testId="ecg-gain-chest" />
      <div className="ecg-seg" role="group" aria-label={t('ecg.filters')} data-testid="ecg-filters">
        <span className="ecg-seg-label">{t('ecg.filters')}</span>
        <label className={p.filters.baselineWander ? 'on' : ''}>
          <input type="checkbox" checked={p.filters.baselineWander} onChange={(e) => p.onFilters({ ...p.filters, baselineWander: e.target.checked })} /> {t('ecg.filter.baseline')}
        </label>
        <label className={p.filters.notch50 ? 'on' : ''}>
          <input type="checkbox" checked={p.filters.notch50} onChange={(e) => p.onFilters({ ...p.filters, notch50: e.target.checked })} /> {t('ecg.filter.notch')}
        </label>
        <label className={p.filters.lowPassHz !== null ? 'on' : ''}>
          {t('ecg.filter.lowpass')}{' '}
          <select
            value={p.filters.lowPassHz ?? ''}
            onChange={(e) => p.onFilters({ ...p.filters, lowPassHz: e.target.value ? (Number(e.target.value) as LowPassHz) : null })}
            data-testid="ecg-lowpass"
          >
            <option value="">{t('ecg.filter.off')}</option>
            {LOWPASS.map((hz) => (
              <option key={hz} value={hz}>
                {hz} Hz
              </option>
            ))}
          </select>
        </label>
      </div>
      <Segmented
        label={t('ecg.tool')}
        value={p.tool}
        options={['time', 'amplitude', 'march'] as const}
        render={(v) => t(v === 'time' ? 'ecg.tool.time' : v === 'amplitude' ? 'ecg.tool.amplitude' : 'ecg.tool.march')}
        onChange={p.onTool}
        testId="ecg-tool"
      />
      <button type="button" onClick={p.onClearCalipers}>
        {t('ecg.tool.clear')}
      </button>
      <button type="button" onClick={p.onCalibrate} data-testid="ecg-calibrate">
        {t('ecg.calibrate')}
      </button>
    </div>
  );
}
