// A crash-safe FIFO of opaque records for one sink: every record is appended
// to a segment file and synced before enqueue() returns, so an item the
// queue took survives kill -9; delivery reads from memory when it can and
// from disk after a restart; ack() moves a small ack file forward (write +
// rename), so a crash redelivers at most the record in flight (duplicates
// allowed, losses not). Bounded in bytes: when full, the oldest segment is
// dropped, and every record in it is counted.
//
//   <dir>/seg-00000001.log  [len u32][crc32 u32][payload] [len][crc][payload] …
//   <dir>/seg-00000002.log  …
//   <dir>/ack               {"segment":1,"offset":1234}
//
// A record whose crc does not match is skipped and counted; a length that
// runs past the end of its segment ends that segment's reading (counted).

import { closeSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { makeDirectory } from '../make-directory.js';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';

const HEADER_BYTES = 8;

export interface DiskQueueOptions {
  readonly dir: string;
  /** Most bytes the segments may hold in all. */
  readonly maxBytes: number;
  /** A new segment starts past this size. */
  readonly segmentBytes?: number;
  /** Keep up to this many bytes of payloads in memory (the rest is read back from disk). */
  readonly memoryBytes?: number;
  /** Called when records are dropped because the queue is full. */
  readonly onDrop?: (records: number) => void;
}

/** enqueued + recovered = acked + droppedQueueFull + depth, always. (acked: left the queue after a send; the sender counts whether it was delivered or dropped.) */
export interface QueueCounters {
  enqueued: number;
  /** Records found on disk at start, not yet delivered by an earlier run. */
  recovered: number;
  acked: number;
  /** Records dropped because the queue was full (oldest first). */
  droppedQueueFull: number;
  /** Records skipped at recovery because they were damaged. */
  corruptSkipped: number;
  /** Writes that failed (disk full, …): the record is kept in memory only. */
  diskErrors: number;
}

interface Pending {
  segment: number;
  offset: number;
  length: number;
  payload: Uint8Array | undefined;
}

function segmentName(n: number): string {
  return `seg-${String(n).padStart(8, '0')}.log`;
}

export class DiskQueue {
  readonly counters: QueueCounters = { enqueued: 0, recovered: 0, acked: 0, droppedQueueFull: 0, corruptSkipped: 0, diskErrors: 0 };
  private readonly pending: Pending[] = [];
  private head = 0; // pending[head] is the oldest record
  private readonly segmentSizes = new Map<number, number>();
  private current = 0;
  private fd = -1;
  private memoryBytes = 0;
  private readonly segmentLimit: number;
  private readonly memoryLimit: number;

  constructor(private readonly options: DiskQueueOptions) {
    this.segmentLimit = options.segmentBytes ?? 1 << 20;
    this.memoryLimit = options.memoryBytes ?? 4 << 20;
    makeDirectory(options.dir);
    this.recover();
  }

  /** Records waiting for delivery. */
  get depth(): number {
    return this.pending.length - this.head;
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
    try {
      if (this.fd < 0 || (this.segmentSizes.get(this.current) ?? 0) >= this.segmentLimit) this.startSegment();
      const header = Buffer.alloc(HEADER_BYTES);
      header.writeUInt32LE(payload.length, 0);
      header.writeUInt32LE(crc32(payload), 4);
      const offset = this.segmentSizes.get(this.current)!;
      writeSync(this.fd, header);
      writeSync(this.fd, payload);
      fsyncSync(this.fd);
      this.segmentSizes.set(this.current, offset + record);
      item.segment = this.current;
      item.offset = offset;
    } catch {
      this.counters.diskErrors++; // kept in memory only: delivered if the agent lives, lost if it dies
    }
    if (item.segment < 0 || this.memoryBytes + payload.length <= this.memoryLimit) {
      item.payload = payload;
      this.memoryBytes += payload.length;
    }
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
    if (item.payload !== undefined) this.memoryBytes -= item.length;
    this.counters.acked++;
    if (item.segment >= 0) this.writeAck(item.segment, item.offset + HEADER_BYTES + item.length);
    this.compact();
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }

  private startSegment(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.current++;
    this.fd = openSync(join(this.options.dir, segmentName(this.current)), 'a');
    this.segmentSizes.set(this.current, 0);
  }

  private writeAck(segment: number, offset: number): void {
    const file = join(this.options.dir, 'ack');
    writeFileSync(file + '.tmp', JSON.stringify({ segment, offset }));
    renameSync(file + '.tmp', file);
    // Segments wholly before the ack point are done.
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
    if (oldest === this.current) this.close(); // the next enqueue starts a new one
    let dropped = 0;
    while (this.head < this.pending.length && this.pending[this.head].segment === oldest) {
      const item = this.pending[this.head++];
      if (item.payload !== undefined) this.memoryBytes -= item.length;
      dropped++;
    }
    this.counters.droppedQueueFull += dropped;
    if (dropped > 0) this.options.onDrop?.(dropped);
    this.removeSegment(oldest);
    this.compact();
  }

  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.pending.length) {
      this.pending.splice(0, this.head);
      this.head = 0;
    }
  }

  /** Rebuilds the pending list from the segments after the ack point. */
  private recover(): void {
    let ackSegment = 0;
    let ackOffset = 0;
    try {
      const ack = JSON.parse(readFileSync(join(this.options.dir, 'ack'), 'utf8')) as { segment: number; offset: number };
      ackSegment = ack.segment;
      ackOffset = ack.offset;
    } catch {
      // no ack yet: everything is pending
    }
    const segments = readdirSync(this.options.dir)
      .map((name) => /^seg-(\d{8})\.log$/.exec(name))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b);
    for (const seg of segments) {
      const file = join(this.options.dir, segmentName(seg));
      if (seg < ackSegment) {
        this.removeSegment(seg);
        continue;
      }
      this.segmentSizes.set(seg, statSync(file).size);
      const bytes = readFileSync(file);
      let at = seg === ackSegment ? ackOffset : 0;
      while (at + HEADER_BYTES <= bytes.length) {
        const length = bytes.readUInt32LE(at);
        if (at + HEADER_BYTES + length > bytes.length) {
          this.counters.corruptSkipped++; // a cut or damaged length: the rest of this segment is unreadable
          break;
        }
        const payload = bytes.subarray(at + HEADER_BYTES, at + HEADER_BYTES + length);
        if (crc32(payload) === bytes.readUInt32LE(at + 4)) {
          this.pending.push({ segment: seg, offset: at, length, payload: undefined });
          this.counters.recovered++;
        } else {
          this.counters.corruptSkipped++;
        }
        at += HEADER_BYTES + length;
      }
      this.current = Math.max(this.current, seg);
    }
    // Appends go to a new segment: a damaged tail is never written after.
  }
}
