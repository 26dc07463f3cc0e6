import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoInstance } from '../../server/demo/dicom/index.js';
import type { Database } from '../../server/db/database.js';
import { migrate } from '../../server/db/migrate.js';
import { openPglite } from '../../server/db/pglite.js';
import type { FastifyInstance } from 'fastify';
import { buildApp, createHub } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { seedDemoAccounts } from '../../server/demo/accounts.js';
import { stowBody } from '../../shared/dicomweb/stow-body.js';
import { startOrthanc, type OrthancServer } from '../harness/orthanc.js';
import { startTestHub, type TestHub } from '../suites/worklist.suite.js';

/**
 * Issue 9 "Printing": an ECG report's PDF of record ends with a true-scale A4 landscape ECG page.
 * Checked with poppler (pdfinfo, pdffonts, pdftotext, pdftoppm) and dicom3tools' dciodvfy, none of
 * which we wrote: the page size, embedded fonts, lead labels, and the 5 mm grid measured on a
 * 254 dpi rendering (10 px per mm) within 2 %.
 */
describe('ECG page in the report PDF', () => {
  let db: Database;
  let t: TestHub;
  let dir: string;
  let pdfPath: string;
  let encapsulated: string;
  const tokens: Record<string, string> = {};
  const call = (method: 'GET' | 'POST', url: string, who: string, payload?: unknown) =>
    t.app.inject({ method, url, payload: payload as object, headers: { authorization: `Bearer ${tokens[who]}` } });

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teleread-ecg-pdf-'));
    db = await openPglite(undefined);
    await migrate(db);
    t = await startTestHub(db);
    for (const u of ['ecg1', 'town2']) tokens[u] = await t.token(u);
    const { body, contentType } = stowBody([demoInstance('ecg-inferior-stemi', 0)]);
    const stow = await t.app.inject({ method: 'POST', url: '/dicomweb/studies', payload: Buffer.from(body), headers: { authorization: `Bearer ${tokens.town2}`, 'content-type': contentType } });
    expect(stow.statusCode, stow.body).toBe(200);
    const study = (await db.query<{ study_instance_uid: string }>('SELECT study_instance_uid FROM instances LIMIT 1'))[0].study_instance_uid;
    await t.hub.worklist.ensureTasksForStudy(study);
    const task = (await db.query<{ id: string }>("SELECT id FROM tasks WHERE study_instance_uid = $1 AND kind = 'ecg'", [study]))[0];
    expect(task, 'ECG task').toBeDefined();
    expect((await call('POST', `/api/tasks/${task.id}/claim`, 'ecg1')).statusCode).toBe(200);
    const report = (await call('POST', '/api/reports', 'ecg1', { taskId: task.id, templateId: 'ecg-12lead' })).json();
    const content = { findings: '窦性心律，心率 78 次/分。II、III、aVF 导联 ST 段抬高。', impression: '1. 窦性心律\n2. 急性下壁心肌梗死', language: 'zh-CN', keyImages: [] };
    const signed = await call('POST', `/api/reports/${report.id}/sign`, 'ecg1', { baseVersion: report.version, content });
    expect(signed.statusCode, signed.body).toBe(200);
    const v1 = signed.json().versions[0];
    expect(v1.archivedAt).not.toBeNull();
    pdfPath = path.join(dir, 'ecg.pdf');
    fs.writeFileSync(pdfPath, (await call('GET', `/api/reports/${report.id}/versions/1/pdf`, 'town2')).rawPayload);
    const row = (await db.query<{ file_path: string }>('SELECT file_path FROM instances WHERE sop_instance_uid = $1', [v1.pdfSopInstanceUid]))[0];
    encapsulated = path.join(dir, 'pdf.dcm');
    fs.copyFileSync(path.isAbsolute(row.file_path) ? row.file_path : path.join(t.hub.store.location, row.file_path), encapsulated);
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    await db?.close();
    if (dir && !process.env.KEEP_ECG_PDF) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('pdfinfo: the report page (A4 portrait) then the ECG page, A4 landscape 842 × 595 pt', () => {
    const info = execFileSync('pdfinfo', ['-f', '1', '-l', '9', pdfPath], { encoding: 'utf8' });
    const sizes = [...info.matchAll(/Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+) pts/g)].map((m) => [Number(m[2]), Number(m[3])]);
    expect(sizes.length).toBeGreaterThanOrEqual(2);
    expect(sizes[0].map(Math.round)).toEqual([595, 842]);
    const last = sizes[sizes.length - 1].map(Math.round);
    expect(last).toEqual([842, 595]);
  });

  it('pdffonts: every font embedded; pdftotext: lead labels, speed/gain statement and patient on the ECG page, page numbers count it', () => {
    const fonts = execFileSync('pdffonts', [pdfPath], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
    expect(fonts.length).toBeGreaterThan(0);
    for (const f of fonts) expect(f, f).toMatch(/\s+yes\s+yes\s+(yes|no)\s+\d+\s+\d+\s*$/);
    const pages = Number(execFileSync('pdfinfo', [pdfPath], { encoding: 'utf8' }).match(/Pages:\s+(\d+)/)![1]);
    const text = execFileSync('pdftotext', ['-f', String(pages), '-l', String(pages), '-layout', pdfPath, '-'], { encoding: 'utf8' });
    for (const lead of ['II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6']) expect(text, lead).toMatch(new RegExp(`(^|\\s)${lead}(\\s|$)`, 'm'));
    expect(text).toContain('25 mm/s');
    expect(text).toContain('肢体 10 mm/mV');
    expect(text).toContain('胸导 10 mm/mV');
    expect(text).toContain('显示滤波：无');
    expect(text).toContain('姓名：刘桂兰');
    expect(text).toContain(`第${pages}页/共${pages}页`);
  });

  it('true scale: the 5 mm grid measures 5 mm (±2 %) on a 254 dpi rendering of the ECG page', () => {
    const pages = Number(execFileSync('pdfinfo', [pdfPath], { encoding: 'utf8' }).match(/Pages:\s+(\d+)/)![1]);
    const base = path.join(dir, 'ecg-page');
    execFileSync('pdftoppm', ['-f', String(pages), '-l', String(pages), '-r', '254', '-gray', '-singlefile', pdfPath, base]);
    const pgm = fs.readFileSync(`${base}.pgm`);
    const header = pgm.subarray(0, 40).toString('latin1').match(/^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/)!;
    const [w, h] = [Number(header[1]), Number(header[2])];
    expect(Math.abs(w - 2970)).toBeLessThanOrEqual(1); // 297 × 210 mm at 10 px/mm
    expect(Math.abs(h - 2100)).toBeLessThanOrEqual(1);
    const px = pgm.subarray(header[0].length);
    // Mean grey per column over the grid's height band (31 mm + 5 … 135 mm): the major lines (every 5 mm,
    // full height, darkest pink) are the darkest columns, whatever the traces do.
    const y0 = 360;
    const y1 = 1650;
    const mean = new Float64Array(w);
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let y = y0; y < y1; y++) s += px[y * w + x];
      mean[x] = s / (y1 - y0);
    }
    // Columns much darker than their ±2 mm neighbourhood median: major lines (≈ 100 grey levels below the
    // paper) but not the lighter minor lines (≈ 50) nor the thin pulse/trace verticals; one per line.
    const peaks: number[] = [];
    for (let x = 25; x < w - 25; x++) {
      const around = [...mean.subarray(x - 20, x + 21)].sort((a, b) => a - b)[20];
      if (around - mean[x] > 85 && mean[x] <= Math.min(...mean.subarray(x - 3, x + 4))) {
        peaks.push(x);
        x += 10;
      }
    }
    expect(peaks.length).toBeGreaterThan(40);
    // Least-squares slope of peak position against its index (5 mm steps): the spacing in px.
    const first = peaks[0];
    const idx = peaks.map((p) => Math.round((p - first) / 50));
    expect(new Set(idx).size).toBe(peaks.length); // one line per 5 mm step, no extras
    const n = peaks.length;
    const mx = idx.reduce((a, b) => a + b, 0) / n;
    const my = peaks.reduce((a, b) => a + b, 0) / n;
    const slope = idx.reduce((s, k, i) => s + (k - mx) * (peaks[i] - my), 0) / idx.reduce((s, k) => s + (k - mx) ** 2, 0);
    expect(Math.abs(slope / 10 - 5) / 5).toBeLessThan(0.02);
    // 52 major intervals across 260 mm of paper.
    expect(Math.round((peaks[n - 1] - first) / 50)).toBe(52);
  });

  it('dciodvfy: the Encapsulated PDF holding the two-page PDF stays free of errors', () => {
    const r = spawnSync('dciodvfy', [encapsulated], { encoding: 'utf8' });
    const out = `${r.stdout}${r.stderr}`;
    expect(out.split('\n').filter((l) => l.startsWith('Error')), out).toEqual([]);
  });
});

