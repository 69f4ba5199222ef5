// npm run bench: what one scan costs per pid, side by side with the floors
// and the usual alternatives, on the live /proc (with thousands of real
// sleeping processes) and on generated trees of 1,000 to 50,000 pids. Then
// the JS heap allocated per tick, and the agent's RSS on the live host.
//
//   npm run bench [-- --quick] [-- --sleepers N]
//   node dist/bench/scan.bench.js --bpf-only     the BPF sections alone (scanner, process_threads, exit tracker)
//   node dist/bench/scan.bench.js --threads-only process_threads' cost alone
//
// With root and the BPF object built (scripts/build-bpf.sh), the BPF task
// iterator's scan runs beside them, and a section compares its whole tick
// with procfs's and the C pread floor at 1k–20k live processes (issue 18).
//
// Every figure is a median over repeated runs on the same input, all methods
// side by side in one run. Per pid and tick:
//   wall  tinybench's median latency of one whole call (for infrawatch: the
//         tick: list, read and parse, cpu%, Top-N, sweep)
//   cpu   the process's cpu time (all threads: getrusage) over the run
//   scan  list + read + parse into the table only (infrawatch's own phase
//         timings, wall, across the pool): the figure the targets
//         compare with the C floors; for the other methods, their wall.

import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { Bench } from 'tinybench';
import { pidOfEntry } from '../src/procfs/list-pids.js';
import { autoPoolSize } from '../src/scan/scan-pool.js';
import { Scanner } from '../src/scan/scanner.js';
import { scannerOptionsOf } from '../src/agent-parts.js';
import { DEFAULT_CONFIG } from '../src/config/schema.js';
import { packageRoot } from '../src/paths.js';
import { naiveScan } from './naive-scan.js';
import { captureStats, parseNsPerPid } from './parse-stat.bench.js';
import { parseStatInto } from '../src/procfs/parse-stat.js';
import { procTree } from './proc-trees.js';
import { startSleepers } from './sleepers.js';
import { reachProcessCount, type ProcessCount } from './live-processes.js';
import { selectionNsPerProcess, wireBytes } from './selection.bench.js';
import { addsPerSecond, sampleValues, sketchBookCost, windowBytes } from './sketch.bench.js';
import { exitTrackerSection } from './exit-tracker.bench.js';

const { values: flags } = parseArgs({
  options: { quick: { type: 'boolean' }, sleepers: { type: 'string' }, 'bpf-only': { type: 'boolean' }, 'threads-only': { type: 'boolean' } },
});
const quick = flags.quick === true;
const sleeperCount = Number(flags.sleepers ?? (quick ? 1000 : 3000));
const benchTimeMs = quick ? 500 : 1500;
const buildDir = join(packageRoot, 'bench', 'build');

function cFloorBinary(): string | undefined {
  const bin = join(buildDir, 'stat-floor');
  const src = join(packageRoot, 'bench', 'stat-floor.c');
  const cc = spawnSync('sh', ['-c', 'command -v cc'], { encoding: 'utf8' }).stdout.trim();
  if (cc === '') {
    console.log('note: no C compiler (cc) on this machine: the C floors are skipped');
    return undefined;
  }
  mkdirSync(buildDir, { recursive: true });
  execFileSync(cc, ['-O2', '-o', bin, src]);
  return bin;
}

interface Floor {
  openclose: { wallNs: number; cpuNs: number };
  pread: { wallNs: number; cpuNs: number; keptFds: number };
}

function cFloor(bin: string | undefined, root: string): Floor | undefined {
  if (bin === undefined) return undefined;
  return JSON.parse(execFileSync(bin, [root, quick ? '7' : '21'], { encoding: 'utf8' })) as Floor;
}

