// ThreadCpuTable and BusiestThreads on records made here in the iterator's
// layout (bpf-task-record.ts): each thread's cpu% from its runtime between
// two reads, a reused tid is a new thread, and each row keeps its K
// busiest, busiest first, names and states copied for those only.

import { describe, expect, it } from 'vitest';
import { R_COMM, R_RUNTIME_NS, R_START_NS, R_STATE, R_TGID, R_TID, RECORD_BYTES } from '../../src/scan/bpf-task-record.js';
import { BusiestThreads } from '../../src/scan/busiest-threads.js';
import { ThreadCpuTable } from '../../src/scan/thread-cpu-table.js';

interface Task {
  tgid: number;
  tid: number;
  startNs?: number;
  runtimeNs: number;
  state?: string;
  name?: string;
}

function records(tasks: readonly Task[]): Uint8Array {
  const buf = new Uint8Array(tasks.length * RECORD_BYTES);
  const d = new DataView(buf.buffer);
  tasks.forEach((t, i) => {
    const at = i * RECORD_BYTES;
    d.setUint32(at + R_TGID, t.tgid, true);
    d.setUint32(at + R_TID, t.tid, true);
    d.setBigUint64(at + R_START_NS, BigInt(t.startNs ?? 1000), true);
    d.setBigUint64(at + R_RUNTIME_NS, BigInt(t.runtimeNs), true);
    buf[at + R_STATE] = (t.state ?? 'S').charCodeAt(0);
    buf.set(Buffer.from(t.name ?? `t${t.tid}`), at + R_COMM);
  });
  return buf;
}

function take(table: ThreadCpuTable, tasks: readonly Task[], atMs: number): void {
  table.take(records(tasks), tasks.length, atMs);
}

/** Row r's picks as plain objects. */
function picks(b: BusiestThreads, r: number) {
  const out = [];
  for (let e = r * b.k; e < r * b.k + b.counts[r]; e++) {
    out.push({ tid: b.tid[e], cpu: b.cpuPct[e], state: String.fromCharCode(b.state[e]), name: Buffer.from(b.name.subarray(e * 64, e * 64 + b.nameLen[e])).toString() });
  }
  return out;
}

describe('ThreadCpuTable', () => {
  it("gives each thread its runtime's rise over the wall between reads, as percent of one core", () => {
    const t = new ThreadCpuTable();
    take(
      t,
      [
        { tgid: 10, tid: 10, runtimeNs: 0 },
        { tgid: 10, tid: 11, runtimeNs: 5e9 },
      ],
      1000,
    );
    expect(Array.from(t.cpuPct.subarray(0, 2))).toEqual([Number.NaN, Number.NaN]);
    // 1 s of wall: 0.25 s and 1 s of runtime.
    take(
      t,
      [
        { tgid: 10, tid: 10, runtimeNs: 0.25e9 },
        { tgid: 10, tid: 11, runtimeNs: 6e9 },
        { tgid: 10, tid: 12, runtimeNs: 1e9 },
      ],
      2000,
    );
    expect(t.count).toBe(3);
    expect(t.cpuPct[0]).toBeCloseTo(25, 9);
    expect(t.cpuPct[1]).toBeCloseTo(100, 9);
    expect(t.cpuPct[2], 'a new thread has no cpu% on its first tick').toBeNaN();
  });

  it('takes a reused tid (another start time) for a new thread, and a thread gone for gone', () => {
    const t = new ThreadCpuTable();
    take(
      t,
      [
        { tgid: 10, tid: 11, runtimeNs: 9e9 },
        { tgid: 20, tid: 21, runtimeNs: 1e9 },
      ],
      0,
    );
    take(
      t,
      [
        { tgid: 30, tid: 11, startNs: 5000, runtimeNs: 1e6 },
        { tgid: 20, tid: 22, runtimeNs: 0 },
      ],
      1000,
    );
    expect(t.cpuPct[0]).toBeNaN();
    expect(t.cpuPct[1]).toBeNaN();
    take(
      t,
      [
        { tgid: 30, tid: 11, startNs: 5000, runtimeNs: 0.5e9 + 1e6 },
        { tgid: 20, tid: 22, runtimeNs: 0 },
      ],
      2000,
    );
    expect(t.cpuPct[0]).toBeCloseTo(50, 9);
    expect(t.cpuPct[1]).toBe(0);
  });
});

describe('BusiestThreads', () => {
  it("keeps each row's k busiest, busiest first, with their names and states; threads of other processes stay out", () => {
    const t = new ThreadCpuTable();
    const tasks = (r: number[]): Task[] => [
      { tgid: 5, tid: 5, runtimeNs: r[0], name: 'other' },
      { tgid: 40, tid: 40, runtimeNs: r[1], name: 'main' },
      { tgid: 40, tid: 41, runtimeNs: r[2], name: 'io', state: 'D' },
      { tgid: 40, tid: 42, runtimeNs: r[3], name: 'spinner', state: 'R' },
      { tgid: 40, tid: 43, runtimeNs: r[4], name: 'gc' },
      { tgid: 90, tid: 90, runtimeNs: r[5], name: 'solo', state: 'R' },
    ];
    take(t, tasks([0, 0, 0, 0, 0, 0]), 0);
    take(t, tasks([9e9, 0.1e9, 0.2e9, 0.9e9, 0.05e9, 0.3e9]), 1000);
    const b = new BusiestThreads(2);
    // Rows: process 90 then process 40, in slots 7 and 3.
    const pidOfSlot = new Int32Array(8);
    pidOfSlot[7] = 90;
    pidOfSlot[3] = 40;
    b.pickFor(Int32Array.of(7, 3), 2, pidOfSlot, t);
    expect(picks(b, 0)).toEqual([{ tid: 90, cpu: expect.closeTo(30, 9), state: 'R', name: 'solo' }]);
    expect(picks(b, 1)).toEqual([
      { tid: 42, cpu: expect.closeTo(90, 9), state: 'R', name: 'spinner' },
      { tid: 41, cpu: expect.closeTo(20, 9), state: 'D', name: 'io' },
    ]);
  });

  it('grows with the rows, and leaves threads without cpu% out', () => {
    const t = new ThreadCpuTable();
    const many = (runtime: number): Task[] => Array.from({ length: 300 }, (_, i) => ({ tgid: 1000 + i, tid: 1000 + i, runtimeNs: runtime * (i + 1) }));
    take(t, many(0), 0);
    take(t, [...many(1e6), { tgid: 1299, tid: 1300, runtimeNs: 1e9 }], 1000);
    const b = new BusiestThreads(3);
    const slots = Int32Array.from({ length: 300 }, (_, i) => i);
    const pids = Int32Array.from({ length: 300 }, (_, i) => 1000 + i);
    b.pickFor(slots, 300, pids, t);
    expect(picks(b, 299)).toEqual([{ tid: 1299, cpu: expect.closeTo(30, 9), state: 'S', name: 't1299' }]);
    expect(picks(b, 0)).toEqual([{ tid: 1000, cpu: expect.closeTo(0.1, 9), state: 'S', name: 't1000' }]);
  });
});
