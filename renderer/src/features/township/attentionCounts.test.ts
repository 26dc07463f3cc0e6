import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TeleReadBridge } from '../../../../shared/api/bridge.js';
import { unacknowledgedAlertCount, unseenReportCount } from './attentionCounts.js';

describe('attention counts of a township user', () => {
  it('counts the alerts waiting for acknowledgement (raised, notified), each once', () => {
    expect(unacknowledgedAlertCount([])).toBe(0);
    expect(
      unacknowledgedAlertCount([
        { id: 'a', state: 'raised' },
        { id: 'b', state: 'notified' },
        { id: 'b', state: 'notified' },
        { id: 'c', state: 'acknowledged' },
        { id: 'd', state: 'actioned' },
        { id: 'e', state: 'closed' },
      ]),
    ).toBe(2);
  });
  it('counts the final and amended reports announced and not yet opened, one per exam', () => {
    expect(unseenReportCount([])).toBe(0);
    expect(
      unseenReportCount([
        { taskId: 't1', status: 'final' },
        { taskId: 't2', status: 'amended' },
        { taskId: 't2', status: 'final' },
        { taskId: 't3', status: 'preliminary' },
        { taskId: 't4', status: '' },
      ]),
    ).toBe(2);
  });
});

describe('the counts reach the desktop shell', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
    vi.resetModules();
  });
  it('one setAttention with both counts (bridge stand-in: no Electron here)', async () => {
    vi.useFakeTimers();
    const setAttention = vi.fn(async () => undefined);
    const bridge: Partial<TeleReadBridge> = { setAttention };
    vi.stubGlobal('window', { teleread: bridge });
    const { reportAttention } = await import('../../platform/attention.js');
    reportAttention('alerts', unacknowledgedAlertCount([{ id: 'a', state: 'raised' }]));
    reportAttention('reports', unseenReportCount([{ taskId: 't1', status: 'final' }, { taskId: 't2', status: 'amended' }]));
    await vi.advanceTimersByTimeAsync(300);
    expect(setAttention.mock.calls).toEqual([[{ alerts: 1, reports: 2 }]]);
  });
});
