// A crash-safe FIFO of opaque records for one sink: every record is appended
// to a segment file and synced before enqueue() returns, so an item the
// queue took survives kill -9; delivery reads from memory when it can and
// from disk after a restart; ack() moves a small ack file forward (write +
// rename), so a crash redelivers at most the record in flight (duplicates
// allowed, losses not). Bounded in bytes: when full, the oldest segment is
// dropped, and every record in it is counted.
//
//   <dir>/.lock             pid and start time of the agent using the folder (folder-lock.ts)
//   <dir>/seg-00000001.log  [len u32][crc32 u32][payload] [len][crc][payload] …
//   <dir>/seg-00000002.log  …
//   <dir>/ack               {"segment":1,"offset":1234}
//
// A full or failing disk: every write's length is checked, and a write that
// failed or fell short is cut back off the segment (ftruncate), so a
// segment never holds a torn record; if even that fails, the segment is
// closed and the next record starts a new one. A record the disk did not
// take is kept in memory, up to fallbackBytes; past that the newest are
// dropped, counted (Vector's when_full: drop_newest; the OpenTelemetry
// Collector's persistent queue refuses and counts what it cannot store).
// close() tries once more to write what is held in memory, and counts what
// still could not be.
//
// Damaged bytes: recovery reads each segment record by record; where a
// length or a crc does not check out it moves forward byte by byte to the
// next offset whose length fits and whose crc matches, and counts the
// bytes skipped as one damaged stretch. An ack file that cannot be read, or
// that points past the newest segment or past the end of its own, is
// ignored (everything on disk is delivered again) and counted: it never
// deletes a segment. Every such finding goes to onEvent.

import { closeSync, fstatSync, fsyncSync, ftruncateSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writevSync } from 'node:fs';
import { makeDirectory } from '../make-directory.js';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { lockFolder, type FolderLock } from './folder-lock.js';

const HEADER_BYTES = 8;
/**
 * Bytes of crc a segment's resynchronisation may compute before the rest of
 * the segment is given up (counted): damaged bytes that read as lengths that
 * fit would otherwise cost a crc of up to a segment at every offset.
 */
const RESYNC_CRC_BUDGET = 256 << 20;

/** The file calls a write makes; tests swap them to fail where a real disk cannot be made to. */
export interface QueueIo {
  writev: (fd: number, buffers: readonly NodeJS.ArrayBufferView[]) => number;
  ftruncate: (fd: number, length: number) => void;
  fsync: (fd: number) => void;
}

const REAL_IO: QueueIo = { writev: (fd, b) => writevSync(fd, b), ftruncate: ftruncateSync, fsync: fsyncSync };

export type QueueEventType = 'disk_error' | 'disk_recovered' | 'memory_full' | 'unpersisted' | 'corrupt_skipped' | 'ack_damaged' | 'lock_taken_over';

export interface QueueEvent {
  readonly type: QueueEventType;
  readonly reason: string;
}

export interface DiskQueueOptions {
  readonly dir: string;
  /** Most bytes the segments may hold in all. */
  readonly maxBytes: number;
  /** A new segment starts past this size. */
  readonly segmentBytes?: number;
  /** Keep up to this many bytes of payloads in memory (the rest is read back from disk). */
  readonly memoryBytes?: number;
  /** Most bytes of records held in memory only, because the disk did not take them; past it the newest are dropped. */
  readonly fallbackBytes?: number;
  /** Called when records are dropped because the queue is full. */
  readonly onDrop?: (records: number) => void;
  /**
   * A failing disk (its first failure and its recovery, not every write),
   * drops of the memory fallback, what close() could not persist, and what
   * recovery found damaged: each worth a log line and an AgentDiagEvent.
   */
  readonly onEvent?: (event: QueueEvent) => void;
  readonly io?: Partial<QueueIo>;
}

/**
 * enqueued + recovered = acked + droppedQueueFull + droppedMemoryFull +
 * droppedUnpersisted + depth, always. (acked: left the queue after a send;
 * the sender counts whether it was delivered or dropped.)
 */
