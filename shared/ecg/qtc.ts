/**
 * QT correction formulas (DOMAIN.md §4.3). QT in ms, RR in ms (converted to seconds inside), HR
 * in /min. Every result names its formula so a report never shows an unlabelled QTc.
 */
export type QtcFormula = 'bazett' | 'fridericia' | 'framingham' | 'hodges';
export const QTC_FORMULAS: readonly QtcFormula[] = ['bazett', 'fridericia', 'framingham', 'hodges'];

export const QTC_FORMULA_LABELS: Record<QtcFormula, { 'zh-CN': string; en: string }> = {
  bazett: { 'zh-CN': 'Bazett 公式（QT/√RR）', en: 'Bazett (QT/√RR)' },
  fridericia: { 'zh-CN': 'Fridericia 公式（QT/∛RR）', en: 'Fridericia (QT/∛RR)' },
  framingham: { 'zh-CN': 'Framingham 公式（QT+154×(1−RR)）', en: 'Framingham (QT + 154·(1 − RR))' },
  hodges: { 'zh-CN': 'Hodges 公式（QT+1.75×(HR−60)）', en: 'Hodges (QT + 1.75·(HR − 60))' },
};

export interface Qtc {
  formula: QtcFormula;
  ms: number;
}

export function qtcMs(formula: QtcFormula, qtMs: number, rrMs: number): number {
  const rr = rrMs / 1000;
  switch (formula) {
    case 'bazett':
      return qtMs / Math.sqrt(rr);
    case 'fridericia':
      return qtMs / Math.cbrt(rr);
    case 'framingham':
      return qtMs + 154 * (1 - rr);
    case 'hodges':
      return qtMs + 1.75 * (60 / rr - 60);
  }
}

/** All four corrections, labelled. */
export function allQtc(qtMs: number, rrMs: number): Record<QtcFormula, number> {
  return {
    bazett: qtcMs('bazett', qtMs, rrMs),
    fridericia: qtcMs('fridericia', qtMs, rrMs),
    framingham: qtcMs('framingham', qtMs, rrMs),
    hodges: qtcMs('hodges', qtMs, rrMs),
  };
}

/** Heart rate (/min) from an RR interval in ms, and back. */
export const heartRateFromRr = (rrMs: number): number => 60000 / rrMs;
export const rrFromHeartRate = (bpm: number): number => 60000 / bpm;
