import { addRow } from './lib/report.js';
import { startUiStack, type UiStack } from './lib/ui.js';
import { runAlertUiBenchmarks } from './ui-alerts.js';
import { runEcgBenchmarks } from './ui-ecg.js';
import { runViewerBenchmarks } from './ui-viewer.js';
import { runWorklistUiBenchmarks } from './ui-worklist.js';

const PARTS: Array<{ name: string; rows: string[]; run: (s: UiStack) => Promise<void> }> = [
  { name: 'viewer', rows: ['1', '2', '8a'], run: runViewerBenchmarks },
  { name: 'worklist-ui', rows: ['5e'], run: runWorklistUiBenchmarks },
  { name: 'ecg', rows: ['7'], run: runEcgBenchmarks },
  { name: 'alerts', rows: ['6c'], run: runAlertUiBenchmarks },
];

/**
 * The UI figures (1, 2, 5e, 6c, 7, 8a) in Debian Chromium against one stack (lib/ui.ts). A part that
 * fails is reported as failed in its rows; the others still run. `BENCH_UI_PARTS=viewer,ecg` runs a subset.
 */
export async function runUiBenchmarks(versions: Record<string, string>): Promise<void> {
  const only = process.env.BENCH_UI_PARTS?.split(',');
  const stack = await startUiStack(versions);
  let failed: unknown;
  for (const part of PARTS) {
    if (only && !only.includes(part.name)) continue;
    const t0 = performance.now();
    try {
      await part.run(stack);
    } catch (err) {
      failed ??= err;
      console.error(`[bench] ui ${part.name} failed:`, err);
      for (const id of part.rows) {
        addRow({ id, what: `UI part ${part.name}`, value: 'failed', ratio: '', target: '', status: 'miss', note: `the benchmark itself failed: ${String(err instanceof Error ? err.message : err).slice(0, 300)}` });
      }
    }
    console.log(`[bench] ui ${part.name}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  if (failed) throw failed;
}
