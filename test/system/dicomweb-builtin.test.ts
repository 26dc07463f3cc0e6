import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as dicomParserNs from 'dicom-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StudyEvent } from '../../server/studies/events.js';
import { dataFile, dicomFiles } from '../harness/testdata.js';
import { ANY_TS, dcmtkPixels, defineDicomwebConformance, failures, getParts, NATIVE, referenced, stow, uids } from './dicomweb-conformance.js';
import { builtinStoreState, startHub, type HubUnderTest } from './dicomweb-harness.js';

const dicomParser = ((dicomParserNs as unknown as { default?: typeof dicomParserNs }).default ?? dicomParserNs) as typeof dicomParserNs;

/** What the hub does with each file in malformed/: refused with a FailureReason, or stored. */
const MALFORMED: Record<string, 'stored' | number> = {
  'derived_ct_slice_truncated_50pct.dcm': 0xc000, // Pixel Data ends beyond the end of the file
  'derived_empty_0b.dcm': 0xc000,
  'derived_j2k_truncated_in_fragment_60pct.dcm': 0xc000,
  'derived_not_dicom.txt.dcm': 0xc000,
  'derived_preamble_only.dcm': 0xc000,
  'derived_truncated_inside_meta_200b.dcm': 0xc000,
  'fodicom_CR-MONO1-10-chest_no_part10_header.dcm': 0xc000, // STOW requires Part-10 files
  'fodicom_GH177_bigendian_undefined_length.dcm': 0xc000,
  'fodicom_GH179B.dcm': 0xc000,
  'orthanc_2017-06-27-XSSInjection.dcm': 'stored', // valid; the name is data, escaped by the UI
  'orthanc_2026-05-26-oob-monochrome-65535.dcm': 0xc000, // 65535² declared, 256 bytes of pixels
  'orthanc_DummyCTInvalidRows.dcm': 'stored', // no Pixel Data element at all: metadata only
  'orthanc_Issue22-NoPixelData.dcm': 'stored', // idem
  'pydicom_ExplVR_LitEndNoMeta.dcm': 0xc000,
  'pydicom_MR_truncated.dcm': 0xc000,
  'pydicom_badVR.dcm': 'stored',
  'pydicom_bad_sequence.dcm': 0xc000, // no Study Instance UID
  'pydicom_emri_small_jpeg_2k_lossless_too_short.dcm': 'stored', // structure valid; the codestreams are short (decoder's problem)
  'pydicom_meta_missing_tsyntax.dcm': 0xc000,
  'pydicom_nested_priv_SQ.dcm': 0xc000,
  'pydicom_no_meta.dcm': 0xc000,
  'pydicom_rtplan_truncated.dcm': 0xc000,
};

let h: HubUnderTest;
beforeAll(async () => {
  h = await startHub();
});
afterAll(async () => {
  await h?.close();
});

