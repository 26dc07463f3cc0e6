import { ApiError } from '../http/errors.js';
import type { BuiltinFiles } from '../store/builtin.js';
import { listInstances, type InstanceRow, type StudyRow } from '../studies/index.js';
import { negotiateFrames } from './accept.js';
import { auditOncePerSeries, auditView, dicomwebRoot, type Ctx } from './access.js';
import type { Range } from './dicom/parse.js';
import { multipartContentType, multipartStream, newBoundary, type Part } from './multipart.js';
import { withRoot } from './qido.js';

function files(ctx: Ctx): BuiltinFiles {
  if (ctx.hub.store.kind !== 'builtin') throw new Error('built-in store expected');
  return ctx.hub.store.files;
}

/** Study / series / instance retrieve: the stored Part-10 files, one part each, streamed file by file. */
export async function retrieve(ctx: Ctx, study: StudyRow, seriesUid?: string, sopUid?: string) {
  const rows = (await listInstances(ctx.hub.db, study.study_instance_uid, seriesUid, sopUid)).filter((r) => r.file_path);
  if (!rows.length) throw new ApiError(404, 'not_found');
  await auditView(ctx, study, `retrieve ${seriesUid ?? 'study'}${sopUid ? `/${sopUid}` : ''} (${rows.length} instances)`);
  const f = files(ctx);
  const boundary = newBoundary();
  const parts = rows.map(
    (r): Part => ({
      contentType: `application/dicom; transfer-syntax=${r.transfer_syntax_uid}`,
      extraHeaders: { 'Content-Length': String(r.byte_size) },
      body: async () => f.stream(r.file_path!),
    }),
  );
  ctx.reply.header('content-type', multipartContentType('application/dicom', boundary));
  return ctx.reply.send(multipartStream(boundary, parts));
}

/** Metadata (DICOM JSON) of a study, series or instance, streamed instance by instance. */
export async function metadata(ctx: Ctx, study: StudyRow, seriesUid?: string, sopUid?: string) {
  const params: unknown[] = [study.study_instance_uid];
  let where = 'study_instance_uid = $1';
  if (seriesUid) where += ` AND series_instance_uid = $${params.push(seriesUid)}`;
  if (sopUid) where += ` AND sop_instance_uid = $${params.push(sopUid)}`;
  const ids = await ctx.hub.db.query<{ sop_instance_uid: string }>(
    `SELECT sop_instance_uid FROM instances WHERE ${where} ORDER BY series_instance_uid, instance_number NULLS LAST, sop_instance_uid`,
    params,
  );
  if (!ids.length) throw new ApiError(404, 'not_found');
  await auditView(ctx, study, `metadata ${seriesUid ?? 'study'}${sopUid ? `/${sopUid}` : ''}`);
  const root = dicomwebRoot(ctx.req);
  const db = ctx.hub.db;
  async function* gen() {
    yield Buffer.from('[');
    // Fetched in pages so a large study is never held whole.
    for (let i = 0; i < ids.length; i += 50) {
      const page = ids.slice(i, i + 50).map((r) => r.sop_instance_uid);
      const rows = await db.query<{ sop_instance_uid: string; metadata: unknown }>('SELECT sop_instance_uid, metadata FROM instances WHERE sop_instance_uid = ANY($1::text[])', [page]);
      const byId = new Map(rows.map((r) => [r.sop_instance_uid, r.metadata]));
      for (let j = 0; j < page.length; j++) {
        const json = JSON.stringify(withRoot(byId.get(page[j]) as Record<string, never>, root));
        yield Buffer.from((i + j ? ',' : '') + json);
      }
    }
    yield Buffer.from(']');
  }
  const { Readable } = await import('node:stream');
  ctx.reply.header('content-type', 'application/dicom+json');
  return ctx.reply.send(Readable.from(gen()));
}

function parseFrameList(list: string, count: number): number[] {
  const nums = list.split(',').map((x) => x.trim());
  if (!nums.length || nums.some((n) => !/^\d+$/.test(n))) throw new ApiError(400, 'bad_request', { detail: 'frame numbers are 1-based integers separated by commas' });
  const out = nums.map(Number);
  if (out.some((n) => n < 1 || n > count)) throw new ApiError(404, 'not_found');
  return out;
}

function swap16(buf: Buffer): Buffer {
  const out = Buffer.from(buf);
  out.swap16();
  return out;
}

