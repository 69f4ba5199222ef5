import { describe, expect, it } from 'vitest';
import { CpuSampler } from '../../src/sampler/cpu-sampler.js';
import { PF_KTHREAD, READ_DENIED, READ_MALFORMED, READ_OK, READ_REUSED, READ_VANISHED } from '../../src/table/layout.js';
import { attachViews, createSharedTable, type TableViews } from '../../src/table/shared-table.js';

const SYSTEM = { clockTicksPerSecond: 100, pageSizeBytes: 4096, hostCpus: 2 };

function setU64(col: Uint32Array, slot: number, value: number): void {
  col[2 * slot] = value % 4294967296;
  col[2 * slot + 1] = Math.floor(value / 4294967296);
}

function table(n: number): TableViews {
  const v = attachViews(createSharedTable(n, n));
  for (let i = 0; i < n; i++) {
    v.slotList[i] = i;
    v.status[i] = READ_OK;
    v.threads[i] = 1;
  }
  return v;
}

describe('CpuSampler', () => {
  it('gives no cpu% on the first tick, then Δticks / (Δs · CLK_TCK) · 100 with user and system parts', () => {
    const v = table(1);
    const sampler = new CpuSampler(SYSTEM);
    setU64(v.utime, 0, 1000);
    setU64(v.stime, 0, 500);
    sampler.sample(v, 1, 10_000, true);
    expect(v.cpuPct[0]).toBeNaN();
    expect(sampler.counters.newProcesses).toBe(1);
    expect(sampler.totals.cpuPercent).toBe(0);

    // 2 s later: +150 user ticks, +50 system ticks at 100 ticks/s.
    setU64(v.utime, 0, 1150);
    setU64(v.stime, 0, 550);
    sampler.sample(v, 1, 12_000, true);
    expect(v.cpuUserPct[0]).toBeCloseTo(75, 10);
    expect(v.cpuSystemPct[0]).toBeCloseTo(25, 10);
    expect(v.cpuPct[0]).toBeCloseTo(100, 10);
    expect(sampler.counters.newProcesses).toBe(0);
    expect(sampler.totals.cpuPercent).toBeCloseTo(100, 10);
  });

  it('clamps a counter that went backwards to zero and counts it', () => {
    const v = table(1);
    const sampler = new CpuSampler(SYSTEM);
    setU64(v.utime, 0, 1000);
    sampler.sample(v, 1, 0, true);
    setU64(v.utime, 0, 900);
    setU64(v.stime, 0, 100);
    sampler.sample(v, 1, 1000, true);
    expect(sampler.counters.counterBackwards).toBe(1);
    expect(v.cpuUserPct[0]).toBe(0);
    expect(v.cpuSystemPct[0]).toBe(100);
    expect(v.cpuPct[0]).toBeGreaterThanOrEqual(0);
  });

  it('clamps an impossible figure to 100 × host cpus, keeping the user/system split', () => {
    const v = table(1);
    const sampler = new CpuSampler(SYSTEM);
    sampler.sample(v, 1, 0, true);
    setU64(v.utime, 0, 900); // 900 ticks in 1 s = 900 %, on a 2-cpu host
    setU64(v.stime, 0, 300);
    sampler.sample(v, 1, 1000, true);
    expect(sampler.counters.cpuClamped).toBe(1);
    expect(v.cpuPct[0]).toBeCloseTo(200, 10);
    expect(v.cpuUserPct[0]).toBeCloseTo(150, 10);
    expect(v.cpuSystemPct[0]).toBeCloseTo(50, 10);
  });

  it('counts each failure kind separately and keeps failed reads out of the totals', () => {
    const v = table(6);
    v.status[1] = READ_VANISHED;
    v.status[2] = READ_DENIED;
    v.status[3] = READ_MALFORMED;
    v.status[4] = READ_REUSED;
    v.flags[5] = PF_KTHREAD;
    for (let i = 0; i < 6; i++) setU64(v.rssPages, i, 10);
    const sampler = new CpuSampler(SYSTEM);
    sampler.sample(v, 6, 0, true);
    expect(sampler.counters).toMatchObject({ listed: 6, scanned: 3, vanished: 1, denied: 1, malformed: 1, pidsReused: 1, newProcesses: 3 });
    expect(sampler.totals).toMatchObject({ processCount: 3, kernelThreadCount: 1, threadCount: 3, memoryResidentSizeBytes: 3 * 10 * 4096 });
  });

  it('a reused pid starts over: no cpu% from the old process\'s ticks', () => {
    const v = table(1);
    const sampler = new CpuSampler(SYSTEM);
    setU64(v.utime, 0, 5000);
    sampler.sample(v, 1, 0, true);
    setU64(v.utime, 0, 10);
    v.status[0] = READ_REUSED;
    sampler.sample(v, 1, 1000, true);
    expect(v.cpuPct[0]).toBeNaN();
    expect(sampler.counters.counterBackwards).toBe(0);
    v.status[0] = READ_OK;
    setU64(v.utime, 0, 60);
    sampler.sample(v, 1, 2000, true);
    expect(v.cpuPct[0]).toBeCloseTo(50, 10);
  });
});
