import type { Readable } from 'node:stream';
import { getMultipartBoundary, MultipartParseError, parseMultipartStream } from '@remix-run/multipart-parser/node';
import { decide } from '../access/policy.js';
import { principalActor } from '../auth/service.js';
import { ApiError } from '../http/errors.js';
import { BuiltinFiles } from '../store/builtin.js';
import { findInstance, findStudy, indexInstance } from '../studies/index.js';
import type { Hub } from '../hub.js';
import { dicomwebRoot, type Ctx } from './access.js';
import { FAILURE, TAG } from './dicom/codes.js';
import { DicomRejection, parseInstance, type ParsedInstance } from './dicom/parse.js';

/** Largest single instance accepted (each part is held in memory while it is checked). */
const MAX_PART = 1024 * 1024 * 1024;

interface Outcome {
  ok: boolean;
  sopClassUid?: string;
  sopUid?: string;
  studyUid?: string;
  seriesUid?: string;
  reason?: number;
  message?: string;
}

interface StudyTally {
  siteId: string | null;
  patientId: string | null;
  newInstances: number;
  newStudy: boolean;
}

const fail = (reason: number, message: string, p?: Partial<ParsedInstance>): Outcome => ({
  ok: false,
  reason,
  message,
  sopClassUid: p?.sopClassUid,
  sopUid: p?.sopUid,
  studyUid: p?.studyUid,
});

/** Stores the bytes in the configured store; returns the file path (built-in) or null (upstream). */
async function put(hub: StoreHub, p: ParsedInstance, bytes: Uint8Array, sha: string): Promise<string | null | Outcome> {
  const store = hub.store;
  if (store.kind === 'builtin') {
    try {
      return await store.files.write(bytes, sha);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      return fail(code === 'ENOSPC' || code === 'EDQUOT' ? FAILURE.outOfResources : FAILURE.processing, `could not write the instance (${code ?? 'error'})`, p);
    }
  }
  let res: Awaited<ReturnType<typeof store.client.stow>>;
  try {
    res = await store.client.stow([bytes]);
  } catch {
    return fail(FAILURE.outOfResources, 'the upstream PACS cannot be reached', p);
  }
  const refs = res.body[TAG.ReferencedSOPSequence]?.Value ?? [];
  if (res.status === 200 && refs.length) return null;
  return fail(FAILURE.processing, `the upstream PACS refused the instance (HTTP ${res.status})`, p);
}

async function ingestOne(ctx: Ctx, bytes: Uint8Array, urlStudy: string | undefined, tally: Map<string, StudyTally>): Promise<Outcome> {
  const user = ctx.user();
  let p: ParsedInstance;
  try {
    p = parseInstance(bytes);
  } catch (err) {
    if (err instanceof DicomRejection) return fail(err.failureReason, err.message);
    return fail(FAILURE.cannotUnderstand, 'unreadable DICOM');
  }
  if (urlStudy && p.studyUid !== urlStudy) return fail(FAILURE.mismatch, 'Study Instance UID differs from the study in the URL', p);
  const db = ctx.hub.db;
  const study = await findStudy(db, p.studyUid);
  if (study) {
    const d = decide(user, 'study.upload', { siteId: study.site_id });
    if (!d.allowed) {
      await ctx.hub.audit.record({
        ...principalActor(user),
        ip: ctx.meta.ip,
        action: 'dicomweb.stow',
        outcome: 'denied',
        studyUid: p.studyUid,
        detail: { need: 'study.upload', reason: d.reason },
      });
      // Same answer as any other processing failure: nothing about the other site's study leaks.
      return fail(FAILURE.processing, 'the instance could not be stored', p);
    }
  }
  const siteId = study ? study.site_id : user.siteId;
  const res = await storeParsed(ctx.hub, p, bytes, siteId);
  if (!res.ok || res.duplicate) return res.outcome;
  const t = tally.get(p.studyUid) ?? { siteId, patientId: null, newInstances: 0, newStudy: false };
  t.newInstances += res.inserted ? 1 : 0;
  t.newStudy ||= res.studyCreated;
  t.patientId = (p.metadata[TAG.PatientID]?.Value?.[0] as string | undefined) ?? null;
  tally.set(p.studyUid, t);
  return res.outcome;
}

