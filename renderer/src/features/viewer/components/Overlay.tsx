import { displayText } from '../../../../../shared/text/display.js';
import type { ViewState } from '../commands/types.js';
import { firstNumber, firstString, Tag, type DicomJsonDataset } from '../domain/dicomJson.js';
import { measurementSpacing } from '../domain/spacing.js';
import { slicePosition } from '../domain/geometry.js';
import { useViewerT } from '../i18n.js';

const box = { position: 'absolute', color: '#e8e8e8', font: '12px/1.4 system-ui, "Noto Sans CJK SC", sans-serif', textShadow: '0 0 2px #000', pointerEvents: 'none' } as const;

const fmtDate = (d?: string) => (d && /^\d{8}$/.test(d) ? `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}` : (d ?? ''));
const fmtTime = (tm?: string) => (tm && /^\d{4}/.test(tm) ? `${tm.slice(0, 2)}:${tm.slice(2, 4)}${tm.length >= 6 ? `:${tm.slice(4, 6)}` : ''}` : (tm ?? ''));

/** Corner text: who and when (top), where in the stack and how it is windowed (bottom). */
export function Overlay({ state, instance }: { state: ViewState; instance: DicomJsonDataset }) {
  const t = useViewerT();
  const spacing = measurementSpacing(instance);
  const pos = slicePosition(instance);
  const thickness = firstNumber(instance, Tag.SliceThickness);
  const spacingLabel =
    spacing.source === 'PixelSpacing' ? t('viewer.overlay.spacing.pixel') : spacing.source === 'ImagerPixelSpacing' ? t('viewer.overlay.spacing.imager') : t('viewer.overlay.spacing.none');
  return (
    <>
      <div style={{ ...box, left: 8, top: 6 }}>
        <div>{displayText(firstString(instance, Tag.PatientName)).replace(/\^/g, ' ')}</div>
        <div>{displayText(firstString(instance, Tag.PatientID))}</div>
        <div>{displayText(firstString(instance, Tag.InstitutionName))}</div>
      </div>
      <div style={{ ...box, right: 8, top: 6, textAlign: 'right' }}>
        <div data-testid="overlay-study-time">
          {firstString(instance, Tag.Modality)} {t('overlay.time', { date: fmtDate(firstString(instance, Tag.StudyDate)), time: fmtTime(firstString(instance, '00080030')) })}
        </div>
        <div>{displayText(firstString(instance, Tag.SeriesDescription))}</div>
        <div data-testid="overlay-series">{t('overlay.series', { series: firstString(instance, Tag.SeriesNumber) ?? '-', instance: firstString(instance, Tag.InstanceNumber) ?? '-' })}</div>
      </div>
      <div style={{ ...box, left: 8, bottom: 6 }} data-testid="overlay-bottom-left">
        {state.sliceCount > 1 && <div>{t('viewer.overlay.slice', { index: state.sliceIndex + 1, count: state.sliceCount })}</div>}
        {pos !== null && state.sliceCount > 1 && <div>{t('viewer.overlay.position', { pos: pos.toFixed(1) })}</div>}
        {thickness !== undefined && <div>{t('viewer.overlay.thickness', { thickness })}</div>}
      </div>
      <div style={{ ...box, right: 8, bottom: 6, textAlign: 'right' }}>
        <div data-testid="overlay-wl">{t('viewer.overlay.wl', { width: Math.round(state.window.width), center: Math.round(state.window.center) })}</div>
        <div>{t('viewer.overlay.zoom', { zoom: Math.round(state.zoom * 100) })}</div>
        <div data-testid="overlay-spacing" data-spacing-source={spacing.source}>{spacingLabel}</div>
      </div>
    </>
  );
}
