import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dicomVariant, testUid } from '../harness/dicom-variant.js';
import { startHub, type HubProcess } from '../harness/hub.js';
import { api, login, stow, until } from '../harness/http.js';
import { startPostgres, type PgServer } from '../harness/postgres.js';

/**
 * kill -9 the hub while a report is being signed, at four points, and restart it on the same
 * PostgreSQL database and data folder:
 *  - inside the signing transaction (held on a row lock the test owns): nothing is signed, the
 *    saved draft is intact, signing again works;
 *  - after the transaction committed, with the artefact storage held on a lock: the version is
 *    there with its PDF of record, and the outbox is stored after the restart;
 *  - the moment the version row becomes visible (racing with the artefact storage);
 *  - after the 200 reply.
 * In every case: no partial version, every indexed instance has its complete file, no temp file,
 * the audit chain verifies.
 */
type KillPoint = 'in-transaction' | 'committed, storage held' | 'just after commit' | 'after the reply';
const KILL_POINTS: KillPoint[] = ['in-transaction', 'committed, storage held', 'just after commit', 'after the reply'];

let server: PgServer;
let dbUrl: string;
let sql: pg.Client;
/** A second connection for polling: pg_stat_activity is a snapshot for the rest of a transaction, so never poll from the one holding the lock. */
let watch: pg.Client;
let hub: HubProcess | undefined;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'teleread-crash-report-'));
const env = () => ({ DATABASE_URL: dbUrl, TELEREAD_DEMO_STUDIES: '0', TELEREAD_TOKEN_SECRET: 'crash-report-secret-'.padEnd(48, 'k') });

beforeAll(async () => {
  server = await startPostgres();
  dbUrl = await server.createDatabase();
  sql = new pg.Client({ connectionString: dbUrl });
  await sql.connect();
  watch = new pg.Client({ connectionString: dbUrl });
  await watch.connect();
});

