import { describe, expect, it, vi } from 'vitest';
import type { OpenedFile, TeleReadBridge } from '../../../shared/api/bridge.js';
import { createAttentionReporter } from './attention.js';
import { subscribeOpenedFiles } from './openedFiles.js';
import { printPdf, savePdf } from './pdf.js';

// The desktop bridge is a recorder here (the preload needs Electron); the browser fallback needs a
// DOM and is exercised by the township e2e in Chromium.
const pdf = new TextEncoder().encode('%PDF-1.7\n%%EOF');
const desktop = () =>
  ({
    getSettings: vi.fn(),
    notify: vi.fn(),
    storeRefreshToken: vi.fn(),
    loadRefreshToken: vi.fn(),
    printPdf: vi.fn(async () => 'printed' as const),
    savePdf: vi.fn(async () => ({ saved: true as const, fileName: '报告.pdf' })),
    setAttention: vi.fn(async () => undefined),
  }) satisfies TeleReadBridge;

describe('platform PDF functions', () => {
  it('hand the exact bytes and the title to the desktop shell', async () => {
    const bridge = desktop();
    await expect(printPdf(pdf, '报告 第 2 版', bridge)).resolves.toBe('printed');
    expect(bridge.printPdf).toHaveBeenCalledWith({ bytes: pdf, title: '报告 第 2 版' });
    await expect(savePdf(pdf, '报告', bridge)).resolves.toEqual({ saved: true, fileName: '报告.pdf' });
    expect(bridge.savePdf).toHaveBeenCalledWith({ bytes: pdf, suggestedName: '报告' });
  });
});

describe('attention reporter', () => {
  it('merges the parts and sends one update per burst, none when nothing changed', async () => {
    vi.useFakeTimers();
    try {
      const bridge = desktop();
      const reporter = createAttentionReporter(bridge, 250);
      reporter.report('alerts', 1);
      reporter.report('alerts', 2);
      reporter.report('reports', 4.7);
      await vi.advanceTimersByTimeAsync(300);
      expect(bridge.setAttention.mock.calls).toEqual([[{ alerts: 2, reports: 4 }]]);
      reporter.report('reports', 4);
      await vi.advanceTimersByTimeAsync(300);
      expect(bridge.setAttention).toHaveBeenCalledTimes(1);
      reporter.report('alerts', -3);
      await vi.advanceTimersByTimeAsync(300);
      expect(bridge.setAttention).toHaveBeenLastCalledWith({ alerts: 0, reports: 4 });
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('opened files', () => {
  it('turn the shell’s ids into File objects with the bytes', async () => {
    let deliver: ((files: OpenedFile[]) => void) | null = null;
    const bridge = {
      onOpenFiles: vi.fn((listener: (files: OpenedFile[]) => void) => {
        deliver = listener;
        return () => undefined;
      }),
      readOpenedFile: vi.fn(async () => new Uint8Array([1, 2, 3])),
    };
    const received: File[][] = [];
    subscribeOpenedFiles(bridge, (files) => received.push(files));
    deliver!([{ id: 'a', name: 'CT0001.dcm', size: 3 }]);
    await vi.waitFor(() => expect(received).toHaveLength(1));
    expect(received[0][0].name).toBe('CT0001.dcm');
    expect([...new Uint8Array(await received[0][0].arrayBuffer())]).toEqual([1, 2, 3]);
    expect(bridge.readOpenedFile).toHaveBeenCalledWith('a');
  });
  it('do nothing in a browser', () => {
    expect(subscribeOpenedFiles({}, vi.fn())()).toBeUndefined();
  });
});
