import type { NotificationConstructorOptions } from 'electron';

/**
 * OS notifications and attention for critical alerts and new reports. They come from main, so
 * they appear while the window is minimised or behind others (the renderer keeps running there:
 * `backgroundThrottling: false` in window.ts). Clicking a notification brings the window back.
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
  getWindow: () => AttentionWindow | null;
  log: (message: string) => void;
}

export interface Attention {
  notify(title: string, body: string): void;
  setCount(count: number): void;
}

export function createAttention(options: AttentionOptions): Attention {
  // Notification objects must stay referenced until closed, or a click after GC is lost (Windows).
  const live = new Set<NotificationLike>();
  let count = 0;

  const flash = () => {
    const window = options.getWindow();
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
    setCount(next) {
      if (next > count) flash();
      count = next;
      options.setBadgeCount(next);
    },
  };
}
