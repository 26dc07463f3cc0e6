import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StudyEvent } from '../../server/studies/events.js';
import { pollUpstream } from '../../server/studies/poller.js';
import { addSiteRule } from '../../server/studies/rules.js';
import { dataFile, dicomFiles } from '../harness/testdata.js';
import { startOrthanc, type OrthancServer } from '../harness/orthanc.js';
import { defineDicomwebConformance, getParts, uids } from './dicomweb-conformance.js';
import { startHub, type HubUnderTest } from './dicomweb-harness.js';

let orthanc: OrthancServer;
let h: HubUnderTest;
beforeAll(async () => {
  process.env.TELEREAD_PACS_POLL_SECONDS = '0';
  orthanc = await startOrthanc();
  h = await startHub({ pacsDicomwebUrl: orthanc.dicomweb, pacsAuth: orthanc.pacsAuth });
});
afterAll(async () => {
  await h?.close();
  await orthanc?.stop();
});

describe('DICOMweb gateway, upstream PACS (Orthanc)', () => {
  defineDicomwebConformance(() => h);
});

function craft(dir: string, name: string, institution: string): Buffer {
  const out = path.join(dir, name);
  fs.copyFileSync(dataFile('radiograph/dx-for-presentation-small.dcm'), out);
  execFileSync('dcmodify', ['-nb', '-gst', '-gse', '-gin', '-i', `(0008,0080)=${institution}`, out], { stdio: 'pipe' });
  return fs.readFileSync(out);
}

describe('upstream-only behaviour', () => {
  it('falls back to decoded frames where Orthanc cannot send them as stored, and proxies rendered images', async () => {
    const us = uids(fs.readFileSync(dataFile('transfer-syntax/US_8frames_jpeg_baseline_fragmented_nobot.dcm')));
    const base = `/dicomweb/studies/${us.study}/series/${us.series}/instances/${us.sop}`;
    const r = await getParts(h, 'town1', `${base}/frames/1,3,8`, 'multipart/related; type="application/octet-stream"; transfer-syntax=*');
    expect(r.status).toBe(200);
    expect(r.parts).toHaveLength(3);
    expect(r.parts[0].headers['content-type']).toContain('1.2.840.10008.1.2.1');
    expect(r.parts[0].body.length).toBe(240 * 320 * 3);
    const ct = uids(fs.readFileSync(dicomFiles('ct-series')[0]));
    const img = await h.fetch('town2', `/dicomweb/studies/${ct.study}/series/${ct.series}/instances/${ct.sop}/rendered`, { headers: { accept: 'image/jpeg' } });
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toContain('image/jpeg');
    expect(Buffer.from(await img.arrayBuffer()).subarray(0, 2).toString('hex')).toBe('ffd8');
    expect((await h.fetch('town1', `/dicomweb/studies/${ct.study}/series/${ct.series}/instances/${ct.sop}/rendered`)).status).toBe(404);
  });
});