type StoreHub = Pick<Hub, 'db' | 'store'>;
type Stored = { ok: true; duplicate: boolean; inserted: boolean; studyCreated: boolean; outcome: Outcome } | { ok: false; duplicate: false; outcome: Outcome };

/**
 * Stores one parsed instance in the configured store and indexes it under `siteId`: the part of
 * STOW after the access check, shared with the hub's own objects (report SR, PDF, KOS).
 */
async function storeParsed(hub: StoreHub, p: ParsedInstance, bytes: Uint8Array, siteId: string | null): Promise<Stored> {
  const db = hub.db;
  const okOutcome: Outcome = { ok: true, sopClassUid: p.sopClassUid, sopUid: p.sopUid, studyUid: p.studyUid, seriesUid: p.seriesUid };
  const sha = BuiltinFiles.sha256(bytes);
  const existing = await findInstance(db, p.sopUid);
  if (existing) {
    if (existing.sha256 === sha) return { ok: true, duplicate: true, inserted: false, studyCreated: false, outcome: okOutcome };
    return { ok: false, duplicate: false, outcome: fail(FAILURE.mismatch, 'an instance with this SOP Instance UID is already stored with different content; the first one is kept', p) };
  }
  const stored = await put(hub, p, bytes, sha);
  if (stored && typeof stored === 'object') return { ok: false, duplicate: false, outcome: stored };
  const res = await db.transaction((tx) =>
    indexInstance(tx, { parsed: p, siteId, source: hub.store.kind === 'builtin' ? 'upload' : 'upstream', filePath: stored, byteSize: bytes.byteLength, sha256: sha }),
  );
  if (res.siteConflict) return { ok: false, duplicate: false, outcome: fail(FAILURE.processing, 'the instance could not be stored', p) };
  if (!res.inserted) {
    const again = await findInstance(db, p.sopUid);
    if (again?.sha256 !== sha) return { ok: false, duplicate: false, outcome: fail(FAILURE.mismatch, 'an instance with this SOP Instance UID was stored concurrently with different content', p) };
  }
  return { ok: true, duplicate: false, inserted: res.inserted, studyCreated: res.studyCreated, outcome: okOutcome };
}

/**
 * Ingests bytes the hub wrote itself (no user, no access check: the caller decided), through the
 * same store and index path as STOW. Throws with the failure reason when the instance is refused.
 */
export async function ingestBytes(hub: StoreHub, bytes: Uint8Array, siteId: string | null): Promise<{ sopInstanceUid: string; inserted: boolean }> {
  const p = parseInstance(bytes);
  const res = await storeParsed(hub, p, bytes, siteId);
  if (!res.ok) throw new Error(res.outcome.message ?? 'the instance could not be stored');
  return { sopInstanceUid: p.sopUid, inserted: res.inserted };
}

/**
 * STOW-RS: parts are read one at a time from the request stream (the body is never buffered
 * whole). Reply: 200 all stored, 202 some failed, 409 none stored, 400 no part or a broken body,
 * 415 not multipart/related of application/dicom.
 */
