import { DEFAULT_DISPLAY_SCALE, displayScaleFromRuler, type DisplayScale } from '../../../../shared/ecg/index.js';
import { resolvePlatform } from '../../platform/bridge.js';

/**
 * The one-time ruler calibration of this display: CSS px per mm. The desktop shell keeps it per
 * machine (`setEcgCalibration`); a browser keeps it in localStorage (the screen, not the user).
 */
export const CALIBRATION_KEY = 'teleread.ecg.pxPerMm';

type Store = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

function storage(): Store | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

const valid = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0.5 && v < 100;

export async function loadDisplayScale(store: Store | null = storage()): Promise<DisplayScale> {
  const bridge = resolvePlatform();
  if (bridge.getEcgCalibration) {
    try {
      const { pxPerMm } = await bridge.getEcgCalibration();
      if (valid(pxPerMm)) return { pxPerMm, calibrated: true };
    } catch {
      // fall through to the browser store
    }
  }
  const raw = Number(store?.getItem(CALIBRATION_KEY));
  return valid(raw) ? { pxPerMm: raw, calibrated: true } : DEFAULT_DISPLAY_SCALE;
}

/** Saves the ruler result (`pixels` of bar measured as `millimetres`), or clears it with null. */
export async function saveCalibration(ruler: { pixels: number; millimetres: number } | null, store: Store | null = storage()): Promise<DisplayScale> {
  const scale = ruler ? displayScaleFromRuler(ruler.pixels, ruler.millimetres) : DEFAULT_DISPLAY_SCALE;
  const bridge = resolvePlatform();
  if (bridge.setEcgCalibration) await bridge.setEcgCalibration(ruler ? scale.pxPerMm : null);
  if (ruler) store?.setItem(CALIBRATION_KEY, String(scale.pxPerMm));
  else store?.removeItem(CALIBRATION_KEY);
  return scale;
}
