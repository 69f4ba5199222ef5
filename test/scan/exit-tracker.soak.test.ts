// The short-lived process tracker against the parent's own count (issue
// 18): 10,500 processes of 1–500 ms, started at known rates up to 2,000 a
// second by a small C program compiled here, while the scan runs on BPF
// with the exit tracker and drains it once a second, as the agent does.
// The parent reaps every child with wait4, sums their rusage and lists
// their pids; the tracker's drains must hold every one of those pids, and
// its summaries, added up over the ticks (the first drain's included),
// match the count, the exit codes and the parent's name exactly and the
// cpu time within 1 %. (Two faults of CI runs were the test's and the
// table's: the drain of the scan 50 ms after the start was left out of the
// sums, 2 to 33 processes; and the last children of a parent that exited
// were drained after the table had dropped it, unnamed.)
//
// Two workloads at once, each under a name of its own: 10,000 children
// started with clone(CLONE_VM) (a fork on this 2-core VM costs ~2 ms of
// cpu under load, so forks cannot reach 2,000 a second), and 500 real
// forks (a copied and torn-down mm, as a shell's children have).
// Structured for another leg: `runWorkloads(source)` runs the same
// workloads under any scanner; the procfs leg (no tracker: cutime/cstime
// and the unattributed row) can add its own assertions on the ticks.
//
// Needs root, bpffs, cc and the objects `npm run build` makes when clang,
// bpftool, cc and libbpf-dev are installed (.ci/run installs them):
// without them it fails and says so. A soak test: ~15 s of a loaded
// machine's forks.

import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scannerOptionsOf } from '../../src/agent-parts.js';
import { DEFAULT_CONFIG } from '../../src/config/schema.js';
import { EphemeralSummarizer, type ProcessEphemeral } from '../../src/report/ephemeral-summary.js';
import { EXIT_TRACKER_LOADER, EXIT_TRACKER_OBJECT } from '../../src/scan/bpf-pin.js';
import type { BpfExitReader } from '../../src/scan/bpf-exit-reader.js';
import type { ScannerSource } from '../../src/scan/bpf-source.js';
import type { ExitSummarizer } from '../../src/scan/ephemeral.js';
import { Scanner } from '../../src/scan/scanner.js';

const BPFFS = '/sys/fs/bpf';
const SOURCE = fileURLToPath(new URL('./workloads/short-lived.c', import.meta.url));
const TICK_MS = 1000;

interface ParentReport {
  phases: { rate: number; count: number; seconds: number }[];
  started: number;
  reaped: number;
  cpu_ns: number;
  rusage_children_ns: number;
  codes: number[];
  /** The pids it started (the workload's PIDS_FILE). */
  pids: number[];
}

interface Workload {
  name: string;
  mode: 'fork' | 'clone';
  phases: string[];
}

// Names of this run's own (a comm holds 15 bytes): the tracker records every exit on the host, and
// another run of this test at the same time must not add to this one's counts.
const PARENT_NAME = `iw-sl-${process.pid}`;
const WORKLOADS: Workload[] = [
  { name: `iw-c-${process.pid}`, mode: 'clone', phases: ['500:1000', '1000:3000', '2000:6000'] },
  { name: `iw-f-${process.pid}`, mode: 'fork', phases: ['100:500'] },
];
const MIN_MS = 1;
const MAX_MS = 500;
const BUSY_MAX_US = 400;

let dir: string;
let pinDir: string;
let program: string;
const groups: number[] = [];

function mountBpffs(): void {
  try {
    execFileSync('mountpoint', ['-q', BPFFS]);
  } catch {
    execFileSync('mount', ['-t', 'bpf', 'bpf', BPFFS]);
  }
}

/** The stdin of each workload started and waiting: ending it starts its children. */
const waiting: NodeJS.WritableStream[] = [];

/**
 * Runs one workload in a process group of its own, its children held back until its stdin
 * (in `waiting`) is ended; resolves with what the parent measured and the pids it started.
 */
