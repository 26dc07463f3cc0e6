import type { DeviceAnnotations, RecordedFilters } from '../../../../shared/ecg/index.js';
import { useEcgT } from './i18n.js';

/** What the recording device says: its filter band and its (unconfirmed) statements. */
export function DevicePanel({ recorded, annotations }: { recorded: RecordedFilters | null; annotations: DeviceAnnotations }) {
  const { t } = useEcgT();
  const band =
    recorded && (recorded.lowHz !== null || recorded.highHz !== null || recorded.notchHz !== null)
      ? `${recorded.lowHz ?? '?'}–${recorded.highHz ?? '?'} Hz${recorded.notchHz ? ` · notch ${recorded.notchHz} Hz` : ''}`
      : null;
  return (
    <section className="ecg-panel" data-testid="ecg-device" aria-labelledby="ecg-dev-title">
      <h2 id="ecg-dev-title">{t('ecg.device')}</h2>
      <p>{band ? t('ecg.device.filters', { band }) : t('ecg.device.filtersNone')}</p>
      <h3>{t('ecg.device.statements')}</h3>
      {annotations.statements.length ? (
        <ul className="ecg-statements">
          {annotations.statements.map((s, i) => (
            <li key={i}>{s}</li>
          ))}
        </ul>
      ) : (
        <p>{t('ecg.device.none')}</p>
      )}
    </section>
  );
}
