// The local spool: length-delimited envelopes appended to a file in the
// spool folder (processes.ldpb for ProcessEnvelopes, sketches.ldpb for
// SketchEnvelopes). It is the default sink, so `npm start` needs no backend;
// `infrawatch decode` reads any of its files back.
//
// Files rotate: past maxFileBytes or maxFileAgeMs the file is renamed
// <base>-<UTC time>.ldpb and a new one begins; rotated files past
// maxTotalBytes (all files of the base together) or maxAgeMs go, oldest
// first, and what they held is counted. close() resolves once every record
// written so far is on disk.
//
// One agent per spool folder: the folder's lock (folder-lock.ts) is taken
// at construction, shared by the spools of one process, and given back by
// close().

import { createWriteStream, existsSync, openSync, readdirSync, renameSync, rmSync, statSync, type WriteStream } from 'node:fs';
import { makeDirectory } from '../make-directory.js';
import { join } from 'node:path';
import { once } from 'node:events';
import { lockFolder, type FolderLock } from './folder-lock.js';

export const PROCESS_SPOOL_FILE = 'processes.ldpb';
export const SKETCH_SPOOL_FILE = 'sketches.ldpb';
export const DIAG_SPOOL_FILE = 'diag.ldpb';

export interface SpoolLimits {
  readonly maxFileBytes: number;
  readonly maxFileAgeMs: number;
  readonly maxTotalBytes: number;
  readonly maxAgeMs: number;
}

export const DEFAULT_SPOOL_LIMITS: SpoolLimits = {
  maxFileBytes: 16 * 1024 * 1024,
  maxFileAgeMs: 3_600_000,
  maxTotalBytes: 256 * 1024 * 1024,
  maxAgeMs: 7 * 86_400_000,
};

export class EnvelopeSpool {
  readonly file: string;
  private out: WriteStream;
  private readonly closing: Promise<unknown>[] = [];
  private failure: Error | undefined;
  private fileBytes = 0;
  private fileStartMs = Date.now();
  private readonly stem: string;
  /** Rotated files, oldest first, with the bytes written to each (a stat could run ahead of the stream). */
  private readonly rotated: Array<{ name: string; bytes: number; atMs: number }>;
  private readonly lock: FolderLock;
  recordsWritten = 0;
  bytesWritten = 0;
  /** Rotated files removed by the limits, and the bytes they held. */
  filesPruned = 0;
  bytesPruned = 0;

  constructor(
    private readonly dir: string,
    fileName: string,
    private readonly limits: SpoolLimits = DEFAULT_SPOOL_LIMITS,
  ) {
    makeDirectory(dir);
    this.lock = lockFolder(dir);
    if (this.lock.takenOverFrom !== undefined) {
      process.emitWarning(`${this.lock.file}: the agent that held it (pid ${this.lock.takenOverFrom}) is gone; taken over`, { code: 'IW_LOCK_TAKEN_OVER' });
    }
    this.file = join(dir, fileName);
    this.stem = fileName.replace(/\.ldpb$/, '');
    try {
      const s = statSync(this.file);
      this.fileBytes = s.size;
      this.fileStartMs = s.birthtimeMs || s.mtimeMs;
    } catch {
      // a new file
    }
    this.rotated = readdirSync(dir)
      .filter((name) => name.startsWith(`${this.stem}-`) && name.endsWith('.ldpb'))
      .sort()
      .map((name) => {
        const st = statSync(join(dir, name));
        return { name, bytes: st.size, atMs: st.mtimeMs };
      });
    this.out = this.openOrGiveUp();
  }

  /** Appends one length-delimited record; throws the stream's error if an earlier write failed. */
  write(record: Uint8Array, nowMs = Date.now()): void {
    if (this.failure) throw this.failure;
    if (this.fileBytes > 0 && (this.fileBytes + record.length > this.limits.maxFileBytes || nowMs - this.fileStartMs >= this.limits.maxFileAgeMs)) {
      this.rotate(nowMs);
    }
    this.out.write(record);
    this.fileBytes += record.length;
    this.recordsWritten++;
    this.bytesWritten += record.length;
  }

  async close(): Promise<void> {
    try {
      if (this.failure) throw this.failure;
      this.out.end();
      await Promise.all([...this.closing, once(this.out, 'close')]);
    } finally {
      this.lock.release();
    }
  }

  /** The first stream; the folder's lock goes back if it cannot be opened. */
  private openOrGiveUp(): WriteStream {
    try {
      return this.open();
    } catch (err) {
      this.lock.release();
      throw err;
    }
  }

  private open(): WriteStream {
    // Opened now (not when the stream gets to it), so that a rotation right
    // after finds the file there to rename.
    const out = createWriteStream('', { fd: openSync(this.file, 'a') });
    out.on('error', (err) => {
      this.failure = err;
    });
    return out;
  }

  private rotate(nowMs: number): void {
    const old = this.out;
    old.end();
    this.closing.push(once(old, 'close'));
    // The old stream's pending writes follow the file through the rename.
    const stamp = new Date(nowMs).toISOString().replace(/[-:]/g, '').replace(/\.(\d{3})Z$/, '$1Z');
    let name = `${this.stem}-${stamp}.ldpb`;
    for (let n = 1; existsSync(join(this.dir, name)); n++) name = `${this.stem}-${stamp}-${n}.ldpb`;
    renameSync(this.file, join(this.dir, name));
    this.rotated.push({ name, bytes: this.fileBytes, atMs: nowMs });
    this.out = this.open();
    this.fileBytes = 0;
    this.fileStartMs = nowMs;
    this.prune(nowMs);
  }

  /** Removes rotated files, oldest first, past the total size or the age. */
  private prune(nowMs: number): void {
    let total = this.fileBytes + this.rotated.reduce((n, f) => n + f.bytes, 0);
    while (this.rotated.length > 0) {
      const oldest = this.rotated[0];
      if (total <= this.limits.maxTotalBytes && nowMs - oldest.atMs < this.limits.maxAgeMs) break;
      this.rotated.shift();
      rmSync(join(this.dir, oldest.name), { force: true });
      total -= oldest.bytes;
      this.filesPruned++;
      this.bytesPruned += oldest.bytes;
    }
  }
}
