import { displayPersonName } from '../../shared/text/display.js';
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

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test reads of API JSON

/**
 * The artefacts written on signing, checked by tools no one here wrote: dciodvfy (dicom3tools),
 * dsrdump (dcmtk), pydicom (Debian's python3-pydicom, via /usr/bin/python3) and poppler-utils.
 * A real CT from the shared test data is uploaded first, so the study and patient modules come
 * from a real study.
 */
const FINDINGS = '右肺上叶尖段见一实性结节影，大小约 8 mm，边界清楚。\n双侧胸腔未见积液。';
const IMPRESSION = '1. 右肺上叶结节，建议 6 个月后复查胸部CT。';
const AMENDED = '1. 右肺上叶结节（约 12 mm，测量值更正），建议 3 个月后复查。';

type ImageRef = { seriesInstanceUid: string; sopInstanceUid: string; sopClassUid: string; frame: number };
/** One of each measurement tool the viewer offers, on one image (values as the viewer computed them). */
function measurementsOn(image: ImageRef) {
  const base = { image, lengthUnit: 'mm', valueUnit: 'HU', spacing: 'PixelSpacing' };
  return [
    { ...base, id: 'len-1', tool: 'length', points: [[100.5, 200.5], [120.5, 213.5]], values: { length: 23.84 } },
    { ...base, id: 'ell-1', tool: 'ellipse', points: [[140, 160], [160, 160], [150, 172], [150, 148]], values: { mean: 41.46, sd: 11.2, min: 3, max: 80, area: 120.31 } },
    { ...base, id: 'rect-1', tool: 'rectangle', points: [[10, 10], [30, 10], [30, 20], [10, 20]], values: { mean: -850.2, sd: 9.1, min: -880, max: -820, area: 98 } },
    { ...base, id: 'free-1', tool: 'freehand', points: [[50, 50], [60, 52], [58, 64], [48, 60]], values: { mean: 60, sd: 5, min: 50, max: 70, area: 57.3 } },
    { ...base, id: 'ang-1', tool: 'angle', points: [[10, 10], [20, 20], [30, 10]], values: { angle: 90 } },
    { ...base, id: 'cobb-1', tool: 'cobb', points: [[10, 10], [40, 12], [10, 50], [40, 45]], values: { angle: 12.5 } },
    { ...base, id: 'probe-1', tool: 'probe', points: [[256.5, 256.5]], values: { value: 45 } },
    { ...base, id: 'arrow-1', tool: 'arrow', points: [[200, 200], [230, 180]], values: {}, text: '结节边缘毛刺' },
  ];
}

