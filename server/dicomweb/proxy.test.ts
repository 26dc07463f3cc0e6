import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { replaceStream, upstreamPath } from './proxy.js';

const S = '1.2.3';
const base = { study: S, series: '1.2.3.4', instance: '1.2.3.4.5' };

describe('upstream proxy helpers', () => {
  it('maps hub paths to upstream paths and keeps the query', () => {
    expect(upstreamPath(`/dicomweb/studies/${S}/series?limit=5`, { study: S })).toBe(`/studies/${S}/series?limit=5`);
    expect(upstreamPath(`/dicomweb/studies/${S}/series?StudyInstanceUID=9.9&0020000e=1.1&Modality=CT`, { study: S })).toBe(`/studies/${S}/series?Modality=CT`);
    expect(upstreamPath(`/dicomweb/studies/${S}/series/1.2.3.4/instances/1.2.3.4.5/bulkdata/54000100/1/54001010`, { ...base, '*': '54000100/1/54001010' })).toBe(
      `/studies/${S}/series/1.2.3.4/instances/1.2.3.4.5/bulk/54000100/1/54001010`,
    );
  });

  it('refuses paths that would address another study once normalised', () => {
    const bulk = `/dicomweb/studies/${S}/series/1.2.3.4/instances/1.2.3.4.5/bulk/`;
    expect(() => upstreamPath(`${bulk}../../../../9.9.9/metadata`, { ...base, '*': '../../../../9.9.9/metadata' })).toThrow();
    expect(() => upstreamPath(`${bulk}%2e%2e/%2e%2e/x`, { ...base, '*': '../../x' })).toThrow();
    expect(() => upstreamPath(`/dicomweb/studies/${S}/series/../instances`, { study: S, series: '..' })).toThrow();
    expect(() => upstreamPath(`/dicomweb/studies/${S}/series/1.2.3.4/instances/1.2.3.4.5/frames/1,../x`, { ...base, frames: '1,../x' })).toThrow();
  });

  it('rewrites upstream URLs in JSON across chunk boundaries', async () => {
    const from = 'http://pacs:8042/dicom-web';
    const text = `[{"a":"${from}/studies/1"},{"b":"${from}/x"}]`;
    for (const size of [1, 3, 7, 100]) {
      const chunks: Buffer[] = [];
      for (let i = 0; i < text.length; i += size) chunks.push(Buffer.from(text.slice(i, i + size)));
      const out: string[] = [];
      for await (const c of Readable.from(chunks).pipe(replaceStream(from, 'http://hub/dicomweb'))) out.push(String(c));
      expect(out.join('')).toBe(text.replaceAll(from, 'http://hub/dicomweb'));
    }
  });

  it('rewrites byte-wise without corrupting multi-byte text split across chunks', async () => {
    const from = 'http://pacs:8042/dicom-web';
    const text = `[{"00100010":{"Value":[{"Ideographic":"张伟^王"}]},"7FE00010":{"BulkDataURI":"${from}/studies/1/bulk"}},"${from}${from}","http://pacs:8042/dicom-we"]`;
    const bytes = Buffer.from(text);
    for (const size of [1, 2, 5, 26, 27]) {
      const chunks: Buffer[] = [];
      for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
      const out: Buffer[] = [];
      for await (const c of Readable.from(chunks).pipe(replaceStream(from, 'http://hub/dicomweb'))) out.push(c as Buffer);
      expect(Buffer.concat(out).toString()).toBe(text.replaceAll(from, 'http://hub/dicomweb'));
    }
  });
});