export interface QueueCounters {
  enqueued: number;
  /** Records found on disk at start, not yet delivered by an earlier run. */
  recovered: number;
  acked: number;
  /** Records dropped because the queue was full (oldest first). */
  droppedQueueFull: number;
  /** Records the disk did not take, dropped because the memory fallback was full (newest first). */
  droppedMemoryFull: number;
  /** Records held in memory only when the queue closed, that the disk did not take then either. */
  droppedUnpersisted: number;
  /** Damaged stretches skipped at recovery (each held at least one record), and their bytes. */
  corruptSkipped: number;
  corruptSkippedBytes: number;
  /** Writes that failed or fell short (disk full, …): the record is kept in memory only, or dropped. */
  diskErrors: number;
  /** Ack files ignored at recovery because they could not be read or pointed past the data. */
  ackDamaged: number;
}

interface Pending {
  /** -1: in memory only, the disk did not take it. */
  segment: number;
  offset: number;
  length: number;
  payload: Uint8Array | undefined;
}

function segmentName(n: number): string {
  return `seg-${String(n).padStart(8, '0')}.log`;
}

export class DiskQueue {
  readonly counters: QueueCounters = {
    enqueued: 0, recovered: 0, acked: 0, droppedQueueFull: 0, droppedMemoryFull: 0, droppedUnpersisted: 0,
    corruptSkipped: 0, corruptSkippedBytes: 0, diskErrors: 0, ackDamaged: 0,
  };
  private pending: Pending[] = [];
  private head = 0; // pending[head] is the oldest record
  private readonly segmentSizes = new Map<number, number>();
  private current = 0;
  private fd = -1;
  private memoryBytes = 0;
  /** Records and bytes held in memory only. */
  private fallbackRecords = 0;
  private fallbackBytes = 0;
  /** Failed writes and drops since the disk last took a write. */
  private outage: { writes: number; dropped: number } | undefined;
  private readonly segmentLimit: number;
  private readonly memoryLimit: number;
  private readonly fallbackLimit: number;
  private readonly io: QueueIo;
  private lock: FolderLock | undefined;

  constructor(private readonly options: DiskQueueOptions) {
    this.segmentLimit = options.segmentBytes ?? 1 << 20;
    this.memoryLimit = options.memoryBytes ?? 4 << 20;
    this.fallbackLimit = options.fallbackBytes ?? 4 << 20;
    this.io = { ...REAL_IO, ...options.io };
    makeDirectory(options.dir);
    this.lock = lockFolder(options.dir);
    if (this.lock.takenOverFrom !== undefined) {
      this.event('lock_taken_over', `${this.lock.file}: the agent that held it (pid ${this.lock.takenOverFrom}) is gone; taken over`);
    }
    try {
      this.recover();
    } catch (err) {
      this.lock.release();
      throw err;
    }
  }

  /** Records waiting for delivery. */
  get depth(): number {
    return this.pending.length - this.head;
  }

  /** Records waiting in memory only (the disk did not take them): lost if the process dies. */
  get memoryOnly(): number {
    return this.fallbackRecords;
  }

  /** Bytes of the segments on disk. */
  get bytes(): number {
    let total = 0;
    for (const size of this.segmentSizes.values()) total += size;
    return total;
  }

