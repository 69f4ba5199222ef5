import { spawnSync } from 'node:child_process';
import { closeSync, constants, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { scannerOptionsOf } from '../../src/agent-parts.js';
import { DEFAULT_CONFIG } from '../../src/config/schema.js';
import { Scanner } from '../../src/scan/scanner.js';
import { copyFixtureProc } from '../helpers.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/**
 * A copy of the fixture tree with pid 200 (a copy of 100). Its stat can be
 * turned into a FIFO: opening it blocks the worker that reads it, a real
 * hang in the kernel, until something opens the FIFO for writing.
 */
function treeWithPid200(): { root: string; hang: () => void; release: () => void; restore: (edit?: (t: string) => string) => void } {
  const root = copyFixtureProc();
  cleanups.push(() => rmSync(root, { recursive: true, force: true }));
  const stat = join(root, '200', 'stat');
  const original = readFileSync(join(root, '100', 'stat'), 'utf8').replace(/^100 /, '200 ');
  spawnSync('mkdir', ['-p', join(root, '200')]);
  writeFileSync(stat, original);
  const release = () => {
    // Opening the FIFO for writing lets the blocked open() return; it then reads end-of-file.
    try {
      const fd = openSync(stat, constants.O_WRONLY | constants.O_NONBLOCK); // ENXIO when no reader waits
      writeSync(fd, 'x');
      closeSync(fd);
    } catch {
      // not a FIFO (any more)
    }
  };
  return {
    root,
    hang: () => {
      rmSync(stat);
      expect(spawnSync('mkfifo', [stat]).status).toBe(0);
    },
    release,
    restore: (edit = (t) => t) => {
      rmSync(stat);
      writeFileSync(stat, edit(original));
    },
  };
}

function scannerOn(root: string, workerTimeoutMs: number): Scanner {
  // keep_stat_fds off: each tick opens the stat file anew, so the FIFO is met on the tick it appears.
  const s = new Scanner({ ...scannerOptionsOf({ ...DEFAULT_CONFIG, proc_root: root, keep_stat_fds: false }), poolSize: 1, workerTimeoutMs });
  cleanups.push(() => s.close());
  return s;
}

function slotOf(s: Scanner, pid: number): number {
  const v = s.views;
  for (let i = 0; i < s.result.counters.listed; i++) if (v.pidList[i] === pid) return v.slotList[i];
  throw new Error(`pid ${pid} not listed`);
}

describe('the scan workers’ watchdog', () => {
  it('replaces a worker that hangs past the timeout; its unread processes are missing, not zero, and keep their history', async () => {
    const t = treeWithPid200();
    cleanups.push(t.release);
    // 2 s: far past a worker's start on a loaded machine (the suite runs files side by side), so only the FIFO hangs one.
    const s = scannerOn(t.root, 2000);
    const first = await s.scan();
    expect(first.workerFailures).toEqual([]);
    expect(first.counters.scanned).toBe(14);

    t.hang();
    const t0 = performance.now();
    const hung = await s.scan();
    expect(performance.now() - t0).toBeGreaterThanOrEqual(1990);
    expect(hung.workerFailures).toHaveLength(1);
    expect(hung.workerFailures[0]).toMatchObject({ cause: 'hung', from: 0, to: hung.counters.listed });
    const c = hung.counters;
    expect(c.missing).toBeGreaterThanOrEqual(1);
    // Every listed entry is counted once: read, missing, or one of the usual outcomes.
    expect(c.scanned + c.missing + c.vanished + c.denied + c.malformed + c.readErrors).toBe(c.listed);
    expect(Number.isNaN(s.views.cpuPct[slotOf(s, 200)])).toBe(true);
    expect(hung.totals.processCount).toBe(c.scanned); // the missing are not counted as zeros

    t.release();
    t.restore((text) => text.replace(/ 1500 300 /, ' 1510 305 ')); // +15 ticks since the first scan
    const after = await s.scan();
    expect(after.workerFailures).toEqual([]);
    expect(after.counters.missing).toBe(0);
    expect(after.counters.scanned).toBe(14);
    // Its history came through the missing tick: cpu% from the first scan's counters.
    expect(s.views.cpuPct[slotOf(s, 200)]).toBeGreaterThan(0);
  }, 30_000);

  it('replaces a worker that dies in the middle of its slice', async () => {
    const t = treeWithPid200();
    cleanups.push(t.release);
    const s = scannerOn(t.root, 60_000);
    await s.scan();
    t.hang();
    const scan = s.scan();
    await sleep(200); // the worker is now blocked opening the FIFO
    // The pool's workers are private; the test reaches in to kill one as a crash would.
    const threads = (s as unknown as { reader: { threads: readonly Worker[] } }).reader.threads;
    expect(threads).toHaveLength(1);
    const exited = threads[0].terminate();
    t.release(); // the blocked open returns, and the termination takes effect
    await exited;
    const r = await scan;
    expect(r.workerFailures).toHaveLength(1);
    expect(r.workerFailures[0].cause).toBe('died');
    expect(r.counters.missing).toBeGreaterThanOrEqual(1);
    t.restore();
    const after = await s.scan();
    expect(after.workerFailures).toEqual([]);
    expect(after.counters.scanned).toBe(14);
  }, 30_000);
});
