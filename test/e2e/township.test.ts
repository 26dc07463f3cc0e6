import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanFile, type FileLike } from '../../renderer/src/features/township/scan.js';
import { makeThumbnail } from '../../renderer/src/features/township/thumbnail.js';
import { dataFile } from '../harness/testdata.js';
import { nodeCodecs } from './township-codecs.js';
import { poll, SHOTS, townshipE2E, type TaskRow } from './township-support.js';

/**
 * Issue 10, "done when", in Chromium: town1 sends a CD folder (DICOMDIR, thumbnails, a missing and
 * a broken file) with an exam request; the studies arrive live on rad1's worklist screen; the final
 * report is announced in town1's inbox, shown as the signed PDF and printed (the printed bytes read
 * by poppler); an alert is acknowledged; town2 sees none of site A's data (inbox, alerts, DICOMweb).
 * The alert modal in detail and the malformed samples are in township-alerts.test.ts.
 *
 * Then compressed upload thumbnails: the upload screen hands each compressed first frame to its
 * decode worker (Cornerstone's codecs as bundled by Vite, .wasm fetched from the app), and the
 * canvas shows the very picture compressedThumb.ts computes under Node — which
 * township-thumbs.test.ts compares with dcmtk and with the uncompressed original. JPEG baseline
 * goes to the browser's own decoder first (resampled by the browser): checked for a real picture.
 */
const e2e = townshipE2E();
const { codecs, dispose } = nodeCodecs();
afterAll(dispose);
let cd: string;
let uploaded: TaskRow[] = [];
/** town1's page, kept from test to test (a sign-in costs seconds on a loaded machine). */
let town1: Page;

/**
 * A CD as a township PC sees it: a DICOMDIR written by dcmtk (over three images), then one of
 * them lost, one image the DICOMDIR does not list, one broken file; names without extensions.
 */
function makeCd(): string {
  const root = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'township-e2e-')), 'CDROM');
  fs.mkdirSync(path.join(root, 'IMAGES', 'SUB'), { recursive: true });
  fs.copyFileSync(dataFile('radiograph/dx-for-presentation-small.dcm'), path.join(root, 'IMAGES', 'IM000001'));
  fs.copyFileSync(dataFile('radiograph/cr-mono1-jpeg-baseline.dcm'), path.join(root, 'IMAGES', 'SUB', 'IM000002'));
  fs.copyFileSync(dataFile('transfer-syntax/MR_small_bigendian.dcm'), path.join(root, 'IMAGES', 'IM000003'));
  execFileSync('dcmmkdir', ['-q', '+r', '-Pgp', '+I', '-Nxc', 'IMAGES'], { cwd: root });
  fs.rmSync(path.join(root, 'IMAGES', 'IM000003'));
  fs.mkdirSync(path.join(root, 'EXTRA'));
  fs.copyFileSync(dataFile('radiograph/cr-hip-RG2/RG2_JPLY.dcm'), path.join(root, 'EXTRA', 'HIP'));
  fs.copyFileSync(dataFile('malformed/derived_truncated_inside_meta_200b.dcm'), path.join(root, 'IMAGES', 'broken.dcm'));
  return root;
}

beforeAll(() => {
  cd = makeCd();
});
afterAll(() => fs.rmSync(path.dirname(cd), { recursive: true, force: true }));

interface Shown {
  state: string | null;
  width: number;
  height: number;
  rgba: number[];
}

/** The upload screen's thumbnail once it is no longer loading. */
async function shownThumb(page: Page): Promise<Shown> {
  await poll(() => page.locator('[data-testid="upload-thumb"]:not([data-state="loading"])').count(), 60_000).toBe(1);
  return page.getByTestId('upload-thumb').evaluate((el) => {
    if (!(el instanceof HTMLCanvasElement)) return { state: el.getAttribute('data-state'), width: 0, height: 0, rgba: [] };
    return { state: el.getAttribute('data-state'), width: el.width, height: el.height, rgba: [...el.getContext('2d')!.getImageData(0, 0, el.width, el.height).data] };
  });
}