describe('DICOMweb gateway, built-in store', () => {
  defineDicomwebConformance(() => h);

  it('gives every malformed file a precise outcome, keeps serving, and leaves nothing partial', async () => {
    const files = dicomFiles('malformed');
    expect(files.map((f) => path.basename(f)).sort()).toEqual(Object.keys(MALFORMED).sort());
    for (const f of files) {
      const want = MALFORMED[path.basename(f)];
      const r = await stow(h, 'town1', [f]);
      if (want === 'stored') {
        expect(r.status, f).toBe(200);
        expect(referenced(r.json)).toHaveLength(1);
      } else {
        expect(r.status, f).toBe(409);
        const [fail] = failures(r.json);
        expect(fail.reason, `${path.basename(f)}: ${fail.text}`).toBe(want);
        expect(fail.text.length).toBeGreaterThan(10);
      }
    }
    expect((await h.fetch(null, '/api/health')).status).toBe(200);
    const store = await builtinStoreState(h);
    expect(store.leftoverTempFiles).toEqual([]);
    // Every object file on disk is indexed: refused uploads left no file behind.
    expect(store.filesOnDisk).toBe(store.indexedFiles);
    const xss = uids(fs.readFileSync(dataFile('malformed/orthanc_2017-06-27-XSSInjection.dcm')));
    const md = (await (await h.fetch('town1', `/dicomweb/studies/${xss.study}/metadata`)).json()) as Array<Record<string, { Value?: Array<{ Alphabetic?: string }> }>>;
    expect(md[0]['00100010'].Value?.[0].Alphabetic).toContain('<script>');
    const nopix = uids(fs.readFileSync(dataFile('malformed/orthanc_Issue22-NoPixelData.dcm')));
    expect((await h.fetch('town1', `/dicomweb/studies/${nopix.study}/series/${nopix.series}/instances/${nopix.sop}/frames/1`)).status).toBe(404);
  });

  it('serves multi-frame JPEG with an empty offset table frame by frame', async () => {
    const bytes = fs.readFileSync(dataFile('transfer-syntax/US_8frames_jpeg_baseline_fragmented_nobot.dcm'));
    const u = uids(bytes);
    const el = u.ds.elements.x7fe00010;
    const bot = dicomParser.createJPEGBasicOffsetTable(u.ds, el);
    const r = await getParts(h, 'town1', `/dicomweb/studies/${u.study}/series/${u.series}/instances/${u.sop}/frames/1,3,8`, 'multipart/related; type="image/jpeg"');
    expect(r.status).toBe(200);
    expect(r.parts).toHaveLength(3);
    [1, 3, 8].forEach((n, i) => {
      expect(r.parts[i].body.equals(Buffer.from(dicomParser.readEncapsulatedImageFrame(u.ds, el, n - 1, bot))), `frame ${n}`).toBe(true);
      expect(r.parts[i].body.subarray(0, 2).toString('hex')).toBe('ffd8');
    });
  });

  it('byte-swaps big endian pixels and inflates deflated ones to Explicit VR LE, as dcmtk does', async () => {
    for (const rel of ['transfer-syntax/CT1_explicit_big_endian.dcm', 'transfer-syntax/MR_small_bigendian.dcm', 'transfer-syntax/deflated_image_dfl.dcm']) {
      const bytes = fs.readFileSync(dataFile(rel));
      const u = uids(bytes);
      const r = await getParts(h, 'town1', `/dicomweb/studies/${u.study}/series/${u.series}/instances/${u.sop}/frames/1`, NATIVE);
      expect(r.status, rel).toBe(200);
      expect(r.parts[0].body.equals(dcmtkPixels('dcmconv', bytes)), rel).toBe(true);
    }
  });

  it('refuses an instance whose study differs from the STOW URL, and uncompressed frames it cannot produce', async () => {
    const f = dataFile('sr/basic-text-sr-reportsi.dcm');
    const r = await stow(h, 'town1', [f], '1.2.3.4.5');
    expect(r.status).toBe(409);
    expect(failures(r.json)[0].reason).toBe(0xa900);
    const jls = uids(fs.readFileSync(dataFile('radiograph/cr-hip-RG2/RG2_JLSL.dcm')));
    const res = await h.fetch('town1', `/dicomweb/studies/${jls.study}/series/${jls.series}/instances/${jls.sop}/frames/1`, { headers: { accept: NATIVE } });
    expect(res.status).toBe(406);
    expect((await h.fetch('town1', `/dicomweb/studies/${jls.study}/series/${jls.series}/instances/${jls.sop}/frames/1`, { headers: { accept: ANY_TS } })).status).toBe(200);
  });

  it('announces a new study once, and finds its GB18030 Chinese name by the ideographic or alphabetic group', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teleread-cn-'));
    try {
      const file = path.join(dir, 'cn.dcm');
      fs.copyFileSync(dataFile('radiograph/dx-for-presentation-small.dcm'), file);
      // 张三 in GB18030 (D5C5 C8FD), padded to even length.
      fs.writeFileSync(path.join(dir, 'name.bin'), Buffer.concat([Buffer.from('Zhang^San='), Buffer.from([0xd5, 0xc5]), Buffer.from('^'), Buffer.from([0xc8, 0xfd]), Buffer.from(' ')]));
      execFileSync('dcmodify', ['-nb', '-gst', '-gse', '-gin', '-i', '(0008,0005)=GB18030', '-mf', `(0010,0010)=${path.join(dir, 'name.bin')}`, file], { stdio: 'pipe' });
      const events: StudyEvent[] = [];
      const off = h.hub.studyEvents.on((e) => void events.push(e));
      expect((await stow(h, 'town1', [file])).status).toBe(200);
      expect((await stow(h, 'town1', [file])).status).toBe(200); // idempotent: no second event
      off();
      const study = uids(fs.readFileSync(file)).study;
      const town1Site = (await h.hub.db.query<{ id: string }>("SELECT id FROM sites WHERE code = 'QSX-DPZ'"))[0].id;
      expect(events).toEqual([{ type: 'study.stored', studyUid: study, siteId: town1Site, source: 'upload', newInstances: 1, newStudy: true }]);
      for (const q of ['%E5%BC%A0*', 'zhang%5Esan', 'ZHANG*']) {
        const hits = (await (await h.fetch('town1', `/dicomweb/studies?PatientName=${q}`)).json()) as Array<Record<string, { Value?: unknown[] }>>;
        expect(hits.map((x) => x['0020000D'].Value?.[0]), q).toEqual([study]);
        expect(hits[0]['00100010'].Value?.[0]).toEqual({ Alphabetic: 'Zhang^San', Ideographic: '张^三' });
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('removes temp files left by an interrupted upload when the store opens', async () => {
    const store = h.hub.store;
    if (store.kind !== 'builtin') throw new Error('built-in store expected');
    fs.writeFileSync(path.join(store.files.tmpDir, 'abc.123.part'), 'partial');
    expect(await store.files.leftoverTempFiles()).toHaveLength(1);
    await store.files.init();
    expect(await store.files.leftoverTempFiles()).toEqual([]);
  });
});