interface Measure {
  name: string;
  /** Median wall time per pid, µs. */
  wallUs: number;
  /** Process cpu time (all threads) per pid, µs. */
  cpuUs: number;
  /** List + read + parse per pid, µs (median); the wall for non-infrawatch methods. */
  scanUs: number;
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function measureTask(name: string, pids: number, fn: () => unknown, scanMs?: () => number): Promise<Measure> {
  for (let i = 0; i < 3; i++) await fn(); // warm: JIT, fds opened, slots taken
  const bench = new Bench({ time: benchTimeMs, iterations: 10, warmup: false });
  const scans: number[] = [];
  bench.add(name, fn, { afterEach: () => void (scanMs && scans.push(scanMs())) });
  const cpu0 = process.cpuUsage();
  await bench.run();
  const cpu = process.cpuUsage(cpu0);
  const task = bench.tasks[0];
  const result = task.result;
  if (result.state !== 'completed') throw new Error(`${name}: ${result.state}`);
  const wallUs = (result.latency.p50 * 1000) / pids;
  return {
    name,
    wallUs,
    cpuUs: (cpu.user + cpu.system) / task.runs / pids,
    scanUs: scanMs ? (median(scans) * 1000) / pids : wallUs,
  };
}

function heapProbe<T>(mode: 'scan' | 'selection' | 'sketch', arg: string): T & { gcInWindow: number } {
  const probe = join(packageRoot, 'dist', 'bench', 'heap-probe.js');
  const out = execFileSync(process.execPath, ['--expose-gc', '--max-semi-space-size=256', probe, mode, arg, quick ? '9' : '21'], { encoding: 'utf8' });
  return JSON.parse(out);
}

function gcWarning(gcInWindow: number): string {
  return gcInWindow > 0 ? `  [WARNING: ${gcInWindow} GC(s) inside a measured window]` : '';
}

function row(label: string, wall: number, cpu: number, scan: number, floor: Floor | undefined): string {
  const ratio = (x: number | undefined) => (x === undefined ? '     -' : (scan / x).toFixed(2).padStart(6));
  const f = (x: number) => x.toFixed(2).padStart(7);
  return `  ${label.padEnd(34)} ${f(wall)} ${f(cpu)} ${f(scan)}   ${ratio(floor && floor.openclose.wallNs / 1000)}   ${ratio(floor && floor.pread.wallNs / 1000)}`;
}

async function scenario(title: string, root: string, live: boolean, cBin: string | undefined): Promise<void> {
  const pids = readdirSync(root).filter((n) => pidOfEntry(n) > 0).length;
  console.log(`\n${title}: ${pids} pids`);
  console.log(`  ${'µs per pid and tick'.padEnd(34)} ${'wall'.padStart(7)} ${'cpu'.padStart(7)} ${'scan'.padStart(7)}   ${'scan ×'.padStart(6)}   ${'scan ×'.padStart(6)}`);
  console.log(`  ${''.padEnd(34)} ${''.padStart(7)} ${''.padStart(7)} ${''.padStart(7)}  ${'C o/r/c'.padStart(7)}  ${'C pread'.padStart(7)}`);
  const floor = cFloor(cBin, root);
  if (floor) {
    const oc = floor.openclose;
    const pr = floor.pread;
    console.log(row('C open/read/close (no parse)', oc.wallNs / 1000, oc.cpuNs / 1000, oc.wallNs / 1000, floor));
    console.log(row(`C pread, fds kept (${pr.keptFds} kept)`, pr.wallNs / 1000, pr.cpuNs / 1000, pr.wallNs / 1000, floor));
  }
  const poolSize = autoPoolSize();
  // The default pool first, then every core busy, then no worker at all.
  for (const size of [...new Set([poolSize, availableParallelism(), 0])]) {
    const scanner = new Scanner({ ...scannerOptionsOf({ ...DEFAULT_CONFIG, proc_root: root }), source: 'procfs', poolSize: size });
    const phases = () => scanner.result.timings.listMs + scanner.result.timings.readMs;
    const m = await measureTask(`infrawatch, pool ${size}`, pids, () => scanner.scan(), phases);
    const label = size === 0 ? 'infrawatch, in-thread (pool 0)' : `infrawatch, pool of ${size}${size === poolSize ? ' (default)' : ''}`;
    console.log(row(label, m.wallUs, m.cpuUs, m.scanUs, floor) + `   kept fds ${scanner.result.keptFds}, fallback reads ${scanner.result.fallbackReads}`);
    await scanner.close();
  }
  if (live) {
    const bpf = bpfScanner(root, 'live');
    if (bpf !== undefined) {
      const phases = () => bpf.result.timings.listMs + bpf.result.timings.readMs;
      const m = await measureTask('infrawatch, BPF', pids, () => bpf.scan(), phases);
      console.log(row('infrawatch, BPF task iterator', m.wallUs, m.cpuUs, m.scanUs, floor));
      await bpf.close();
    }
  }
  const naive = await measureTask('naive', pids, () => naiveScan(root));
  console.log(row('naive readFileSync + split', naive.wallUs, naive.cpuUs, naive.scanUs, floor));
  if (live) {
    const probe = join(packageRoot, 'dist', 'bench', 'pidusage-probe.js');
    const m = JSON.parse(execFileSync(process.execPath, [probe, String(benchTimeMs)], { encoding: 'utf8' })) as { wallUs: number; cpuUs: number };
    console.log(row('pidusage (npm, own process)', m.wallUs, m.cpuUs, m.wallUs, floor));
    const parse = await parseNsPerPid(captureStats(root), { parseStatInto });
    console.log(`  stat parser alone (texts captured from this /proc, one reused buffer): ${parse.parseStatInto.toFixed(0)} ns/pid`);
  }
  const heap = heapProbe<{ pids: number; tickBytes: number; listingBytes: number; listingMaxBytes: number }>('scan', root);
  const perPid = (bytes: number) => (bytes / heap.pids).toFixed(1);
  console.log(
    `  JS heap per tick (in-thread scan, medians): tick ${heap.tickBytes} B (${perPid(heap.tickBytes)} B/pid); ` +
      `the /proc listing alone ${heap.listingBytes} B, up to ${heap.listingMaxBytes} B (${perPid(heap.listingBytes)}–${perPid(heap.listingMaxBytes)} B/pid); ` +
      `beyond the listing: ${heap.tickBytes - heap.listingBytes} B` +
      gcWarning(heap.gcInWindow),
  );
}

async function agentRss(seconds: number, scanner: 'bpf' | 'procfs'): Promise<{ rssMb: number; hwmMb: number; ticks: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'iw-bench-agent-'));
  const config = join(dir, 'agent.yaml');
  writeFileSync(config, `interval_seconds: 1\nlog_level: info\nspool_dir: ${join(dir, 'spool')}\nscanner: ${scanner}\nbpf_pin_path: ${BENCH_PIN_DIR}/agent\n`);
  const child = spawn(process.execPath, [join(packageRoot, 'dist', 'src', 'cli.js'), 'run', '--config', config], { stdio: ['ignore', 'pipe', 'inherit'] });
  let ticks = 0;
  child.stdout!.on('data', (d: Buffer) => (ticks += d.toString().split('"msg":"tick"').length - 1));
  await sleep(seconds * 1000);
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  child.kill('SIGINT');
  await new Promise((r) => child.once('exit', r));
  rmSync(dir, { recursive: true, force: true });
  return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024, ticks };
}

