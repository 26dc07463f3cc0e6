import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  DEFAULT_DISPLAY_SCALE,
  FILTERS_OFF,
  STANDARD_PAPER,
  measureGroup,
  medianGroup,
  recordedFilters,
  rhythmGroup,
  suggestCriticalValues,
  type DisplayScale,
  type FilterSettings,
  type LeadName,
  type PaperSettings,
} from '../../../../shared/ecg/index.js';
import { loadDisplayScale } from './calibration.js';
import { CalibrationDialog } from './CalibrationDialog.js';
import { CriticalPanel } from './CriticalPanel.js';
import { DevicePanel } from './DevicePanel.js';
import { EcgCanvas, type CaliperReading, type CaliperTool } from './EcgCanvas.js';
import { useEcgT, type EcgTranslate } from './i18n.js';
import { EcgLoadError, loadStudyEcg, type EcgSource, type LoadedEcg } from './load.js';
import { MeasurementsPanel } from './MeasurementsPanel.js';
import { withReaderValues, type ReaderMeasurements } from './measurements.js';
import { Toolbar, type ViewLayout } from './Toolbar.js';
import { displayedLeads, medianLayout, scaleStatement, viewLayout, viewScale } from './view.js';
import './ecg.css';

export interface EcgPageProps {
  studyUid: string;
  source: EcgSource;
  onClose(): void;
  /** The reader's accepted/overridden measurements, for the report panel. */
  onMeasurementsChange?(values: ReaderMeasurements): void;
}

type LoadState = { kind: 'loading' } | { kind: 'error'; error: unknown } | { kind: 'ready'; ecg: LoadedEcg };

function readingText(r: CaliperReading, t: EcgTranslate): string {
  if (!r) return t('ecg.caliper.none');
  if (r.kind === 'amplitude') return `${r.lead}: ${t('ecg.caliper.amp', { mv: r.mv.toFixed(2) })}`;
  return `${r.lead}: ${t('ecg.caliper.time', { ms: Math.round(r.ms), bpm: r.bpm === null ? '—' : Math.round(r.bpm) })}`;
}

