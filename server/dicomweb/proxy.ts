import type { OutgoingHttpHeaders } from 'node:http';
import { pipeline, Transform } from 'node:stream';
import { ApiError } from '../http/errors.js';
import type { StudyRow } from '../studies/index.js';
import { auditOncePerSeries, auditView, dicomwebRoot, type Ctx } from './access.js';
import { seriesIndex } from './cache.js';
import { upstreamGet, type UpstreamAnswer } from './upstreamGet.js';

/**
 * Replaces every occurrence of `from` by `to` in a byte stream, across chunk boundaries. Works on
 * the bytes (no decoding): `from` is an ASCII URL, and in UTF-8 an ASCII byte sequence only ever
 * matches those same characters.
 */
export function replaceStream(from: string, to: string): Transform {
  const f = Buffer.from(from);
  const t = Buffer.from(to);
  let tail: Buffer | null = null;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      const buf = tail ? Buffer.concat([tail, chunk]) : chunk;
      const parts: Buffer[] = [];
      let i = 0;
      for (let j = buf.indexOf(f); j >= 0; j = buf.indexOf(f, i)) {
        parts.push(buf.subarray(i, j), t);
        i = j + f.length;
      }
      // Keep what could be the start of a match that continues in the next chunk.
      const keep = Math.max(i, buf.length - (f.length - 1));
      tail = keep < buf.length ? buf.subarray(keep) : null;
      parts.push(buf.subarray(i, keep));
      cb(null, parts.length === 1 ? parts[0] : Buffer.concat(parts));
    },
    flush(cb) {
      cb(null, tail);
    },
  });
}

const UID_RE = /^[0-9]+(\.[0-9]+)*$/;
const BULK_PATH_RE = /^[0-9A-Fa-f]{8}(\/\d+\/[0-9A-Fa-f]{8})*\/?$/;

/**
 * The upstream path for this request, refusing anything that could address another resource once
 * the URL is normalised (dot segments, encoded separators, malformed identifiers): the upstream
 * must only ever be asked about the study that was authorised.
 */