async function sketchSection(): Promise<void> {
  const values = sampleValues(100_000);
  const rate = await addsPerSecond(values);
  const heap = heapProbe<{ values: number; tickBytes: number }>('sketch', '100000');
  console.log(
    `\nsketches: values added per second, ours ${(rate.ours / 1e6).toFixed(1)} M, @datadog/sketches-js accept ${(rate.datadog / 1e6).toFixed(1)} M ` +
      `(${(rate.ours / rate.datadog).toFixed(1)}×); JS heap per 100,000 values ${heap.tickBytes} B${gcWarning(heap.gcInWindow)}`,
  );
  const book = await sketchBookCost(3000, 500);
  console.log(
    `  per tick in the agent (cpu% and RSS into the host's and each name's sketches), 3,000 processes, 500 names: ` +
      `${book.nsPerProcess.toFixed(1)} ns per process; ${book.keys} keyed sketch pairs, ${(book.binBytes / 1048576).toFixed(2)} MiB of bins in all`,
  );
  const w = windowBytes(3000, 6);
  console.log(
    `  one 60 s window (6 ticks × 3,000 processes, cpu and RSS, host key): sketches ${w.sketchBytes} B against ${w.rawBytes} B of raw float64 values (${(100 * (1 - w.sketchBytes / w.rawBytes)).toFixed(1)} % fewer)`,
  );
}

