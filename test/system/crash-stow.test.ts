import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stowBody } from '../../shared/dicomweb/stow-body.js';
import { startHub, type HubProcess } from '../harness/hub.js';
import { testDataDir } from '../harness/testdata.js';

/**
 * kill -9 the hub in the middle of a large STOW, restart it on the same data folder: every
 * instance the index knows has its complete file (size and SHA-256), no temp file survives, nothing
 * half-written is visible, and the upload can simply be sent again to completion.
 */
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'teleread-crash-'));
const env = { TELEREAD_DEMO_STUDIES: '0' };
let hub: HubProcess | undefined;

afterAll(async () => {
  await hub?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function token(h: HubProcess) {
  const r = await fetch(`${h.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'town1', password: 'demo' }) });
  return (await r.json()).accessToken as string;
}

async function instances(h: HubProcess, tok: string, studyUid: string): Promise<string[]> {
  const r = await fetch(`${h.url}/dicomweb/studies/${studyUid}/instances?includefield=00080018&limit=1000`, { headers: { authorization: `Bearer ${tok}`, accept: 'application/dicom+json' } });
  if (r.status === 204 || r.status === 404) return [];
  const text = await r.text();
  return text ? (JSON.parse(text) as Array<Record<string, { Value: string[] }>>).map((x) => x['00080018'].Value[0]) : [];
}

describe('crash during STOW', () => {
  it('leaves only complete instances, and a re-send completes the study', async () => {
    const dir = path.join(testDataDir(), 'ct-series/pancreas-ct-cb-001');
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.dcm')).sort().map((f) => new Uint8Array(fs.readFileSync(path.join(dir, f))));
    expect(files.length).toBe(134);
    const { body, contentType } = stowBody(files);

    hub = await startHub({ demo: true, dataDir, env });
    let tok = await token(hub);
    const upload = fetch(`${hub.url}/dicomweb/studies`, { method: 'POST', headers: { authorization: `Bearer ${tok}`, 'content-type': contentType }, body }).catch((e: unknown) => e);
    // Kill once part of the series is in.
    const deadline = Date.now() + 60_000;
    let before = 0;
    while (Date.now() < deadline) {
      const hubUid = await fetch(`${hub.url}/dicomweb/studies?limit=10`, { headers: { authorization: `Bearer ${tok}`, accept: 'application/dicom+json' } })
        .then((r) => (r.status === 200 ? r.json() : []))
        .catch(() => []);
      const uid = (hubUid as Array<Record<string, { Value: string[] }>>)[0]?.['0020000D']?.Value?.[0];
      before = uid ? (await instances(hub, tok, uid)).length : 0;
      if (before >= 10) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(before).toBeGreaterThanOrEqual(10);
    await hub.crash();
    expect(await upload).toBeDefined();

    hub = await startHub({ dataDir, env, demo: true });
    tok = await token(hub);
    const uid = await firstStudy(hub, tok);
    const after = await instances(hub, tok, uid);
    expect(after.length).toBeGreaterThanOrEqual(before);
    expect(after.length).toBeLessThan(134);

    // Every indexed instance is one we sent, and every stored object is complete (its name is its SHA-256).
    const sent = new Set(files.map(sopOf));
    for (const sop of after) expect(sent.has(sop)).toBe(true);
    const storeTmp = path.join(dataDir, 'store', 'tmp');
    expect(fs.existsSync(storeTmp) ? fs.readdirSync(storeTmp) : []).toEqual([]);
    const objects = listFiles(path.join(dataDir, 'store', 'objects'));
    for (const f of objects) {
      const sha = crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex');
      expect(path.basename(f)).toBe(`${sha}.dcm`);
    }

    // The township simply sends again: the stored ones are idempotent, the rest go in.
    const again = await fetch(`${hub.url}/dicomweb/studies`, { method: 'POST', headers: { authorization: `Bearer ${tok}`, 'content-type': contentType }, body });
    expect(again.status).toBe(200);
    expect((await instances(hub, tok, uid)).length).toBe(134);
  });
});

async function firstStudy(h: HubProcess, tok: string): Promise<string> {
  const r = await fetch(`${h.url}/dicomweb/studies?limit=10`, { headers: { authorization: `Bearer ${tok}`, accept: 'application/dicom+json' } });
  const list = (await r.json()) as Array<Record<string, { Value: string[] }>>;
  return list[0]['0020000D'].Value[0];
}

function sopOf(bytes: Uint8Array): string {
  // (0008,0018) in implicit VR LE: tag, 4-byte length, value.
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = Buffer.from([0x08, 0x00, 0x18, 0x00]);
  const at = b.indexOf(tag, 132);
  const len = b.readUInt32LE(at + 4);
  return b.subarray(at + 8, at + 8 + len).toString('latin1').replace(/\0+$/, '').trim();
}

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}
