import { describe, expect, it, vi } from 'vitest';
import { createAttention, type AttentionWindow, type NotificationLike } from './notifications.js';

// Electron's Notification and BrowserWindow replaced by recorders (no Electron under Node).
function setup({ focused = false, supported = true } = {}) {
  const notifications: { options: unknown; listeners: Map<string, () => void>; shown: boolean }[] = [];
  const window = {
    isDestroyed: () => false,
    isFocused: () => focused,
    isMinimized: vi.fn(() => true),
    restore: vi.fn(),
    show: vi.fn(),
    focus: vi.fn(),
    flashFrame: vi.fn(),
    once: vi.fn(),
  } satisfies AttentionWindow;
  const setBadgeCount = vi.fn(() => true);
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
    getWindow: () => window,
    log: vi.fn(),
  });
  return { attention, notifications, window, setBadgeCount };
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
  it('sets the badge count and flashes only when it grows', () => {
    const { attention, window, setBadgeCount } = setup();
    attention.setCount(2);
    attention.setCount(1);
    expect(setBadgeCount.mock.calls).toEqual([[2], [1]]);
    expect(window.flashFrame).toHaveBeenCalledTimes(1);
  });
});
