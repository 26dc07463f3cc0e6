import { useState } from 'react';
import type { DisplayScale } from '../../../../shared/ecg/index.js';
import { saveCalibration } from './calibration.js';
import { useEcgT } from './i18n.js';

/** The bar the reader measures with a ruler, in CSS px. */
const BAR_PX = 400;

/** One-time ruler step: the reader measures a bar and types its length; px/mm is stored for this display. */
export function CalibrationDialog({ onDone, onCancel }: { onDone(scale: DisplayScale): void; onCancel(): void }) {
  const { t } = useEcgT();
  const [mm, setMm] = useState('');
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    const n = Number(mm.trim().replace(',', '.'));
    if (!(n >= 10 && n <= 500)) return setError(t('ecg.calibrate.invalid'));
    try {
      onDone(await saveCalibration({ pixels: BAR_PX, millimetres: n }));
    } catch (e) {
      setError(String(e instanceof Error ? e.message : e));
    }
  };
  return (
    <div className="ecg-dialog ecg-calibration" role="dialog" aria-modal="true" aria-labelledby="ecg-cal-title" data-testid="ecg-calibration">
      <h3 id="ecg-cal-title">{t('ecg.calibrate.title')}</h3>
      <p>{t('ecg.calibrate.help')}</p>
      <div className="ecg-ruler-bar" style={{ width: BAR_PX }} />
      <label>
        {t('ecg.calibrate.mm')} <input value={mm} onChange={(e) => setMm(e.target.value)} inputMode="decimal" autoFocus size={6} />
      </label>
      {error ? (
        <p className="ecg-error-inline" role="alert">
          {error}
        </p>
      ) : null}
      <div className="ecg-dialog-actions">
        <button type="button" onClick={save}>
          {t('ecg.calibrate.save')}
        </button>
        <button type="button" onClick={async () => onDone(await saveCalibration(null))}>
          {t('ecg.calibrate.clear')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('ecg.calibrate.cancel')}
        </button>
      </div>
    </div>
  );
}