afterAll(async () => {
  await hub?.stop();
  await sql?.end();
  await watch?.end();
  await server?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const one = async <T extends pg.QueryResultRow>(text: string, params: unknown[] = []) => (await watch.query<T>(text, params)).rows[0] as T | undefined;

/** A backend of the hub blocked on the row lock the test holds (the test's own connection is idle in transaction). */
const blocked = () =>
  until('the hub to wait for the row lock the test holds', async () =>
    one<{ query: string }>("SELECT query FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid()"),
  );

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

describe('crash during report signing (PostgreSQL)', () => {
  it('kill -9 at four points of signing: nothing signed is lost, nothing partial is visible, the outbox is stored after restart', async () => {
    const survived: string[] = [];
    for (const kp of KILL_POINTS) {
      hub = await startHub({ demo: true, dataDir, env: env() });
      const town1 = await login(hub.url, 'town1');
      const rad1 = await login(hub.url, 'rad1');
      const studyUid = testUid();
      const put = await stow(hub.url, town1, [dicomVariant({ studyUid, patientId: `CR-${studyUid.slice(-5)}`, patientName: 'Wang^Fang' })]);
      expect(put.status, put.text).toBe(200);
      const task = await until('the reading task', async () => one<{ id: string }>('SELECT id FROM tasks WHERE study_instance_uid = $1', [studyUid]));
      expect((await api(hub.url, rad1, 'POST', `/api/tasks/${task.id}/claim`)).status).toBe(200);
      const created = await api(hub.url, rad1, 'POST', '/api/reports', { taskId: task.id, templateId: 'dr-chest' });
      expect(created.status, created.text).toBe(200);
      const reportId = created.json.id as string;
      const findings = `双肺纹理清晰（${kp}）。`;
      const saved = await api(hub.url, rad1, 'PUT', `/api/reports/${reportId}/draft`, { baseVersion: created.json.version, findings, impression: '心肺未见异常。', language: 'zh-CN', templateId: 'dr-chest' });
      expect(saved.status, saved.text).toBe(200);
      const sign = () => api(hub!.url, rad1, 'POST', `/api/reports/${reportId}/sign`, { baseVersion: saved.json.version });
      const versionRow = () => one('SELECT number FROM report_versions WHERE report_id = $1', [reportId]);

      if (kp === 'in-transaction' || kp === 'committed, storage held') {
        // The test holds a row lock that the hub's next step needs, so the kill lands exactly there.
        await sql.query('BEGIN');
        if (kp === 'in-transaction') await sql.query('SELECT id FROM tasks WHERE id = $1 FOR UPDATE', [task.id]);
        else await sql.query('SELECT 1 FROM studies WHERE study_instance_uid = $1 FOR UPDATE', [studyUid]);
        const pending = sign().catch((e: unknown) => e);
        const waiting = await blocked();
        expect(waiting.query).toMatch(kp === 'in-transaction' ? /tasks/i : /studies/i);
        if (kp === 'committed, storage held') expect(await versionRow()).toBeDefined();
        else expect(await versionRow()).toBeUndefined();
        await hub.crash();
        await sql.query('ROLLBACK');
        await pending;
      } else if (kp === 'just after commit') {
        const pending = sign().catch((e: unknown) => e);
        await until('the signed version to commit', versionRow, 30_000, 2);
        await hub.crash();
        await pending;
      } else {
        const done = await sign();
        expect(done.status, done.text).toBe(200);
        await hub.crash();
      }
      const outboxAtKill = (await sql.query('SELECT 1 FROM report_outbox WHERE report_id = $1 AND stored_at IS NULL', [reportId])).rowCount;

      hub = await startHub({ demo: true, dataDir, env: env() });
      const rad1b = await login(hub.url, 'rad1');
      const report = await api(hub.url, rad1b, 'GET', `/api/reports/${reportId}`);
      expect(report.status).toBe(200);
      if (kp === 'in-transaction') {
        // Rolled back whole: still the saved draft, no version, nothing in the outbox.
        expect(report.json).toMatchObject({ status: 'draft', findings, versions: [] });
        expect((await sql.query('SELECT 1 FROM report_outbox WHERE report_id = $1', [reportId])).rowCount).toBe(0);
        const again = await api(hub.url, rad1b, 'POST', `/api/reports/${reportId}/sign`, { baseVersion: report.json.version });
        expect(again.status, again.text).toBe(200);
      } else {
        expect(report.json.status).toBe('preliminary');
        expect(report.json.versions).toHaveLength(1);
        expect(report.json.versions[0]).toMatchObject({ number: 1, status: 'preliminary', findings });
      }
      // The version's PDF of record is whole, and the outbox is stored after the restart without anyone asking.
      const v = await until('the version to be archived', async () => {
        const r = await api(hub!.url, rad1b, 'GET', `/api/reports/${reportId}/versions/1`);
        return r.json.archivedAt ? r.json : undefined;
      }, 20_000, 200);
      const pdf = await fetch(`${hub.url}/api/reports/${reportId}/versions/1/pdf`, { headers: { authorization: `Bearer ${rad1b}` } });
      const bytes = Buffer.from(await pdf.arrayBuffer());
      expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
      expect(crypto.createHash('sha256').update(bytes).digest('hex')).toBe(v.pdfSha256);
      expect((await sql.query('SELECT 1 FROM report_outbox WHERE report_id = $1 AND stored_at IS NULL', [reportId])).rowCount).toBe(0);
      expect((await sql.query('SELECT 1 FROM report_versions WHERE report_id = $1', [reportId])).rowCount).toBe(1);
      const artefacts = await sql.query<{ sop_instance_uid: string }>('SELECT sop_instance_uid FROM instances WHERE sop_instance_uid = ANY($1)', [[v.srSopInstanceUid, v.pdfSopInstanceUid]]);
      expect(artefacts.rowCount).toBe(2);
      expect((await one<{ state: string }>('SELECT state FROM tasks WHERE id = $1', [task.id]))?.state).toBe('preliminary');

      // The store: every indexed instance has its whole file (named by its SHA-256), no temp file.
      const tmp = path.join(dataDir, 'store', 'tmp');
      expect(fs.existsSync(tmp) ? fs.readdirSync(tmp) : []).toEqual([]);
      const indexed = new Set((await sql.query<{ sha256: string }>('SELECT sha256 FROM instances')).rows.map((r) => r.sha256));
      const onDisk = new Map(listFiles(path.join(dataDir, 'store', 'objects')).map((f) => [path.basename(f, '.dcm'), f]));
      for (const sha of indexed) {
        const f = onDisk.get(sha);
        expect(f, `indexed instance ${sha} has no file`).toBeDefined();
        expect(crypto.createHash('sha256').update(fs.readFileSync(f!)).digest('hex')).toBe(sha);
      }
      const admin = await login(hub.url, 'admin');
      expect((await api(hub.url, admin, 'GET', '/api/audit/verify')).json).toMatchObject({ ok: true });
      survived.push(`${kp} (outbox pending at kill: ${outboxAtKill})`);
      await hub.crash();
      hub = undefined;
    }
    console.log(`report signing: ${survived.length} kills survived — ${survived.join('; ')}`);
    expect(survived).toHaveLength(KILL_POINTS.length);
  });
});
