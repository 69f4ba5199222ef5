// The BPF exit tracker's cost (issue 18), in npm run bench after the BPF
// scanner's section: what the agent pays a tick to drain it (the read of
// the pinned drain and the summaries, empty and with 2,000 and 10,000
// exits waiting), and what the kernel pays for its programs while 2,000
// processes a second start and end (the programs' own run time, from the
// kernel's BPF stats, switched on for the measure and restored).
// Needs root, bpffs, cc and the objects scripts/build-bpf.sh builds; says
// why and skips otherwise.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Bench } from 'tinybench';
import { scannerOptionsOf } from '../src/agent-parts.js';
import { DEFAULT_CONFIG } from '../src/config/schema.js';
import { packageRoot } from '../src/paths.js';
import { EXIT_TRACKER_LOADER, EXIT_TRACKER_OBJECT } from '../src/scan/bpf-pin.js';
import { ExitTracker } from '../src/scan/exit-tracker.js';
import { EphemeralSummarizer } from '../src/report/ephemeral-summary.js';
import { Scanner } from '../src/scan/scanner.js';

const PIN_DIR = '/sys/fs/bpf/infrawatch-bench-exits';
const STATS = '/proc/sys/kernel/bpf_stats_enabled';

function workloadBinary(): string {
  const bin = join(packageRoot, 'bench', 'build', 'short-lived');
  mkdirSync(join(packageRoot, 'bench', 'build'), { recursive: true });
  execFileSync('cc', ['-O2', '-o', bin, join(packageRoot, 'test', 'scan', 'workloads', 'short-lived.c')]);
  return bin;
}

/** run_time_ns and run_cnt of the program behind a pinned link (kernel BPF stats). */
function progStats(link: string): { ns: number; runs: number } {
  const l = JSON.parse(execFileSync('bpftool', ['link', 'show', 'pinned', link, '-j'], { encoding: 'utf8' })) as { prog_id: number };
  const p = JSON.parse(execFileSync('bpftool', ['prog', 'show', 'id', String(l.prog_id), '-j'], { encoding: 'utf8' })) as { run_time_ns?: number; run_cnt?: number };
  return { ns: p.run_time_ns ?? 0, runs: p.run_cnt ?? 0 };
}

function median(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
}

export async function exitTrackerSection(quick: boolean): Promise<void> {
  console.log('\nBPF exit tracker: the drain a tick (read + summaries), and its programs at 2,000 exits a second:');
  const missing = [EXIT_TRACKER_OBJECT, EXIT_TRACKER_LOADER].find((f) => !existsSync(f));
  if (missing !== undefined || process.getuid?.() !== 0 || spawnSync('sh', ['-c', 'command -v cc']).status !== 0) {
    console.log(`  note: skipped: ${missing !== undefined ? `no ${missing}` : process.getuid?.() !== 0 ? 'not root' : 'no cc'}`);
    return;
  }
  const bin = workloadBinary();
  rmSync(PIN_DIR, { recursive: true, force: true });
  const statsBefore = readFileSync(STATS, 'utf8').trim();
  const scanner = new Scanner({ ...scannerOptionsOf(DEFAULT_CONFIG), source: 'procfs', exitTracker: false });
  try {
    await scanner.scan(); // a scanned tick's name table
    const tracker = new ExitTracker(PIN_DIR, new EphemeralSummarizer(scanner.system.pageSizeBytes));
    const drain = () => tracker.drain(scanner.result.names);
    const bench = new Bench({ time: quick ? 300 : 1000, iterations: 20 });
    bench.add('empty drain', drain);
    await bench.run();
    const empty = bench.tasks[0].result;
    if (empty.state !== 'completed') throw new Error(`empty drain: ${empty.state}`);
    console.log(`  drain, nothing ended:        ${empty.latency.p50.toFixed(3)} ms wall (median)`);
    for (const n of [2000, 10000]) {
      const wall: number[] = [];
      const cpu: number[] = [];
      let exits = 0;
      for (let rep = 0; rep < (quick ? 2 : 5); rep++) {
        drain();
        execFileSync(bin, ['clone', 'iw-bench-exit', String(rep), '1', '2', '0', `5000:${n}`]);
        const t0 = performance.now();
        const c0 = process.cpuUsage();
        exits = drain().exits;
        const c = process.cpuUsage(c0);
        wall.push(performance.now() - t0);
        cpu.push((c.user + c.system) / 1000);
      }
      console.log(`  drain, ${String(n).padStart(5)} ended waiting: ${median(wall).toFixed(2)} ms wall, ${median(cpu).toFixed(2)} ms cpu (median; ${exits} read in the last)`);
    }
    writeFileSync(STATS, '1');
    const seconds = quick ? 2 : 5;
    const s0 = { stamp: progStats(join(PIN_DIR, 'stamp_exit')), record: progStats(join(PIN_DIR, 'record_exit')), drain: progStats(join(PIN_DIR, 'exits')) };
    const t0 = performance.now();
    execFileSync(bin, ['clone', 'iw-bench-exit', '7', '1', '500', '400', `2000:${2000 * seconds}`]);
    const elapsed = (performance.now() - t0) / 1000;
    const ended = drain().exits;
    const s1 = { stamp: progStats(join(PIN_DIR, 'stamp_exit')), record: progStats(join(PIN_DIR, 'record_exit')) };
    const stampNs = s1.stamp.ns - s0.stamp.ns;
    const recordNs = s1.record.ns - s0.record.ns;
    const switches = s1.record.runs - s0.record.runs;
    console.log(
      `  programs at 2,000 exits/s (${2000 * seconds} processes of 1–500 ms over ${elapsed.toFixed(1)} s, ${ended} drained): ` +
        `${((stampNs + recordNs) / 1e6 / elapsed).toFixed(2)} ms of cpu a second (${((stampNs + recordNs) / 1e7 / elapsed).toFixed(3)} % of a core); ` +
        `sched_process_exit ${(stampNs / Math.max(1, s1.stamp.runs - s0.stamp.runs)).toFixed(0)} ns a run, ` +
        `sched_switch ${(recordNs / Math.max(1, switches)).toFixed(0)} ns a run over ${(switches / elapsed).toFixed(0)} switches/s`,
    );
  } finally {
    writeFileSync(STATS, statsBefore);
    await scanner.close();
    rmSync(PIN_DIR, { recursive: true, force: true });
  }
}