export function upstreamPath(url: string, params: Record<string, string>): string {
  const q = url.indexOf('?');
  const pathPart = q < 0 ? url : url.slice(0, q);
  const query = q < 0 ? '' : url.slice(q);
  const segments = pathPart.split('/');
  if (segments.some((s) => s === '.' || s === '..' || s.includes('%') || s.includes('\\'))) throw new ApiError(404, 'not_found');
  for (const k of ['study', 'series', 'instance'] as const) if (params[k] !== undefined && !UID_RE.test(params[k])) throw new ApiError(404, 'not_found');
  if (params.frames !== undefined && !/^\d+(,\d+)*$/.test(params.frames)) throw new ApiError(400, 'bad_request', { detail: 'frame numbers are 1-based integers separated by commas' });
  if (params['*'] !== undefined && !BULK_PATH_RE.test(params['*'])) throw new ApiError(404, 'not_found');
  // The study (and series) come from the path only: identifier keys in the query could widen a
  // nested search on a PACS that honours them over the path.
  const search = new URLSearchParams(query.slice(1));
  for (const key of [...search.keys()]) if (/^(StudyInstanceUID|0020000D|SeriesInstanceUID|0020000E)$/i.test(key)) search.delete(key);
  const qs = search.toString();
  return pathPart.replace(/^\/dicomweb/, '').replace(/\/bulkdata\//, '/bulk/') + (qs ? `?${qs}` : '');
}

/**
 * The upstream is asked only about the authorised study; a series or instance of another study
 * named under it is refused here when the index knows it (not every PACS checks the hierarchy),
 * and frame numbers are checked against the indexed frame count.
 */
async function checkHierarchy(ctx: Ctx, study: StudyRow, params: Record<string, string>, id: string) {
  const db = ctx.hub.db;
  if (params.series && params.instance && (id.startsWith('dicomweb.frames') || id.startsWith('dicomweb.bulk'))) {
    // Once per instance of a series: answered from the series' memoised index (cache.ts).
    const se = await seriesIndex(db, params.series);
    if (se.studyUid !== null && se.studyUid !== study.study_instance_uid) throw new ApiError(404, 'not_found');
    const count = se.instances.get(params.instance);
    if (count !== undefined) {
      if (id.startsWith('dicomweb.frames')) checkFrameNumbers(params.frames, count);
      return;
    }
    // Not indexed under this series (moments ago): the per-instance lookup below decides.
  }
  if (params.series) {
    // Series metadata, then the frames of each instance: one memoised look at the series serves them all.
    const se = await seriesIndex(db, params.series);
    if (se.studyUid !== null && se.studyUid !== study.study_instance_uid) throw new ApiError(404, 'not_found');
  }
  if (params.instance) {
    const i = await db.query<{ series_instance_uid: string; number_of_frames: number | null; frames: unknown }>(
      'SELECT series_instance_uid, number_of_frames, frames FROM instances WHERE sop_instance_uid = $1',
      [params.instance],
    );
    if (i.length && i[0].series_instance_uid !== params.series) throw new ApiError(404, 'not_found');
    if (i.length && id.startsWith('dicomweb.frames')) checkFrameNumbers(params.frames, i[0].frames ? (i[0].number_of_frames ?? 1) : 0);
  }
}

function checkFrameNumbers(frames: string | undefined, count: number) {
  const nums = String(frames ?? '').split(',').map((x) => Number(x.trim()));
  if (nums.some((n) => !Number.isInteger(n) || n < 1 || n > count)) throw new ApiError(404, 'not_found');
}

const FRAMES_ACCEPT = 'multipart/related; type="application/octet-stream"; transfer-syntax=*';
const DICOM_ACCEPT = 'multipart/related; type="application/dicom"; transfer-syntax=*';

/**
 * Forwards an authorised GET under /dicomweb to the upstream PACS and streams the answer back.
 * Always asks for `transfer-syntax=*` (as stored: no transcoding surprises, DOMAIN.md §6.5);
 * rewrites the upstream's own URLs in JSON (BulkDataURI, RetrieveURL) to the hub's.
 */
export async function proxyToUpstream(ctx: Ctx, study: StudyRow) {
  const store = ctx.hub.store;
  if (store.kind !== 'upstream') throw new Error('upstream store expected');
  const id = ctx.req.routeSpec?.id ?? '';
  const params = ctx.req.params as Record<string, string>;
  const rel = upstreamPath(ctx.req.url, params);
  let accept: string;
  if (id.startsWith('dicomweb.frames') || id === 'dicomweb.bulkdata' || id === 'dicomweb.bulk') accept = FRAMES_ACCEPT;
  else if (id.startsWith('dicomweb.retrieve')) accept = DICOM_ACCEPT;
  else if (id.startsWith('dicomweb.rendered')) accept = String(ctx.req.headers.accept ?? 'image/jpeg');
  else accept = 'application/dicom+json';
  if (id.startsWith('dicomweb.frames') && ctx.req.headers.accept && !/transfer-syntax\s*=\s*"?\*|\*\/\*|image\//i.test(ctx.req.headers.accept)) {
    // The client asked for uncompressed data: let the upstream transcode if it can.
    accept = String(ctx.req.headers.accept);
  }
  await checkHierarchy(ctx, study, params, id);
  const perInstance = id.startsWith('dicomweb.frames') || id.startsWith('dicomweb.bulk');
  const get = (a: string) => upstreamGet(store.client, rel, a);
  let res = await get(accept);
  if (res.status === 400 && accept === FRAMES_ACCEPT && id.startsWith('dicomweb.frames')) {
    // Orthanc cannot cut some encapsulated data as stored (multi-frame JPEG without an offset
    // table: "Bad file format", DOMAIN.md §6.5) but can decode it: fall back to Explicit VR LE,
    // which the response's Content-Type announces.
    res.discard();
    res = await get('multipart/related; type="application/octet-stream"');
  }
  if (res.status === 404 || res.status === 204) {
    res.discard();
    if (id.startsWith('dicomweb.qido')) {
      ctx.reply.header('content-type', 'application/dicom+json');
      return ctx.reply.send('[]');
    }
    throw new ApiError(404, 'not_found');
  }
  if (res.status === 406 || res.status === 400) {
    res.discard();
    throw new ApiError(406, 'unsupported_media_type', { detail: `the PACS cannot provide ${accept}` });
  }
  try {
    if (perInstance) await auditOncePerSeries(ctx, study, params.series ?? '');
    else if (!id.startsWith('dicomweb.qido')) await auditView(ctx, study, `${id} via upstream`);
  } catch (err) {
    res.discard();
    throw err;
  }
  const type = res.contentType ?? 'application/octet-stream';
  ctx.reply.code(res.status).header('content-type', type);
  if (res.contentEncoding) ctx.reply.header('content-encoding', res.contentEncoding);
  if (/json/i.test(type) && !res.contentEncoding) {
    // The upstream's own URLs (BulkDataURI, RetrieveURL) become the hub's, rewritten as the bytes pass.
    const rewrite = replaceStream(store.client.base, dicomwebRoot(ctx.req));
    pipeline(res.body, rewrite, () => undefined);
    return ctx.reply.send(rewrite);
  }
  // Everything else passes through unchanged, with the upstream's length when it sent one.
  if (res.contentLength) ctx.reply.header('content-length', res.contentLength);
  if (!perInstance) return ctx.reply.send(res.body);
  // Frames and bulk data (one request per instance): straight onto the socket, with the headers
  // already set on the reply (CORS), without Fastify's send path.
  relay(ctx, res);
}

/** Pipes an upstream body onto the raw response; a broken transfer on either side ends both. */
function relay(ctx: Ctx, res: UpstreamAnswer): void {
  const reply = ctx.reply;
  const headers = reply.getHeaders() as OutgoingHttpHeaders;
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(res.status, headers);
  pipeline(res.body, raw, (err) => {
    if (err && !raw.destroyed) raw.destroy();
  });
}
