import { stowBody } from '../../../../shared/dicomweb/stow-body.js';
import { makeBatches } from './group.js';
import type { FileLike } from './scan.js';
import { parseStowReply } from './stowReply.js';

/**
 * Sending one study by STOW-RS in parts. Each part's files are read (`arrayBuffer`) only when the
 * part is sent, so memory holds one part at a time. Before sending, and again after a dropped
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
  stow(body: Uint8Array, contentType: string, onProgress: (loaded: number) => void): Promise<{ status: number; body: unknown; message?: string }>;
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

async function sendBatch(batch: UploadItem[], transport: StowTransport, set: (uid: string, p: FileProgress) => void) {
  const buffers: Uint8Array[] = [];
  for (const it of batch) {
    try {
      buffers.push(new Uint8Array(await it.file.slice(0, it.file.size).arrayBuffer()));
    } catch (err) {
      set(it.sopInstanceUid, { status: 'failed', sent: 0, reason: err instanceof Error ? err.message : String(err) });
      buffers.push(new Uint8Array(0));
    }
  }
  const parts = batch.map((it, i) => ({ it, bytes: buffers[i] })).filter((p) => p.bytes.byteLength > 0);
  if (!parts.length) return;
  const { body, contentType } = stowBody(parts.map((p) => p.bytes));
  for (const p of parts) set(p.it.sopInstanceUid, { status: 'sending', sent: 0 });
  // Upload progress is for the whole body; share it out over the files in order.
  const onProgress = (loaded: number) => {
    let left = Math.max(0, loaded - (body.byteLength - parts.reduce((n, p) => n + p.bytes.byteLength, 0)));
    for (const p of parts) {
      const sent = Math.min(p.bytes.byteLength, left);
      left -= sent;
      set(p.it.sopInstanceUid, { status: 'sending', sent });
    }
  };
  const res = await transport.stow(body, contentType, onProgress);
  // 5xx: the hub or a proxy failed; 401: the token lapsed mid-upload (the next try refreshes it).
  if (res.status >= 500 || res.status === 401) throw new ConnectionLost(res.message ?? `HTTP ${res.status}`);
  const reply = parseStowReply(res.body);
  const anonymous = [...reply.anonymousFailures];
  for (const p of parts) {
    const uid = p.it.sopInstanceUid;
    if (reply.stored.has(uid)) set(uid, { status: 'stored', sent: p.bytes.byteLength });
    else if (reply.failed.has(uid)) set(uid, { status: 'failed', sent: 0, reason: reply.failed.get(uid) });
    else set(uid, { status: 'failed', sent: 0, reason: anonymous.shift() ?? res.message ?? `HTTP ${res.status}` });
  }
}
