import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stowBody } from '../../shared/dicomweb/stow-body.js';
import type { Database } from '../../server/db/database.js';
import { migrate } from '../../server/db/migrate.js';
import { openPglite } from '../../server/db/pglite.js';
import { dataFile } from '../harness/testdata.js';
import { startTestHub, type TestHub } from '../suites/worklist.suite.js';


/**
 * The critical-value communication record in the signed report (SR section "Communication of
 * Critical Results" and the PDF banner), and the 危急值登记 register as a PDF, checked with
 * dciodvfy, dsrdump and poppler-utils (pdftotext, pdfinfo, pdffonts) on a real CT study.
 */
describe('critical values in the report artefacts and the register PDF', () => {
  let db: Database;
  let t: TestHub;
  let dir: string;
  const tokens: Record<string, string> = {};
  let srFile = '';
  let reportPdf = '';
  let registerPdf = '';
  const call = (method: 'GET' | 'POST' | 'PUT', url: string, who: string, payload?: unknown) =>
    t.app.inject({ method, url, payload: payload as object, headers: { authorization: `Bearer ${tokens[who]}` } });

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teleread-critical-artefacts-'));
    db = await openPglite(undefined);
    await migrate(db);
    t = await startTestHub(db);
    for (const u of ['rad1', 'rad2', 'town1', 'admin']) tokens[u] = await t.token(u);
    const ct = fs.readFileSync(dataFile('ct-series/pancreas-ct-cb-001/1-001.dcm'));
    const { body, contentType } = stowBody([ct]);
    const stow = await t.app.inject({ method: 'POST', url: '/dicomweb/studies', payload: Buffer.from(body), headers: { authorization: `Bearer ${tokens.town1}`, 'content-type': contentType } });
    expect(stow.statusCode, stow.body).toBe(200);
    const uid = (await db.query<{ study_instance_uid: string }>('SELECT study_instance_uid FROM instances LIMIT 1'))[0].study_instance_uid;
    await t.hub.worklist.ensureTasksForStudy(uid);
    const task = (await db.query<{ id: string }>("SELECT id FROM tasks WHERE study_instance_uid = $1 AND kind = 'imaging'", [uid]))[0];
    await call('PUT', '/api/exam-requests', 'town1', { studyInstanceUid: uid, clinicalHistory: '车祸后头痛', examRequested: '头颅CT平扫', urgency: 'stat', orderingClinician: '刘医生', contactPhone: '0736-5120101', department: '急诊科', bed: '12' });
    const st = (await db.query<{ patient_id: string; patient_name: string }>('SELECT patient_id, patient_name FROM studies WHERE study_instance_uid = $1', [uid]))[0];
    const raised = await call('POST', '/api/critical/alerts', 'rad1', { studyInstanceUid: uid, itemCodes: ['RAD-CNS-01'], note: '左侧基底节区高密度影', patient: { patientId: st.patient_id, name: st.patient_name } });
    expect(raised.statusCode, raised.body).toBe(201);
    const alert = raised.json();
    expect(alert.contact).toEqual({ orderingClinician: '刘医生', phone: '0736-5120101' });
    expect((await call('POST', `/api/critical/alerts/${alert.id}/acknowledge`, 'town1', { receiverName: '刘医生', receiverPhone: '0736-5120101', readBack: '急性颅内出血' })).statusCode).toBe(200);
    const action = await call('POST', `/api/critical/alerts/${alert.id}/action`, 'town1', { what: '甘露醇脱水，转县医院神经外科', who: '刘医生', when: new Date().toISOString(), referral: '青山县人民医院' });
    expect(action.statusCode, action.body).toBe(200);

    expect((await call('POST', `/api/tasks/${task.id}/claim`, 'rad1')).statusCode).toBe(200);
    const report = (await call('POST', '/api/reports', 'rad1', { taskId: task.id, templateId: 'ct-chest' })).json();
    const content = { findings: '左侧基底节区见高密度影。', impression: '1. 左侧基底节区脑出血。', language: 'zh-CN', keyImages: [] };
    const pre = (await call('POST', `/api/reports/${report.id}/sign`, 'rad1', { baseVersion: 1, content })).json();
    const fin = await call('POST', `/api/reports/${report.id}/verify`, 'rad2', { baseVersion: pre.version });
    expect(fin.statusCode, fin.body).toBe(200);
    const v = fin.json().versions.at(-1);
    const row = (await db.query<{ file_path: string }>('SELECT file_path FROM instances WHERE sop_instance_uid = $1', [v.srSopInstanceUid]))[0];
    srFile = path.join(dir, 'sr.dcm');
    fs.copyFileSync(path.isAbsolute(row.file_path) ? row.file_path : path.join(t.hub.store.location, row.file_path), srFile);
    reportPdf = path.join(dir, 'report.pdf');
    fs.writeFileSync(reportPdf, (await call('GET', `/api/reports/${report.id}/versions/${v.number}/pdf`, 'town1')).rawPayload);

    // Enough alerts for the register to run onto a second page.
    for (let i = 0; i < 14; i++) {
      expect((await call('POST', '/api/critical/alerts', 'rad1', { studyInstanceUid: uid, itemCodes: ['RAD-CHE-02'], note: `第${i}条`, patient: { patientId: st.patient_id, name: st.patient_name } })).statusCode).toBe(201);
    }
    // An hour later nobody has acknowledged them: the whole ladder has fired (other staff, director, supervisors).
    await t.hub.critical.runDueEscalations(new Date(Date.now() + 60 * 60_000));
    const reg = await call('GET', '/api/critical/register?format=pdf', 'admin');
    expect(reg.headers['content-type']).toBe('application/pdf');
    registerPdf = path.join(dir, 'register.pdf');
    fs.writeFileSync(registerPdf, reg.rawPayload);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await db?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the SR carries who, to whom, when, how, the read-back and the action, and stays valid for dciodvfy', () => {
    const r = spawnSync('dciodvfy', [srFile], { encoding: 'utf8' });
    const out = `${r.stdout}${r.stderr}`;
    expect(out.split('\n').filter((l) => l.startsWith('Error')), out).toEqual([]);
    const dump = execFileSync('dsrdump', ['+U8', '+Pl', srFile], { encoding: 'utf8' });
    expect(dump).toContain('"Communication of Critical Results"');
    for (const s of ['危急值 Critical result: 急性颅内出血', '报告 Reported: 王磊（青山县人民医院）', '东坪镇卫生院', 'in_app:sent', '接收 Received: 刘医生 0736-5120101（账号 account town1）', '复述 Read-back: 急性颅内出血', '处理措施 Action: 甘露醇脱水，转县医院神经外科']) {
      expect(dump, s).toContain(s);
    }
  });

  it('the report PDF banner carries the receiver, the read-back and the action', () => {
    const text = execFileSync('pdftotext', ['-layout', reportPdf, '-'], { encoding: 'utf8' });
    for (const s of ['危急值：急性颅内出血', '接收 Received: 刘医生', '复述 Read-back: 急性颅内出血', '处理措施 Action: 甘露醇脱水']) expect(text, s).toContain(s);
  });

  it('the register PDF is landscape A4 with Chinese headings, embedded Noto Sans SC and page numbers', () => {
    const info = execFileSync('pdfinfo', [registerPdf], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+841\.89 x 595\.28/);
    const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
    expect(pages).toBeGreaterThanOrEqual(2);
    const fonts = execFileSync('pdffonts', [registerPdf], { encoding: 'utf8' });
    expect(fonts).toMatch(/NotoSansSC/);
    expect(fonts.split('\n').filter((l) => /NotoSansSC/.test(l)).every((l) => /\byes\s+yes\b/.test(l))).toBe(true);
    const text = execFileSync('pdftotext', ['-layout', registerPdf, '-'], { encoding: 'utf8' });
    for (const s of ['危急值登记本', '报告时间', '危急值内容', '接收人/时间', '复述', '处理措施/时间', '升级记录', '结局', `第1页/共${pages}页`, `第${pages}页/共${pages}页`]) expect(text, s).toContain(s);
    expect(text).toMatch(/共\s*15\s*条/);
    expect(text).toContain('刘医生');
    expect(text).toContain('甘露醇脱水');
    // 科室/床号 from the exam request, in the patient cell.
    expect(text).toContain('患者/科室床号');
    expect(text).toContain('急诊科');
    expect(text).toContain('12床');
    for (const s of ['L1 本院其他人员', 'L2 院长', 'director:town1', 'L3 医共体主管', 'supervisor:admin']) expect(text.replace(/ {2,}/g, ' '), s).toContain(s);
    // The heading row repeats on every page.
    expect(text.split('\f').filter((p) => p.includes('危急值内容')).length).toBe(pages);
  });
});
