import type { MenuItemConstructorOptions } from 'electron';
import type { AttentionCounts } from '../../shared/api/bridge.js';

/**
 * The tray (Windows notification area, macOS menu bar, Linux status notifier): the TeleRead icon,
 * a red-dot variant while critical alerts wait, the counts in the tooltip (and beside the icon on
 * macOS), a click that brings the window back, and a menu to open or quit. It lives as long as the
 * app, so it stays while the window is minimised.
 */
export interface TrayLike<Image, Menu> {
  setToolTip(text: string): void;
  setImage(image: Image): void;
  setContextMenu(menu: Menu | null): void;
  setTitle(title: string): void;
  on(event: 'click', listener: () => void): unknown;
}

export interface TrayOptions<Image, Menu> {
  tray: TrayLike<Image, Menu>;
  images: { normal: Image; alert: Image };
  buildMenu: (template: MenuItemConstructorOptions[]) => Menu;
  language: () => 'zh-CN' | 'en';
  platform: NodeJS.Platform;
  onOpen: () => void;
  onQuit: () => void;
}

export function trayMenuTemplate(counts: AttentionCounts, language: 'zh-CN' | 'en', actions: { onOpen: () => void; onQuit: () => void }): MenuItemConstructorOptions[] {
  const zh = language === 'zh-CN';
  const items: MenuItemConstructorOptions[] = [{ label: zh ? '打开 TeleRead 远程阅片' : 'Open TeleRead', click: actions.onOpen }];
  if (counts.alerts > 0 || counts.reports > 0) {
    items.push({
      label: zh ? `未确认危急值 ${counts.alerts} 条 · 新报告 ${counts.reports} 份` : `Critical alerts ${counts.alerts} · New reports ${counts.reports}`,
      enabled: false,
    });
  }
  items.push({ type: 'separator' }, { label: zh ? '退出' : 'Quit', click: actions.onQuit });
  return items;
}

export function createTrayController<Image, Menu>(options: TrayOptions<Image, Menu>) {
  const { tray } = options;
  let counts: AttentionCounts = { alerts: 0, reports: 0 };
  let shownImage: 'normal' | 'alert' = 'normal';
  tray.on('click', options.onOpen);

  const render = (tooltip: string | null) => {
    const wanted = counts.alerts > 0 ? 'alert' : 'normal';
    if (wanted !== shownImage) {
      tray.setImage(options.images[wanted]);
      shownImage = wanted;
    }
    if (tooltip) tray.setToolTip(tooltip);
    // macOS shows a title beside the menu-bar icon; elsewhere the tooltip carries the counts.
    if (options.platform === 'darwin') tray.setTitle(counts.alerts + counts.reports > 0 ? String(counts.alerts + counts.reports) : '');
    tray.setContextMenu(options.buildMenu(trayMenuTemplate(counts, options.language(), options)));
  };
  render(options.language() === 'en' ? 'TeleRead' : 'TeleRead 远程阅片');

  return {
    update(next: AttentionCounts, tooltip: string) {
      counts = { ...next };
      render(tooltip);
    },
  };
}
