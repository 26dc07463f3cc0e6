import type { AttentionCounts, TeleReadBridge } from '../../../shared/api/bridge.js';
import { resolvePlatform } from './bridge.js';

/**
 * The attention counts the desktop shell shows (tray, taskbar/dock badge, Windows overlay, window
 * flash): unacknowledged critical alerts and unread new reports. Features report their own part;
 * the reporter merges them and sends at most one update per `delayMs` (a burst of live events
 * makes one IPC call). In a plain browser there is no shell and nothing is sent.
 */
export type AttentionPart = keyof AttentionCounts;

export function createAttentionReporter(platform: Pick<TeleReadBridge, 'setAttention'>, delayMs = 250) {
  let counts: AttentionCounts = { alerts: 0, reports: 0 };
  let sent = '';
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    timer = null;
    const key = `${counts.alerts}/${counts.reports}`;
    if (key === sent || !platform.setAttention) return;
    sent = key;
    void platform.setAttention({ ...counts }).catch(() => {
      sent = ''; // retried with the next change
    });
  };
  return {
    report(part: AttentionPart, count: number) {
      const value = Number.isFinite(count) ? Math.min(99_999, Math.max(0, Math.trunc(count))) : 0;
      counts = { ...counts, [part]: value };
      if (timer === null) timer = setTimeout(flush, delayMs);
    },
    current: (): AttentionCounts => ({ ...counts }),
  };
}

let shared: ReturnType<typeof createAttentionReporter> | null = null;

/** Reports one part of the attention counts to the desktop shell (no-op in a browser). */
export function reportAttention(part: AttentionPart, count: number): void {
  shared ??= createAttentionReporter(resolvePlatform());
  shared.report(part, count);
}