/** The smart-mode sampler alone (name ids, score, heap, tail), and wire bytes smart vs raw. */
async function smartModeSection(): Promise<void> {
  console.log('\nsmart-mode selection (name ids, score, Top-N heap, per-name tail) on synthetic tables, 500 names, N = 20:');
  for (const k of [3000, 50000]) {
    const ns = await selectionNsPerProcess(k, 500);
    const heap = heapProbe<{ tickBytes: number }>('selection', String(k));
    console.log(`  ${String(k).padStart(6)} processes: ${ns.toFixed(1)} ns per process; JS heap per tick ${heap.tickBytes} B${gcWarning(heap.gcInWindow)}`);
  }
  const tree = procTree(10000);
  const w = await wireBytes(tree);
  console.log(wireLine('generated tree of 10,000 pids', w));
}

function wireLine(title: string, w: Awaited<ReturnType<typeof wireBytes>>): string {
  const cut = (a: number, b: number) => `${(100 * (1 - a / b)).toFixed(1)} % fewer`;
  return (
    `  wire per tick, ${title}: raw ${w.raw.rows} rows, ${w.raw.bytes} B (${w.raw.gzipBytes} B gzip); ` +
    `smart ${w.smart.rows} rows + ${w.smart.aggregates} aggregates, ${w.smart.bytes} B (${w.smart.gzipBytes} B gzip): ` +
    `series ${cut(w.smart.rows + w.smart.aggregates, w.raw.rows)}, bytes ${cut(w.smart.bytes, w.raw.bytes)}, gzip bytes ${cut(w.smart.gzipBytes, w.raw.gzipBytes)}`
  );
}

const BENCH_PIN_DIR = '/sys/fs/bpf/infrawatch-bench';

/** A Scanner on the BPF iterator, or undefined (said why) where it cannot load: not root, no object, no bpffs. */
function bpfScanner(root: string, pin: string, threadsTop = 0): Scanner | undefined {
  const scanner = new Scanner({ ...scannerOptionsOf({ ...DEFAULT_CONFIG, proc_root: root, process_threads: { top: threadsTop } }), source: 'bpf', bpfPinPath: `${BENCH_PIN_DIR}/${pin}` });
  if (scanner.result.scanner === 'bpf') return scanner;
  console.log(`  note: the BPF scanner is skipped: ${scanner.sourceWhy}`);
  void scanner.close();
  return undefined;
}

/**
 * Issue 18's figure: the whole tick's cpu (all threads, the kernel's share
 * included) with the BPF scanner against the procfs scanner and the C pread
 * floor, at 1k, 3k, 10k and 20k live processes: sleepers make up the
 * count, within 3 %, and each round's are gone from /proc before the next
 * counts; the count printed is the one measured, with the load average.
 */
async function bpfSection(cBin: string | undefined): Promise<void> {
  console.log('\nBPF task iterator against procfs, whole tick (list, read, cpu%, Top-N, sweep), ms of cpu per tick (all threads):');
  console.log(`  ${'processes'.padStart(9)} ${'BPF'.padStart(8)} ${'procfs'.padStart(8)} ${'C pread'.padStart(8)}   ${'BPF/procfs'.padStart(10)} ${'BPF/C pread'.padStart(11)}`);
  for (const target of quick ? [1000, 3000] : [1000, 3000, 10000, 20000]) {
    let reached: ProcessCount;
    try {
      reached = await reachProcessCount(target);
    } catch (err) {
      console.log(`  ${String(target).padStart(9)} skipped: ${(err as Error).message}`);
      continue;
    }
    try {
      const pids = reached.count;
      const bpf = bpfScanner('/proc', `n${target}`);
      if (bpf === undefined) return;
      const procfs = new Scanner({ ...scannerOptionsOf(DEFAULT_CONFIG), source: 'procfs' });
      const b = await measureTask('bpf', pids, () => bpf.scan());
      const p = await measureTask('procfs', pids, () => procfs.scan());
      await bpf.close();
      await procfs.close();
      const floor = cFloor(cBin, '/proc');
      const ms = (usPerPid: number) => (usPerPid * pids) / 1000;
      const c = floor === undefined ? Number.NaN : ms(floor.pread.cpuNs / 1000);
      console.log(
        `  ${String(pids).padStart(9)} ${ms(b.cpuUs).toFixed(2).padStart(8)} ${ms(p.cpuUs).toFixed(2).padStart(8)} ${c.toFixed(2).padStart(8)}   ` +
          `${(b.cpuUs / p.cpuUs).toFixed(2).padStart(10)} ${(ms(b.cpuUs) / c).toFixed(2).padStart(11)}   load ${loadavg()[0].toFixed(1)}`,
      );
    } finally {
      await reached.stop();
    }
  }
}

