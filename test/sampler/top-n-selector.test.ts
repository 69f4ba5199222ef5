import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyTotals, type Totals } from '../../src/sampler/cpu-sampler.js';
import { NameTable } from '../../src/sampler/name-table.js';
import { PinRules } from '../../src/sampler/pin-rules.js';
import { TopNSelector, type SelectorOptions } from '../../src/sampler/top-n-selector.js';
import { COMM_BYTES, READ_OK } from '../../src/table/layout.js';
import { attachViews, createSharedTable, type TableViews } from '../../src/table/shared-table.js';

interface Proc {
  cpu: number; // NaN: first tick
  rss: number;
  name: string;
}

const OPTIONS: Omit<SelectorOptions, 'topN'> = {
  adaptive: false,
  topNMax: 100,
  captureTarget: 0.95,
  cpuWeight: 1,
  rssWeight: 1,
  pinnedMax: 50,
  excludeSelf: false,
  selfPid: -1,
};

function table(procs: Proc[]): { v: TableViews; totals: Totals; names: NameTable } {
  const v = attachViews(createSharedTable(procs.length + 1, procs.length + 1));
  const names = new NameTable();
  names.beginTick();
  const totals = emptyTotals();
  procs.forEach((p, slot) => {
    v.slotList[slot] = slot;
    v.pid[slot] = 1000 + slot;
    v.status[slot] = READ_OK;
    v.cpuPct[slot] = p.cpu;
    v.rssBytes[slot] = p.rss;
    const bytes = Buffer.from(p.name);
    v.comm.set(bytes, slot * COMM_BYTES);
    v.commLen[slot] = bytes.length;
    names.assign(v, slot);
    if (!Number.isNaN(p.cpu)) totals.cpuPercent += p.cpu;
    totals.memoryResidentSizeBytes += p.rss;
    totals.processCount++;
  });
  return { v, totals, names };
}

function scoreOf(p: Proc, totals: Totals, o = OPTIONS): number {
  const cpu = !Number.isNaN(p.cpu) && totals.cpuPercent > 0 ? (o.cpuWeight * p.cpu) / totals.cpuPercent : 0;
  const rss = totals.memoryResidentSizeBytes > 0 ? (o.rssWeight * p.rss) / totals.memoryResidentSizeBytes : 0;
  return Math.max(cpu, rss);
}

/** The rows by a full sort: score, then RSS, then slot; all of them when k ≤ 1.25·N. */
function oracle(procs: Proc[], totals: Totals, n: number): number[] {
  const order = procs
    .map((p, slot) => ({ slot, score: scoreOf(p, totals), rss: p.rss }))
    .sort((a, b) => b.score - a.score || b.rss - a.rss || a.slot - b.slot)
    .map((x) => x.slot);
  return procs.length <= Math.ceil(1.25 * n) ? order : order.slice(0, n);
}

const proc = fc.record({
  cpu: fc.oneof(fc.constant(Number.NaN), fc.constantFrom(0, 1, 50), fc.double({ min: 0, max: 200, noNaN: true })),
  rss: fc.oneof(fc.constantFrom(0, 4096, 1 << 20), fc.integer({ min: 0, max: 1 << 30 })),
  name: fc.constantFrom('a', 'b', 'c'),
});