  /** Appends a record and syncs it to disk; when full, the oldest segment goes first. */
  enqueue(payload: Uint8Array): void {
    const record = HEADER_BYTES + payload.length;
    while (this.bytes + record > this.options.maxBytes && this.segmentSizes.size > 0) this.dropOldestSegment();
    this.counters.enqueued++;
    const item: Pending = { segment: -1, offset: 0, length: payload.length, payload: undefined };
    let failure: Error | undefined;
    try {
      const offset = this.append(payload);
      item.segment = this.current;
      item.offset = offset;
    } catch (err) {
      failure = err as Error;
    }
    if (failure === undefined) {
      this.diskTookWrite();
      if (this.memoryBytes + payload.length <= this.memoryLimit) {
        item.payload = payload;
        this.memoryBytes += payload.length;
      }
      this.pending.push(item);
      return;
    }
    const outage = this.diskFailed('a record', failure);
    if (this.fallbackBytes + payload.length > this.fallbackLimit) {
      this.counters.droppedMemoryFull++;
      if (outage.dropped++ === 0) {
        this.event('memory_full', `${this.options.dir}: the disk takes no writes and the memory fallback is full (${this.fallbackLimit} bytes): the newest records are dropped until the disk takes writes again`);
      }
      return;
    }
    item.payload = payload;
    this.fallbackBytes += payload.length;
    this.fallbackRecords++;
    this.pending.push(item);
  }

  /** The oldest record, or undefined when the queue is empty. */
  peek(): Uint8Array | undefined {
    if (this.head >= this.pending.length) return undefined;
    const item = this.pending[this.head];
    if (item.payload !== undefined) return item.payload;
    const bytes = readFileSync(join(this.options.dir, segmentName(item.segment)));
    return bytes.subarray(item.offset + HEADER_BYTES, item.offset + HEADER_BYTES + item.length);
  }

  /** The oldest record left the queue (sent, or dropped by the sender): forget it, and persist how far the queue got. */
  ack(): void {
    if (this.head >= this.pending.length) return;
    const item = this.pending[this.head++];
    this.forget(item);
    this.counters.acked++;
    if (item.segment >= 0) this.writeAck(item.segment, item.offset + HEADER_BYTES + item.length);
    this.compact();
  }

  /**
   * Writes what is held in memory only to disk if it can now (after the
   * records on disk: the order changes, nothing is lost), counts and reports
   * what it cannot, and gives the folder up.
   */
  close(): void {
    if (this.lock === undefined) return;
    if (this.fallbackRecords > 0) {
      let lost = 0;
      let failure = '';
      const kept: Pending[] = [];
      for (let i = this.head; i < this.pending.length; i++) {
        const item = this.pending[i];
        if (item.segment < 0 && failure === '') {
          try {
            item.offset = this.append(item.payload!);
            item.segment = this.current;
          } catch (err) {
            failure = (err as Error).message;
          }
        }
        if (item.segment >= 0) kept.push(item);
        else lost++;
      }
      this.pending = kept;
      this.head = 0;
      this.fallbackRecords = 0;
      this.fallbackBytes = 0;
      if (lost > 0) {
        this.counters.droppedUnpersisted += lost;
        this.event('unpersisted', `${this.options.dir}: ${lost} records the disk did not take (${failure}) were dropped at close`);
      }
    }
    this.closeSegment();
    this.lock.release();
    this.lock = undefined;
  }

  /** Appends one record to the current segment; returns its offset, or throws with the segment left without a torn record. */
  private append(payload: Uint8Array): number {
    if (this.fd < 0 || (this.segmentSizes.get(this.current) ?? 0) >= this.segmentLimit) this.startSegment();
    const offset = this.segmentSizes.get(this.current)!;
    const header = Buffer.alloc(HEADER_BYTES);
    header.writeUInt32LE(payload.length, 0);
    header.writeUInt32LE(crc32(payload), 4);
    const record = HEADER_BYTES + payload.length;
    try {
      const written = this.io.writev(this.fd, [header, payload]);
      if (written !== record) throw new Error(`short write: ${written} of ${record} bytes (disk full?)`);
      this.io.fsync(this.fd);
    } catch (err) {
      this.cutBack(offset);
      throw err;
    }
    this.segmentSizes.set(this.current, offset + record);
    return offset;
  }

  /** Takes a failed write's bytes back off the segment; if that fails too, the segment ends here and recovery skips its torn tail. */
  private cutBack(offset: number): void {
    try {
      this.io.ftruncate(this.fd, offset);
    } catch {
      try {
        this.segmentSizes.set(this.current, fstatSync(this.fd).size);
      } catch {
        // the size stays what was whole: the queue's bytes are off by the torn tail at most
      }
      this.closeSegment();
    }
  }

