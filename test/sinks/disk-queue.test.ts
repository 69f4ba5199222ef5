import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { DiskQueue, type QueueCounters } from '../../src/sinks/disk-queue.js';

const dirs: string[] = [];
function queueDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'iw-queue-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const item = (i: number) => Buffer.from(`record ${i} `.repeat(1 + (i % 5)));

function drain(q: DiskQueue, n = Infinity): string[] {
  const out: string[] = [];
  for (let p = q.peek(); p !== undefined && out.length < n; p = q.peek()) {
    out.push(Buffer.from(p).toString());
    q.ack();
  }
  return out;
}

function balanced(c: QueueCounters, depth: number): void {
  expect(c.enqueued + c.recovered).toBe(c.acked + c.droppedQueueFull + depth);
}

describe('DiskQueue', () => {
  it('delivers in order, and after a restart only what was not acknowledged', () => {
    const dir = queueDir();
    const q = new DiskQueue({ dir, maxBytes: 1 << 20, segmentBytes: 200 });
    for (let i = 0; i < 20; i++) q.enqueue(item(i));
    expect(drain(q, 7)).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => item(i).toString()));
    q.close();
    const again = new DiskQueue({ dir, maxBytes: 1 << 20, segmentBytes: 200 });
    expect(again.counters.recovered).toBe(13);
    expect(drain(again)).toEqual(Array.from({ length: 13 }, (_, k) => item(k + 7).toString()));
    balanced(again.counters, again.depth);
    // Delivered segments are gone from disk.
    expect(readdirSync(dir).filter((f) => f.startsWith('seg-')).length).toBeLessThanOrEqual(1);
  });

  it('keeps every record it took across kill -9 of the process that queued them', async () => {
    const dir = queueDir();
    const script = `
      import { DiskQueue } from ${JSON.stringify(fileURLToPath(new URL('../../dist/src/sinks/disk-queue.js', import.meta.url)))};
      const q = new DiskQueue({ dir: ${JSON.stringify(dir)}, maxBytes: 1 << 24, segmentBytes: 4096 });
      for (let i = 0; ; i++) { q.enqueue(Buffer.from('item ' + i)); console.log(i); }
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let taken = -1;
    for await (const line of createInterface({ input: child.stdout! })) {
      taken = Number(line);
      if (taken >= 300) break;
    }
    child.kill('SIGKILL');
    await once(child, 'exit');
    const q = new DiskQueue({ dir, maxBytes: 1 << 24 });
    const got = drain(q);
    // Every record enqueue() returned for is there, in order; one more may be (written, not yet reported).
    expect(got.length).toBeGreaterThanOrEqual(taken + 1);
    for (const [i, text] of got.entries()) expect(text).toBe(`item ${i}`);
  });

  it('skips and counts a damaged record, and delivers the rest', () => {
    const dir = queueDir();
    const q = new DiskQueue({ dir, maxBytes: 1 << 20 });
    for (let i = 0; i < 5; i++) q.enqueue(Buffer.from(`payload-${i}`));
    q.close();
    const seg = join(dir, readdirSync(dir).find((f) => f.startsWith('seg-'))!);
    const bytes = readFileSync(seg);
    const second = bytes.indexOf('payload-1');
    bytes[second + 3] ^= 0xff; // flip a byte of record 1's payload
    writeFileSync(seg, bytes);
    const again = new DiskQueue({ dir, maxBytes: 1 << 20 });
    expect(again.counters.corruptSkipped).toBe(1);
    expect(drain(again)).toEqual(['payload-0', 'payload-2', 'payload-3', 'payload-4']);
  });

  it('stays within its bytes: the oldest go first, counted, and the books balance', () => {
    const dir = queueDir();
    const q = new DiskQueue({ dir, maxBytes: 2000, segmentBytes: 500 });
    for (let i = 0; i < 100; i++) q.enqueue(Buffer.alloc(100, i));
    expect(q.bytes).toBeLessThanOrEqual(2000);
    expect(q.counters.droppedQueueFull).toBeGreaterThan(0);
    balanced(q.counters, q.depth);
    const left = drain(q);
    expect(left.length).toBe(q.counters.acked);
    // What is left is the newest, in order.
    const firsts = left.map((s) => Buffer.from(s)[0]);
    expect(firsts.at(-1)).toBe(99);
    expect([...firsts].sort((a, b) => a - b)).toEqual(firsts);
  });
});

describe('DiskQueue on a full disk', () => {
  it('reports the failed write, keeps the record in memory, and goes on', () => {
    const dir = queueDir();
    const q = new DiskQueue({ dir, maxBytes: 1 << 20 });
    // The next segment is /dev/full: every write to it fails with ENOSPC.
    symlinkSync('/dev/full', join(dir, 'seg-00000001.log'));
    q.enqueue(Buffer.from('kept in memory'));
    expect(q.counters.diskErrors).toBe(1);
    expect(q.depth).toBe(1);
    expect(Buffer.from(q.peek()!).toString()).toBe('kept in memory');
    q.ack();
    balanced(q.counters, q.depth);
  });
});