function runWorkload(w: Workload, seed: number, lingerMs: number): Promise<ParentReport> {
  const pidsFile = join(dir, `${w.name}.pids`);
  const child = spawn(program, [w.mode, w.name, String(seed), String(MIN_MS), String(MAX_MS), String(BUSY_MAX_US), ...w.phases], {
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, LINGER_MS: String(lingerMs), PIDS_FILE: pidsFile, START_ON_STDIN: '1' },
  });
  groups.push(child.pid!);
  waiting.push(child.stdin);
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d));
  child.stderr.on('data', (d: Buffer) => (err += d));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${program} ${w.mode} exited ${code}: ${err}`));
      const pids = readFileSync(pidsFile, 'utf8').trim().split('\n').map(Number);
      resolve({ ...(JSON.parse(out) as Omit<ParentReport, 'pids'>), pids });
    });
  });
}

interface Summed {
  count: number;
  cpuNs: number;
  byParent: Map<string, number>;
  codes: Map<number, number>;
  lifetimeMaxMs: number;
  /** Each tick's lifetime median and the count it is the median of. */
  p50s: { p50: number; count: number }[];
}

/** What the procfs fallback reported over the ticks: the cpu charged to each workload's parent, and the host's shares. */
interface Fallback {
  /** Per workload (WORKLOADS order): reapedChildrenCpuPercent of its parent, as ms of cpu over the ticks. */
  chargedMs: number[];
  /** Per tick: the host's busy cpu, the unattributed share, and (BPF) the ended processes' unreported cpu and whole lives, percent of one core. */
  host: { hostCpuPercent: number; unattributedCpuPercent: number; endedCpuPercent: number; endedLivesCpuPercent: number }[];
}

/** What the drains held of the workloads. */
interface Drained {
  /** Per workload name: the pid of every process the tracker recorded under it, and its parent's pid as recorded. */
  pids: Map<string, Map<number, number>>;
  /** The ring's header at the last drain: processes seen ending, written (dropped included), dropped, recorded at their exit. */
  header: { ended: number; written: number; dropped: number; atExit: number };
}

/** The agent's summarizer, noting on the side every workload process the drains held (to tell which pids were missed). */
function recordingSummarizer(pageSizeBytes: number, drained: Drained): ExitSummarizer {
  const inner = new EphemeralSummarizer(pageSizeBytes);
  const note = (reader: BpfExitReader) => {
    for (let i = 0; i < reader.count; i++) {
      const name = Buffer.from(reader.bytes.subarray(reader.commAt(i), reader.commAt(i) + reader.commLen(i))).toString();
      drained.pids.get(name)?.set(reader.pid(i), reader.ppid(i));
    }
    drained.header = { ended: reader.endedTotal, written: reader.writtenTotal, dropped: reader.droppedTotal, atExit: reader.recordedAtExitTotal };
  };
  return {
    startFrom: (reader) => inner.startFrom(reader),
    summarize: (reader, ...rest) => {
      note(reader);
      return inner.summarize(reader, ...rest);
    },
  };
}

/** Runs the workloads while a Scanner on `source` ticks every TICK_MS; returns the parents' reports, every tick's ephemeral and the pids drained. */
async function runWorkloads(source: ScannerSource): Promise<{ reports: ParentReport[]; ticks: ProcessEphemeral[]; scanner: string; fallback: Fallback; drained: Drained }> {
  const drained: Drained = { pids: new Map(WORKLOADS.map((w) => [w.name, new Map()])), header: { ended: 0, written: 0, dropped: 0, atExit: 0 } };
  const scanner = new Scanner({
    ...scannerOptionsOf({ ...DEFAULT_CONFIG, proc_root: '/proc' }),
    source,
    bpfPinPath: join(pinDir, 'tasks'),
    exitTracker: true,
    exitSummarizer: (pageSizeBytes) => recordingSummarizer(pageSizeBytes, drained),
    poolSize: 0,
  });
  const ticks: ProcessEphemeral[] = [];
  const fallback: Fallback = { chargedMs: WORKLOADS.map(() => 0), host: [] };
  const parents = groups.length;
  // Every scan is told its read time, and the charge converts the parents' cpu% back to ms over the same
  // times: over the clock read after each scan (as before), a loaded machine's uneven scan durations put
  // the procfs leg off by up to 313 ms of 2,687.
  let lastAt = 0;
  const scan = async () => {
    const at = performance.now();
    return { r: await scanner.scan(at), at };
  };
  /** After a scan: what it charged each workload's parent (a group leader: its pid is the group's id). */
  const charge = ({ r, at }: Awaited<ReturnType<typeof scan>>) => {
    const v = scanner.views;
    for (let k = 0; k < WORKLOADS.length; k++) {
      const slot = groups[parents + k] === undefined ? -1 : scanner.table.slotOf(groups[parents + k]);
      const pct = slot < 0 ? Number.NaN : v.childCpuPct[slot];
      if (!Number.isNaN(pct)) fallback.chargedMs[k] += (pct / 100) * (at - lastAt);
    }
    lastAt = at;
    const t = r.totals;
    const lives = (r.ephemeral?.byName ?? []).reduce((n, e) => n + e.cpuPercent, 0);
    if (t.hostCpuPercent !== undefined && t.unattributedCpuPercent !== undefined)
      fallback.host.push({ hostCpuPercent: t.hostCpuPercent, unattributedCpuPercent: t.unattributedCpuPercent, endedCpuPercent: t.endedCpuPercent, endedLivesCpuPercent: lives });
  };
  try {
    const { r: first, at: firstAt } = await scan();
    lastAt = firstAt;
    if (first.exitTrackerFailure !== undefined) throw new Error(first.exitTrackerFailure);
    let running = true;
    // On procfs the parents outlive their last reap by a tick and a half: a scan reads their final cutime.
    const done = Promise.all(WORKLOADS.map((w, i) => runWorkload(w, 1 + i, source === 'procfs' ? 1.5 * TICK_MS : 0))).finally(() => (running = false));
    done.catch(() => {});
    // Ticks until the workloads end, and two more: a process is recorded when
    // the kernel frees it, an RCU grace period after its reap.
    let after = 0;
    // The parents' first reads, before they start their children: the fallback charges a parent from its
    // second read on, the rise of its cutime + cstime (a child reaped before the first read would be in its
    // baseline, never charged). Its drain is a tick like any other.
    await sleep(50);
    const firstRead = await scan();
    if (firstRead.r.ephemeral !== undefined) ticks.push(firstRead.r.ephemeral);
    charge(firstRead);
    for (const stdin of waiting.splice(0)) stdin.end();
    while (running || after++ < 2) {
      await sleep(TICK_MS);
      const next = await scan();
      const r = next.r;
      if (r.exitTrackerFailure !== undefined) throw new Error(r.exitTrackerFailure);
      if (r.ephemeral !== undefined) ticks.push(r.ephemeral);
      charge(next);
    }
    return { reports: await done, ticks, scanner: scanner.result.scanner, fallback, drained };
  } finally {
    await scanner.close();
  }
}

function summed(ticks: ProcessEphemeral[], name: string): Summed {
  const s: Summed = { count: 0, cpuNs: 0, byParent: new Map(), codes: new Map(), lifetimeMaxMs: 0, p50s: [] };
  for (const t of ticks) {
    for (const e of t.byName) {
      if (e.processDisplayName !== name) continue;
      s.count += e.processCount;
      s.cpuNs += (e.cpuPercent / 100) * t.intervalMs * 1e6;
      s.lifetimeMaxMs = Math.max(s.lifetimeMaxMs, e.lifetimeMaxMs);
      s.p50s.push({ p50: e.lifetimeP50Ms, count: e.processCount });
      for (const c of e.exitCodes) s.codes.set(c.exitCode, (s.codes.get(c.exitCode) ?? 0) + c.count);
    }
  }
  return s;
}

beforeAll(() => {
  for (const f of [EXIT_TRACKER_OBJECT, EXIT_TRACKER_LOADER]) {
    if (!existsSync(f)) throw new Error(`missing ${f}: install clang, llvm, bpftool, gcc and libbpf-dev (Debian), then npm run build`);
  }
  if (process.getuid?.() !== 0) throw new Error('loading the BPF exit tracker needs root (CAP_BPF, CAP_PERFMON)');
  mountBpffs();
  dir = mkdtempSync(join(tmpdir(), 'iw-exit-tracker-'));
  pinDir = mkdtempSync(join(BPFFS, 'iw-exit-tracker-test-'));
  program = join(dir, PARENT_NAME);
  try {
    execFileSync('cc', ['-O2', '-o', program, SOURCE], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (err) {
    throw new Error(`cc could not build ${SOURCE} (Debian package gcc): ${(err as Error).message}`);
  }
});

afterAll(() => {
  for (const pgid of groups) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // ended already
    }
  }
  // Removing the pins detaches the tracker: it records nothing once its test is done.
  if (pinDir) rmSync(pinDir, { recursive: true, force: true });
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the BPF exit tracker against the parent', () => {
  it('records each of 10,500 short-lived processes started at up to 2,000 a second: the count, exit codes and parent exact, the cpu time within 1 %', async () => {
    const { reports, ticks, scanner, fallback, drained } = await runWorkloads('bpf');
    expect(scanner).toBe('bpf');
    // The host's accounting: each tick takes from the host only the part of the ended processes' lives that no read saw.
    const mean = (f: (h: Fallback['host'][number]) => number) => fallback.host.reduce((n, h) => n + f(h), 0) / fallback.host.length;
    console.log(
      `BPF: host busy ${mean((h) => h.hostCpuPercent).toFixed(1)} % of one core a tick, ended processes ${mean((h) => h.endedLivesCpuPercent).toFixed(1)} % (whole lives), of which no read saw ${mean((h) => h.endedCpuPercent).toFixed(1)} %; unattributed ${mean((h) => h.unattributedCpuPercent).toFixed(1)} %`,
    );
    expect(fallback.host.length).toBeGreaterThan(3);
    expect(mean((h) => h.endedCpuPercent)).toBeGreaterThan(0);
    for (const h of fallback.host) expect(h.endedCpuPercent).toBeLessThanOrEqual(h.endedLivesCpuPercent * (1 + 1e-9) + 1e-9);
    const lost = ticks.reduce((n, t) => n + t.lost, 0);
    const started = reports.reduce((n, r) => n + r.started, 0);
    const h = drained.header;
    console.log(
      `exit tracker: ${started} processes, ${ticks.length} ticks, lost ${lost}; the ring since loaded: ${h.ended} seen ending, ${h.written} written (${h.atExit} at their exit, for want of a mark), ${h.dropped} dropped; phases ${JSON.stringify(reports.map((r) => r.phases))}`,
    );
    expect(lost).toBe(0);
    for (const [i, w] of WORKLOADS.entries()) {
      const parent = reports[i];
      expect(parent.reaped).toBe(parent.started);
      const s = summed(ticks, w.name);
      // Every pid the parent started and reaped was drained, none twice, no other under its name, each with
      // its parent's pid.
      const got = drained.pids.get(w.name)!;
      const missed = parent.pids.filter((pid) => !got.has(pid));
      const parentPid = groups[groups.length - WORKLOADS.length + i];
      const otherParent = [...got].filter(([, ppid]) => ppid !== parentPid).length;
      console.log(`${w.name}: ${got.size} pids drained; missed ${missed.length} ${JSON.stringify(missed.slice(0, 20))}; recorded with another parent than ${parentPid}: ${otherParent}`);
      expect(missed).toEqual([]);
      expect(got.size).toBe(parent.pids.length);
      expect(otherParent).toBe(0);
      console.log(
        `${w.name}: parent ${parent.reaped} processes, ${(parent.cpu_ns / 1e6).toFixed(1)} ms cpu; tracker ${s.count}, ${(s.cpuNs / 1e6).toFixed(1)} ms; lifetime p50s ${s.p50s.map((p) => `${p.p50.toFixed(0)} (${p.count})`).join(' ')} ms, max ${s.lifetimeMaxMs.toFixed(0)} ms`,
      );
      expect(s.count).toBe(parent.reaped);
      expect(Math.abs(s.cpuNs - parent.cpu_ns)).toBeLessThanOrEqual(parent.cpu_ns * 0.01);
      // Exit codes i % 4, exactly as the parent counted them.
      expect(Object.fromEntries(s.codes)).toEqual(Object.fromEntries(parent.codes.map((n, c) => [c, n]).filter(([, n]) => n > 0)));
      // Lifetimes of 1–500 ms, uniform: the ticks' medians, weighted by their counts, near 250 ms (a tick's
      // own median leans long at the end, when only the long-lived are left); none far past 500 ms
      // (a loaded machine wakes them late).
      const weight = s.p50s.reduce((n, p) => n + p.count, 0);
      const median = s.p50s.reduce((sum, p) => sum + p.p50 * p.count, 0) / weight;
      expect(weight).toBe(s.count);
      expect(median).toBeGreaterThan(150);
      expect(median).toBeLessThan(350);
      expect(s.lifetimeMaxMs).toBeLessThan(MAX_MS + 1500);
    }
    // The per-parent summary names their parent for every one of them, the last ones included, which are
    // drained after their parent has ended and left the process table.
    const named = ticks.flatMap((t) => t.byParent).filter((p) => p.processDisplayName === PARENT_NAME);
    expect(named.reduce((n, p) => n + p.processCount, 0)).toBe(started);
  });

  it('on the procfs fallback: charges their cpu to their parents within 1 %, and reports the unattributed share of the host', async () => {
    const { reports, ticks, scanner, fallback } = await runWorkloads('procfs');
    expect(scanner).toBe('procfs');
    expect(ticks).toEqual([]); // no tracker without BPF
    for (const h of fallback.host) expect(h.endedCpuPercent).toBe(0);
    for (const [i, w] of WORKLOADS.entries()) {
      const parent = reports[i];
      const measuredMs = parent.rusage_children_ns / 1e6;
      console.log(`${w.name} on procfs: parent measured ${measuredMs.toFixed(1)} ms of its children's cpu; charged to it ${fallback.chargedMs[i].toFixed(1)} ms`);
      // cutime + cstime are whole clock ticks truncated from ns: two ticks of slack beside the 1 %.
      expect(Math.abs(fallback.chargedMs[i] - measuredMs)).toBeLessThanOrEqual(measuredMs * 0.01 + 20);
    }
    const mean = (f: (h: Fallback['host'][number]) => number) => fallback.host.reduce((n, h) => n + f(h), 0) / fallback.host.length;
    expect(fallback.host.length).toBeGreaterThan(3);
    console.log(`procfs fallback: host busy ${mean((h) => h.hostCpuPercent).toFixed(1)} % of one core a tick, unattributed ${mean((h) => h.unattributedCpuPercent).toFixed(1)} %`);
    for (const h of fallback.host) {
      expect(h.unattributedCpuPercent).toBeGreaterThanOrEqual(0);
      expect(h.unattributedCpuPercent).toBeLessThanOrEqual(h.hostCpuPercent);
    }
  });
});
