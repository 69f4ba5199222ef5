// What a restart finds on disk when bytes were damaged: a flipped bit in a
// length field, a torn tail the queue could not cut back, an ack file that
// points past the data. Every whole record is delivered; what was skipped
// is counted and reported, and nothing not yet acknowledged is deleted.

import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DiskQueue, type QueueEvent } from '../../src/sinks/disk-queue.js';

const dirs: string[] = [];
function queueDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'iw-queue-'));
  dirs.push(dir);
  return dir;
}
const open: DiskQueue[] = [];
function queue(dir: string, more: Partial<ConstructorParameters<typeof DiskQueue>[0]> = {}): { q: DiskQueue; events: QueueEvent[] } {
  const events: QueueEvent[] = [];
  const q = new DiskQueue({ dir, maxBytes: 1 << 20, onEvent: (e) => events.push(e), ...more });
  open.push(q);
  return { q, events };
}
afterEach(() => {
  for (const q of open.splice(0)) q.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function drain(q: DiskQueue): string[] {
  const out: string[] = [];
  for (let p = q.peek(); p !== undefined; p = q.peek()) {
    out.push(Buffer.from(p).toString());
    q.ack();
  }
  return out;
}

const segments = (dir: string) => readdirSync(dir).filter((f) => f.startsWith('seg-')).sort();
const names = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `record-${String(from + i).padStart(2, '0')}`);

describe('DiskQueue recovery', () => {
  it('moves past a flipped bit in a length field to the next whole record: 13 of 14 delivered, 1 stretch counted and reported', () => {
    const dir = queueDir();
    const { q } = queue(dir);
    for (const name of names(14)) q.enqueue(Buffer.from(name));
    q.close();
    const seg = join(dir, segments(dir)[0]);
    const bytes = readFileSync(seg);
    const second = bytes.indexOf('record-01') - 8;
    bytes[second + 2] ^= 0x01; // bit 16 of record 1's length: it now runs past the segment's end
    writeFileSync(seg, bytes);

    const { q: again, events } = queue(dir);
    expect(again.counters.recovered).toBe(13);
    expect(again.counters.corruptSkipped).toBe(1);
    expect(again.counters.corruptSkippedBytes).toBe(8 + 'record-01'.length);
    expect(drain(again)).toEqual(names(14).filter((n) => n !== 'record-01'));
    expect(events.map((e) => e.type)).toEqual(['corrupt_skipped']);
    expect(events[0].reason).toMatch(/1 damaged stretches skipped .*seg-00000001\.log: 17 bytes at offset 17/);
  });

  it('skips a torn tail that could not be cut back (counted), and appends after it in a new segment', () => {
    const dir = queueDir();
    // A failed ftruncate after a short write cannot be made to happen on a real file system: both are injected.
    let tear = false;
    const { q } = queue(dir, {
      io: {
        writev: (fd, buffers) => {
          if (!tear) return writeSync(fd, Buffer.concat(buffers as Buffer[]));
          tear = false;
          return writeSync(fd, Buffer.concat(buffers as Buffer[]).subarray(0, 5));
        },
        ftruncate: () => {
          throw Object.assign(new Error('EIO: i/o error, ftruncate'), { code: 'EIO' });
        },
      },
    });
    for (const name of names(3)) q.enqueue(Buffer.from(name));
    tear = true;
    q.enqueue(Buffer.from('torn'));
    expect(q.counters.diskErrors).toBe(1);
    for (const name of names(2, 3)) q.enqueue(Buffer.from(name));
    expect(segments(dir)).toEqual(['seg-00000001.log', 'seg-00000002.log']);
    q.close();

    const { q: again, events } = queue(dir);
    expect(again.counters.corruptSkipped).toBe(1);
    expect(again.counters.corruptSkippedBytes).toBe(5);
    // 'torn' was held in memory only and written at close, after the others.
    expect(drain(again)).toEqual([...names(5), 'torn']);
    expect(events.map((e) => e.type)).toEqual(['corrupt_skipped']);
  });

  it('an ack naming a segment past the newest deletes nothing: records appended after it survive two restarts', () => {
    const dir = queueDir();
    // The queue's segments are gone (removed by hand, or dropped when full) but its ack file is left.
    writeFileSync(join(dir, 'ack'), JSON.stringify({ segment: 9, offset: 4096 }));
    const { q } = queue(dir);
    for (const name of names(5)) q.enqueue(Buffer.from(name));
    q.close();
    const { q: second } = queue(dir);
    expect(second.counters.recovered).toBe(5);
    second.close();
    const { q: third } = queue(dir);
    expect(drain(third)).toEqual(names(5));
  });

  it('an ack past the data (a damaged ack) is ignored, counted and reported: everything on disk is delivered again', () => {
    const dir = queueDir();
    const { q } = queue(dir, { segmentBytes: 34 }); // two records a segment
    for (const name of names(8)) q.enqueue(Buffer.from(name));
    q.close();
    expect(segments(dir).length).toBe(4);
    for (const ack of [{ segment: 7, offset: 0 }, { segment: 2, offset: 999 }, 'not json']) {
      writeFileSync(join(dir, 'ack'), typeof ack === 'string' ? ack : JSON.stringify(ack));
      const { q: again, events } = queue(dir);
      expect(again.counters.ackDamaged).toBe(1);
      expect(events.map((e) => e.type)).toEqual(['ack_damaged']);
      expect(events[0].reason).toMatch(/ignored, every record on disk is delivered again/);
      expect(again.depth).toBe(8);
      again.close();
    }
    const { q: last } = queue(dir);
    expect(drain(last)).toEqual(names(8));
  });
});
