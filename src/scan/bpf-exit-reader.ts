// The exit tracker's read (bpf/exit_tracker.bpf.c): one read of its pinned
// drain file takes every process that ended since the last read out of the
// kernel's ring, with the ring's header (records written, records dropped
// because the ring was full, groups seen ending, and those recorded at
// their exit for want of a mark). The records stay in one reused buffer and
// are read through the accessors below: nothing per process.

import { closeSync, openSync, readSync } from 'node:fs';
import {
  EXIT_READ_BYTES,
  EXIT_RECORD_BYTES,
  X_COMM,
  X_COMM_BYTES,
  X_EXIT_NS,
  X_EXIT_STATUS,
  X_FLAGS,
  X_MAXRSS_PAGES,
  X_PARENT_COMM,
  X_PID,
  X_PPID,
  X_RUNTIME_NS,
  X_SEQ,
  X_START_NS,
} from './bpf-exit-record.js';

const TWO_POW_32 = 4294967296;

/**
 * One read of the drain; 0 at its end. The drain's program ends the walk
 * once the ring is drained by returning 1 for the next task, which the
 * kernel reports as EAGAIN (bpf/exit_tracker.bpf.c): the end, not an error.
 */
function readChunk(fd: number, buf: Uint8Array, at: number): number {
  try {
    return readSync(fd, buf, at, EXIT_READ_BYTES, null);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EAGAIN') return 0;
    throw err;
  }
}

export class BpfExitReader {
  private buf = new Uint8Array(1 << 16);
  private view = new DataView(this.buf.buffer);
  /** Offsets of this read's records in buf. */
  private offsets = new Int32Array(1024);
  /** Records this read took out of the ring. */
  count = 0;
  /** Records the ring was too full to take since the tracker was loaded (the header's). */
  droppedTotal = 0;
  /** Processes the tracker wrote into the ring since it was loaded (the header's; dropped ones included). */
  writtenTotal = 0;
  /**
   * Processes the tracker saw end since it was loaded (the header's): each is
   * written at its last context switch, µs later, so this leads
   * writtenTotal only by the few in between; a lasting gap is a loss.
   */
  endedTotal = 0;
  /** Of the written, those recorded at their exit because the kernel would not keep their mark (the header's). */
  recordedAtExitTotal = 0;
  /** Bytes at the end that did not make a whole record. */
  trailingBytes = 0;

  constructor(private readonly drainPath: string) {}

  /** Drains the ring. Throws the fs error when the file cannot be opened or read, or when it holds no header. */
  read(): void {
    const fd = openSync(this.drainPath, 'r');
    let n = 0;
    try {
      for (;;) {
        if (this.buf.length - n < EXIT_READ_BYTES) this.growBuffer();
        const got = readChunk(fd, this.buf, n);
        if (got === 0) break;
        n += got;
      }
    } finally {
      closeSync(fd);
    }
    this.trailingBytes = n % EXIT_RECORD_BYTES;
    let count = 0;
    let headers = 0;
    for (let at = 0; at + EXIT_RECORD_BYTES <= n; at += EXIT_RECORD_BYTES) {
      if (this.view.getUint32(at + X_SEQ, true) === 0xffffffff && this.view.getUint32(at + X_SEQ + 4, true) === 0xffffffff) {
        // Every walk's first chunk carries the header; a read that wraps the walk carries it again.
        this.writtenTotal = this.u64(at + X_START_NS);
        this.droppedTotal = this.u64(at + X_EXIT_NS);
        this.endedTotal = this.u64(at + X_RUNTIME_NS);
        this.recordedAtExitTotal = this.u64(at + X_MAXRSS_PAGES);
        headers++;
        continue;
      }
      if (count === this.offsets.length) {
        const more = new Int32Array(count * 2);
        more.set(this.offsets);
        this.offsets = more;
      }
      this.offsets[count++] = at;
    }
    if (headers === 0) throw new Error(`${this.drainPath}: no ring header in ${n} bytes (not the exit tracker's drain?)`);
    this.count = count;
  }

  pid(i: number): number {
    return this.view.getUint32(this.offsets[i] + X_PID, true);
  }

  ppid(i: number): number {
    return this.view.getUint32(this.offsets[i] + X_PPID, true);
  }

  startNs(i: number): number {
    return this.u64(this.offsets[i] + X_START_NS);
  }

  exitNs(i: number): number {
    return this.u64(this.offsets[i] + X_EXIT_NS);
  }

  runtimeNs(i: number): number {
    return this.u64(this.offsets[i] + X_RUNTIME_NS);
  }

  maxRssPages(i: number): number {
    return this.u64(this.offsets[i] + X_MAXRSS_PAGES);
  }

  /** As wait4 reports it: code << 8, or the signal that killed it. */
  exitStatus(i: number): number {
    return this.view.getUint32(this.offsets[i] + X_EXIT_STATUS, true);
  }

  flags(i: number): number {
    return this.view.getUint32(this.offsets[i] + X_FLAGS, true);
  }

  /** The comm's bytes are bytes[commAt(i), commAt(i) + commLen(i)). */
  get bytes(): Uint8Array {
    return this.buf;
  }

  commAt(i: number): number {
    return this.offsets[i] + X_COMM;
  }

  commLen(i: number): number {
    return this.nulTerminated(this.offsets[i] + X_COMM);
  }

  /** The parent's comm (its leader's, at the exit) is bytes[parentCommAt(i), parentCommAt(i) + parentCommLen(i)). */
  parentCommAt(i: number): number {
    return this.offsets[i] + X_PARENT_COMM;
  }

  parentCommLen(i: number): number {
    return this.nulTerminated(this.offsets[i] + X_PARENT_COMM);
  }

  private nulTerminated(at: number): number {
    let len = 0;
    while (len < X_COMM_BYTES && this.buf[at + len] !== 0) len++;
    return len;
  }

  private u64(at: number): number {
    return this.view.getUint32(at, true) + this.view.getUint32(at + 4, true) * TWO_POW_32;
  }

  private growBuffer(): void {
    const bigger = new Uint8Array(this.buf.length * 2);
    bigger.set(this.buf);
    this.buf = bigger;
    this.view = new DataView(bigger.buffer);
  }
}