async function frameBytes(f: BuiltinFiles, inst: InstanceRow, n: number, inflatedCache: { buf?: Buffer }): Promise<Uint8Array | AsyncIterable<Uint8Array>> {
  const idx = inst.frames!;
  if (idx.kind === 'native') {
    const start = idx.offset + (n - 1) * idx.frameLength;
    let bytes: Buffer;
    if (idx.inflateAt !== null) {
      inflatedCache.buf ??= await f.inflated(inst.file_path!, idx.inflateAt);
      bytes = inflatedCache.buf.subarray(start, start + idx.frameLength);
    } else if (!idx.swap16) {
      return f.stream(inst.file_path!, { start, end: start + idx.frameLength - 1 });
    } else bytes = await f.read(inst.file_path!, start, idx.frameLength);
    return idx.swap16 ? swap16(bytes) : bytes;
  }
  const ranges: Range[] = idx.frames[n - 1];
  if (ranges.length === 1) return f.stream(inst.file_path!, { start: ranges[0][0], end: ranges[0][0] + ranges[0][1] - 1 });
  return Buffer.concat(await Promise.all(ranges.map(([o, l]) => f.read(inst.file_path!, o, l))));
}

async function instanceFor(ctx: Ctx, study: StudyRow, seriesUid: string, sopUid: string): Promise<InstanceRow> {
  const [inst] = await listInstances(ctx.hub.db, study.study_instance_uid, seriesUid, sopUid);
  if (!inst?.file_path) throw new ApiError(404, 'not_found');
  return inst;
}

/** Frames with transfer-syntax negotiation (see negotiateFrames). */
export async function frames(ctx: Ctx, study: StudyRow, seriesUid: string, sopUid: string, list: string | 'all') {
  const inst = await instanceFor(ctx, study, seriesUid, sopUid);
  if (!inst.frames) throw new ApiError(404, 'not_found');
  const count = inst.frames.kind === 'native' ? inst.frames.count : inst.frames.frames.length;
  const wanted = list === 'all' ? Array.from({ length: count }, (_, i) => i + 1) : parseFrameList(list, count);
  const enc = list === 'all' ? negotiateFrames('*/*', inst.transfer_syntax_uid) : negotiateFrames(ctx.req.headers.accept, inst.transfer_syntax_uid);
  if (!enc) {
    throw new ApiError(406, 'unsupported_media_type', {
      detail: `frames are stored as ${inst.transfer_syntax_uid} and the hub does not transcode; request transfer-syntax=* or ${'the stored media type'}`,
    });
  }
  await auditOncePerSeries(ctx, study, seriesUid);
  const f = files(ctx);
  const cache: { buf?: Buffer } = {};
  const boundary = newBoundary();
  const parts = wanted.map((n): Part => ({ contentType: `${enc.mediaType}; transfer-syntax=${enc.transferSyntax}`, body: () => frameBytes(f, inst, n, cache) }));
  ctx.reply.header('content-type', multipartContentType(enc.mediaType, boundary, enc.transferSyntax));
  return ctx.reply.send(multipartStream(boundary, parts));
}

/** Bulk data named by a BulkDataURI: pixel data (all frames as stored) or another large binary value. */
export async function bulkdata(ctx: Ctx, study: StudyRow, seriesUid: string, sopUid: string, path: string) {
  const key = path.replace(/\/+$/, '').toUpperCase();
  if (key === '7FE00010') return frames(ctx, study, seriesUid, sopUid, 'all');
  const inst = await instanceFor(ctx, study, seriesUid, sopUid);
  const range = inst.bulk.ranges[key];
  if (!range) throw new ApiError(404, 'not_found');
  await auditOncePerSeries(ctx, study, seriesUid);
  const f = files(ctx);
  const body = async (): Promise<Uint8Array | AsyncIterable<Uint8Array>> => {
    if (inst.bulk.inflateAt !== null) return (await f.inflated(inst.file_path!, inst.bulk.inflateAt)).subarray(range[0], range[0] + range[1]);
    return f.stream(inst.file_path!, { start: range[0], end: range[0] + range[1] - 1 });
  };
  const boundary = newBoundary();
  ctx.reply.header('content-type', multipartContentType('application/octet-stream', boundary));
  return ctx.reply.send(multipartStream(boundary, [{ contentType: 'application/octet-stream', body }]));
}
