import { describe, expect, it } from 'vitest';
import { EcgLoadError, loadStudyEcg, singlePartBytes } from './load.js';

const enc = new TextEncoder();

function multipart(boundary: string, bytes: Uint8Array): Uint8Array {
  const head = enc.encode(`--${boundary}\r\nContent-Type: application/octet-stream\r\n\r\n`);
  const tail = enc.encode(`\r\n--${boundary}--\r\n`);
  const out = new Uint8Array(head.length + bytes.length + tail.length);
  out.set(head);
  out.set(bytes, head.length);
  out.set(tail, head.length + bytes.length);
  return out;
}

describe('WaveformData bulk bytes', () => {
  it('takes the single part of a multipart/related body, boundary quoted or not', () => {
    // Bytes that look like CRLF and dashes inside the data must survive.
    const data = new Uint8Array([0x0d, 0x0a, 0x2d, 0x2d, 1, 2, 3, 255]);
    expect([...singlePartBytes('multipart/related; type="application/octet-stream"; boundary=abc123', multipart('abc123', data))]).toEqual([...data]);
    expect([...singlePartBytes('multipart/related; boundary="q-1"; type="application/octet-stream"', multipart('q-1', data))]).toEqual([...data]);
  });

  it('refuses a body without its boundary with a message in both languages', () => {
    const err = (() => {
      try {
        singlePartBytes('multipart/related; boundary=zzz', enc.encode('nothing here'));
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(EcgLoadError);
    expect((err as EcgLoadError).localized('zh-CN')).toContain('波形数据');
    expect((err as EcgLoadError).localized('en')).toContain('Reload');
  });
});

describe('study loading', () => {
  const fetchFrom = (status: number, body: unknown): typeof fetch => (async () => new Response(JSON.stringify(body), { status })) as typeof fetch;

  it('says when the study holds no waveform', async () => {
    const src = { root: 'http://hub/dicomweb', getToken: async () => 't', fetch: fetchFrom(200, [{ '00080018': { vr: 'UI', Value: ['1.2'] } }]) };
    await expect(loadStudyEcg(src, '1.2.3')).rejects.toMatchObject({ code: 'no_waveform' });
  });

  it('turns a 404 into an actionable message', async () => {
    const src = { root: 'http://hub/dicomweb', getToken: async () => 't', fetch: fetchFrom(404, {}) };
    const err = await loadStudyEcg(src, '1.2.3').catch((e: unknown) => e);
    expect((err as EcgLoadError).localized('zh-CN')).toContain('工作列表');
  });
});
