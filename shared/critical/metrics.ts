/**
 * Critical-value timeliness (DOMAIN.md §2.5): median and P90 of time to notify / acknowledge /
 * act, and the share acknowledged within target (危急值通报及时率; the official definition is
 * unverified, so the denominator is stated here: every alert whose acknowledge deadline has passed
 * or that was acknowledged — an alert still inside its window counts for neither side).
 */
export interface AlertTimes {
  raisedAt: Date;
  notifiedAt: Date | null;
  acknowledgedAt: Date | null;
  actionAt: Date | null;
  closedAt: Date | null;
  notifyMin: number;
  ackMin: number;
  actMin: number;
  escalationLevel: number;
  redirected: boolean;
  readBackMismatches: number;
}

export interface Spread {
  n: number;
  /** Minutes; null without data. */
  median: number | null;
  p90: number | null;
}

export interface CriticalMetrics {
  count: number;
  open: number;
  notify: Spread;
  ack: Spread;
  action: Spread;
  /** Percentages 0–100 rounded to one decimal; null when the denominator is 0. */
  notifyWithinTargetPct: number | null;
  ackWithinTargetPct: number | null;
  actionWithinTargetPct: number | null;
  escalatedPct: number | null;
  notPickedUpPct: number | null;
  redirectedPct: number | null;
  readBackMismatchRate: number | null;
}

/** Median: the middle value, or the mean of the two middle values. */
export function median(xs: readonly number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Nearest-rank percentile: the smallest value with at least p % of the data at or below it. */
export function percentile(xs: readonly number[], p: number): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)];
}

const minutes = (a: Date, b: Date) => (b.getTime() - a.getTime()) / 60_000;
const round1 = (x: number) => Math.round(x * 10) / 10;
const pct = (num: number, den: number) => (den ? round1((100 * num) / den) : null);
const spread = (xs: number[]): Spread => ({ n: xs.length, median: median(xs) === null ? null : round1(median(xs)!), p90: percentile(xs, 90) === null ? null : round1(percentile(xs, 90)!) });

/** Whether a step was done within `limitMin` of raising; null when it is neither done nor yet overdue. */
function onTime(a: AlertTimes, at: Date | null, limitMin: number, now: Date): boolean | null {
  if (at) return minutes(a.raisedAt, at) <= limitMin;
  return minutes(a.raisedAt, now) > limitMin ? false : null;
}

export function computeMetrics(alerts: readonly AlertTimes[], now: Date): CriticalMetrics {
  const within = (pick: (a: AlertTimes) => boolean | null) => {
    const v = alerts.map(pick).filter((x): x is boolean => x !== null);
    return pct(v.filter(Boolean).length, v.length);
  };
  const n = alerts.length;
  return {
    count: n,
    open: alerts.filter((a) => !a.closedAt).length,
    notify: spread(alerts.filter((a) => a.notifiedAt).map((a) => minutes(a.raisedAt, a.notifiedAt!))),
    ack: spread(alerts.filter((a) => a.acknowledgedAt).map((a) => minutes(a.raisedAt, a.acknowledgedAt!))),
    action: spread(alerts.filter((a) => a.actionAt).map((a) => minutes(a.raisedAt, a.actionAt!))),
    notifyWithinTargetPct: within((a) => onTime(a, a.notifiedAt, a.notifyMin, now)),
    ackWithinTargetPct: within((a) => onTime(a, a.acknowledgedAt, a.ackMin, now)),
    actionWithinTargetPct: within((a) => onTime(a, a.actionAt, a.actMin, now)),
    escalatedPct: pct(alerts.filter((a) => a.escalationLevel > 0).length, n),
    notPickedUpPct: pct(alerts.filter((a) => a.escalationLevel >= 3).length, n),
    redirectedPct: pct(alerts.filter((a) => a.redirected).length, n),
    readBackMismatchRate: pct(alerts.filter((a) => a.readBackMismatches > 0).length, n),
  };
}