export function EcgPage({ studyUid, source, onClose, onMeasurementsChange }: EcgPageProps) {
  const { t, locale } = useEcgT();
  const [state, setState] = useState<LoadState>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [scale, setScale] = useState<DisplayScale>(DEFAULT_DISPLAY_SCALE);
  const [layoutKind, setLayoutKind] = useState<ViewLayout>('3x4+1');
  const [singleLead, setSingleLead] = useState<LeadName>('II');
  const [paper, setPaper] = useState<PaperSettings>(STANDARD_PAPER);
  const [filters, setFilters] = useState<FilterSettings>(FILTERS_OFF);
  const [tool, setTool] = useState<CaliperTool>('time');
  const [clearToken, setClearToken] = useState(0);
  const [reading, setReading] = useState<CaliperReading>(null);
  const [calibrating, setCalibrating] = useState(false);
  const [median, setMedian] = useState(false);

  useEffect(() => {
    let live = true;
    setState({ kind: 'loading' });
    loadStudyEcg(source, studyUid).then(
      (ecg) => live && setState({ kind: 'ready', ecg }),
      (error: unknown) => live && setState({ kind: 'error', error }),
    );
    return () => {
      live = false;
    };
  }, [source, studyUid, attempt]);

  useEffect(() => {
    loadDisplayScale().then(setScale, () => undefined);
  }, []);

  const group = state.kind === 'ready' ? rhythmGroup(state.ecg.record) : null;
  const medians = state.kind === 'ready' ? medianGroup(state.ecg.record) : null;
  // What is drawn: the median beats when the reader asked for them; measurements stay on the rhythm.
  const drawn = median && medians ? medians : group;
  const measurements = useMemo(() => (group ? measureGroup(group) : null), [group]);
  const [readerValues, setReaderValues] = useState<ReaderMeasurements>({});
  const hints = useMemo(() => (measurements ? suggestCriticalValues(withReaderValues(measurements, readerValues)) : []), [measurements, readerValues]);
  const onValues = useCallback(
    (v: ReaderMeasurements) => {
      setReaderValues(v);
      onMeasurementsChange?.(v);
    },
    [onMeasurementsChange],
  );
  const shown = useMemo(() => (drawn ? displayedLeads(drawn, filters) : null), [drawn, filters]);
  const durationS = drawn ? drawn.sampleCount / drawn.samplingFrequency : 10;
  const medianOn = median && medians !== null;
  const layout = useMemo(
    () => (medianOn ? medianLayout(durationS, paper) : viewLayout(layoutKind, singleLead, durationS, paper)),
    [medianOn, layoutKind, singleLead, durationS, paper],
  );
  const drawScale = useMemo(() => viewScale(medianOn ? '3x4+1' : layoutKind, scale), [medianOn, layoutKind, scale]);
  const onReading = useCallback((r: CaliperReading) => setReading(r), []);

  if (state.kind === 'loading') return <p className="ecg-status" data-testid="ecg-loading">{t('ecg.loading')}</p>;
  if (state.kind === 'error') {
    const message = state.error instanceof EcgLoadError ? state.error.localized(locale) : String(state.error instanceof Error ? state.error.message : state.error);
    return (
      <div className="banner error" role="alert" data-testid="ecg-error">
        {message}{' '}
        <button type="button" onClick={() => setAttempt((a) => a + 1)}>
          {t('ecg.retry')}
        </button>{' '}
        <button type="button" onClick={onClose}>
          {t('ecg.close')}
        </button>
      </div>
    );
  }

  const { ecg } = state;
  const p = ecg.patient;
  const filterNames = shown?.applied ?? [];
  const filterLabel: Record<string, string> = {
    'baselineWander0.5Hz': t('ecg.filter.baseline'),
    notch50Hz: t('ecg.filter.notch'),
    lowPass40Hz: `${t('ecg.filter.lowpass')} 40 Hz`,
    lowPass100Hz: `${t('ecg.filter.lowpass')} 100 Hz`,
    lowPass150Hz: `${t('ecg.filter.lowpass')} 150 Hz`,
  };

  return (
    <section className="ecg-screen" aria-labelledby="ecg-title" data-testid="ecg-screen">
      <header className="ecg-head">
        <h1 id="ecg-title">{t('ecg.title')}</h1>
        <span className="ecg-patient" data-testid="ecg-patient">
          {t('ecg.patient')}: {p.name ?? '—'} · ID {p.patientId ?? '—'} {p.sex ?? ''} {p.birthDate ?? ''}
        </span>
        <button type="button" onClick={onClose}>
          {t('ecg.close')}
        </button>
      </header>
      <Toolbar
        layout={layoutKind}
        singleLead={singleLead}
        paper={paper}
        filters={filters}
        tool={tool}
        onLayout={(l) => {
          setMedian(false);
          setLayoutKind(l);
        }}
        medianAvailable={medians !== null}
        median={medianOn}
        onMedian={setMedian}
        onPaper={setPaper}
        onFilters={setFilters}
        onTool={setTool}
        onClearCalipers={() => setClearToken((c) => c + 1)}
        onCalibrate={() => setCalibrating(true)}
      />
      <div className="ecg-statusline">
        <strong className={scale.calibrated && (medianOn || layoutKind !== 'single') ? 'ecg-scale ok' : 'ecg-scale warn'} data-testid="ecg-scale">
          {scaleStatement(paper, scale.calibrated, !medianOn && layoutKind === 'single', t, locale === 'zh-CN')}
        </strong>
        {filterNames.length ? (
          <strong className="ecg-filters-on" data-testid="ecg-filters-on" role="status">
            {t('ecg.filtersOn', { list: filterNames.map((f) => filterLabel[f] ?? f).join(locale === 'zh-CN' ? '、' : ', ') })}
          </strong>
        ) : null}
        {medianOn ? (
          <strong className="ecg-median-on" data-testid="ecg-median-on" role="status">
            {t('ecg.median.shown', { ms: Math.round(durationS * 1000) })}
          </strong>
        ) : null}
        <span className="ecg-reading" data-testid="ecg-caliper-readout" aria-live="polite">
          {readingText(reading, t)}
        </span>
        <span className="ecg-hint-text">{t('ecg.zoom.hint')}</span>
      </div>
      {!ecg.record.isEcg ? <p className="banner warning">{t('ecg.notEcg')}</p> : null}
      {ecg.otherWaveforms > 0 ? <p className="banner warning">{t('ecg.otherWaveforms', { count: ecg.otherWaveforms })}</p> : null}
      <div className="ecg-body">
        <div className="ecg-paper-scroll">
          {drawn && shown ? (
            <EcgCanvas
              layout={layout}
              paper={paper}
              scale={drawScale}
              leads={shown.leads}
              samplingFrequency={drawn.samplingFrequency}
              caption=""
              tool={tool}
              clearToken={clearToken}
              onReading={onReading}
              onLeadClick={(lead) => {
                if (medianOn) return;
                if (layoutKind === 'single') setLayoutKind('3x4+1');
                else {
                  setSingleLead(lead);
                  setLayoutKind('single');
                }
              }}
            />
          ) : null}
        </div>
        <aside className="ecg-side">
          {measurements ? <CriticalPanel studyUid={studyUid} hints={hints} patient={p} /> : null}
          {measurements ? <MeasurementsPanel measurements={measurements} device={ecg.record.annotations} onChange={onValues} /> : null}
          <DevicePanel recorded={group ? recordedFilters(group) : null} annotations={ecg.record.annotations} />
        </aside>
      </div>
      {calibrating ? (
        <CalibrationDialog
          onDone={(s) => {
            setScale(s);
            setCalibrating(false);
          }}
          onCancel={() => setCalibrating(false)}
        />
      ) : null}
    </section>
  );
}
