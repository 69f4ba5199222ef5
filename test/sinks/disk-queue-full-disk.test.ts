// The disk queue on a disk that fills up for real: a 64 KiB tmpfs (the
// tests mount it, so they run as root). The write that meets the end of the
// space is short, the ones after fail with ENOSPC. No torn record is left
// in a segment, what is held in memory instead is bounded and counted, and
// close() says what it could not persist.

import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { DiskQueue, type QueueCounters, type QueueEvent } from '../../src/sinks/disk-queue.js';
import type { SinkBooks } from '../../src/sinks/queued-http-sink.js';
import { parseExposition } from '../health/exposition-parser.js';
import { decodeSpool, refusingPort, FIXTURE_PROC, runAgent } from '../helpers.js';

const mounts: string[] = [];
/** A fresh tmpfs of `size` (mount(8) syntax). */
function smallDisk(size = '64k'): string {
  const dir = mkdtempSync(join(tmpdir(), 'iw-full-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
  mounts.push(dir);
  return dir;
}
const open: DiskQueue[] = [];
afterEach(() => {
  for (const q of open.splice(0)) q.close();
  for (const dir of mounts.splice(0)) {
    execFileSync('umount', [dir]);
    rmSync(dir, { recursive: true, force: true });
  }
});

function queue(dir: string, more: Partial<ConstructorParameters<typeof DiskQueue>[0]> = {}): { q: DiskQueue; events: QueueEvent[] } {
  const events: QueueEvent[] = [];
  const q = new DiskQueue({ dir, maxBytes: 1 << 20, onEvent: (e) => events.push(e), ...more });
  open.push(q);
  return { q, events };
}

function balanced(c: QueueCounters, depth: number): void {
  expect(c.enqueued + c.recovered).toBe(c.acked + c.droppedQueueFull + c.droppedMemoryFull + c.droppedUnpersisted + depth);
}

function drain(q: DiskQueue): Buffer[] {
  const out: Buffer[] = [];
  for (let p = q.peek(); p !== undefined; p = q.peek()) {
    out.push(Buffer.from(p));
    q.ack();
  }
  return out;
}

const PAYLOAD = 1000;
const RECORD = PAYLOAD + 8;
const record = (i: number) => Buffer.alloc(PAYLOAD, i);

describe('DiskQueue on a disk that fills up', () => {
  it('checks every write: a short one leaves no torn record, and the records read back from disk are the ones written', () => {
    const disk = smallDisk();
    // memoryBytes 0: every record is read back from its segment.
    const { q, events } = queue(join(disk, 'q'), { memoryBytes: 0 });
    for (let i = 0; i < 100; i++) q.enqueue(record(i));
    const seg = join(disk, 'q', readdirSync(join(disk, 'q')).find((f) => f.startsWith('seg-'))!);
    const size = statSync(seg).size;
    const whole = Math.floor(size / RECORD);
    expect(whole).toBeGreaterThan(50); // the disk took most of its 64 KiB
    expect(size).toBe(whole * RECORD);
    expect(q.counters.diskErrors).toBe(100 - whole);
    expect(q.memoryOnly).toBe(100 - whole);
    expect(events.map((e) => e.type)).toEqual(['disk_error']);
    balanced(q.counters, q.depth);
    const got = drain(q);
    expect(got.length).toBe(100);
    for (const [i, b] of got.entries()) expect(b.equals(record(i)), `record ${i}`).toBe(true);
  });

  it('bounds what it holds in memory: past fallbackBytes the newest are dropped, counted, reported once', () => {
    const disk = smallDisk();
    writeFileSync(join(disk, 'filler'), Buffer.alloc(32 * 1024));
    const { q, events } = queue(join(disk, 'q'), { fallbackBytes: 10 * PAYLOAD });
    for (let i = 0; i < 100; i++) q.enqueue(record(i));
    const onDisk = 100 - q.counters.diskErrors;
    expect(onDisk).toBeGreaterThan(20);
    expect(q.memoryOnly).toBe(10);
    expect(q.counters.droppedMemoryFull).toBe(100 - onDisk - 10);
    expect(events.map((e) => e.type)).toEqual(['disk_error', 'memory_full']);
    balanced(q.counters, q.depth);

    // Space again: the next write goes to disk and the outage is summed up.
    rmSync(join(disk, 'filler'));
    q.enqueue(record(100));
    expect(events.at(-1)!.type).toBe('disk_recovered');
    expect(events.at(-1)!.reason).toContain(`after ${100 - onDisk} failed; ${100 - onDisk - 10} records were dropped`);
    // close() writes the ten held in memory; a restart finds every record that was not dropped.
    q.close();
    const { q: again } = queue(join(disk, 'q'));
    expect(again.counters.recovered).toBe(onDisk + 10 + 1);
    const firsts = drain(again).map((b) => b[0]);
    expect(firsts.slice(0, onDisk)).toEqual(Array.from({ length: onDisk }, (_, i) => i));
    expect(firsts.slice(onDisk).sort((a, b) => a - b)).toEqual([...Array.from({ length: 10 }, (_, i) => onDisk + i), 100]);
  });

  it('counts and reports at close what the disk still would not take; the next start finds exactly the rest', () => {
    const disk = smallDisk();
    const { q, events } = queue(join(disk, 'q'));
    for (let i = 0; i < 108; i++) q.enqueue(record(i));
    const memoryOnly = q.memoryOnly;
    expect(memoryOnly).toBeGreaterThan(0);
    q.close();
    expect(q.counters.droppedUnpersisted).toBe(memoryOnly);
    expect(q.depth).toBe(108 - memoryOnly);
    expect(events.at(-1)!.type).toBe('unpersisted');
    expect(events.at(-1)!.reason).toMatch(new RegExp(`${memoryOnly} records the disk did not take \\(.*\\) were dropped at close`));
    balanced(q.counters, q.depth);
    const { q: again } = queue(join(disk, 'q'));
    expect(again.counters.recovered).toBe(q.depth);
    expect(again.counters.corruptSkipped).toBe(0);
  });
});

describe('an agent whose queue disk fills up', () => {
  it('shows it on /metrics, in the diag spool and the log, says at stop what it could not persist, and its books balance', async () => {
    const disk = smallDisk();
    const dir = mkdtempSync(join(tmpdir(), 'iw-full-agent-'));
    let agent: ReturnType<typeof runAgent> | undefined;
    try {
      const down = await refusingPort();
      onTestFinished(down.close);
      writeFileSync(
        join(dir, 'agent.yaml'),
        [`proc_root: ${FIXTURE_PROC}`, 'interval_seconds: 0.1', `spool_dir: ${join(dir, 'spool')}`, `queue_dir: ${disk}`, `api_url: http://127.0.0.1:${down.port}/api`,
          'collect_snapshot: false', 'metrics_listen: "127.0.0.1:0"', 'retry_start_s: 60'].join('\n') + '\n',
      );
      agent = runAgent(join(dir, 'agent.yaml'));
      const logsNow = agent.logs;
      await agent.waitFor(() => logsNow().some((l) => l.event === 'disk_error'), 'the queue\'s disk to fill up', 30_000);
      const port = agent.logs().find((l) => l.msg === 'health listening')!.port as number;
      const families = parseExposition(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text());
      const one = (name: string, labels: Record<string, string>) => families.get(name)!.samples.find((x) => JSON.stringify(x.labels) === JSON.stringify(labels))!.value;
      expect(one('agent_queue_disk_errors_total', { sink: 'http' })).toBeGreaterThan(0);
      expect(one('agent_queue_memory_only', { sink: 'http' })).toBeGreaterThan(0);
      expect(one('agent_dropped_total', { sink: 'http', reason: 'disk_error' })).toBe(0);
      expect(one('agent_queue_corrupt_skipped_total', { sink: 'http' })).toBe(0);
      expect(await agent.stop()).toBe(0);

      const logs = agent.logs();
      const unpersisted = logs.find((l) => l.event === 'unpersisted')!;
      expect(unpersisted).toMatchObject({ level: 40, module: 'sink.http' });
      const lost = Number(/(\d+) records the disk did not take/.exec(unpersisted.msg)![1]);
      expect(lost).toBeGreaterThan(0);
      const books = logs.find((l) => l.msg === 'agent stopped')!.http as SinkBooks;
      expect(books.diskErrors).toBeGreaterThan(0);
      expect(books.droppedDiskError).toBe(lost);
      expect(books.produced).toBe(books.sent + books.rejected + books.retriesExhausted + books.droppedQueueFull + books.droppedDiskError + books.queued);
      const events = decodeSpool(join(dir, 'spool', 'diag.ldpb'), 'diag').filter((e) => e.module === 'sink.http');
      expect(events.map((e) => e.eventType)).toEqual(expect.arrayContaining(['disk_error', 'drop']));
      // What the books call queued is what the next start finds.
      const q = new DiskQueue({ dir: join(disk, 'http'), maxBytes: 1 << 30 });
      expect(q.counters.recovered).toBe(books.queued);
      q.close();
    } finally {
      if (agent !== undefined && agent.child.exitCode === null) {
        agent.child.kill('SIGKILL'); // a failed test leaves no agent holding the tmpfs
        await once(agent.child, 'exit');
      }
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