function rawGet(url: string, rawPath: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = http.request({ host: u.hostname, port: u.port, path: rawPath, headers: { authorization: `Bearer ${token}` } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('upstream path safety', () => {
  it('never lets a dot-segment path reach another study on the PACS', async () => {
    const ecg = uids(fs.readFileSync(dataFile('ecg/waveform_ecg_12lead.dcm')));
    const ct = uids(fs.readFileSync(dicomFiles('ct-series')[0]));
    const own = `/dicomweb/studies/${ecg.study}/series/${ecg.series}/instances/${ecg.sop}`;
    for (const tail of [`/bulk/../../../../../../../studies/${ct.study}/metadata`, `/bulkdata/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/studies/${ct.study}/metadata`]) {
      expect(await rawGet(h.url, own + tail, h.tokens.town1), tail).toBe(404);
    }
  });
});

describe('ingest by polling the upstream PACS', () => {
  it('discovers studies stored into the PACS directly, attributes them by rule, and leaves the rest unassigned', async () => {
    const sites = await h.hub.db.query<{ id: string; code: string }>('SELECT id, code FROM sites');
    const dpz = sites.find((s) => s.code === 'QSX-DPZ')!.id;
    await addSiteRule(h.hub.db, { priority: 10, field: 'InstitutionName', pattern: 'Dongping*', siteId: dpz });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teleread-poll-'));
    try {
      const matched = craft(dir, 'a.dcm', 'Dongping Township Health Centre');
      const unmatched = craft(dir, 'b.dcm', 'Some Other Hospital');
      for (const bytes of [matched, unmatched]) {
        const res = await orthanc.rest('/instances', { method: 'POST', body: new Uint8Array(bytes), headers: { 'content-type': 'application/dicom' } });
        expect(res.status).toBe(200);
      }
      const events: StudyEvent[] = [];
      const off = h.hub.studyEvents.on((e) => void events.push(e));
      const result = await pollUpstream(h.hub);
      off();
      expect(result).toEqual({ discovered: 2, updated: 0, unassigned: 1 });
      const a = uids(matched).study;
      const b = uids(unmatched).study;
      expect(events.map((e) => [e.studyUid, e.siteId, e.source, e.newStudy]).sort()).toEqual([[a, dpz, 'upstream', true], [b, null, 'upstream', true]].sort());
      const seen = async (user: string, uid: string) => ((await (await h.fetch(user, `/dicomweb/studies?StudyInstanceUID=${uid}`)).json()) as unknown[]).length;
      expect([await seen('town1', a), await seen('town2', a), await seen('rad1', a), await seen('admin', a)]).toEqual([1, 0, 1, 1]);
      // Unassigned: only the supervisor sees it; readers and township staff get nothing, by any path.
      expect([await seen('town1', b), await seen('town2', b), await seen('rad1', b), await seen('admin', b)]).toEqual([0, 0, 0, 1]);
      expect((await h.fetch('rad1', `/dicomweb/studies/${b}/metadata`)).status).toBe(404);
      expect((await h.fetch('admin', `/dicomweb/studies/${b}/metadata`)).status).toBe(200);
      const town1Meta = await h.fetch('town1', `/dicomweb/studies/${a}/metadata`);
      expect(town1Meta.status).toBe(200);
      expect(((await town1Meta.json()) as unknown[]).length).toBe(1);
      // A second poll finds nothing new.
      expect(await pollUpstream(h.hub)).toEqual({ discovered: 0, updated: 0, unassigned: 0 });
      // The supervisor's queue: only supervisors see it; assigning sends the study to that site.
      expect((await h.fetch('town1', '/api/studies/unassigned')).status).toBe(403);
      expect((await h.fetch('rad1', '/api/studies/unassigned')).status).toBe(403);
      const queue = (await (await h.fetch('admin', '/api/studies/unassigned')).json()) as Array<{ studyInstanceUid: string; institutionName: string }>;
      expect(queue.map((q) => [q.studyInstanceUid, q.institutionName])).toEqual([[b, 'Some Other Hospital']]);
      const xhx = sites.find((s) => s.code === 'QSX-XHX')!.id;
      const assigned: StudyEvent[] = [];
      const off2 = h.hub.studyEvents.on((e) => void assigned.push(e));
      const res = await h.fetch('admin', `/api/studies/${b}/assign`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ siteId: xhx }) });
      off2();
      expect(res.status).toBe(200);
      expect(assigned).toMatchObject([{ studyUid: b, siteId: xhx, newStudy: true }]);
      expect([await seen('town1', b), await seen('town2', b), await seen('rad1', b)]).toEqual([0, 1, 1]);
      expect((await h.fetch('admin', `/api/studies/${b}/assign`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ siteId: dpz }) })).status).toBe(409);
      const rules = (await (await h.fetch('admin', '/api/site-rules')).json()) as Array<{ pattern: string; siteId: string }>;
      expect(rules).toMatchObject([{ pattern: 'Dongping*', siteId: dpz }]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers 502 upstream_unavailable when the PACS is down, and /api/health reports the store down', async () => {
    const ct = uids(fs.readFileSync(dicomFiles('ct-series')[0]));
    await orthanc.stop();
    const res = await h.fetch('town2', `/dicomweb/studies/${ct.study}/metadata`);
    expect(res.status).toBe(502);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('upstream_unavailable');
    const health = (await (await h.fetch(null, '/api/health')).json()) as { status: string; store: { kind: string; ok: boolean } };
    expect(health.status).toBe('degraded');
    expect(health.store).toMatchObject({ kind: 'upstream', ok: false });
    // The index still answers searches.
    expect((await h.fetch('town2', `/dicomweb/studies?StudyInstanceUID=${ct.study}`)).status).toBe(200);
  });
});
