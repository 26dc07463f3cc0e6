import { describe, expect, it } from 'vitest';
import { makeBatches } from './group.js';
import { validateRequest, EMPTY_REQUEST } from './RequestForm.js';
import type { FileLike } from './scan.js';
import { parseStowReply } from './stowReply.js';
import { ConnectionLost, uploadStudy, type StowTransport } from './uploader.js';

// The hub is replaced by an in-memory stand-in here (the real STOW path is in test/e2e/township.test.ts).
/** A byte no multipart header contains (0xF0 + letter offset), so a part's file can be told from the body. */
const fillByte = (name: string) => 0xf0 + name.charCodeAt(0) - 65;
const file = (name: string, size: number): FileLike => ({
  name,
  size,
  path: name,
  slice: (a, b) => new Blob([new Uint8Array(Math.max(0, Math.min(b, size) - a)).fill(fillByte(name))]),
});

/** Finds which files a multipart body carries by their fill byte. */
async function partsIn(body: Blob, names: string[]): Promise<string[]> {
  const bytes = new Uint8Array(await body.arrayBuffer());
  return names.filter((n) => bytes.includes(fillByte(n)));
}

function reply(stored: string[], failed: Array<[string | null, number, string]> = []) {
  return {
    '00081199': { vr: 'SQ', Value: stored.map((u) => ({ '00081155': { vr: 'UI', Value: [u] } })) },
    '00081198': {
      vr: 'SQ',
      Value: failed.map(([u, code, msg]) => ({ ...(u ? { '00081155': { vr: 'UI', Value: [u] } } : {}), '00081197': { vr: 'US', Value: [code] }, '00000902': { vr: 'LO', Value: [msg] } })),
    },
  };
}

describe('makeBatches', () => {
  it('cuts at the file count and at the byte limit, a large file alone', () => {
    const sizes = [5, 5, 5, 30, 5, 5].map((size) => ({ size }));
    expect(makeBatches(sizes, 2, 20).map((b) => b.map((x) => x.size))).toEqual([[5, 5], [5], [30], [5, 5]]);
  });
});

describe('parseStowReply', () => {
  it('reads stored and failed SOP instances with the reason and code', () => {
    const out = parseStowReply(reply(['1.1'], [['1.2', 0xa900, 'class mismatch'], [null, 0xc000, 'unreadable DICOM']]));
    expect([...out.stored]).toEqual(['1.1']);
    expect(out.failed.get('1.2')).toBe('class mismatch (0xA900)');
    expect(out.anonymousFailures).toEqual(['unreadable DICOM (0xC000)']);
  });
  it('tolerates an empty or non-JSON reply', () => {
    expect(parseStowReply(null).stored.size).toBe(0);
  });
});

describe('validateRequest', () => {
  it('requires the exam, the ordering clinician and a phone of digits', () => {
    expect(validateRequest(EMPTY_REQUEST)).toEqual({ examRequested: 'up.req.examRequired', orderingClinician: 'up.req.clinicianRequired', contactPhone: 'up.req.phoneRequired' });
    expect(validateRequest({ ...EMPTY_REQUEST, examRequested: '胸片', orderingClinician: '张医生', contactPhone: 'abc' })).toEqual({ contactPhone: 'up.req.phoneRequired' });
    expect(validateRequest({ ...EMPTY_REQUEST, examRequested: '胸片', orderingClinician: '张医生', contactPhone: '0851-1234567' })).toEqual({});
  });
});

describe('uploadStudy', () => {
  const items = ['A', 'B', 'C', 'D', 'E'].map((n) => ({ file: file(n, 10), sopInstanceUid: `1.${n.charCodeAt(0)}` }));
  const uidOf = (n: string) => `1.${n.charCodeAt(0)}`;

  it('skips what the hub has, sends the rest in parts, and resumes after a drop without re-sending', async () => {
    const held = new Set([uidOf('A')]);
    const sent: string[][] = [];
    let drops = 1;
    const transport: StowTransport = {
      existing: async () => new Set(held),
      async stow(body, _ct, onProgress) {
        const names = await partsIn(body, ['A', 'B', 'C', 'D', 'E']);
        onProgress(body.size);
        sent.push(names);
        for (const n of names) held.add(uidOf(n)); // stored even though the reply is lost below
        if (names.includes('D') && drops-- > 0) throw new ConnectionLost('network error');
        return { status: 200, body: reply(names.map(uidOf)) };
      },
    };
    const states: Record<string, string> = {};
    const waits: number[] = [];
    const res = await uploadStudy({ studyUid: '1.2.3', items, transport, maxFiles: 2, onFile: (u, p) => (states[u] = p.status), wait: async (ms) => void waits.push(ms) });
    expect(res).toEqual({ confirmed: 5, failed: 0, total: 5 });
    // A was already there; D's part dropped after the hub stored it: QIDO said so and nothing was sent twice.
    expect(sent).toEqual([['B', 'C'], ['D', 'E']]);
    expect(waits).toEqual([2000]);
    expect(states[uidOf('A')]).toBe('skipped');
    expect(states[uidOf('D')]).toBe('skipped');
    expect(states[uidOf('B')]).toBe('stored');
  });

  it('reports each refused instance with the hub reason and counts the study as not sent', async () => {
    const transport: StowTransport = {
      existing: async () => new Set(),
      async stow(body) {
        const names = await partsIn(body, ['A', 'B', 'C', 'D', 'E']);
        const ok = names.filter((n) => n !== 'C');
        return { status: 202, body: reply(ok.map(uidOf), names.includes('C') ? [[uidOf('C'), 0xa900, 'Study Instance UID differs']] : []) };
      },
    };
    const reasons: Record<string, string | undefined> = {};
    const res = await uploadStudy({ studyUid: '1.2.3', items, transport, onFile: (u, p) => (reasons[u] = p.reason) });
    expect(res).toEqual({ confirmed: 4, failed: 1, total: 5 });
    expect(reasons[uidOf('C')]).toBe('Study Instance UID differs (0xA900)');
  });

  it('gives up after the retries while the connection stays down, leaving the rest queued', async () => {
    const transport: StowTransport = {
      existing: async () => {
        throw new ConnectionLost('hub unreachable');
      },
      stow: async () => ({ status: 200, body: null }),
    };
    const res = await uploadStudy({ studyUid: '1.2.3', items, transport, retries: 2, onFile: () => undefined, wait: async () => undefined });
    expect(res).toEqual({ confirmed: 0, failed: 0, total: 5, dropped: 'hub unreachable' });
  });
});
