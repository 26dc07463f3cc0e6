import type { NotificationConstructorOptions } from 'electron';
import type { AttentionCounts } from '../../shared/api/bridge.js';

/**
 * OS notifications and attention for critical alerts and new reports. They come from main, so
 * they appear while the window is minimised or behind others (the renderer keeps running there:
 * `backgroundThrottling: false` in window.ts). Clicking a notification brings the window back.
 * The counts (from the renderer, validated in shared/api/ipc.ts) drive the taskbar/dock badge, the
 * Windows overlay icon and the tray icon (tray.ts), which stays while the window is minimised.
 */
export interface NotificationLike {
  on(event: 'click' | 'close', listener: () => void): unknown;
  show(): void;
}

export interface AttentionWindow {
  isDestroyed(): boolean;
  isFocused(): boolean;
  isMinimized(): boolean;
  restore(): void;
  show(): void;
  focus(): void;
  flashFrame(flag: boolean): void;
  once(event: 'focus', listener: () => void): unknown;
}

export interface AttentionOptions {
  createNotification: (options: NotificationConstructorOptions) => NotificationLike;
  notificationsSupported: () => boolean;
  /** `app.setBadgeCount` (macOS dock, Linux Unity launchers); returns false where unsupported. */
  setBadgeCount: (count: number) => boolean;
  /** Windows taskbar overlay icon (`BrowserWindow.setOverlayIcon`); count 0 clears it. */
  setOverlay?: (count: number, description: string) => void;
  /** The tray icon (tray.ts). */
  tray?: { update(counts: AttentionCounts, tooltip: string): void };
  language: () => 'zh-CN' | 'en';
  getWindow: () => AttentionWindow | null;
  log: (message: string) => void;
}

export interface Attention {
  notify(title: string, body: string): void;
  setAttention(counts: AttentionCounts): void;
  /** Shows the window again (tray click, notification click). */
  bringToFront(): void;
}

/** One line for the tray tooltip and the overlay icon's accessible description. */
export function attentionSummary(counts: AttentionCounts, language: 'zh-CN' | 'en'): string {
  if (language === 'en') {
    const parts = ['TeleRead'];
    if (counts.alerts > 0) parts.push(`${counts.alerts} unacknowledged critical alert${counts.alerts === 1 ? '' : 's'}`);
    if (counts.reports > 0) parts.push(`${counts.reports} new report${counts.reports === 1 ? '' : 's'}`);
    if (parts.length === 1) parts.push('nothing waiting');
    return parts.join(' · ');
  }
  const parts = ['TeleRead 远程阅片'];
  if (counts.alerts > 0) parts.push(`未确认危急值 ${counts.alerts} 条`);
  if (counts.reports > 0) parts.push(`新报告 ${counts.reports} 份`);
  if (parts.length === 1) parts.push('暂无待处理');
  return parts.join(' · ');
}

export function createAttention(options: AttentionOptions): Attention {
  // Notification objects must stay referenced until closed, or a click after GC is lost (Windows).
  const live = new Set<NotificationLike>();
  let current: AttentionCounts = { alerts: 0, reports: 0 };

  const flash = () => {
    const window = options.getWindow();
    // A minimised window is not focused: it flashes in the taskbar until the user comes back.
    if (!window || window.isDestroyed() || window.isFocused()) return;
    window.flashFrame(true);
    window.once('focus', () => window.flashFrame(false));
  };

  const bringToFront = () => {
    const window = options.getWindow();
    if (!window || window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };

  return {
    notify(title, body) {
      if (options.notificationsSupported()) {
        const notification = options.createNotification({ title, body, silent: false, urgency: 'critical', timeoutType: 'never' });
        live.add(notification);
        notification.on('click', () => {
          bringToFront();
          live.delete(notification);
        });
        notification.on('close', () => live.delete(notification));
        notification.show();
      } else {
        options.log('OS notifications are not supported here; flashing the window only');
      }
      flash();
    },
    setAttention(next) {
      const total = next.alerts + next.reports;
      if (next.alerts > current.alerts || next.reports > current.reports) flash();
      current = { ...next };
      const summary = attentionSummary(next, options.language());
      options.setBadgeCount(total);
      options.setOverlay?.(total, summary);
      options.tray?.update(next, summary);
    },
    bringToFront,
  };
}
