import type { Task } from '../../../../shared/api/worklist.js';
import type { ApiClient } from '../../api/client.js';
import { printPdf } from '../../platform/pdf.js';
import { pdfBytes } from '../report/api.js';
import { taskReport } from './reportApi.js';

const sameLocalDay = (iso: string, now: Date) => {
  const d = new Date(iso);
  return d.getFullYear() === now.getFullYear() && d.getMonth() === now.getMonth() && d.getDate() === now.getDate();
};

/** Today's final (or amended) reports of the site, oldest first. */
export function todaysFinalTasks(tasks: readonly Task[], now: Date): Task[] {
  return tasks
    .filter((t) => (t.state === 'final' || t.state === 'amended') && t.finalAt && sameLocalDay(t.finalAt, now))
    .sort((a, b) => (a.finalAt ?? '').localeCompare(b.finalAt ?? ''));
}

/**
 * Prints each report's latest signed PDF, one after the other, each fetched with ?purpose=print
 * (audited by the hub). Returns the tasks that failed with the reason, so nothing is silently skipped.
 */
export async function printBatch(client: ApiClient, tasks: readonly Task[], onProgress: (done: number) => void): Promise<Array<{ task: Task; error: unknown }>> {
  const failures: Array<{ task: Task; error: unknown }> = [];
  let done = 0;
  for (const task of tasks) {
    try {
      const report = await taskReport(client, task.id);
      const latest = Math.max(...report.versions.map((v) => v.number));
      await printPdf(await pdfBytes(client, report.id, latest, true), `TeleRead ${report.id} v${latest}`);
    } catch (error) {
      failures.push({ task, error });
    }
    onProgress(++done);
  }
  return failures;
}
