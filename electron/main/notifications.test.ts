import { describe, expect, it, vi } from 'vitest';
import { attentionSummary, createAttention, type AttentionWindow, type NotificationLike } from './notifications.js';

// Electron's Notification and BrowserWindow replaced by recorders (no Electron under Node).
function setup({ focused = false, supported = true, minimised = true } = {}) {
  const notifications: { options: unknown; listeners: Map<string, () => void>; shown: boolean }[] = [];
  const window = {
    isDestroyed: () => false,
    isFocused: () => focused,
    isMinimized: vi.fn(() => minimised),
    restore: vi.fn(),
    show: vi.fn(),
    focus: vi.fn(),
    flashFrame: vi.fn(),
    once: vi.fn(),
  } satisfies AttentionWindow;
  const setBadgeCount = vi.fn(() => true);
  const setOverlay = vi.fn();
  const tray = { update: vi.fn() };
  const attention = createAttention({
    createNotification: (options) => {
      const record = { options, listeners: new Map<string, () => void>(), shown: false };
      notifications.push(record);
      const notification: NotificationLike = {
        on: (event, listener) => record.listeners.set(event, listener),
        show: () => {
          record.shown = true;
        },
      };
      return notification;
    },
    notificationsSupported: () => supported,
    setBadgeCount,
    setOverlay,
    tray,
    language: () => 'zh-CN',
    getWindow: () => window,
    log: vi.fn(),
  });
  return { attention, notifications, window, setBadgeCount, setOverlay, tray };
}

describe('attention', () => {
  it('shows an OS notification and flashes the unfocused window; a click restores it', () => {
    const { attention, notifications, window } = setup();
    attention.notify('危急值 / Critical value', '张三 CT：主动脉夹层');
    expect(notifications[0]).toMatchObject({ options: { title: '危急值 / Critical value', body: '张三 CT：主动脉夹层', urgency: 'critical' }, shown: true });
    expect(window.flashFrame).toHaveBeenCalledWith(true);
    notifications[0].listeners.get('click')!();
    expect(window.restore).toHaveBeenCalled();
    expect(window.focus).toHaveBeenCalled();
  });
  it('does not flash a focused window', () => {
    const { attention, window } = setup({ focused: true });
    attention.notify('新报告', '李四 DR');
    expect(window.flashFrame).not.toHaveBeenCalled();
  });
  it('still flashes where OS notifications are unsupported', () => {
    const { attention, notifications, window } = setup({ supported: false });
    attention.notify('危急值', 'x');
    expect(notifications).toHaveLength(0);
    expect(window.flashFrame).toHaveBeenCalledWith(true);
  });
  it('counts from the renderer drive the badge, the Windows overlay and the tray; the minimised window flashes only when a count grows', () => {
    const { attention, window, setBadgeCount, setOverlay, tray } = setup({ minimised: true });
    attention.setAttention({ alerts: 2, reports: 1 });
    attention.setAttention({ alerts: 1, reports: 1 });
    attention.setAttention({ alerts: 0, reports: 0 });
    expect(setBadgeCount.mock.calls).toEqual([[3], [2], [0]]);
    expect(setOverlay.mock.calls).toEqual([
      [3, 'TeleRead 远程阅片 · 未确认危急值 2 条 · 新报告 1 份'],
      [2, 'TeleRead 远程阅片 · 未确认危急值 1 条 · 新报告 1 份'],
      [0, 'TeleRead 远程阅片 · 暂无待处理'],
    ]);
    expect(tray.update).toHaveBeenLastCalledWith({ alerts: 0, reports: 0 }, 'TeleRead 远程阅片 · 暂无待处理');
    expect(window.flashFrame).toHaveBeenCalledTimes(1);
    expect(window.flashFrame).toHaveBeenCalledWith(true);
    // The flash stops when the user comes back to the window.
    expect(window.once).toHaveBeenCalledWith('focus', expect.any(Function));
    attention.setAttention({ alerts: 0, reports: 1 });
    expect(window.flashFrame).toHaveBeenCalledTimes(2);
  });
  it('bringToFront restores a minimised window (tray click)', () => {
    const { attention, window } = setup({ minimised: true });
    attention.bringToFront();
    expect(window.restore).toHaveBeenCalledOnce();
    expect(window.show).toHaveBeenCalledOnce();
    expect(window.focus).toHaveBeenCalledOnce();
  });
  it('summarises the counts in both languages', () => {
    expect(attentionSummary({ alerts: 1, reports: 0 }, 'en')).toBe('TeleRead · 1 unacknowledged critical alert');
    expect(attentionSummary({ alerts: 0, reports: 4 }, 'en')).toBe('TeleRead · 4 new reports');
    expect(attentionSummary({ alerts: 0, reports: 0 }, 'en')).toBe('TeleRead · nothing waiting');
  });
});