  /** Counts a failed write; the first of an outage is reported. */
  private diskFailed(what: string, failure: Error): { writes: number; dropped: number } {
    this.counters.diskErrors++;
    const first = this.outage === undefined;
    this.outage ??= { writes: 0, dropped: 0 };
    this.outage.writes++;
    if (first) {
      this.event('disk_error', `${this.options.dir}: writing ${what} failed (${failure.message}); records the disk does not take are kept in memory (up to ${this.fallbackLimit} bytes, lost if the agent dies) until it takes writes again`);
    }
    return this.outage;
  }

  private diskTookWrite(): void {
    if (this.outage === undefined) return;
    const { writes, dropped } = this.outage;
    this.outage = undefined;
    this.event('disk_recovered', `${this.options.dir}: the disk takes writes again, after ${writes} failed; ${dropped} records were dropped meanwhile (memory fallback full)`);
  }

  /** A listener that throws (a diag spool on the same broken disk) must not leave a record half counted. */
  private event(type: QueueEventType, reason: string): void {
    try {
      this.options.onEvent?.({ type, reason });
    } catch {
      // its own failure is its own to report
    }
  }

  private forget(item: Pending): void {
    if (item.payload === undefined) return;
    if (item.segment >= 0) {
      this.memoryBytes -= item.length;
    } else {
      this.fallbackBytes -= item.length;
      this.fallbackRecords--;
    }
  }

  private closeSegment(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }

  private startSegment(): void {
    this.closeSegment();
    this.current++;
    this.fd = openSync(join(this.options.dir, segmentName(this.current)), 'a');
    this.segmentSizes.set(this.current, 0);
  }

  private writeAck(segment: number, offset: number): void {
    const file = join(this.options.dir, 'ack');
    try {
      writeFileSync(file + '.tmp', JSON.stringify({ segment, offset }));
      renameSync(file + '.tmp', file);
    } catch (err) {
      // The ack on disk stays behind: a restart sends some records again (duplicates, not losses).
      this.diskFailed('the ack', err as Error);
    }
    // Segments wholly before the ack point are done (in memory, whatever the ack file says), and free space.
    for (const seg of [...this.segmentSizes.keys()]) {
      if (seg < segment) this.removeSegment(seg);
    }
  }

  private removeSegment(seg: number): void {
    rmSync(join(this.options.dir, segmentName(seg)), { force: true });
    this.segmentSizes.delete(seg);
  }

