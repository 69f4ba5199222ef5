import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { readOpenFileLimit } from '../../src/procfs/system-conf.js';
import { rowsOf } from '../../src/report/process-rows.js';
import { scannerOptionsOf } from '../../src/agent-parts.js';
import { DEFAULT_CONFIG } from '../../src/config/schema.js';
import { Scanner, type ScannerOptions } from '../../src/scan/scanner.js';
import { copyFixtureProc, FIXTURE_PROC } from '../helpers.js';

const open: Scanner[] = [];

function scanner(options: Partial<ScannerOptions> = {}): Scanner {
  const s = new Scanner({ ...scannerOptionsOf({ ...DEFAULT_CONFIG, proc_root: FIXTURE_PROC }), poolSize: 1, ...options });
  open.push(s);
  return s;
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

// The fixture tree: pids 100–117, one per edge case; 109, 110, 111 and 115
// are malformed, 112 has no stat file; `self`, `thread-self` and `uptime`
// are not pids.
const SCANNED = [100, 101, 102, 103, 104, 105, 106, 107, 108, 113, 114, 116, 117];

describe('Scanner on the fixture tree', () => {
  it('counts every outcome separately and never throws', async () => {
    const s = scanner();
    const r = await s.scan();
    expect(r.counters).toMatchObject({ listed: 18, scanned: 13, malformed: 4, vanished: 1, denied: 0, readErrors: 0, newProcesses: 13 });
    expect(r.totals.processCount).toBe(13);
    expect(r.totals.kernelThreadCount).toBe(2); // 107, and 113 whose flags are all ones
    expect(r.keptFds).toBe(13 + 4); // every stat that could be read stays open, parsed or not
  });

  it('ships rows with the ProcessSample names, well-formed UTF-8 names, and no cpu% on the first tick', async () => {
    const s = scanner();
    const r = await s.scan();
    const rows = rowsOf(r, s.views, s.system, { withIo: false });
    expect(rows.map((row) => row.processId).sort()).toEqual(SCANNED);
    for (const row of rows) {
      expect(Object.keys(row)).toEqual([
        'processId', 'parentProcessId', 'commandName', 'processDisplayName', 'state', 'cpuPercent',
        'cpuUserPercent', 'cpuSystemPercent', 'reapedChildrenCpuPercent', 'memoryResidentSizeBytes', 'memoryVirtualSizeBytes', 'threadCount',
        'minorPageFaults', 'majorPageFaults', 'cpuUserSeconds', 'cpuSystemSeconds', 'startedAfterBootSeconds', 'pinned', 'agentSelf',
      ]);
      expect(row.commandName.isWellFormed()).toBe(true);
      expect(Buffer.from(row.commandName, 'utf8').toString('utf8')).toBe(row.commandName);
      expect(row.cpuPercent).toBeNull();
    }
    const byPid = new Map(rows.map((row) => [row.processId, row]));
    expect(byPid.get(106)?.commandName).toBe('ééééééé\uFFFD');
    expect(byPid.get(105)?.commandName).toBe('line1\nline2');
    expect(byPid.get(104)?.commandName).toBe(') S 1 (');
    expect(byPid.get(100)).toMatchObject({ state: 'S', memoryResidentSizeBytes: 1000 * s.system.pageSizeBytes, memoryVirtualSizeBytes: 8388608, threadCount: 1 });
    // Ranked by cpu (none yet), then RSS: the largest RSS first.
    expect(rows[0].processId).toBe(113);
  });

  it('on the next tick: cpu% from the deltas, a reused pid starts over, a backwards counter is clamped, a gone pid is swept', async () => {
    const root = copyFixtureProc();
    try {
      const s = scanner({ procRoot: root });
      await s.scan();
      const liveBefore = s.table.liveSlots;
      const edit = (pid: number, from: RegExp, to: string) => {
        const file = join(root, String(pid), 'stat');
        writeFileSync(file, readFileSync(file, 'utf8').replace(from, to)); // same inode: kept fds see it
      };
      edit(100, / 1500 300 /, ' 1510 305 '); // +10 user, +5 system ticks
      edit(117, / 403520 /, ' 999999 '); // a new process with the same pid
      edit(108, / 3 1 0 0 20 /, ' 2 1 0 0 20 '); // utime went from 3 to 2
      rmSync(join(root, '101'), { recursive: true });
      await sleep(200);
      const r = await s.scan();
      expect(r.counters).toMatchObject({ listed: 17, scanned: 12, pidsReused: 1, counterBackwards: 1, newProcesses: 1 });
      expect(s.table.liveSlots).toBe(liveBefore - 1);
      const rows = new Map(rowsOf(r, s.views, s.system, { withIo: false }).map((row) => [row.processId, row]));
      const p100 = rows.get(100)!;
      // 15 ticks over ≥ 0.2 s at CLK_TCK ticks/s: at most 15/(0.2·CLK_TCK)·100 %.
      expect(p100.cpuPercent!).toBeGreaterThan(0);
      expect(p100.cpuPercent!).toBeLessThanOrEqual((15 / (0.2 * s.system.clockTicksPerSecond)) * 100);
      expect(p100.cpuUserPercent! / p100.cpuSystemPercent!).toBeCloseTo(2, 10);
      expect(rows.get(117)!.cpuPercent).toBeNull();
      expect(rows.get(108)!.cpuUserPercent).toBe(0);
      expect(rows.has(101)).toBe(false);
      expect(rows.get(102)!.cpuPercent).toBe(0);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('grows the table past its first capacity without losing a pid or its history', async () => {
    const s = scanner({ initialSlots: 4, poolSize: 2 });
    const first = await s.scan();
    expect(first.counters).toMatchObject({ listed: 18, scanned: 13 });
    const second = await s.scan();
    expect(second.counters).toMatchObject({ listed: 18, scanned: 13, newProcesses: 0 });
    expect(s.table.capacity).toBeGreaterThanOrEqual(18);
    const rows = rowsOf(second, s.views, s.system, { withIo: false });
    expect(rows.map((row) => row.processId).sort()).toEqual(SCANNED);
    for (const row of rows) expect(row.cpuPercent).toBe(0);
  });

  it('stays within the fd budget and falls back to open/read/close beyond it', async () => {
    // The budget is the limit less the fds already open less the reserve: leave room for 3.
    const s = scanner({ fdReserve: readOpenFileLimit() - readdirSync('/proc/self/fd').length - 3 });
    const r = await s.scan();
    expect(r.keptFds).toBe(3);
    expect(r.fallbackReads).toBe(13 + 4 - 3);
    expect(r.counters.scanned).toBe(13);
  });

  it('keeps no fd when keep_stat_fds is off', async () => {
    const s = scanner({ keepStatFds: false });
    const r = await s.scan();
    expect(r.keptFds).toBe(0);
    expect(r.counters.scanned).toBe(13);
  });

  it.each([0, 3])('gives the same result with pool size %i as with one worker', async (poolSize) => {
    const one = { ...(await scanner({ poolSize: 1 }).scan()).counters };
    const other = await scanner({ poolSize }).scan();
    expect(other.counters).toEqual(one);
    expect(other.totals.processCount).toBe(13);
  });

  it('names a proc root that cannot be listed', async () => {
    const s = scanner({ procRoot: '/nonexistent/proc' });
    await expect(s.scan()).rejects.toMatchObject({ code: 'IW_ERR_PROC_ROOT', message: expect.stringContaining('/nonexistent/proc') });
  });
});
