import type { Locale } from '../i18n/locale.js';
import type { FilterName } from './filters.js';
import type { PaperSettings } from './paper.js';
import type { MultiplexGroup } from './types.js';

/** The device's recorded filter settings for a group's leads; `uniform` is false when leads differ. */
export interface RecordedFilters {
  lowHz: number | null;
  highHz: number | null;
  notchHz: number | null;
  uniform: boolean;
}

export function recordedFilters(group: MultiplexGroup): RecordedFilters {
  const leads = group.channels.filter((c) => c.lead);
  const pick = (f: (c: (typeof leads)[number]) => number | null) => {
    const values = [...new Set(leads.map(f).filter((v): v is number => v !== null))];
    return { value: values.length ? values[0] : null, uniform: values.length <= 1 && leads.every((c) => f(c) !== null || values.length === 0) };
  };
  const low = pick((c) => c.filterLowHz);
  const high = pick((c) => c.filterHighHz);
  const notch = pick((c) => c.notchHz);
  return { lowHz: low.value, highHz: high.value, notchHz: notch.value, uniform: low.uniform && high.uniform && notch.uniform };
}

const FILTER_TEXT: Record<FilterName, Record<Locale, string>> = {
  'baselineWander0.5Hz': { 'zh-CN': '基线漂移 0.5 Hz', en: 'baseline 0.5 Hz' },
  notch50Hz: { 'zh-CN': '50 Hz 陷波', en: '50 Hz notch' },
  lowPass40Hz: { 'zh-CN': '低通 40 Hz', en: 'low-pass 40 Hz' },
  lowPass100Hz: { 'zh-CN': '低通 100 Hz', en: 'low-pass 100 Hz' },
  lowPass150Hz: { 'zh-CN': '低通 150 Hz', en: 'low-pass 150 Hz' },
};

/**
 * The caption printed on every page and view: speed, limb/chest gain, the display filters (or
 * "none: as recorded"), the device's recorded band and whether the size on screen is true.
 */
export function pageCaption(
  paper: PaperSettings,
  applied: readonly FilterName[],
  recorded: RecordedFilters | null,
  calibrated: boolean,
  locale: Locale,
): string {
  const zh = locale === 'zh-CN';
  const parts = [
    `${paper.speedMmPerS} mm/s`,
    zh ? `肢体 ${paper.limbGainMmPerMv} mm/mV` : `limb ${paper.limbGainMmPerMv} mm/mV`,
    zh ? `胸导 ${paper.chestGainMmPerMv} mm/mV` : `chest ${paper.chestGainMmPerMv} mm/mV`,
    applied.length
      ? (zh ? '显示滤波：' : 'display filters: ') + applied.map((f) => FILTER_TEXT[f][locale]).join(zh ? '、' : ', ')
      : zh
        ? '显示滤波：无（原始信号）'
        : 'display filters: none (as recorded)',
  ];
  if (recorded && (recorded.lowHz !== null || recorded.highHz !== null)) {
    const band = `${recorded.lowHz ?? '?'}–${recorded.highHz ?? '?'} Hz`;
    parts.push(zh ? `设备滤波 ${band}` : `device filter ${band}`);
  }
  parts.push(calibrated ? (zh ? '已校准实际尺寸' : 'true size (calibrated)') : zh ? '未校准：非实际尺寸' : 'not calibrated: not true size');
  return parts.join(' · ');
}
