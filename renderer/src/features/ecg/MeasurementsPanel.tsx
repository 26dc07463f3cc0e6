import { useEffect, useMemo, useState } from 'react';
import type { DeviceAnnotations, EcgMeasurements } from '../../../../shared/ecg/index.js';
import { useEcgT } from './i18n.js';
import { formatValue, measureRows, parseReaderNumber, type ReaderMeasureKey, type ReaderMeasurements } from './measurements.js';

export interface MeasurementsPanelProps {
  measurements: EcgMeasurements;
  device: DeviceAnnotations;
  /** Every change of the reader's accepted/overridden values (for the report panel). */
  onChange?(values: ReaderMeasurements): void;
}

/**
 * Automatic measurements as suggestions with the device's values beside them; the reader accepts
 * or overrides each. Nothing counts as the reader's value until accepted or typed.
 */
export function MeasurementsPanel({ measurements, device, onChange }: MeasurementsPanelProps) {
  const { t } = useEcgT();
  const rows = useMemo(() => measureRows(measurements, device), [measurements, device]);
  const [values, setValues] = useState<ReaderMeasurements>({});
  const [editing, setEditing] = useState<{ key: ReaderMeasureKey; text: string; error: boolean } | null>(null);

  useEffect(() => onChange?.(values), [values, onChange]);

  const accept = (key: ReaderMeasureKey) => {
    const row = rows.find((r) => r.key === key);
    if (!row || row.automatic === null) return;
    setValues((v) => ({ ...v, [key]: { status: 'accepted', value: Number(row.automatic!.toFixed(row.digits)), unit: row.unit, automatic: row.automatic } }));
  };
  const acceptAll = () => rows.forEach((r) => !values[r.key] && accept(r.key));
  const saveEdit = () => {
    if (!editing) return;
    const n = parseReaderNumber(editing.text);
    if (n === null) return setEditing({ ...editing, error: true });
    const row = rows.find((r) => r.key === editing.key)!;
    setValues((v) => ({ ...v, [row.key]: { status: 'overridden', value: n, unit: row.unit, automatic: row.automatic } }));
    setEditing(null);
  };
  const reset = (key: ReaderMeasureKey) =>
    setValues((v) => {
      const next = { ...v };
      delete next[key];
      return next;
    });
  const regularity = measurements.regularity === 'regular' ? t('ecg.m.regular') : measurements.regularity === 'irregular' ? t('ecg.m.irregular') : t('ecg.m.unknown');

  return (
    <section className="ecg-panel" data-testid="ecg-measurements" aria-labelledby="ecg-m-title">
      <header className="ecg-panel-head">
        <h2 id="ecg-m-title">{t('ecg.m.title')}</h2>
        <button type="button" onClick={acceptAll} data-testid="ecg-accept-all">
          {t('ecg.m.acceptAll')}
        </button>
      </header>
      <p className="ecg-suggestion-note">{t('ecg.m.suggested')}</p>
      <table className="ecg-mtable">
        <thead>
          <tr>
            <th>{t('ecg.m.name')}</th>
            <th>{t('ecg.m.auto')}</th>
            <th>{t('ecg.m.device')}</th>
            <th>{t('ecg.m.final')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const v = values[r.key];
            const isEditing = editing?.key === r.key;
            return (
              <tr key={r.key} data-testid={`ecg-m-${r.key}`} data-status={v?.status ?? 'suggested'}>
                <th scope="row">{t(r.label)}</th>
                <td className="ecg-auto" data-testid={`ecg-m-${r.key}-auto`}>
                  {formatValue(r.automatic, r.digits)} <span className="ecg-unit">{r.unit}</span>
                </td>
                <td className="ecg-device">{formatValue(r.device, r.digits)}</td>
                <td className="ecg-final-cell">
                  {isEditing ? (
                    <input
                      aria-label={t(r.label)}
                      aria-invalid={editing.error}
                      title={editing.error ? t('ecg.m.invalid') : undefined}
                      value={editing.text}
                      autoFocus
                      size={6}
                      onChange={(e) => setEditing({ key: r.key, text: e.target.value, error: false })}
                      onKeyDown={(e) => {
                        if (e.key === 'Enter') saveEdit();
                        if (e.key === 'Escape') setEditing(null);
                      }}
                    />
                  ) : v ? (
                    <span className={`ecg-final ecg-${v.status}`}>
                      {formatValue(v.value, r.digits)} · {v.status === 'accepted' ? t('ecg.m.accepted') : t('ecg.m.overridden')}
                    </span>
                  ) : null}
                </td>
                <td className="ecg-actions">
                  {isEditing ? (
                    <button type="button" onClick={saveEdit}>
                      {t('ecg.m.save')}
                    </button>
                  ) : v ? (
                    <button type="button" onClick={() => reset(r.key)}>
                      {t('ecg.m.reset')}
                    </button>
                  ) : (
                    <>
                      <button type="button" disabled={r.automatic === null} onClick={() => accept(r.key)}>
                        {t('ecg.m.accept')}
                      </button>
                      <button type="button" onClick={() => setEditing({ key: r.key, text: r.automatic === null ? '' : r.automatic.toFixed(r.digits), error: false })}>
                        {t('ecg.m.override')}
                      </button>
                    </>
                  )}
                </td>
              </tr>
            );
          })}
          <tr>
            <th scope="row">{t('ecg.m.rhythm')}</th>
            <td colSpan={4}>{regularity}</td>
          </tr>
        </tbody>
      </table>
      {editing?.error ? <p className="ecg-error-inline">{t('ecg.m.invalid')}</p> : null}
    </section>
  );
}