/**
 * process_threads' cost: the BPF scan's whole tick with the option off and
 * with each row's 5 busiest threads, at ~3,000 live processes (sleepers
 * make up the count), each measured twice, interleaved, against the noise
 * of a shared machine.
 */
async function threadsSection(): Promise<void> {
  const target = 3000;
  const live = () => readdirSync('/proc').filter((n) => pidOfEntry(n) > 0).length;
  const extra = Math.max(0, target - live());
  const sleepers = extra > 0 ? await startSleepers(extra) : undefined;
  try {
    const pids = live();
    // /proc/loadavg's fourth field: running / every task the kernel has (the iterator's records).
    const tasks = readFileSync('/proc/loadavg', 'latin1').split(' ')[3].split('/')[1];
    const off = bpfScanner('/proc', 'threads_off');
    const on = bpfScanner('/proc', 'threads_on', 5);
    if (off === undefined || on === undefined) return;
    const ms = (usPerPid: number) => (usPerPid * pids) / 1000;
    const runs = { off: [] as number[], on: [] as number[] };
    for (let i = 0; i < 2; i++) {
      runs.off.push(ms((await measureTask('threads off', pids, () => off.scan())).cpuUs));
      runs.on.push(ms((await measureTask('threads on', pids, () => on.scan())).cpuUs));
    }
    await off.close();
    await on.close();
    const best = (xs: number[]) => Math.min(...xs);
    console.log(`\nprocess_threads (BPF scanner, ${pids} processes, ${tasks} tasks, top_n ${DEFAULT_CONFIG.top_n}), whole tick, ms of cpu per tick (all threads; best of 2 runs, load average ${loadavg()[0].toFixed(1)}):`);
    console.log(`  off (the default) ${best(runs.off).toFixed(2).padStart(8)}   runs ${runs.off.map((x) => x.toFixed(2)).join(', ')}`);
    console.log(`  top: 5            ${best(runs.on).toFixed(2).padStart(8)}   runs ${runs.on.map((x) => x.toFixed(2)).join(', ')}   on/off ${(best(runs.on) / best(runs.off)).toFixed(2)}`);
  } finally {
    sleepers?.kill();
  }
}

async function main(): Promise<void> {
  console.log(`infrawatch bench: node ${process.version}, nproc ${availableParallelism()}, pool size auto = ${autoPoolSize()}${quick ? ', quick' : ''}`);
  const cBin = cFloorBinary();
  if (flags['threads-only']) {
    await threadsSection();
    rmSync(BENCH_PIN_DIR, { recursive: true, force: true });
    return;
  }
  if (flags['bpf-only']) {
    await bpfSection(cBin);
    await threadsSection();
    rmSync(BENCH_PIN_DIR, { recursive: true, force: true });
    await exitTrackerSection(quick);
    return;
  }
  // The live /proc first, while the kernel's caches hold only it (after the
  // 50,000-pid tree, every read of the live /proc measured slower).
  const sleepers = await startSleepers(sleeperCount);
  try {
    await scenario(`live /proc with ${sleeperCount} sleeping processes started by the bench`, '/proc', true, cBin);
    console.log(wireLine('live /proc', await wireBytes('/proc')));
    for (const scanner of ['procfs', 'bpf'] as const) {
      const rss = await agentRss(quick ? 6 : 12, scanner);
      console.log(
        `  agent RSS (infrawatch run, scanner ${scanner}, default pool, interval 1 s, after ${rss.ticks} ticks): ${rss.rssMb.toFixed(1)} MB now, ${rss.hwmMb.toFixed(1)} MB peak`,
      );
    }
  } finally {
    await sleepers.stop();
  }
  await bpfSection(cBin);
  await threadsSection();
  rmSync(BENCH_PIN_DIR, { recursive: true, force: true });
  await exitTrackerSection(quick);
  await sketchSection();
  await smartModeSection();
  for (const count of quick ? [1000, 10000] : [1000, 10000, 50000]) {
    await scenario(`generated tree of ${count} pids`, procTree(count), false, cBin);
  }
  if (!existsSync('/proc/self/stat')) console.log('note: no /proc on this machine');
}

await main();
