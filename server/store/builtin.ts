import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';

/**
 * The built-in store: DICOM files on disk, content-addressed by SHA-256
 * (`objects/ab/cd/<sha256>.dcm` under `TELEREAD_DATA_DIR/store`). A file is written to `tmp/`
 * (same file system), fsynced, then renamed into place, and only then indexed in the database: a
 * crash leaves at most an orphan temp file (removed at the next start) or an unindexed object,
 * never a partial instance that clients can see.
 */
export class BuiltinFiles {
  readonly tmpDir: string;
  readonly objectsDir: string;

  constructor(readonly root: string) {
    this.tmpDir = path.join(root, 'tmp');
    this.objectsDir = path.join(root, 'objects');
  }

  /** Creates the folders and removes temp files left by an interrupted upload. */
  async init(): Promise<void> {
    await fsp.mkdir(this.objectsDir, { recursive: true });
    await fsp.rm(this.tmpDir, { recursive: true, force: true });
    await fsp.mkdir(this.tmpDir, { recursive: true });
  }

  static sha256(bytes: Uint8Array): string {
    return crypto.createHash('sha256').update(bytes).digest('hex');
  }

  relPathFor(sha256: string): string {
    return path.posix.join('objects', sha256.slice(0, 2), sha256.slice(2, 4), `${sha256}.dcm`);
  }

  abs(rel: string): string {
    const p = path.resolve(this.root, rel);
    if (!p.startsWith(path.resolve(this.root) + path.sep)) throw new Error('store path escapes the store');
    return p;
  }

  /** Writes the bytes atomically (temp + fsync + rename); an existing identical object is kept. Returns the relative path. */
  async write(bytes: Uint8Array, sha256: string): Promise<string> {
    const rel = this.relPathFor(sha256);
    const dest = this.abs(rel);
    if (fs.existsSync(dest)) return rel;
    await fsp.mkdir(path.dirname(dest), { recursive: true });
    const tmp = path.join(this.tmpDir, `${sha256}.${crypto.randomBytes(6).toString('hex')}.part`);
    const fh = await fsp.open(tmp, 'wx');
    try {
      await fh.writeFile(bytes);
      await fh.sync();
    } finally {
      await fh.close();
    }
    try {
      await fsp.rename(tmp, dest);
    } catch (err) {
      await fsp.rm(tmp, { force: true });
      throw err;
    }
    const dir = await fsp.open(path.dirname(dest), 'r').catch(() => undefined);
    if (dir) {
      await dir.sync().catch(() => undefined);
      await dir.close();
    }
    return rel;
  }

  stream(rel: string, range?: { start: number; end: number }): fs.ReadStream {
    return fs.createReadStream(this.abs(rel), range);
  }

  async read(rel: string, offset: number, length: number): Promise<Buffer> {
    const fh = await fsp.open(this.abs(rel), 'r');
    try {
      const buf = Buffer.alloc(length);
      const { bytesRead } = await fh.read(buf, 0, length, offset);
      if (bytesRead !== length) throw new Error(`stored file ${rel} is shorter than its index says`);
      return buf;
    } finally {
      await fh.close();
    }
  }

  /**
   * The whole file with its deflated data set inflated, as dicom-parser saw it at ingest (frame and
   * bulk ranges of deflated instances point into this). Deflate is rare and used for small objects.
   */
  async inflated(rel: string, dataSetOffset: number): Promise<Buffer> {
    const file = await fsp.readFile(this.abs(rel));
    return Buffer.concat([file.subarray(0, dataSetOffset), zlib.inflateRawSync(file.subarray(dataSetOffset))]);
  }

  async leftoverTempFiles(): Promise<string[]> {
    return (await fsp.readdir(this.tmpDir).catch(() => [])).filter((f) => f.endsWith('.part'));
  }
}
