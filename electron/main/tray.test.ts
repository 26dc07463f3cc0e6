import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { createTrayController, trayMenuTemplate } from './tray.js';

// Electron's Tray and Menu replaced by recorders (no Electron under Node).
function setup(platform: NodeJS.Platform = 'win32', language: 'zh-CN' | 'en' = 'zh-CN') {
  const listeners = new Map<string, () => void>();
  const tray = {
    setToolTip: vi.fn(),
    setImage: vi.fn(),
    setContextMenu: vi.fn(),
    setTitle: vi.fn(),
    on: vi.fn((event: string, listener: () => void) => listeners.set(event, listener)),
  };
  const onOpen = vi.fn();
  const onQuit = vi.fn();
  const controller = createTrayController<string, MenuItemConstructorOptions[]>({
    tray,
    images: { normal: 'icon', alert: 'icon-alert' },
    buildMenu: (template) => template,
    language: () => language,
    platform,
    onOpen,
    onQuit,
  });
  return { tray, controller, listeners, onOpen, onQuit };
}

describe('tray', () => {
  it('starts with the name, switches to the red-dot icon while alerts wait, and back', () => {
    const { tray, controller } = setup();
    expect(tray.setToolTip).toHaveBeenCalledWith('TeleRead 远程阅片');
    controller.update({ alerts: 2, reports: 1 }, '未确认危急值 2 条');
    expect(tray.setImage).toHaveBeenLastCalledWith('icon-alert');
    expect(tray.setToolTip).toHaveBeenLastCalledWith('未确认危急值 2 条');
    controller.update({ alerts: 1, reports: 1 }, 'x');
    expect(tray.setImage).toHaveBeenCalledTimes(1); // unchanged state, no redraw
    controller.update({ alerts: 0, reports: 1 }, 'y');
    expect(tray.setImage).toHaveBeenLastCalledWith('icon');
    expect(tray.setTitle).not.toHaveBeenCalled(); // macOS only
  });
  it('a click brings the window back; the menu opens or quits, in the user’s language', () => {
    const { listeners, onOpen, onQuit, tray, controller } = setup('linux', 'en');
    listeners.get('click')!();
    expect(onOpen).toHaveBeenCalledOnce();
    controller.update({ alerts: 3, reports: 0 }, 't');
    const menu = tray.setContextMenu.mock.lastCall![0] as MenuItemConstructorOptions[];
    expect(menu.map((item) => item.label ?? item.type)).toEqual(['Open TeleRead', 'Critical alerts 3 · New reports 0', 'separator', 'Quit']);
    (menu[3].click as () => void)();
    expect(onQuit).toHaveBeenCalledOnce();
  });
  it('macOS shows the total beside the menu-bar icon', () => {
    const { tray, controller } = setup('darwin');
    controller.update({ alerts: 2, reports: 3 }, 't');
    expect(tray.setTitle).toHaveBeenLastCalledWith('5');
    controller.update({ alerts: 0, reports: 0 }, 't');
    expect(tray.setTitle).toHaveBeenLastCalledWith('');
  });
  it('menu template in Chinese', () => {
    const actions = { onOpen: vi.fn(), onQuit: vi.fn() };
    expect(trayMenuTemplate({ alerts: 0, reports: 0 }, 'zh-CN', actions).map((item) => item.label ?? item.type)).toEqual(['打开 TeleRead 远程阅片', 'separator', '退出']);
  });
});