describe('TopNSelector', () => {
  it('keeps the rows a full sort keeps, best first: ties, N above k and the bypass included', () => {
    fc.assert(
      fc.property(fc.array(proc, { maxLength: 120 }), fc.integer({ min: 1, max: 40 }), (procs, n) => {
        const { v, totals, names } = table(procs);
        const s = new TopNSelector({ ...OPTIONS, topN: n }, undefined, () => undefined);
        s.select(v, procs.length, totals, names);
        expect([...s.slots.subarray(0, s.count)]).toEqual(oracle(procs, totals, n));
        for (let i = 0; i < s.count; i++) expect(v.isTop[s.slots[i]]).toBe(1);
        s.unmark(v);
        expect(v.isTop.every((x) => x === 0)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('ranks a memory hog with no cpu by its RSS share', () => {
    const procs: Proc[] = [
      ...Array.from({ length: 40 }, () => ({ cpu: 2, rss: 1 << 20, name: 'busy' })),
      { cpu: 0, rss: 1 << 30, name: 'hog' },
    ];
    const { v, totals, names } = table(procs);
    const s = new TopNSelector({ ...OPTIONS, topN: 3 }, undefined, () => undefined);
    s.select(v, procs.length, totals, names);
    expect(s.slots[0]).toBe(40);
  });

  it('reports the shares of cpu and RSS the rows hold', () => {
    const procs: Proc[] = Array.from({ length: 10 }, (_, i) => ({ cpu: i, rss: 100 * (10 - i), name: 'p' }));
    const { v, totals, names } = table(procs);
    const s = new TopNSelector({ ...OPTIONS, topN: 2, cpuWeight: 1, rssWeight: 0 }, undefined, () => undefined);
    s.select(v, procs.length, totals, names);
    expect([...s.slots.subarray(0, 2)]).toEqual([9, 8]);
    expect(s.capture.cpu).toBeCloseTo(17 / 45, 12);
    expect(s.capture.rss).toBeCloseTo(300 / 5500, 12);
  });

  it('adaptive N grows until the rows hold the capture target, within top_n_max, and shrinks back', () => {
    // 100 processes of equal cpu: 95 % of the score needs 95 rows.
    const flat: Proc[] = Array.from({ length: 100 }, () => ({ cpu: 1, rss: 0, name: 'p' }));
    const a = table(flat);
    const s = new TopNSelector({ ...OPTIONS, topN: 5, adaptive: true, topNMax: 60, rssWeight: 0 }, undefined, () => undefined);
    s.select(a.v, 100, a.totals, a.names);
    expect(s.count).toBe(60); // capped at top_n_max
    const s2 = new TopNSelector({ ...OPTIONS, topN: 5, adaptive: true, topNMax: 100, rssWeight: 0, captureTarget: 0.5 }, undefined, () => undefined);
    const b = table([...flat, ...flat, ...flat]);
    s2.select(b.v, 300, b.totals, b.names);
    expect(s2.count).toBe(100); // the heap holds top_n_max; 150 rows would be needed
    // One dominant process: N falls back to top_n.
    const skewed: Proc[] = [{ cpu: 1000, rss: 0, name: 'x' }, ...Array.from({ length: 200 }, () => ({ cpu: 0.01, rss: 0, name: 'p' }))];
    const c = table(skewed);
    s.select(c.v, skewed.length, c.totals, c.names);
    expect(s.count).toBe(5);
    expect(s.capture.score).toBeGreaterThanOrEqual(0.95);
  });

  it('pins include rules as rows, drops excluded ones from the rows, and can leave itself out', () => {
    const procs: Proc[] = [
      { cpu: 0, rss: 1, name: 'tiny-pinned' },
      { cpu: 90, rss: 1 << 20, name: 'noisy' },
      ...Array.from({ length: 30 }, (_, i) => ({ cpu: 1 + i, rss: 1 << 10, name: 'worker' })),
    ];
    const { v, totals, names } = table(procs);
    const rules = new PinRules({ include_names: ['^tiny'], exclude_names: ['^noisy$'], include_cmdlines: [], exclude_cmdlines: [] });
    const s = new TopNSelector({ ...OPTIONS, topN: 3, excludeSelf: true, selfPid: v.pid[31] }, rules, () => undefined);
    s.select(v, procs.length, totals, names);
    expect(s.pinned).toBe(1);
    expect(s.slots[0]).toBe(0);
    const rows = [...s.slots.subarray(0, s.count)];
    expect(rows).not.toContain(1); // excluded
    expect(rows).not.toContain(31); // itself
    expect(rows).toEqual([0, 30, 29, 28]);
  });

  it('asks the cmdline rules once per process', () => {
    const procs: Proc[] = Array.from({ length: 10 }, () => ({ cpu: 1, rss: 1, name: 'java' }));
    const { v, totals, names } = table(procs);
    const rules = new PinRules({ include_names: [], exclude_names: [], include_cmdlines: ['kafka'], exclude_cmdlines: [] });
    let reads = 0;
    const s = new TopNSelector({ ...OPTIONS, topN: 1 }, rules, (pid) => {
      reads++;
      return pid === 1007 ? 'java -cp kafka.jar' : 'java -jar app.jar';
    });
    s.select(v, 10, totals, names);
    expect(s.slots[0]).toBe(7);
    s.unmark(v);
    s.select(v, 10, totals, names);
    expect(reads).toBe(10);
  });
});