  private dropOldestSegment(): void {
    const oldest = Math.min(...this.segmentSizes.keys());
    if (oldest === this.current) this.closeSegment(); // the next enqueue starts a new one
    // Its records, wherever they wait: records held in memory only may sit between them.
    let dropped = 0;
    const kept: Pending[] = [];
    for (let i = this.head; i < this.pending.length; i++) {
      const item = this.pending[i];
      if (item.segment === oldest) {
        this.forget(item);
        dropped++;
      } else {
        kept.push(item);
      }
    }
    if (dropped > 0) {
      this.pending = kept;
      this.head = 0;
    }
    this.counters.droppedQueueFull += dropped;
    try {
      if (dropped > 0) this.options.onDrop?.(dropped);
    } catch {
      // as in event()
    }
    this.removeSegment(oldest);
  }

  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.pending.length) {
      this.pending.splice(0, this.head);
      this.head = 0;
    }
  }

  /** The ack point, or none when there is no ack file; a file that cannot be read is counted and reported. */
  private readAck(): { segment: number; offset: number } | undefined {
    const file = join(this.options.dir, 'ack');
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return undefined; // no ack yet: everything is pending
    }
    try {
      const ack = JSON.parse(text) as { segment: unknown; offset: unknown };
      if (Number.isSafeInteger(ack.segment) && Number.isSafeInteger(ack.offset) && (ack.segment as number) >= 0 && (ack.offset as number) >= 0) {
        return { segment: ack.segment as number, offset: ack.offset as number };
      }
    } catch {
      // fall through
    }
    this.ackDamaged(`${file}: not an ack point (${JSON.stringify(text.slice(0, 64))})`);
    return undefined;
  }

  private ackDamaged(reason: string): void {
    this.counters.ackDamaged++;
    rmSync(join(this.options.dir, 'ack'), { force: true });
    this.event('ack_damaged', `${reason}: ignored, every record on disk is delivered again`);
  }

  /** Rebuilds the pending list from the segments after the ack point. */
  private recover(): void {
    const segments = readdirSync(this.options.dir)
      .map((name) => /^seg-(\d{8})\.log$/.exec(name))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b);
    const newest = segments.at(-1) ?? 0;
    let ack = this.readAck();
    if (ack !== undefined && segments.length > 0) {
      const ackFile = join(this.options.dir, 'ack');
      if (ack.segment > newest) {
        this.ackDamaged(`${ackFile}: names segment ${ack.segment}, past the newest, ${newest}`);
        ack = undefined;
      } else if (segments.includes(ack.segment)) {
        const size = statSync(join(this.options.dir, segmentName(ack.segment))).size;
        if (ack.offset > size) {
          this.ackDamaged(`${ackFile}: names offset ${ack.offset} of segment ${ack.segment}, past its end (${size} bytes)`);
          ack = undefined;
        }
      }
    }
    const damaged: string[] = [];
    for (const seg of segments) {
      const file = join(this.options.dir, segmentName(seg));
      if (ack !== undefined && seg < ack.segment) {
        this.removeSegment(seg);
        continue;
      }
      const bytes = readFileSync(file);
      this.segmentSizes.set(seg, bytes.length);
      this.readSegment(seg, bytes, ack !== undefined && seg === ack.segment ? ack.offset : 0, damaged);
    }
    // New segments are numbered after every one named so far, the ack's included: an ack never points ahead of records yet to come.
    this.current = Math.max(newest, ack?.segment ?? 0);
    // Appends go to a new segment: a damaged tail is never written after.
    if (damaged.length > 0) {
      this.event('corrupt_skipped', `${this.options.dir}: ${damaged.length} damaged stretches skipped (${damaged.join(', ')}); every whole record around them is delivered`);
    }
  }

  /** Takes every whole record of one segment from `from` on, moving past damaged bytes to the next record that checks out. */
  private readSegment(seg: number, bytes: Buffer, from: number, damaged: string[]): void {
    let at = from;
    let damagedFrom = -1;
    let budget = RESYNC_CRC_BUDGET;
    const skip = (to: number) => {
      this.counters.corruptSkipped++;
      this.counters.corruptSkippedBytes += to - damagedFrom;
      damaged.push(`${segmentName(seg)}: ${to - damagedFrom} bytes at offset ${damagedFrom}`);
      damagedFrom = -1;
    };
    while (at + HEADER_BYTES <= bytes.length) {
      const length = bytes.readUInt32LE(at);
      const end = at + HEADER_BYTES + length;
      // While resynchronising, an empty record is not taken: eight zero bytes pass for one.
      const fits = end <= bytes.length && (damagedFrom < 0 || length > 0);
      if (fits && damagedFrom >= 0) {
        budget -= length;
        if (budget < 0) break;
      }
      const whole = fits && crc32(bytes.subarray(at + HEADER_BYTES, end)) === bytes.readUInt32LE(at + 4);
      if (!whole) {
        if (damagedFrom < 0) damagedFrom = at;
        at++;
        continue;
      }
      if (damagedFrom >= 0) skip(at);
      this.pending.push({ segment: seg, offset: at, length, payload: undefined });
      this.counters.recovered++;
      at = end;
    }
    if (at < bytes.length && damagedFrom < 0) damagedFrom = at; // a tail shorter than a header, or the budget spent
    if (damagedFrom >= 0) skip(bytes.length);
  }
}