describe('ECG page when the images live in an upstream PACS (Orthanc)', () => {
  let orthanc: OrthancServer;
  let db: Database;
  let app: FastifyInstance;
  let dataDir: string;
  const tokens: Record<string, string> = {};
  const call = (method: 'GET' | 'POST', url: string, who: string, payload?: unknown) =>
    app.inject({ method, url, payload: payload as object, headers: { authorization: `Bearer ${tokens[who]}` } });

  beforeAll(async () => {
    process.env.TELEREAD_PACS_POLL_SECONDS = '0';
    orthanc = await startOrthanc();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'teleread-ecg-pdf-upstream-'));
    db = await openPglite(undefined);
    await migrate(db);
    const hub = await createHub(
      loadConfig({}, { dataDir, demo: true, tokenSecret: 'ecg-pdf-upstream-'.padEnd(48, 'u'), pacsDicomwebUrl: orthanc.dicomweb, pacsAuth: orthanc.pacsAuth }),
      { db, jobs: false },
    );
    await seedDemoAccounts(hub);
    app = (await buildApp(hub)).app;
    for (const u of ['ecg1', 'town2']) {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u, password: 'demo' } });
      tokens[u] = res.json().accessToken;
    }
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await db?.close();
    await orthanc?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('the waveform is retrieved from the PACS (WADO-RS) for the landscape ECG page', async () => {
    const { body, contentType } = stowBody([demoInstance('ecg-inferior-stemi', 0)]);
    const stow = await app.inject({ method: 'POST', url: '/dicomweb/studies', payload: Buffer.from(body), headers: { authorization: `Bearer ${tokens.town2}`, 'content-type': contentType } });
    expect(stow.statusCode, stow.body).toBe(200);
    const row = (await db.query<{ study_instance_uid: string; file_path: string | null }>('SELECT study_instance_uid, file_path FROM instances LIMIT 1'))[0];
    expect(row.file_path).toBeNull(); // nothing on the hub's disk: the bytes are in Orthanc
    const task = (await db.query<{ id: string }>("SELECT id FROM tasks WHERE study_instance_uid = $1 AND kind = 'ecg'", [row.study_instance_uid]))[0];
    expect((await call('POST', `/api/tasks/${task.id}/claim`, 'ecg1')).statusCode).toBe(200);
    const report = (await call('POST', '/api/reports', 'ecg1', { taskId: task.id, templateId: 'ecg-12lead' })).json();
    const content = { findings: '窦性心律。', impression: '1. 急性下壁心肌梗死', language: 'zh-CN', keyImages: [] };
    const signed = await call('POST', `/api/reports/${report.id}/sign`, 'ecg1', { baseVersion: report.version, content });
    expect(signed.statusCode, signed.body).toBe(200);
    const pdf = path.join(dataDir, 'upstream.pdf');
    fs.writeFileSync(pdf, (await call('GET', `/api/reports/${report.id}/versions/1/pdf`, 'ecg1')).rawPayload);
    const info = execFileSync('pdfinfo', ['-f', '1', '-l', '9', pdf], { encoding: 'utf8' });
    const sizes = [...info.matchAll(/Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/g)].map((m) => [Math.round(Number(m[1])), Math.round(Number(m[2]))]);
    expect(sizes).toEqual([
      [595, 842],
      [842, 595],
    ]);
    expect(execFileSync('pdftotext', ['-f', '2', '-l', '2', pdf, '-'], { encoding: 'utf8' })).toContain('aVF');
  });
});
