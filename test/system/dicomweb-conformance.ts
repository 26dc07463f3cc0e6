import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as dicomParserNs from 'dicom-parser';
import { expect, it } from 'vitest';
import { dataFile, dicomFiles } from '../harness/testdata.js';
import { parseMultipartResponse, stowBody, type HubUnderTest } from './dicomweb-harness.js';

const dicomParser = ((dicomParserNs as unknown as { default?: typeof dicomParserNs }).default ?? dicomParserNs) as typeof dicomParserNs;

type Json = Record<string, { vr: string; Value?: unknown[]; BulkDataURI?: string }>;
export const ANY_TS = 'multipart/related; type="application/octet-stream"; transfer-syntax=*';
export const NATIVE = 'multipart/related; type="application/octet-stream"';

export function uids(bytes: Uint8Array) {
  const ds = dicomParser.parseDicom(bytes);
  return { study: ds.string('x0020000d')!, series: ds.string('x0020000e')!, sop: ds.string('x00080018')!, ds };
}

export async function stow(h: HubUnderTest, user: string, files: string[], studyUid?: string) {
  const { body, contentType } = stowBody(files.map((f) => fs.readFileSync(f)));
  const res = await h.fetch(user, `/dicomweb/studies${studyUid ? `/${studyUid}` : ''}`, {
    method: 'POST',
    headers: { 'content-type': contentType, accept: 'application/dicom+json' },
    body: new Uint8Array(body),
  });
  const text = await res.text();
  return { status: res.status, json: (text ? JSON.parse(text) : {}) as Json };
}

export const failures = (j: Json) =>
  ((j['00081198']?.Value ?? []) as Json[]).map((f) => ({ sop: f['00081155']?.Value?.[0] as string | undefined, reason: f['00081197']?.Value?.[0] as number, text: f['00000902']?.Value?.[0] as string }));
export const referenced = (j: Json) => ((j['00081199']?.Value ?? []) as Json[]).map((f) => f['00081155']?.Value?.[0] as string);

export async function getParts(h: HubUnderTest, user: string, rel: string, accept?: string) {
  const res = await h.fetch(user, rel, accept ? { headers: { accept } } : {});
  const buf = Buffer.from(await res.arrayBuffer());
  if (res.status !== 200) return { status: res.status, type: res.headers.get('content-type') ?? '', parts: [], text: buf.toString() };
  const type = res.headers.get('content-type') ?? '';
  return { status: res.status, type, parts: parseMultipartResponse(type, buf), text: '' };
}

const instanceUrl = (u: { study: string; series: string; sop: string }) => `/dicomweb/studies/${u.study}/series/${u.series}/instances/${u.sop}`;

