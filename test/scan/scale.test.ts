// Scale: thousands of real processes in the live /proc. The test starts
// them in a process group of its own and kills exactly that group.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processRowOf } from '../../src/report/process-rows.js';
import { Scanner } from '../../src/scan/scanner.js';
import { scannerOptionsOf } from '../../src/agent-parts.js';
import { DEFAULT_CONFIG } from '../../src/config/schema.js';
import { READ_OK } from '../../src/table/layout.js';
import { startSleepers, type Sleepers } from '../helpers.js';

const COUNT = 2000;
let sleepers: Sleepers;
let pids: Set<number>;

beforeAll(async () => {
  sleepers = await startSleepers(COUNT);
  pids = new Set(sleepers.pids);
}, 120_000);

afterAll(() => sleepers.kill());

describe(`scanning ${COUNT} real processes`, () => {
  it('finds every one of them with its name and a plausible RSS', async () => {
    expect(pids.size).toBe(COUNT);
    // The procfs scanner's pool and kept fds (the BPF one: bpf-scanner.test.ts, bpf-vs-procfs.soak.test.ts).
    const s = new Scanner({ ...scannerOptionsOf(DEFAULT_CONFIG), source: 'procfs', poolSize: 2 });
    try {
      await s.scan();
      const r = await s.scan();
      expect(r.counters.listed).toBeGreaterThanOrEqual(COUNT);
      const v = s.views;
      const found = new Map<number, ReturnType<typeof processRowOf>>();
      for (let i = 0; i < r.counters.listed; i++) {
        const slot = v.slotList[i];
        if (v.status[slot] === READ_OK && pids.has(v.pid[slot])) found.set(v.pid[slot], processRowOf(v, slot, s.system, r.names));
      }
      expect(found.size).toBe(COUNT);
      for (const row of found.values()) {
        expect(row.commandName).toBe('sleep');
        expect(row.parentProcessId).toBe(sleepers.leader);
        expect(row.memoryResidentSizeBytes).toBeGreaterThan(64 * 1024);
        expect(row.memoryResidentSizeBytes).toBeLessThan(64 * 1024 * 1024);
        expect(row.cpuPercent, JSON.stringify(row)).not.toBeNull();
        expect(row.cpuPercent!).toBeLessThan(50);
      }
      expect(r.keptFds).toBeGreaterThanOrEqual(COUNT);
    } finally {
      await s.close();
    }
  });
});
