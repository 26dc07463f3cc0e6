import type { Locale } from '../i18n/locale.js';
import type { EcgMeasurements } from './measure.js';
import type { DeviceAnnotations, DeviceMeasurementKey } from './types.js';

/** One row of the "ours beside the device's" table the reader sees; both values are suggestions. */
export interface MeasurementRow {
  key: DeviceMeasurementKey;
  label: Record<Locale, string>;
  unit: string;
  automatic: number | null;
  device: number | null;
  /** automatic − device, when both exist. */
  difference: number | null;
}

const LABELS: Record<DeviceMeasurementKey, [Record<Locale, string>, string]> = {
  heartRate: [{ 'zh-CN': '心率', en: 'Heart rate' }, '/min'],
  rr: [{ 'zh-CN': 'RR 间期', en: 'RR interval' }, 'ms'],
  pp: [{ 'zh-CN': 'PP 间期', en: 'PP interval' }, 'ms'],
  pr: [{ 'zh-CN': 'PR 间期', en: 'PR interval' }, 'ms'],
  qrs: [{ 'zh-CN': 'QRS 时限', en: 'QRS duration' }, 'ms'],
  qt: [{ 'zh-CN': 'QT 间期', en: 'QT interval' }, 'ms'],
  qtc: [{ 'zh-CN': 'QTc（Bazett）', en: 'QTc (Bazett)' }, 'ms'],
  pAxis: [{ 'zh-CN': 'P 波电轴', en: 'P axis' }, '°'],
  qrsAxis: [{ 'zh-CN': 'QRS 电轴', en: 'QRS axis' }, '°'],
  tAxis: [{ 'zh-CN': 'T 波电轴', en: 'T axis' }, '°'],
};

const ORDER: DeviceMeasurementKey[] = ['heartRate', 'rr', 'pr', 'qrs', 'qt', 'qtc', 'qrsAxis', 'pAxis', 'tAxis'];

/**
 * Our automatic values beside the device's (WaveformAnnotationSequence). Device QTc formulas are
 * rarely stated in the file; ours is labelled Bazett. The device heart rate falls back to 60000/RR.
 */
export function compareWithDevice(m: EcgMeasurements, device: DeviceAnnotations): MeasurementRow[] {
  const dev = (k: DeviceMeasurementKey) => device.measurements.find((x) => x.key === k)?.value ?? null;
  const ours: Record<DeviceMeasurementKey, number | null> = {
    heartRate: m.heartRateBpm,
    rr: m.rr?.meanMs ?? null,
    pp: null,
    pr: m.prMs,
    qrs: m.qrsMs,
    qt: m.qtMs,
    qtc: m.qtc?.bazettMs ?? null,
    pAxis: null,
    qrsAxis: m.qrsAxisDeg,
    tAxis: null,
  };
  const deviceRr = dev('rr');
  return ORDER.map((key) => {
    let device = dev(key);
    if (key === 'heartRate' && device === null && deviceRr) device = 60000 / deviceRr;
    const automatic = ours[key];
    return {
      key,
      label: LABELS[key][0],
      unit: LABELS[key][1],
      automatic,
      device,
      difference: automatic !== null && device !== null ? automatic - device : null,
    };
  }).filter((r) => r.automatic !== null || r.device !== null);
}
