// On BPF the exit tracker reports each ended process's whole life; the host's
// unattributed share must hold only what no read reported: an ended process
// counts from its last read (the live table's, or the sweep's record of a
// freed slot), or whole when no read saw it. A hand-made drain file stands
// in for the tracker (test/scan/exit-tracker.soak.test.ts runs the real one).

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CpuSampler } from '../../src/sampler/cpu-sampler.js';
import { BpfExitReader } from '../../src/scan/bpf-exit-reader.js';
import { EXIT_RECORD_BYTES, X_COMM, X_EXIT_NS, X_PID, X_PPID, X_RUNTIME_NS, X_SEQ, X_START_NS } from '../../src/scan/bpf-exit-record.js';
import { endedUnscannedCpuPercent } from '../../src/scan/ended-cpu.js';
import { READ_OK } from '../../src/table/layout.js';
import { ProcessTable } from '../../src/table/process-table.js';

const SYSTEM = { clockTicksPerSecond: 100, pageSizeBytes: 4096, hostCpus: 2 };
const NS_PER_TICK = 10_000_000;

interface Proc {
  pid: number;
  /** starttime, clock ticks after boot. */
  start: number;
  /** utime, clock ticks. */
  ticks: number;
}

interface Ended {
  pid: number;
  /** start_boottime, ns. */
  startNs: number;
  runtimeNs: number;
}

function setU64(col: Uint32Array, slot: number, value: number): void {
  col[2 * slot] = value % 4294967296;
  col[2 * slot + 1] = Math.floor(value / 4294967296);
}

/** One BPF tick as the scanner runs it: list, read, sweep, sample (no child times). */
function tick(table: ProcessTable, sampler: CpuSampler, procs: Proc[], atMs: number): void {
  table.reservePidList(procs.length);
  table.views.pidList.set(procs.map((p) => p.pid));
  table.assignSlots(procs.length);
  const v = table.views;
  procs.forEach((p, i) => {
    const slot = v.slotList[i];
    v.status[slot] = READ_OK;
    v.ppid[slot] = 1;
    v.threads[slot] = 1;
    setU64(v.starttime, slot, p.start);
    setU64(v.utime, slot, p.ticks);
    setU64(v.stime, slot, 0);
  });
  table.sweep();
  sampler.sample(v, procs.length, atMs, false);
}

const dir = mkdtempSync(join(tmpdir(), 'iw-ended-cpu-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A drain file as bpf/exit_tracker.bpf.c lays it out, read by the agent's reader. */
function drained(ended: Ended[]): BpfExitReader {
  const b = Buffer.alloc((ended.length + 1) * EXIT_RECORD_BYTES);
  b.writeBigUInt64LE(0xffffffffffffffffn, X_SEQ);
  b.writeBigUInt64LE(BigInt(ended.length), X_START_NS);
  ended.forEach((e, i) => {
    const at = (i + 1) * EXIT_RECORD_BYTES;
    b.writeBigUInt64LE(BigInt(i + 1), at + X_SEQ);
    b.writeBigUInt64LE(BigInt(e.startNs), at + X_START_NS);
    b.writeBigUInt64LE(BigInt(e.startNs + e.runtimeNs + 1), at + X_EXIT_NS);
    b.writeBigUInt64LE(BigInt(e.runtimeNs), at + X_RUNTIME_NS);
    b.writeUInt32LE(e.pid, at + X_PID);
    b.writeUInt32LE(1, at + X_PPID);
    b.write('job', at + X_COMM, 'latin1');
  });
  const file = join(dir, `drain-${Math.random()}`);
  writeFileSync(file, b);
  const reader = new BpfExitReader(file);
  reader.read();
  return reader;
}

describe('the ended processes of a tick (BPF)', () => {
  it('counts each from its last read, whole when none saw it, and the host adds up', () => {
    const table = new ProcessTable(16);
    const sampler = new CpuSampler(SYSTEM);
    tick(
      table,
      sampler,
      [
        { pid: 10, start: 500, ticks: 0 },
        { pid: 20, start: 1000, ticks: 100 },
      ],
      0,
    );
    tick(
      table,
      sampler,
      [
        { pid: 10, start: 500, ticks: 0 },
        { pid: 20, start: 1000, ticks: 150 },
      ],
      1000,
    );
    // Tick 3: pid 20 ended before the read (swept), pid 30 was read once and ended right after it.
    tick(
      table,
      sampler,
      [
        { pid: 10, start: 500, ticks: 40 },
        { pid: 30, start: 1100, ticks: 7 },
      ],
      2000,
    );
    const reader = drained([
      // 170 ticks of life, 150 up to its last read: 20 ticks = 200 ms.
      { pid: 20, startNs: 1000 * NS_PER_TICK, runtimeNs: 170 * NS_PER_TICK },
      // Read once at 7 ticks: 5 more = 50 ms.
      { pid: 30, startNs: 1100 * NS_PER_TICK + 3, runtimeNs: 12 * NS_PER_TICK },
      // Never read: all of its 300 ms.
      { pid: 40, startNs: 1150 * NS_PER_TICK, runtimeNs: 300_000_000 },
      // Pid 20 again, a later process on it that no read saw: all of its 100 ms, not less pid 20's 150 ticks.
      { pid: 20, startNs: 1180 * NS_PER_TICK, runtimeNs: 100_000_000 },
      // A runtime the ticks at the read round above (the read floors ns): nothing, not below 0.
      { pid: 10, startNs: 500 * NS_PER_TICK, runtimeNs: 40 * NS_PER_TICK - 5 },
    ]);
    const ended = endedUnscannedCpuPercent(reader, table, SYSTEM.clockTicksPerSecond, 1000);
    expect(ended).toBeCloseTo(20 + 5 + 30 + 10, 6);

    // 2 cpus, 60 % busy: 120 % of one core = 40 (pid 10) + 65 (ended) + 15 unattributed.
    sampler.attributeHost(60, ended);
    const t = sampler.totals;
    expect(t.cpuPercent).toBeCloseTo(40, 6);
    expect(t.endedCpuPercent).toBeCloseTo(65, 6);
    expect(t.unattributedCpuPercent).toBeCloseTo(15, 6);
    expect(t.cpuPercent + t.reapedChildrenCpuPercent + t.endedCpuPercent + t.unattributedCpuPercent!).toBeCloseTo(t.hostCpuPercent!, 6);
  });

  it('forgets the freed processes at the next sweep: a record drained later counts whole', () => {
    const table = new ProcessTable(16);
    const sampler = new CpuSampler(SYSTEM);
    tick(table, sampler, [{ pid: 20, start: 1000, ticks: 100 }], 0);
    tick(table, sampler, [], 1000);
    const swept = drained([{ pid: 20, startNs: 1000 * NS_PER_TICK, runtimeNs: 120 * NS_PER_TICK }]);
    expect(endedUnscannedCpuPercent(swept, table, SYSTEM.clockTicksPerSecond, 1000)).toBeCloseTo(20, 6);
    tick(table, sampler, [], 2000);
    const late = drained([{ pid: 20, startNs: 1000 * NS_PER_TICK, runtimeNs: 120 * NS_PER_TICK }]);
    expect(endedUnscannedCpuPercent(late, table, SYSTEM.clockTicksPerSecond, 1000)).toBeCloseTo(120, 6);
  });
});
