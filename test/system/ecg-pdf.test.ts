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
import { insertEcgMeasurements } from '../../shared/ecg/reportText.js';
import { readEcgFromPart10 } from '../../shared/ecg/index.js';
import { templateById } from '../../shared/reports/templates.js';
import type { SignedDocument } from '../../server/reports/document.js';
import { renderReportPdf } from '../../server/reports/pdf.js';

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
  let srFile: string;
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
    // The findings as the ECG screen's 插入测量值 leaves them: the accepted values in the template's clauses (QT not accepted).
    const findings = insertEcgMeasurements('', { heartRate: 78, pr: 164, qrs: 96, qtcBazett: 452, qrsAxis: -12 }, 'zh-CN', templateById('ecg-12lead')!.findings['zh-CN']).text;
    expect(findings).toContain('{QT}');
    const content = { findings: `${findings}\nII、III、aVF 导联 ST 段抬高。`, impression: '1. 窦性心律\n2. 急性下壁心肌梗死', language: 'zh-CN', keyImages: [] };
    const signed = await call('POST', `/api/reports/${report.id}/sign`, 'ecg1', { baseVersion: report.version, content });
    expect(signed.statusCode, signed.body).toBe(200);
    const v1 = signed.json().versions[0];
    expect(v1.archivedAt).not.toBeNull();
    pdfPath = path.join(dir, 'ecg.pdf');
    fs.writeFileSync(pdfPath, (await call('GET', `/api/reports/${report.id}/versions/1/pdf`, 'town2')).rawPayload);
    const row = (await db.query<{ file_path: string }>('SELECT file_path FROM instances WHERE sop_instance_uid = $1', [v1.pdfSopInstanceUid]))[0];
    encapsulated = path.join(dir, 'pdf.dcm');
    fs.copyFileSync(path.isAbsolute(row.file_path) ? row.file_path : path.join(t.hub.store.location, row.file_path), encapsulated);
    const srRow = (await db.query<{ file_path: string }>('SELECT file_path FROM instances WHERE sop_instance_uid = $1', [v1.srSopInstanceUid]))[0];
    srFile = path.join(dir, 'sr.dcm');
    fs.copyFileSync(path.isAbsolute(srRow.file_path) ? srRow.file_path : path.join(t.hub.store.location, srRow.file_path), srFile);
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

  it('dciodvfy: the Encapsulated PDF holding the two-page PDF and the SR with its NUM items stay free of errors', () => {
    for (const f of [encapsulated, srFile]) {
      const r = spawnSync('dciodvfy', [f], { encoding: 'utf8' });
      const out = `${r.stdout}${r.stderr}`;
      expect(out.split('\n').filter((l) => l.startsWith('Error')), out).toEqual([]);
    }
  });

  it('the SR carries the accepted measurements as coded NUMs with UCUM units (dsrdump), QTc with its formula; the unaccepted QT is absent', () => {
    const sr = execFileSync('dsrdump', ['+Pc', srFile], { encoding: 'utf8' });
    expect(sr).toContain('NUM:(8867-4,LN,"Heart rate")="78" (/min,UCUM,"per minute")');
    expect(sr).toContain('NUM:(2:15872,MDC,"PR interval")="164" (ms,UCUM,"millisecond")');
    expect(sr).toContain('NUM:(2:16156,MDC,"QRS duration")="96" (ms,UCUM,"millisecond")');
    expect(sr).toContain('NUM:(2:15876,MDC,"QTc interval")="452" (ms,UCUM,"millisecond")');
    expect(sr).toMatch(/has concept mod CODE:\(370129005,SCT,"Measurement Method"\)=\(2:15880,MDC,"QTc Bazett"\)/);
    expect(sr).toContain('NUM:(5.10.3-13,SCPECG[1.3],"QRS Axis")="-12" (deg,UCUM,"degree")');
    expect(sr).not.toContain('"QT interval"');
    // pydicom: the NUMs sit in the Findings container, next to the text.
    const script = `
import json, sys, pydicom
sr = pydicom.dcmread(sys.argv[1])
findings = [c for c in sr.ContentSequence if c.ValueType == 'CONTAINER' and c.ConceptNameCodeSequence[0].CodeValue == '121070'][0]
print(json.dumps([[i.ConceptNameCodeSequence[0].CodeValue, str(i.MeasuredValueSequence[0].NumericValue), i.MeasuredValueSequence[0].MeasurementUnitsCodeSequence[0].CodeValue] for i in findings.ContentSequence if i.ValueType == 'NUM']))
`;
    expect(JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, srFile], { encoding: 'utf8' }))).toEqual([
      ['8867-4', '78', '/min'],
      ['2:15872', '164', 'ms'],
      ['2:16156', '96', 'ms'],
      ['2:15876', '452', 'ms'],
      ['5.10.3-13', '-12', 'deg'],
    ]);
  });

  it('the report page has the measurement table of the accepted intervals (pdftotext)', () => {
    const text = execFileSync('pdftotext', ['-f', '1', '-l', '1', '-layout', '-enc', 'UTF-8', pdfPath, '-'], { encoding: 'utf8' });
    expect(text).toContain('测量值：');
    for (const row of [/心率\s+78\s+次\/分/, /P-R 间期\s+164\s+ms/, /QRS 时限\s+96\s+ms/, /QTc（Bazett）\s+452\s+ms/, /QRS 电轴\s+-12\s+°/]) expect(text).toMatch(row);
    expect(text).not.toMatch(/Q-T 间期\s+\d/);
  });

  it('an English report labels its ECG page in English (title, patient line, speed/gain/filter statement)', async () => {
    const ecg = readEcgFromPart10(demoInstance('ecg-inferior-stemi', 0));
    const doc: SignedDocument = {
      reportId: 'r-en', number: 1, status: 'preliminary', kind: 'ecg', language: 'en', findings: 'Sinus rhythm, heart rate 78 bpm.', impression: '1. Sinus rhythm', keyImages: [], measurements: [],
      author: { name: 'Zhang Min', username: 'ecg1', at: new Date(), organisation: 'Qingshan County People’s Hospital' }, verifier: null, amendment: null, predecessor: null,
      study: { studyInstanceUid: '1.2.3', attrs: {}, patientId: 'XHX0200733', patientName: 'Liu^Guilan', patientNameIdeographic: '刘^桂兰', patientSex: 'F', patientBirthDate: '19500412', studyDate: '20261120', studyTime: null,
        accessionNumber: 'A1', studyDescription: null, modalities: ['ECG'], requestingSite: 'Xihe', examRequested: null, clinicalHistory: null, orderingClinician: null, evidence: [] },
      keyPictures: [], criticalAlerts: [], ecg,
    };
    const file = path.join(dir, 'ecg-en.pdf');
    fs.writeFileSync(file, await renderReportPdf(doc));
    const page = execFileSync('pdftotext', ['-f', '2', '-l', '2', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    for (const s of ['12-lead resting ECG', 'Name: Liu Guilan', 'Sex: female', 'Date of birth: 1950-04-12', 'Patient ID: XHX0200733', 'limb 10 mm/mV', 'chest 10 mm/mV', 'display filters: none', 'print at 100 % actual size']) {
      expect(page, s).toContain(s);
    }
    for (const s of ['常规12导联心电图', '姓名', '肢体', '显示滤波']) expect(page, s).not.toContain(s);
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