/** Pixel data of a file after dcmtk decompressed / converted it to Explicit VR Little Endian. */
export function dcmtkPixels(tool: 'dcmdrle' | 'dcmdjpeg' | 'dcmdjpls' | 'dcmconv', bytes: Uint8Array): Buffer {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teleread-dcmtk-'));
  try {
    fs.writeFileSync(path.join(dir, 'in.dcm'), bytes);
    execFileSync(tool, [...(tool === 'dcmconv' ? ['+te'] : []), path.join(dir, 'in.dcm'), path.join(dir, 'out.dcm')], { stdio: 'pipe' });
    const out = fs.readFileSync(path.join(dir, 'out.dcm'));
    const ds = dicomParser.parseDicom(out);
    const el = ds.elements.x7fe00010;
    if (ds.string('x00020010') !== '1.2.840.10008.1.2.1') throw new Error(`${tool} did not write Explicit VR LE`);
    return Buffer.from(out.subarray(el.dataOffset, el.dataOffset + el.length));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The files each suite uploads: town1 the radiographs and objects, town2 the CT series. */
export const town1Files = () => [...dicomFiles('radiograph'), ...dicomFiles('transfer-syntax'), ...dicomFiles('ecg'), ...dicomFiles('sr'), ...dicomFiles('pdf')];

/** Files with a precise, expected refusal among town1Files(), by base name → FailureReason. */
export const EXPECTED_REFUSALS: Record<string, number> = {
  // pydicom's HTJ2K samples carry no Study/Series Instance UID: nothing to file them under.
  'HTJ2KLossless_08_RGB.dcm': 0xc000,
  'HTJ2K_08_RGB.dcm': 0xc000,
  // The same SOP instance as CT1_explicit_big_endian.dcm in another encoding: the first copy is kept.
  'CT1_implicit_little_endian.dcm': 0xa900,
};

/**
 * The DICOMweb conformance checks, run unchanged against the built-in store and an upstream PACS
 * (Orthanc). `hub()` returns the running hub under test.
 */
export function defineDicomwebConformance(hub: () => HubUnderTest) {
  const rg2 = (n: string) => dataFile(`radiograph/cr-hip-RG2/RG2_${n}.dcm`);

  it('refuses unauthenticated callers on every DICOMweb path (401)', async () => {
    const h = hub();
    for (const rel of ['/dicomweb/studies', '/dicomweb/series', '/dicomweb/instances', '/dicomweb/studies/1.2.3', '/dicomweb/studies/1.2.3/metadata']) {
      expect((await h.fetch(null, rel)).status, rel).toBe(401);
    }
    expect((await h.fetch(null, '/dicomweb/studies', { method: 'POST', headers: { 'content-type': 'multipart/related; boundary=x' }, body: '--x--' })).status).toBe(401);
  });

  it('stores every real file through STOW-RS with a precise outcome per instance', async () => {
    const h = hub();
    const files = town1Files();
    const { status, json } = await stow(h, 'town1', files);
    expect(status).toBe(202);
    const failed = failures(json);
    const expectedSops = Object.entries(EXPECTED_REFUSALS).map(([name, reason]) => ({ name, reason }));
    expect(failed.map((f) => f.reason).sort()).toEqual(expectedSops.map((e) => e.reason).sort());
    expect(failed.every((f) => f.text && f.text.length > 10)).toBe(true);
    expect(referenced(json)).toHaveLength(files.length - expectedSops.length);
    // The CT series of township B, in batches (as a client uploads a folder).
    const ct = dicomFiles('ct-series');
    expect(ct).toHaveLength(134);
    for (let i = 0; i < ct.length; i += 45) {
      const r = await stow(h, 'town2', ct.slice(i, i + 45));
      expect(r.status, JSON.stringify(failures(r.json))).toBe(200);
    }
  });

  it('re-storing the same instance is idempotent', async () => {
    const h = hub();
    const u = uids(fs.readFileSync(rg2('RLE')));
    const before = (await (await h.fetch('town1', `/dicomweb/studies?StudyInstanceUID=${u.study}`)).json()) as Json[];
    const r = await stow(h, 'town1', [rg2('RLE')]);
    expect(r.status).toBe(200);
    expect(referenced(r.json)).toEqual([u.sop]);
    const after = (await (await h.fetch('town1', `/dicomweb/studies?StudyInstanceUID=${u.study}`)).json()) as Json[];
    expect(after[0]['00201208']).toEqual(before[0]['00201208']);
  });

  it('retrieves every stored instance byte-identical, and the CT series as 134 parts', async () => {
    const h = hub();
    for (const f of town1Files().filter((x) => !EXPECTED_REFUSALS[path.basename(x)])) {
      const bytes = fs.readFileSync(f);
      const r = await getParts(h, 'town1', instanceUrl(uids(bytes)), 'multipart/related; type="application/dicom"; transfer-syntax=*');
      expect(r.status, f).toBe(200);
      expect(r.parts, f).toHaveLength(1);
      expect(r.parts[0].body.equals(bytes), `${path.basename(f)} byte-identical`).toBe(true);
    }
    const ct = dicomFiles('ct-series');
    const first = uids(fs.readFileSync(ct[0]));
    const r = await getParts(h, 'town2', `/dicomweb/studies/${first.study}/series/${first.series}`, 'multipart/related; type="application/dicom"; transfer-syntax=*');
    expect(r.status).toBe(200);
    expect(r.parts).toHaveLength(134);
    const want = new Set(ct.map((f) => fs.readFileSync(f).toString('base64')));
    expect(r.parts.every((p) => want.has(p.body.toString('base64')))).toBe(true);
  });

  it('serves lossless compressed frames as stored, identical to the fragments', async () => {
    const h = hub();
    for (const n of ['RLE', 'JPLL', 'JLSL', 'J2KR', 'JPLY']) {
      const bytes = fs.readFileSync(rg2(n));
      const u = uids(bytes);
      const el = u.ds.elements.x7fe00010;
      const expected = Buffer.from(dicomParser.readEncapsulatedPixelDataFromFragments(u.ds, el, 0, el.fragments!.length));
      const r = await getParts(h, 'town1', `${instanceUrl(u)}/frames/1`, ANY_TS);
      expect(r.status, n).toBe(200);
      expect(r.parts[0].headers['content-type']).toContain(`transfer-syntax=${u.ds.string('x00020010')}`);
      expect(r.parts[0].body.equals(expected), `${n} frame = fragments`).toBe(true);
    }
  });

  it('native frames are pixel-identical to dcmtk decompression of the lossless encodings', async () => {
    const h = hub();
    const unc = uids(fs.readFileSync(rg2('UNC')));
    const r = await getParts(h, 'town1', `${instanceUrl(unc)}/frames/1`, NATIVE);
    expect(r.status).toBe(200);
    expect(r.type).toContain('1.2.840.10008.1.2.1');
    const frame = r.parts[0].body;
    expect(frame.length).toBe(2140 * 1760 * 2);
    for (const [n, tool] of [['RLE', 'dcmdrle'], ['JPLL', 'dcmdjpeg'], ['JLSL', 'dcmdjpls']] as const) {
      const u = uids(fs.readFileSync(rg2(n)));
      const back = await getParts(h, 'town1', instanceUrl(u), 'multipart/related; type="application/dicom"; transfer-syntax=*');
      expect(dcmtkPixels(tool, back.parts[0].body).equals(frame), `${n} decoded by ${tool}`).toBe(true);
    }
    const ct = fs.readFileSync(dicomFiles('ct-series')[0]);
    const ctFrame = await getParts(h, 'town2', `${instanceUrl(uids(ct))}/frames/1`, NATIVE);
    expect(ctFrame.parts[0].body.equals(dcmtkPixels('dcmconv', ct))).toBe(true);
  });

  it('negotiates the frame media type from the Accept header', async () => {
    const h = hub();
    const jls = uids(fs.readFileSync(rg2('JLSL')));
    const url = `${instanceUrl(jls)}/frames/1`;
    // Uncompressed requested for a compressed instance: the hub does not transcode, or the upstream does.
    const plain = await getParts(h, 'town1', url, NATIVE);
    expect([200, 406]).toContain(plain.status);
    if (plain.status === 200) expect(plain.type).toContain('1.2.840.10008.1.2.1');
    const unquoted = await getParts(h, 'town1', url, 'multipart/related; type=application/octet-stream; transfer-syntax=*');
    expect(unquoted.status).toBe(200);
    expect(unquoted.parts[0].headers['content-type']).toContain('1.2.840.10008.1.2.4.80');
    const several = await getParts(h, 'town1', url, 'multipart/related; type="image/jls"; transfer-syntax=1.2.840.10008.1.2.4.80, multipart/related; type="application/octet-stream"; q=0.5');
    expect(several.status).toBe(200);
    expect(several.parts[0].body.length).toBe(unquoted.parts[0].body.length);
    expect((await getParts(h, 'town1', `${instanceUrl(jls)}/frames/2`, ANY_TS)).status).toBe(404);
  });

  it('returns metadata with BulkDataURIs that resolve (ECG waveform data)', async () => {
    const h = hub();
    const ecg = fs.readFileSync(dataFile('ecg/waveform_ecg_12lead.dcm'));
    const u = uids(ecg);
    const res = await h.fetch('town1', `/dicomweb/studies/${u.study}/metadata`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/dicom+json');
    const md = (await res.json()) as Json[];
    expect(md).toHaveLength(1);
    const wf = (md[0]['54000100'].Value as Json[])[0]['54001010'];
    expect(wf.BulkDataURI).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/dicomweb\//);
    const rel = wf.BulkDataURI!.replace(/^http:\/\/[^/]+/, '');
    const bulk = await getParts(h, 'town1', rel, 'multipart/related; type="application/octet-stream"');
    expect(bulk.status).toBe(200);
    const el = (u.ds.elements.x54000100.items![0].dataSet!).elements.x54001010;
    expect(bulk.parts[0].body.equals(ecg.subarray(el.dataOffset, el.dataOffset + el.length))).toBe(true);
    const series = await h.fetch('town2', `/dicomweb/studies/${uids(fs.readFileSync(dicomFiles('ct-series')[0])).study}/metadata`);
    expect(((await series.json()) as Json[]).length).toBe(134);
  });

  it('QIDO-RS matches names, dates, modalities and pages without losing rows', async () => {
    const h = hub();
    const q = async (user: string, qs: string) => {
      const res = await h.fetch(user, `/dicomweb/studies?${qs}`);
      expect(res.status, qs).toBe(200);
      return (await res.json()) as Json[];
    };
    const all = await q('rad1', 'limit=1000');
    expect(all.length).toBeGreaterThanOrEqual(8);
    const byName = await q('rad1', 'PatientName=compressedsamples%5ErG2*');
    expect(byName.length).toBe(2); // RG2 uncompressed and compressed studies
    expect((await q('rad1', 'PatientName=Pancreas-CT-CB_00?')).length).toBe(1);
    expect((await q('rad1', 'ModalitiesInStudy=ECG')).length).toBe(1);
    const dated = await q('rad1', 'StudyDate=20040101-20041231');
    expect(dated.length).toBeGreaterThan(0);
    expect(dated.every((s) => String(s['00080020'].Value?.[0]).startsWith('2004'))).toBe(true);
    const pages: string[] = [];
    for (let off = 0; off < all.length; off += 3) pages.push(...(await q('rad1', `limit=3&offset=${off}`)).map((s) => s['0020000D'].Value![0] as string));
    expect(new Set(pages).size).toBe(all.length);
    const ct = uids(fs.readFileSync(dicomFiles('ct-series')[0]));
    const [ctStudy] = await q('admin', `StudyInstanceUID=${ct.study}`);
    expect(ctStudy['00201208'].Value).toEqual([134]);
    const series = (await (await h.fetch('rad1', `/dicomweb/studies/${ct.study}/series`)).json()) as Json[];
    expect(series).toHaveLength(1);
    expect(series[0]['00201209'].Value).toEqual([134]);
    const inst = (await (await h.fetch('rad1', `/dicomweb/studies/${ct.study}/series/${ct.series}/instances?limit=500`)).json()) as Json[];
    expect(inst).toHaveLength(134);
    const sr = await h.fetch('rad1', '/dicomweb/instances?SOPClassUID=1.2.840.10008.5.1.4.1.1.88.11');
    expect(((await sr.json()) as Json[]).length).toBe(1);
  });

  it('hides township A studies from township B on every path (404, audited); readers see both', async () => {
    const h = hub();
    const u = uids(fs.readFileSync(rg2('JLSL')));
    const base = instanceUrl(u);
    const paths = [
      `/dicomweb/studies/${u.study}`,
      `/dicomweb/studies/${u.study}/metadata`,
      `/dicomweb/studies/${u.study}/series`,
      `/dicomweb/studies/${u.study}/instances`,
      `/dicomweb/studies/${u.study}/series/${u.series}`,
      `/dicomweb/studies/${u.study}/series/${u.series}/metadata`,
      `/dicomweb/studies/${u.study}/series/${u.series}/instances`,
      base,
      `${base}/metadata`,
      `${base}/frames/1`,
      `${base}/bulkdata/7FE00010`,
    ];
    for (const p of paths) {
      const res = await h.fetch('town2', p, { headers: { accept: ANY_TS } });
      expect(res.status, p).toBe(404);
      await res.arrayBuffer();
    }
    const hidden = (await (await h.fetch('town2', `/dicomweb/studies?StudyInstanceUID=${u.study}`)).json()) as Json[];
    expect(hidden).toHaveLength(0);
    const flat = (await (await h.fetch('town2', `/dicomweb/instances?SOPInstanceUID=${u.sop}`)).json()) as Json[];
    expect(flat).toHaveLength(0);
    const denied = await h.hub.audit.query({ studyUid: u.study, outcome: 'denied', limit: 100 } as Parameters<typeof h.hub.audit.query>[0]);
    expect(denied.filter((d) => d.username === 'town2').length).toBeGreaterThanOrEqual(paths.length - 1);
    for (const user of ['rad1', 'admin']) expect((await h.fetch(user, `${base}/metadata`)).status, user).toBe(200);
    const ct = uids(fs.readFileSync(dicomFiles('ct-series')[0]));
    expect((await h.fetch('town1', `/dicomweb/studies/${ct.study}/metadata`)).status).toBe(404);
    const allowed = await h.hub.audit.query({ studyUid: u.study, outcome: 'allowed', limit: 100 } as Parameters<typeof h.hub.audit.query>[0]);
    expect(allowed.some((a) => a.username === 'rad1' && a.patientId)).toBe(true);
  });

  it('lets only township staff upload, and never into another site’s study', async () => {
    const h = hub();
    const r = await stow(h, 'rad1', [rg2('RLE')]);
    expect(r.status).toBe(403);
    const other = await stow(h, 'town2', [rg2('JPLY')]);
    expect(other.status).toBe(409);
    expect(failures(other.json)[0].reason).toBe(0x0110);
  });
}
