import { makeBatches } from './group.js';
import type { FileLike } from './scan.js';
import { sentPerPart, stowBlob } from './stowParts.js';
import { parseStowReply } from './stowReply.js';

/**
 * Sending one study by STOW-RS in parts. A part's body is a Blob made of the files' own Blobs
 * (stowParts.ts), streamed from disk by the transport: no file is read whole into memory, only
 * its first bytes to check it is still there (a CD taken out). Before sending, and again after a dropped
 * connection, the hub is asked which instances it already has (QIDO) and those are skipped. The
 * study counts as sent only when every instance is confirmed by a STOW reply or by QIDO.
 */
export interface UploadItem {
  file: FileLike;
  sopInstanceUid: string;
}

export type FileStatus = 'queued' | 'sending' | 'stored' | 'skipped' | 'failed';
export interface FileProgress {
  status: FileStatus;
  /** Bytes of this file sent so far. */
  sent: number;
  reason?: string;
}

export class ConnectionLost extends Error {
  override name = 'ConnectionLost';
}

export interface StowTransport {
  /** SOP Instance UIDs the hub already holds for the study (empty when it has none). */
  existing(studyUid: string): Promise<Set<string>>;
  /** POST /dicomweb/studies; throws ConnectionLost when the connection drops or the hub is unreachable. */
  stow(body: Blob, contentType: string, onProgress: (loaded: number) => void): Promise<{ status: number; body: unknown; message?: string }>;
}

export interface UploadOptions {
  studyUid: string;
  items: readonly UploadItem[];
  transport: StowTransport;
  onFile(sopUid: string, p: FileProgress): void;
  maxFiles?: number;
  maxBytes?: number;
  /** Automatic resumes after a drop before the person is asked (default 3). */
  retries?: number;
  wait?: (ms: number) => Promise<void>;
}

export interface UploadResult {
  confirmed: number;
  failed: number;
  total: number;
  /** Set when the connection stayed down: what remains is still queued. */
  dropped?: string;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function uploadStudy(opts: UploadOptions): Promise<UploadResult> {
  const state = new Map<string, FileProgress>(opts.items.map((i) => [i.sopInstanceUid, { status: 'queued', sent: 0 }]));
  const set = (uid: string, p: FileProgress) => {
    state.set(uid, p);
    opts.onFile(uid, p);
  };
  const wait = opts.wait ?? sleep;
  const retries = opts.retries ?? 3;
  let attempt = 0;
  let dropped: string | undefined;

  for (;;) {
    try {
      const have = await opts.transport.existing(opts.studyUid);
      for (const it of opts.items) {
        const s = state.get(it.sopInstanceUid)!;
        if (have.has(it.sopInstanceUid) && s.status !== 'stored') set(it.sopInstanceUid, { status: 'skipped', sent: it.file.size });
      }
      const todo = opts.items.filter((it) => ['queued', 'sending'].includes(state.get(it.sopInstanceUid)!.status));
      for (const batch of makeBatches(todo.map((it) => ({ it, size: it.file.size })), opts.maxFiles ?? 8, opts.maxBytes ?? 20 * 1024 * 1024)) {
        await sendBatch(batch.map((b) => b.it), opts.transport, set);
      }
      dropped = undefined;
      break;
    } catch (err) {
      if (!(err instanceof ConnectionLost)) throw err;
      dropped = err.message;
      for (const it of opts.items) if (state.get(it.sopInstanceUid)!.status === 'sending') set(it.sopInstanceUid, { status: 'queued', sent: 0 });
      if (attempt >= retries) break;
      await wait(Math.min(30_000, 2_000 * 2 ** attempt++));
    }
  }
  const all = [...state.values()];
  const confirmed = all.filter((p) => p.status === 'stored' || p.status === 'skipped').length;
  return { confirmed, failed: all.filter((p) => p.status === 'failed').length, total: all.length, ...(dropped ? { dropped } : {}) };
}

/** The first bytes, to find a file gone since the scan (CD ejected, USB stick pulled) before it breaks a part. */
const PROBE = 132;

async function sendBatch(batch: UploadItem[], transport: StowTransport, set: (uid: string, p: FileProgress) => void) {
  const readable: UploadItem[] = [];
  for (const it of batch) {
    try {
      const probe = await it.file.slice(0, Math.min(PROBE, it.file.size)).arrayBuffer();
      if (probe.byteLength === 0) throw new Error('file is empty now');
      readable.push(it);
    } catch (err) {
      set(it.sopInstanceUid, { status: 'failed', sent: 0, reason: err instanceof Error ? err.message : String(err) });
    }
  }
  if (!readable.length) return;
  const { body, contentType, parts } = stowBlob(readable.map((it) => it.file.slice(0, it.file.size)));
  for (const it of readable) set(it.sopInstanceUid, { status: 'sending', sent: 0 });
  const onProgress = (loaded: number) => sentPerPart(parts, loaded).forEach((sent, i) => set(readable[i].sopInstanceUid, { status: 'sending', sent }));
  const res = await transport.stow(body, contentType, onProgress);
  // 5xx: the hub or a proxy failed; 401: the token lapsed mid-upload (the next try refreshes it).
  if (res.status >= 500 || res.status === 401) throw new ConnectionLost(res.message ?? `HTTP ${res.status}`);
  const reply = parseStowReply(res.body);
  const anonymous = [...reply.anonymousFailures];
  for (const it of readable) {
    const uid = it.sopInstanceUid;
    if (reply.stored.has(uid)) set(uid, { status: 'stored', sent: it.file.size });
    else if (reply.failed.has(uid)) set(uid, { status: 'failed', sent: 0, reason: reply.failed.get(uid) });
    else set(uid, { status: 'failed', sent: 0, reason: anonymous.shift() ?? res.message ?? `HTTP ${res.status}` });
  }
}
