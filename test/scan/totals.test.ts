// Top rows plus aggregate rows add up to the totals over every scanned
// process: counts and bytes exactly, cpu% to the last bits of rounding (the
// same numbers summed in another order).

import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { scannerOptionsOf } from '../../src/agent-parts.js';
import { DEFAULT_CONFIG, type AgentConfig } from '../../src/config/schema.js';
import { aggregateRowsOf, rowsOf, UNATTRIBUTED_DISPLAY_NAME } from '../../src/report/process-rows.js';
import { Scanner, type ScanResult } from '../../src/scan/scanner.js';
import { copyFixtureProc, FIXTURE_PROC } from '../helpers.js';

const open: Scanner[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

function scanner(config: Partial<AgentConfig>): Scanner {
  const s = new Scanner(scannerOptionsOf({ ...DEFAULT_CONFIG, ...config }));
  open.push(s);
  return s;
}

function expectRowsAddUp(s: Scanner, r: ScanResult): void {
  const top = rowsOf(r, s.views, s.system, { withIo: false });
  const all = aggregateRowsOf(r);
  const aggregates = all.filter((a) => a.unattributed !== true);
  const t = r.totals;
  const sum = (f: (x: { cpuPercent: number | null; memoryResidentSizeBytes: number; memoryVirtualSizeBytes: number; threadCount: number }) => number) =>
    top.reduce((acc, row) => acc + f(row), 0) + aggregates.reduce((acc, row) => acc + f(row), 0);
  expect(top.length + aggregates.reduce((acc, a) => acc + a.processCount, 0)).toBe(t.processCount);
  expect(sum((x) => x.memoryResidentSizeBytes)).toBe(t.memoryResidentSizeBytes);
  expect(sum((x) => x.memoryVirtualSizeBytes)).toBe(t.memoryVirtualSizeBytes);
  expect(sum((x) => x.threadCount)).toBe(t.threadCount);
  const cpu = sum((x) => x.cpuPercent ?? 0);
  expect(Math.abs(cpu - t.cpuPercent)).toBeLessThanOrEqual(1e-9 * Math.max(1, t.cpuPercent));
  expect(t.processCount).toBe(r.counters.scanned);
  // With the host's cpu known, the last aggregate row is what no process accounts for, and with the reaped children it all adds up to the host.
  const unattributed = all.filter((a) => a.unattributed === true);
  if (t.hostCpuPercent === undefined) {
    expect(unattributed).toEqual([]);
    return;
  }
  expect(unattributed).toHaveLength(1);
  expect(all.at(-1)).toBe(unattributed[0]);
  expect(unattributed[0]).toMatchObject({ processDisplayName: UNATTRIBUTED_DISPLAY_NAME, processCount: 0, cpuPercent: t.unattributedCpuPercent });
  if (t.unattributedCpuPercent! > 0) expect(cpu + t.reapedChildrenCpuPercent + unattributed[0].cpuPercent).toBeCloseTo(t.hostCpuPercent, 6);
}

describe('rows + aggregates = totals', () => {
  it('on the fixture tree, with cpu moving', async () => {
    const root = copyFixtureProc();
    try {
      rmSync(join(root, '113'), { recursive: true }); // its 2^64 values are beyond exact doubles
      const s = scanner({ proc_root: root, top_n: 3 });
      await s.scan();
      for (const [pid, from, to] of [[100, / 1500 300 /, ' 1530 310 '], [103, / 250 75 /, ' 260 99 '], [105, / 250 75 /, ' 251 76 ']] as const) {
        const file = join(root, String(pid), 'stat');
        writeFileSync(file, readFileSync(file, 'utf8').replace(from, to));
      }
      await sleep(50);
      const r = await s.scan();
      expect(r.rowCount).toBe(3);
      expect(r.aggregates.usedCount).toBeGreaterThan(0);
      expect(r.totals.cpuPercent).toBeGreaterThan(0);
      expectRowsAddUp(s, r);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('on the live /proc', async () => {
    const s = scanner({ top_n: 5 });
    await s.scan();
    await sleep(200);
    const r = await s.scan();
    expect(r.totals.processCount).toBeGreaterThan(10);
    // Known, not necessarily above 0: over 200 ms /proc/stat's tick-sampled busy time can trail its idle time (counted in ns on a tickless cpu).
    expect(r.totals.hostCpuPercent).toBeGreaterThanOrEqual(0);
    expectRowsAddUp(s, r);
  });

  it('with display name rules that fold names into one aggregate', async () => {
    const s = scanner({
      proc_root: FIXTURE_PROC,
      top_n: 1,
      display_name_rules: [{ match: '^(foo).*', name: '$1-family' }, { match: '^(line1|a b c)', name: 'misc' }],
    });
    await s.scan();
    const r = await s.scan();
    const aggregates = aggregateRowsOf(r);
    expect(aggregates.find((a) => a.processDisplayName === 'foo-family')?.processCount).toBe(2); // foo(bar, foo)bar
    expect(aggregates.find((a) => a.processDisplayName === 'misc')?.processCount).toBe(2);
    expect(aggregates.some((a) => a.processDisplayName.startsWith('foo('))).toBe(false);
    expect(aggregates.reduce((n, a) => n + a.processCount, 0)).toBe(12);
  });

  it('in raw mode every scanned process is a row and the only aggregate row is the unattributed one', async () => {
    const s = scanner({ mode: 'raw' });
    await s.scan();
    const r = await s.scan();
    expect(r.rowCount).toBe(r.counters.scanned);
    expect(aggregateRowsOf(r).map((a) => a.processDisplayName)).toEqual([UNATTRIBUTED_DISPLAY_NAME]);
    expectRowsAddUp(s, r);
  });
});