async function nodeThumb(rel: string) {
  const bytes = fs.readFileSync(dataFile(rel));
  const blob = new Blob([bytes]);
  const file: FileLike = { name: path.basename(rel), size: bytes.length, path: rel, slice: (a, b) => blob.slice(a, b) };
  const scanned = await scanFile(file);
  if (scanned.kind !== 'dicom') throw new Error(`${rel}: ${scanned.kind}`);
  const t = await makeThumbnail(file, scanned.header.image, codecs);
  if (t.kind !== 'image') throw new Error(`${rel}: ${t.reason}`);
  return t;
}

const pdfText = (bytes: Buffer) => execFileSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: bytes }).toString('utf8').replace(/\s+/g, '');

/** Clicks `button` and returns the PDF the page fetched for printing (?purpose=print), however it is then shown. */
async function printedPdf(page: Page, click: () => Promise<void>): Promise<Buffer> {
  const response = page.waitForResponse((r) => r.url().includes('/pdf?purpose=print'), { timeout: 15_000 });
  await click();
  const r = await response;
  expect(r.status()).toBe(200);
  return r.body();
}

describe('township station in Chromium (issue 10, done when)', () => {
  it('sends a CD folder with a request: thumbnails, DICOMDIR checked, broken file flagged; the studies arrive live on rad1’s worklist screen', async () => {
    const rad1 = await e2e.signIn('rad1', '/worklist');
    await rad1.getByTestId('worklist-table').waitFor({ timeout: 30_000 });
    await poll(() => rad1.getByTestId('wl-live').textContent()).toContain('实时更新');

    town1 = await e2e.signIn('town1', '/upload');
    await town1.getByTestId('upload-folder').setInputFiles(cd);
    await poll(() => town1.getByTestId('upload-study').count()).toBe(3);
    await expect(town1.getByTestId('upload-found').textContent()).resolves.toContain('找到 3 个检查，3 个影像文件');
    await expect(town1.getByTestId('upload-unreadable-file').textContent()).resolves.toMatch(/broken\.dcm.*(文件损坏|不是 DICOM)/);
    // The DICOMDIR: three listed, one lost from the CD, one image it does not list (found all the same).
    await expect(town1.getByTestId('upload-dicomdir-summary').textContent()).resolves.toContain('列出 3 个文件，找到 2 个');
    await expect(town1.getByTestId('upload-missing-file').allTextContents()).resolves.toEqual(['IMAGES\\IM000003']);
    await expect(town1.getByTestId('upload-dicomdir').textContent()).resolves.toContain('另有 1 个 DICOMDIR 未列出的影像文件');
    // Thumbnails: the uncompressed DX drawn here, the 8-bit JPEG by the browser's decoder, the 12-bit JPEG by the codecs' worker.
    await poll(() => town1.locator('[data-testid="upload-thumb"][data-state="loading"]').count()).toBe(0);
    const thumbs = await town1.getByTestId('upload-thumb').evaluateAll((els) =>
      els.map((el) => {
        if (!(el instanceof HTMLCanvasElement)) return { state: el.getAttribute('data-state'), text: el.textContent, grays: 0, size: 0 };
        const data = el.getContext('2d')!.getImageData(0, 0, el.width, el.height).data;
        const grays = new Set<number>();
        for (let i = 0; i < data.length; i += 4) grays.add(data[i]);
        return { state: el.getAttribute('data-state'), text: '', grays: grays.size, size: Math.max(el.width, el.height) };
      }),
    );
    expect(thumbs.map((x) => x.state).sort()).toEqual(['image', 'image', 'image']);
    for (const x of thumbs.filter((x) => x.state === 'image')) {
      expect(x.size).toBe(96);
      expect(x.grays, 'a real picture, not a flat square').toBeGreaterThan(30);
    }

    // The form says what is missing before anything is sent.
    await town1.getByTestId('upload-send').click();
    await expect(town1.getByText('请填写申请医生姓名（危急值将通知此人）。').count()).resolves.toBe(1);
    await town1.getByTestId('req-clinicalHistory').fill('外伤后胸痛2小时');
    await town1.getByTestId('req-examRequested').fill('胸部X线');
    await town1.getByTestId('req-urgency').selectOption('urgent');
    await town1.getByTestId('req-orderingClinician').fill('张医生');
    await town1.getByTestId('req-contactPhone').fill('0851-1234567');
    await town1.screenshot({ path: path.join(SHOTS, 'e2e-township-upload-review.png'), fullPage: true });
    await town1.getByTestId('upload-send').click();
    await town1.getByTestId('upload-sent').waitFor({ timeout: 30_000 });
    await expect(town1.getByTestId('upload-sent').textContent()).resolves.toContain('服务器已确认全部 3 个影像');
    await town1.screenshot({ path: path.join(SHOTS, 'e2e-township-upload-sent.png'), fullPage: true });

    const uids = await town1.getByTestId('upload-study').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-study-uid') ?? ''));
    const tasks = await e2e.tasks('rad1');
    uploaded = uids.map((uid) => tasks.find((x) => x.studyInstanceUid === uid)!);
    for (const [i, task] of uploaded.entries()) {
      expect(task, `task for ${uids[i]}`).toBeDefined();
      expect(task.priority).toBe('urgent');
      expect(task.request?.orderingClinician).toBe('张医生');
      // On rad1's screen, live (the page was open before the upload), with the request.
      const row = rad1.locator(`[data-testid="worklist-row"][data-task-id="${task.id}"]`);
      await poll(() => row.count()).toBe(1);
      await expect(row.textContent()).resolves.toContain('胸部X线');
    }
    await rad1.screenshot({ path: path.join(SHOTS, 'e2e-township-rad1-worklist.png'), fullPage: true });

    // town1's inbox lists them as sent.
    await town1.goto(`${e2e.hub.url}/#/inbox`);
    await poll(() => town1.locator(`[data-testid="tw-row"][data-study-uid="${uids[0]}"] [data-testid="tw-state"]`).textContent()).toBe('已发送');
    await town1.screenshot({ path: path.join(SHOTS, 'e2e-township-inbox.png'), fullPage: true });
  });

  it('announces the final report live, shows the signed PDF, prints it (poppler reads the printed bytes; audited) and marks an amendment with the older version viewable', async () => {
    expect(uploaded.length, 'the upload test ran first').toBeGreaterThan(0);
    await poll(() => town1.getByTestId('tw-live').textContent()).toBe('实时更新');
    const task = uploaded.find((x) => x.modalities.includes('DX'))!;
    type Rep = { id: string; version: number; versions: Array<{ pdfSha256: string }> };
    const json = e2e.json<Rep>;
    await json('rad1', 'POST', `/api/tasks/${task.id}/claim`);
    let report = await json('rad1', 'POST', '/api/reports', { taskId: task.id });
    report = await json('rad1', 'PUT', `/api/reports/${report.id}/draft`, { baseVersion: report.version, language: 'zh-CN', findings: '双肺纹理清晰，未见实变。', impression: '胸部未见明显异常。' });
    report = await json('rad1', 'POST', `/api/reports/${report.id}/sign`, { baseVersion: report.version });
    report = await json('rad2', 'POST', `/api/reports/${report.id}/verify`, { baseVersion: report.version });

    // Announced live, without a reload.
    await poll(() => town1.getByTestId('tw-news').count()).toBeGreaterThan(0);
    const row = town1.locator(`[data-testid="tw-row"][data-task-id="${task.id}"]`);
    await poll(() => row.getByTestId('tw-state').textContent()).toBe('已审核');
    await row.getByTestId('tw-open').click();
    await town1.getByTestId('report-pdf').waitFor({ timeout: 15_000 });
    const src = await town1.getByTestId('report-pdf').getAttribute('src');
    expect(src).toMatch(/^blob:/);
    // The frame holds exactly the signed bytes (sha256 on the version).
    const shown = await town1.evaluate(async (u) => [...new Uint8Array(await (await fetch(u!)).arrayBuffer())], src);
    const signed = await json('rad1', 'GET', `/api/reports/${report.id}`);
    const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
    expect(sha256(Uint8Array.from(shown))).toBe(signed.versions.at(-1)!.pdfSha256);
    await town1.waitForTimeout(500);
    await town1.screenshot({ path: path.join(SHOTS, 'e2e-township-report.png'), fullPage: true });

    // Print: what is printed is the signed PDF (same bytes, read by pdftotext); the hub audits the print.
    const printed = await printedPdf(town1, () => town1.getByTestId('report-print').click());
    expect(sha256(printed)).toBe(signed.versions.at(-1)!.pdfSha256);
    expect(pdfText(printed)).toContain('胸部未见明显异常');
    const audits = () => e2e.json<unknown[]>('admin', 'GET', `/api/audit?action=report.print&studyUid=${task.studyInstanceUid}`).then((a) => a.length);
    await poll(audits).toBe(1);
    // Batch printing of the day's final reports: this one is today's only final; printed again, audited again.
    await expect(town1.getByTestId('tw-print-today').textContent()).resolves.toContain('（1）');
    const batch = await printedPdf(town1, () => town1.getByTestId('tw-print-today').click());
    expect(pdfText(batch)).toContain('胸部未见明显异常');
    await poll(audits).toBe(2);

    // An amendment: marked, and the older version still viewable.
    await json('rad2', 'POST', `/api/reports/${report.id}/amend`, { baseVersion: signed.version, language: 'zh-CN', findings: '右下肺小结节。', impression: '右下肺小结节，建议随访。', reason: '补充结节描述' });
    await poll(() => row.getByTestId('tw-state').textContent()).toBe('已修订');
    await town1.getByTestId('report-viewer').getByRole('button', { name: '关闭' }).click();
    await row.getByTestId('tw-open').click();
    await poll(() => town1.getByTestId('report-amended').textContent()).toContain('补充结节描述');
    // Preliminary (1), final (2), amended (3): every signed version stays viewable.
    await expect(town1.getByTestId('report-version').locator('option').count()).resolves.toBe(3);
    await town1.getByTestId('report-version').selectOption('2');
    await poll(() => town1.getByText('您正在查看旧版本').count()).toBe(1);
    await town1.screenshot({ path: path.join(SHOTS, 'e2e-township-report-amended.png'), fullPage: true });
  });

  it('town1 acknowledges an alert on its upload; town2 sees none of site A: not in its inbox, not in its alerts, 404 on DICOMweb', async () => {
    expect(uploaded.length, 'the upload test ran first').toBeGreaterThan(0);
    const task = uploaded[0];
    const town2 = await e2e.signIn('town2', '/alerts');
    const catalogue = await e2e.json<{ items: Array<{ code: string; zh: string }> }>('rad1', 'GET', '/api/critical/catalogue?domain=radiology');
    const item = catalogue.items[0];
    const raise = (t: TaskRow) =>
      e2e.json<{ id: string }>('rad1', 'POST', '/api/critical/alerts', {
        studyInstanceUid: t.studyInstanceUid,
        itemCodes: [item.code],
        note: '',
        patient: { patientId: t.patient.id, ...(t.patient.birthDate ? { birthDate: t.patient.birthDate } : { name: t.patient.name }) },
      });
    const alert = await raise(task);
    await town1.getByTestId('critical-modal').waitFor({ timeout: 10_000 });
    await town1.getByTestId('critical-receiver').fill('张医生');
    await town1.getByTestId('critical-readback').fill(item.zh);
    await town1.getByTestId('critical-ack').click();
    await poll(() => town1.getByTestId('critical-modal').count(), 10_000).toBe(0);
    await expect(e2e.json<{ state: string }>('rad1', 'GET', `/api/critical/alerts/${alert.id}`)).resolves.toMatchObject({ state: 'acknowledged' });

    // town2 has an alert of its own (so its list is known to load) and never town1's.
    const town2Tasks = await e2e.tasks('town2');
    const own = await raise(town2Tasks.find((x) => x.kind === 'imaging') ?? town2Tasks[0]);
    await town2.reload();
    await town2.locator(`[data-testid="alert-row"][data-alert-id="${own.id}"]`).first().waitFor({ timeout: 15_000 });
    await expect(town2.locator(`[data-testid="alert-row"][data-alert-id="${alert.id}"]`).count()).resolves.toBe(0);

    // Its inbox: its own studies, none of site A's.
    const siteA = new Set((await e2e.tasks('town1')).map((x) => x.studyInstanceUid));
    await town2.goto(`${e2e.hub.url}/#/inbox`);
    await poll(() => town2.getByTestId('tw-row').count()).toBeGreaterThan(0);
    const town2Rows = await town2.getByTestId('tw-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-study-uid')));
    expect(town2Rows.filter((uid) => siteA.has(uid ?? ''))).toEqual([]);
    expect(town2Tasks.filter((x) => siteA.has(x.studyInstanceUid))).toEqual([]);
    await town2.screenshot({ path: path.join(SHOTS, 'e2e-township-town2.png'), fullPage: true });

    // DICOMweb: the study is there for town1 and does not exist for town2.
    for (const t of uploaded) {
      const url = `/dicomweb/studies/${t.studyInstanceUid}/metadata`;
      expect((await e2e.api(url, { user: 'town1' })).status).toBe(200);
      expect((await e2e.api(url, { user: 'town2' })).status).toBe(404);
      expect((await e2e.api(`/dicomweb/studies/${t.studyInstanceUid}/series`, { user: 'town2' })).status).toBe(404);
    }
  });

  it('compressed thumbnails: JPEG 2000, JPEG-LS, JPEG lossless, 12-bit JPEG and RLE are decoded in the upload screen’s worker to the same picture as under Node', async () => {
    const town1 = await e2e.signIn('town1', '/upload');
    const files = [
      'radiograph/cr-hip-RG2/RG2_J2KR.dcm',
      'radiograph/cr-chest-RG1/RG1_J2KI.dcm',
      'radiograph/cr-hip-RG2/RG2_JLSN.dcm',
      'radiograph/cr-hip-RG2/RG2_JPLL.dcm',
      'radiograph/cr-hip-RG2/RG2_JPLY.dcm',
      'radiograph/cr-hip-RG2/RG2_RLE.dcm',
    ];
    for (const rel of files) {
      await town1.getByTestId('upload-files').setInputFiles(dataFile(rel));
      await poll(() => town1.getByTestId('upload-study').count()).toBe(1);
      const shown = await shownThumb(town1);
      expect(shown.state, rel).toBe('image');
      const expected = await nodeThumb(rel);
      expect([shown.width, shown.height], rel).toEqual([expected.width, expected.height]);
      expect(shown.rgba, rel).toEqual([...expected.rgba]);
      // Leave and come back: a fresh upload screen, so the next thumbnail cannot be mistaken for this one.
      await town1.goto(`${e2e.hub.url}/#/inbox`);
      await poll(() => town1.getByTestId('upload-study').count()).toBe(0);
      await town1.goto(`${e2e.hub.url}/#/upload`);
    }
  });

  it('compressed thumbnails: 8 YBR JPEG frames in split fragments get a picture (the browser decodes the first frame)', async () => {
    const town1 = await e2e.signIn('town1', '/upload');
    await town1.getByTestId('upload-files').setInputFiles(dataFile('transfer-syntax/US_8frames_jpeg_baseline_fragmented_nobot.dcm'));
    const shown = await shownThumb(town1);
    expect(shown.state).toBe('image');
    expect(Math.max(shown.width, shown.height)).toBe(96);
    const colours = new Set<number>();
    for (let i = 0; i < shown.rgba.length; i += 4) colours.add((shown.rgba[i] << 16) | (shown.rgba[i + 1] << 8) | shown.rgba[i + 2]);
    expect(colours.size, 'a real picture, not a flat square').toBeGreaterThan(30);
  });
});