describe('report artefacts (SR, Encapsulated PDF, KOS, PDF of record)', () => {
  let db: Database;
  let t: TestHub;
  let dir: string;
  const tokens: Record<string, string> = {};
  const files: Record<string, string> = {};
  let report: Json;
  let pdfV1: Buffer;
  const call = (method: 'GET' | 'POST' | 'PUT', url: string, who: string, payload?: unknown) =>
    t.app.inject({ method, url, payload: payload as object, headers: { authorization: `Bearer ${tokens[who]}` } });
  const storedFile = async (sopUid: string, name: string) => {
    const row = (await db.query<{ file_path: string }>('SELECT file_path FROM instances WHERE sop_instance_uid = $1', [sopUid]))[0];
    expect(row?.file_path, `${name} stored`).toBeTruthy();
    const abs = path.isAbsolute(row.file_path) ? row.file_path : path.join(t.hub.store.location, row.file_path);
    const out = path.join(dir, `${name}.dcm`);
    fs.copyFileSync(abs, out);
    return out;
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teleread-report-artefacts-'));
    db = await openPglite(undefined);
    await migrate(db);
    t = await startTestHub(db);
    for (const u of ['rad1', 'rad2', 'town1']) tokens[u] = await t.token(u);
    const ct = fs.readFileSync(dataFile('ct-series/pancreas-ct-cb-001/1-001.dcm'));
    const { body, contentType } = stowBody([ct]);
    const stow = await t.app.inject({ method: 'POST', url: '/dicomweb/studies', payload: Buffer.from(body), headers: { authorization: `Bearer ${tokens.town1}`, 'content-type': contentType } });
    expect(stow.statusCode, stow.body).toBe(200);
    const img = (await db.query<{ study_instance_uid: string; series_instance_uid: string; sop_instance_uid: string; sop_class_uid: string }>(
      'SELECT study_instance_uid, series_instance_uid, sop_instance_uid, sop_class_uid FROM instances ORDER BY sop_instance_uid LIMIT 1',
    ))[0];
    // The upload already queued the task (study.stored); this call is idempotent.
    await t.hub.worklist.ensureTasksForStudy(img.study_instance_uid);
    const task = (await db.query<{ id: string }>("SELECT id FROM tasks WHERE study_instance_uid = $1 AND kind = 'imaging'", [img.study_instance_uid]))[0];
    const req = await call('PUT', '/api/exam-requests', 'town1', { studyInstanceUid: img.study_instance_uid, clinicalHistory: '咳嗽两周', examRequested: '胸部CT平扫', urgency: 'routine', orderingClinician: '赵医生', department: '内科', bed: '12' });
    expect(req.statusCode).toBe(200);
    expect((await call('POST', `/api/tasks/${task.id}/claim`, 'rad1')).statusCode).toBe(200);
    report = (await call('POST', '/api/reports', 'rad1', { taskId: task.id, templateId: 'ct-chest' })).json();
    const content = {
      findings: FINDINGS,
      impression: IMPRESSION,
      language: 'zh-CN',
      keyImages: [{ seriesInstanceUid: img.series_instance_uid, sopInstanceUid: img.sop_instance_uid, sopClassUid: img.sop_class_uid, frame: 1 }],
      measurements: measurementsOn({ seriesInstanceUid: img.series_instance_uid, sopInstanceUid: img.sop_instance_uid, sopClassUid: img.sop_class_uid, frame: 1 }),
    };
    const pre = (await call('POST', `/api/reports/${report.id}/sign`, 'rad1', { baseVersion: 1, content })).json();
    // A critical alert on the study: the verifier finalises with a reason, and the PDF carries the banner.
    const st = (await db.query<{ patient_id: string; patient_name: string }>('SELECT patient_id, patient_name FROM studies WHERE study_instance_uid = $1', [img.study_instance_uid]))[0];
    const raised = await call('POST', '/api/critical/alerts', 'rad1', { studyInstanceUid: img.study_instance_uid, itemCodes: ['RAD-CNS-01'], note: '测试', patient: { patientId: st.patient_id, name: st.patient_name } });
    expect(raised.statusCode, raised.body).toBe(201);
    const fin = (await call('POST', `/api/reports/${report.id}/verify`, 'rad2', { baseVersion: pre.version, criticalOverrideReason: '已电话通知申请医生' })).json();
    expect(fin.status).toBe('final');
    const am = await call('POST', `/api/reports/${report.id}/amend`, 'rad2', { ...content, impression: AMENDED, baseVersion: fin.version, reason: '测量值更正', criticalOverrideReason: '已电话通知申请医生' });
    expect(am.statusCode, am.body).toBe(200);
    report = am.json();
    expect(report.versions.map((v: Json) => v.archivedAt !== null)).toEqual([true, true, true]);
    const [v1, , v3] = report.versions;
    files.sr1 = await storedFile(v1.srSopInstanceUid, 'sr-v1');
    files.sr3 = await storedFile(v3.srSopInstanceUid, 'sr-v3');
    files.pdf1 = await storedFile(v1.pdfSopInstanceUid, 'pdf-v1');
    files.kos3 = await storedFile(v3.kosSopInstanceUid, 'kos-v3');
    files.msr1 = await storedFile(v1.measurementSrSopInstanceUid, 'msr-v1');
    files.msr3 = await storedFile(v3.measurementSrSopInstanceUid, 'msr-v3');
    pdfV1 = (await call('GET', `/api/reports/${report.id}/versions/1/pdf`, 'town1')).rawPayload;
    fs.writeFileSync(path.join(dir, 'v1.pdf'), pdfV1);
    fs.writeFileSync(path.join(dir, 'v3.pdf'), (await call('GET', `/api/reports/${report.id}/versions/3/pdf?purpose=print`, 'town1')).rawPayload);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await db?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('dciodvfy reports no errors on the SR, the Encapsulated PDF and the KOS', () => {
    for (const f of [files.sr1, files.sr3, files.pdf1, files.kos3, files.msr1, files.msr3]) {
      const r = spawnSync('dciodvfy', [f], { encoding: 'utf8' });
      const out = `${r.stdout}${r.stderr}`;
      expect(out.split('\n').filter((l) => l.startsWith('Error')), `${path.basename(f)}:\n${out}`).toEqual([]);
    }
  });

  it('dsrdump reads the SRs: TID 2000 tree, flags per state, verifier, predecessor, Chinese text', () => {
    const pre = execFileSync('dsrdump', [files.sr1], { encoding: 'utf8' });
    expect(pre).toContain('Enhanced SR Document');
    expect(pre).toMatch(/Completion Flag\s*:\s*COMPLETE/);
    expect(pre).toMatch(/Verification Flag\s*:\s*UNVERIFIED/);
    expect(pre).toMatch(/Preliminary Flag\s*:\s*PRELIMINARY/);
    expect(pre).toContain('"Diagnostic Imaging Report"');
    expect(pre).toContain('"Findings"');
    expect(pre).toContain('"Impressions"');
    expect(pre).toContain('王磊');
    const am = execFileSync('dsrdump', [files.sr3], { encoding: 'utf8' });
    expect(am).toMatch(/Completion Flag\s*:\s*COMPLETE/);
    expect(am).toMatch(/Verification Flag\s*:\s*VERIFIED/);
    expect(am).toMatch(/Predecessor Docs\s*:\s*1/);
    expect(am).toMatch(/Verifying Observers\s*:.*李静/);
    expect(am).toContain('"Addendum"');
    expect(am).toContain('"Communication of Critical Results"');
    const kos = execFileSync('dsrdump', [files.kos3], { encoding: 'utf8' });
    expect(kos).toContain('Key Object Selection Document');
    expect(kos).toContain('IMAGE');
  });

  it('the measurement SR (TID 1500): dsrdump reads the groups, values, units, outlines on the image; kept on every version', () => {
    const msr = execFileSync('dsrdump', [files.msr1], { encoding: 'utf8' });
    expect(msr).toContain('Comprehensive SR Document');
    expect(msr).toContain('"Imaging Measurement Report"');
    expect(msr).toContain('"Image Library"');
    expect(msr).toContain('"Imaging Measurements"');
    expect(msr.match(/"Measurement Group"/g)).toHaveLength(8);
    expect(msr).toContain('NUM:(,,"Length")="23.84" (mm,UCUM,"millimeter")');
    expect(msr).toContain('NUM:(,,"Mean")="41.46" ([hnsf\'U],UCUM,"Hounsfield unit")');
    expect(msr).toContain('NUM:(,,"Standard Deviation")="11.2"');
    expect(msr).toContain('NUM:(,,"Area")="120.31" (mm2,UCUM,"square millimeter")');
    expect(msr).toContain('NUM:(,,"Cobb angle")="12.5" (deg,UCUM,"degree")');
    expect(msr).toContain('SCOORD:(,,"Image Region")=(ELLIPSE,');
    expect(msr).toContain('SCOORD:=(POINT,256.5/256.5)');
    expect(msr).toContain('<selected from IMAGE:=(CT image,)>');
    expect(msr).toContain('TEXT:(,,"Comment")="结节边缘毛刺"');
    expect(msr).toContain('TEXT:(,,"Comment")="按像素间距"');
    expect(msr).toMatch(/Completion Flag\s*:\s*COMPLETE/);
    expect(msr).toMatch(/Verification Flag\s*:\s*UNVERIFIED/);
    expect(msr).not.toMatch(/Predecessor Docs/); // version 1 replaces nothing
    const v3 = execFileSync('dsrdump', [files.msr3], { encoding: 'utf8' });
    expect(v3).toMatch(/Verification Flag\s*:\s*VERIFIED/);
    expect(v3).toMatch(/Predecessor Docs\s*:\s*1/);
    expect(report.versions.map((v: Json) => v.measurements.length)).toEqual([8, 8, 8]);
    expect(report.measurements).toHaveLength(8);
    // pydicom: the SOP class, the template, the tracking UIDs stable across versions.
    const script = `
import json, sys, pydicom
def uids(seq, out):
    for it in seq:
        if it.ValueType == 'UIDREF': out.append(it.UID)
        if 'ContentSequence' in it: uids(it.ContentSequence, out)
    return out
a = pydicom.dcmread(sys.argv[1]); b = pydicom.dcmread(sys.argv[2])
def outlines(seq, out):
    for it in seq:
        if it.ValueType == 'SCOORD': out.append([it.GraphicType, [float(x) for x in it.GraphicData]])
        if 'ContentSequence' in it: outlines(it.ContentSequence, out)
    return out
def predecessors(ds):
    return [[st.StudyInstanceUID, se.SeriesInstanceUID, r.ReferencedSOPClassUID, r.ReferencedSOPInstanceUID]
            for st in ds.get('PredecessorDocumentsSequence', []) for se in st.ReferencedSeriesSequence for r in se.ReferencedSOPSequence]
print(json.dumps({'sop': a.SOPClassUID, 'template': a.ContentTemplateSequence[0].TemplateIdentifier, 'a': uids(a.ContentSequence, []), 'b': uids(b.ContentSequence, []),
  'outlines': outlines(a.ContentSequence, []), 'predA': predecessors(a), 'predB': predecessors(b), 'seriesB': b.SeriesInstanceUID}))
`;
    const out = JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, files.msr1, files.msr3], { encoding: 'utf8' }));
    expect(out.sop).toBe('1.2.840.10008.5.1.4.1.1.88.33');
    expect(out.template).toBe('1500');
    expect(out.a).toHaveLength(8);
    expect(out.b).toEqual(out.a);
    // Version 3's measurement SR names version 2's (the one it replaces) in the report's measurement series.
    expect(out.predA).toEqual([]);
    expect(out.predB).toEqual([[report.studyInstanceUid, out.seriesB, '1.2.840.10008.5.1.4.1.1.88.33', report.versions[1].measurementSrSopInstanceUid]]);
    expect(report.versions[1].measurementSrSopInstanceUid).not.toBe(report.versions[2].measurementSrSopInstanceUid);
    // The rectangle as a closed POLYLINE (2D SCOORD has no POLYGON); the ellipse's major axis first.
    expect(out.outlines).toContainEqual(['POLYLINE', [10, 10, 30, 10, 30, 20, 10, 20, 10, 10]]);
    expect(out.outlines).toContainEqual(['ELLIPSE', [150, 172, 150, 148, 140, 160, 160, 160]]);
  });

  it('pydicom reads the text back identical (Chinese included), the same study and patient, and the PDF bytes inside the DICOM', () => {
    const script = `
import json, sys, pydicom
sr = pydicom.dcmread(sys.argv[1]); pdf = pydicom.dcmread(sys.argv[2])
def texts(seq, out):
    for it in seq:
        if it.ValueType == 'TEXT': out.append((it.ConceptNameCodeSequence[0].CodeValue, it.TextValue))
        if 'ContentSequence' in it: texts(it.ContentSequence, out)
    return out
doc = bytes(pdf.EncapsulatedDocument)[: int(pdf.EncapsulatedDocumentLength)]
print(json.dumps({'charset': sr.SpecificCharacterSet, 'study': sr.StudyInstanceUID, 'pdfStudy': pdf.StudyInstanceUID, 'patient': str(sr.PatientID),
  'template': sr.ContentTemplateSequence[0].TemplateIdentifier, 'texts': texts(sr.ContentSequence, []), 'sop': sr.SOPClassUID, 'pdfSop': pdf.SOPClassUID,
  'mime': pdf.MIMETypeOfEncapsulatedDocument, 'burned': pdf.BurnedInAnnotation, 'source': pdf.SourceInstanceSequence[0].ReferencedSOPInstanceUID, 'pdfHex': doc.hex()}))
`;
    const out = JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, files.sr1, files.pdf1], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }));
    expect(out).toMatchObject({ charset: 'ISO_IR 192', study: report.studyInstanceUid, pdfStudy: report.studyInstanceUid, template: '2000', sop: '1.2.840.10008.5.1.4.1.1.88.22', pdfSop: '1.2.840.10008.5.1.4.1.1.104.1', mime: 'application/pdf', burned: 'YES' });
    expect(out.source).toBe(report.versions[0].srSopInstanceUid);
    expect(out.patient).toBe(report.patient.id);
    expect(out.texts).toEqual(expect.arrayContaining([['121071', '右肺上叶尖段见一实性结节影，大小约 8 mm，边界清楚。'], ['121071', '双侧胸腔未见积液。'], ['121073', IMPRESSION]]));
    expect(Buffer.from(out.pdfHex, 'hex').equals(pdfV1)).toBe(true);
  });

  it('the PDF of record: A4, every font embedded, the exact Chinese strings recoverable', async () => {
    for (const f of ['v1.pdf', 'v3.pdf']) {
      const p = path.join(dir, f);
      expect(execFileSync('pdfinfo', [p], { encoding: 'utf8' })).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
      const fonts = execFileSync('pdffonts', [p], { encoding: 'utf8' }).trim().split('\n').slice(2);
      expect(fonts.length).toBeGreaterThan(0);
      for (const line of fonts) expect(line.split(/\s+/).slice(-5, -4)[0], line).toBe('yes');
    }
    const v1 = execFileSync('pdftotext', ['-enc', 'UTF-8', path.join(dir, 'v1.pdf'), '-'], { encoding: 'utf8' });
    for (const s of ['青山县人民医院', '东坪镇卫生院', '影像诊断报告书', '检查所见', '诊断意见', '右肺上叶尖段见一实性结节影，大小约 8 mm，边界清楚。', IMPRESSION, '报告医师：王磊', '仅供临床参考', '胸部CT平扫', '科室/床号：内科 / 12床', '第1页/共']) {
      expect(v1, s).toContain(s);
    }
    expect(v1).toContain('审核医师：（待审核）');
    // The patient's name printed as a name, never with DICOM's component caret.
    const pn = (await db.query<{ patient_name: string | null }>('SELECT patient_name FROM studies WHERE study_instance_uid = $1', [report.studyInstanceUid]))[0].patient_name ?? '';
    expect(v1).toContain(`姓名：${displayPersonName(pn)}`);
    expect(v1).not.toContain('^');
    // The measurement table: every viewer measurement with value, unit and series/image (not only lines inserted as text).
    const layout = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', path.join(dir, 'v1.pdf'), '-'], { encoding: 'utf8' });
    const series = (await db.query<{ n: number; i: number }>('SELECT se.series_number AS n, i.instance_number AS i FROM instances i JOIN series se USING (series_instance_uid) WHERE i.sop_instance_uid = $1', [report.measurements[0].image.sopInstanceUid]))[0];
    const at = `序列 ${series.n} / 图像 ${series.i}`;
    expect(layout).toContain('测量值：');
    expect(layout).toMatch(/名称\s+数值\s+单位\s+序列\/图像/);
    for (const row of [['长度 #1', '23.8', 'mm'], ['椭圆ROI #2 面积', '120.3', 'mm²'], ['角度 #5', '90.0', '°'], ['Cobb角 #6', '12.5', '°'], ['点测量 #7', '45', 'HU'], ['箭头标注 #8', '结节边缘毛刺', '']]) {
      expect(layout, row.join(' ')).toMatch(new RegExp(`${row[0]}\\s+${row[1]}\\s+${row[2] ? `${row[2]}\\s+` : ''}${at}`));
    }
    expect(layout).toMatch(/椭圆ROI #2\s+平均 41\.5，标准差 11\.2，最小 3，最大 80\s+HU/);
    // The key image (a native CT slice) is printed, windowed, under its caption.
    expect(v1).toContain('关键图像');
    expect(v1).toContain('图 1（第 1 帧）');
    const images = execFileSync('pdfimages', ['-list', path.join(dir, 'v1.pdf')], { encoding: 'utf8' }).trim().split('\n').slice(2);
    expect(images).toHaveLength(1);
    // 512×512 CT downsampled to 384 px on the long side.
    expect(images[0]).toMatch(/\bimage\s+384\s+384\b/);
    // Printed, not just extractable: the hospital name line (7 bold CJK glyphs, 16 pt) has ink across
    // its glyphs when rasterised (an earlier subsetter kept the text layer but drew blank glyphs).
    const band = execFileSync('pdftoppm', ['-r', '72', '-gray', '-f', '1', '-l', '1', '-x', '0', '-y', '54', '-W', '595', '-H', '24', path.join(dir, 'v1.pdf')]);
    const header = band.subarray(0, 64).toString('latin1').match(/^P5\s+(\d+)\s+(\d+)\s+255\s/);
    expect(header).not.toBeNull();
    const [w, h] = [Number(header![1]), Number(header![2])];
    const px = band.subarray(band.length - w * h);
    let inkColumns = 0;
    for (let x = 0; x < w; x++) {
      for (let yy = 0; yy < h; yy++) {
        if (px[yy * w + x] < 128) {
          inkColumns++;
          break;
        }
      }
    }
    expect(inkColumns).toBeGreaterThan(7 * 11);
    const v3 = execFileSync('pdftotext', ['-enc', 'UTF-8', path.join(dir, 'v3.pdf'), '-'], { encoding: 'utf8' });
    for (const s of ['审核医师：李静', AMENDED, '修订说明', '测量值更正', '危急值：']) expect(v3, s).toContain(s);
    // 检查类型 lists the acquisition only, although versions 1 and 2 put SR, PDF (DOC) and KOS (KO) objects in the study.
    const modalities = (await db.query<{ modalities: string[] }>('SELECT modalities FROM studies WHERE study_instance_uid = $1', [report.studyInstanceUid]))[0].modalities;
    expect(modalities).toEqual(expect.arrayContaining(['CT', 'SR', 'DOC', 'KO']));
    for (const text of [v1, v3]) expect(text).toMatch(/检查类型：CT\s/);
    expect(v1).not.toContain('危急值：');
  });
});