export async function stow(ctx: Ctx, urlStudy?: string) {
  const user = ctx.user();
  await ctx.authorize('study.upload', { siteId: user.siteId }, { resource: 'POST /dicomweb/studies' });
  const ct = String(ctx.req.headers['content-type'] ?? '');
  if (!/^multipart\/related/i.test(ct)) throw new ApiError(415, 'unsupported_media_type', { detail: `${ct || '(none)'}; expected multipart/related; type="application/dicom"` });
  const type = /type="?([^";]+)/i.exec(ct)?.[1]?.toLowerCase();
  if (type && type !== 'application/dicom') throw new ApiError(415, 'unsupported_media_type', { detail: `type=${type}; only application/dicom parts are accepted` });
  const boundary = getMultipartBoundary(ct);
  if (!boundary) throw new ApiError(400, 'bad_request', { detail: 'multipart boundary missing' });
  const body = (ctx.req.body && typeof (ctx.req.body as Readable).pipe === 'function' ? ctx.req.body : ctx.req.raw) as Readable;
  const outcomes: Outcome[] = [];
  const tally = new Map<string, StudyTally>();
  try {
    for await (const part of parseMultipartStream(body, { boundary, maxFileSize: MAX_PART, maxTotalSize: Number.MAX_SAFE_INTEGER, maxParts: 100_000, maxHeaderSize: 16 * 1024 })) {
      const mt = part.mediaType?.toLowerCase();
      if (mt && mt !== 'application/dicom') outcomes.push(fail(FAILURE.cannotUnderstand, `part of type ${mt}; only application/dicom is accepted`));
      else outcomes.push(await ingestOne(ctx, part.bytes, urlStudy, tally));
    }
  } catch (err) {
    if (!(err instanceof MultipartParseError)) throw err;
    if (!outcomes.length) throw new ApiError(400, 'bad_request', { detail: `broken multipart body: ${err.message}` });
    outcomes.push(fail(FAILURE.cannotUnderstand, `broken multipart body: ${err.message}`));
  }
  if (!outcomes.length) throw new ApiError(400, 'bad_request', { detail: 'the request holds no DICOM part' });

  for (const [studyUid, t] of tally) {
    await ctx.record({ action: 'dicomweb.stow', studyUid, patientId: t.patientId, detail: { newInstances: t.newInstances, newStudy: t.newStudy } });
    if (t.newInstances) await ctx.hub.studyEvents.emit({ type: 'study.stored', studyUid, siteId: t.siteId, source: 'upload', newInstances: t.newInstances, newStudy: t.newStudy });
  }
  const failed = outcomes.filter((o) => !o.ok);
  if (failed.length) {
    await ctx.record({ action: 'dicomweb.stow', outcome: 'failed', detail: { failed: failed.length, reasons: failed.map((f) => f.message).slice(0, 20) } });
  }
  const root = dicomwebRoot(ctx.req);
  const ok = outcomes.filter((o) => o.ok);
  const studies = [...new Set(ok.map((o) => o.studyUid))];
  const reply: Record<string, unknown> = {};
  if (studies.length === 1) reply[TAG.RetrieveURL] = { vr: 'UR', Value: [`${root}/studies/${studies[0]}`] };
  reply[TAG.ReferencedSOPSequence] = {
    vr: 'SQ',
    Value: ok.map((o) => ({
      [TAG.ReferencedSOPClassUID]: { vr: 'UI', Value: [o.sopClassUid] },
      [TAG.ReferencedSOPInstanceUID]: { vr: 'UI', Value: [o.sopUid] },
      [TAG.RetrieveURL]: { vr: 'UR', Value: [`${root}/studies/${o.studyUid}/series/${o.seriesUid}/instances/${o.sopUid}`] },
    })),
  };
  reply[TAG.FailedSOPSequence] = {
    vr: 'SQ',
    Value: failed.map((o) => ({
      ...(o.sopClassUid ? { [TAG.ReferencedSOPClassUID]: { vr: 'UI', Value: [o.sopClassUid] } } : {}),
      ...(o.sopUid ? { [TAG.ReferencedSOPInstanceUID]: { vr: 'UI', Value: [o.sopUid] } } : {}),
      [TAG.FailureReason]: { vr: 'US', Value: [o.reason] },
      // Text of the reason (Error Comment, 0000,0902) so a person can act on it.
      '00000902': { vr: 'LO', Value: [o.message?.slice(0, 64)] },
    })),
  };
  ctx.reply.code(failed.length === 0 ? 200 : ok.length ? 202 : 409).header('content-type', 'application/dicom+json');
  return ctx.reply.send(JSON.stringify(reply));
}
