// npm run bench: what one scan costs per pid, side by side with the floors
// and the usual alternatives, on the live /proc (with thousands of real
// sleeping processes) and on generated trees of 1,000 to 50,000 pids. Then
// the JS heap allocated per tick, and the agent's RSS on the live host.
//
//   npm run bench [-- --quick] [-- --sleepers N]
//
// Every figure is a median over repeated runs on the same input. cpu µs/pid
// is the process's cpu time (all threads: getrusage) over the run, divided
// by runs and pids; wall µs/pid is tinybench's median latency per pid.

import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import pidusage from 'pidusage';
import { Bench } from 'tinybench';
import { pidOfEntry } from '../src/procfs/list-pids.js';
import { autoPoolSize } from '../src/scan/scan-pool.js';
import { Scanner } from '../src/scan/scanner.js';
import { packageRoot } from '../src/paths.js';
import { naiveScan } from './naive-scan.js';
import { procTree } from './proc-trees.js';
import { startSleepers } from './sleepers.js';

const { values: flags } = parseArgs({
  options: { quick: { type: 'boolean' }, sleepers: { type: 'string' } },
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
}

async function measureTask(name: string, pids: number, fn: () => unknown): Promise<Measure> {
  for (let i = 0; i < 3; i++) await fn(); // warm: JIT, fds opened, slots taken
  const bench = new Bench({ time: benchTimeMs, iterations: 10, warmup: false });
  bench.add(name, fn);
  const cpu0 = process.cpuUsage();
  await bench.run();
  const cpu = process.cpuUsage(cpu0);
  const task = bench.tasks[0];
  const result = task.result;
  if (result.state !== 'completed') throw new Error(`${name}: ${result.state}`);
  return {
    name,
    wallUs: (result.latency.p50 * 1000) / pids,
    cpuUs: (cpu.user + cpu.system) / task.runs / pids,
  };
}

function heapPerTick(root: string): { pids: number; tickBytes: number; listingBytes: number; gcInWindow: number } {
  const probe = join(packageRoot, 'dist', 'bench', 'heap-per-tick.js');
  const out = execFileSync(process.execPath, ['--expose-gc', '--max-semi-space-size=256', probe, root, quick ? '7' : '15'], { encoding: 'utf8' });
  return JSON.parse(out);
}

function row(label: string, wall: number, cpu: number, floor: Floor | undefined): string {
  const ratio = (x: number | undefined) => (x === undefined ? '     -' : (cpu / x).toFixed(2).padStart(6));
  return `  ${label.padEnd(34)} ${wall.toFixed(2).padStart(8)} ${cpu.toFixed(2).padStart(8)}   ${ratio(floor && floor.openclose.cpuNs / 1000)}   ${ratio(floor && floor.pread.cpuNs / 1000)}`;
}

async function scenario(title: string, root: string, live: boolean, cBin: string | undefined): Promise<void> {
  const pids = readdirSync(root).filter((n) => pidOfEntry(n) > 0).length;
  console.log(`\n${title}: ${pids} pids`);
  console.log(`  ${''.padEnd(34)} ${'wall'.padStart(8)} ${'cpu'.padStart(8)}   ${'cpu ×'.padStart(6)}   ${'cpu ×'.padStart(6)}`);
  console.log(`  ${'(µs per pid per tick)'.padEnd(34)} ${'µs/pid'.padStart(8)} ${'µs/pid'.padStart(8)}   ${'C o/r/c'.padStart(6)}  ${'C pread'.padStart(6)}`);
  const floor = cFloor(cBin, root);
  if (floor) {
    console.log(row('C open/read/close (no parse)', floor.openclose.wallNs / 1000, floor.openclose.cpuNs / 1000, floor));
    console.log(row(`C pread, fds kept (${floor.pread.keptFds} kept)`, floor.pread.wallNs / 1000, floor.pread.cpuNs / 1000, floor));
  }
  const poolSize = autoPoolSize();
  for (const size of [poolSize, 0]) {
    const scanner = new Scanner({ procRoot: root, poolSize: size, keepStatFds: true, fdReserve: 256, topN: 20 });
    const m = await measureTask(`infrawatch scan, pool ${size}`, pids, () => scanner.scan());
    const label = size === 0 ? 'infrawatch scan, in-thread' : `infrawatch scan, pool of ${size}`;
    console.log(row(label, m.wallUs, m.cpuUs, floor) + `   (kept fds ${scanner.result.keptFds}, fallback reads ${scanner.result.fallbackReads})`);
    await scanner.close();
  }
  const naive = await measureTask('naive', pids, () => naiveScan(root));
  console.log(row('naive readFileSync + split', naive.wallUs, naive.cpuUs, floor));
  if (live) {
    const list = readdirSync(root).map(pidOfEntry).filter((p) => p > 0);
    const m = await measureTask('pidusage', pids, () => pidusage(list).catch(() => undefined));
    console.log(row('pidusage (npm)', m.wallUs, m.cpuUs, floor));
  }
  const heap = heapPerTick(root);
  const beyond = heap.tickBytes - heap.listingBytes;
  console.log(
    `  JS heap per tick (in-thread scan): ${heap.tickBytes} bytes; the /proc listing alone ${heap.listingBytes}; ` +
      `beyond the listing ${beyond} (${(beyond / heap.pids).toFixed(2)} bytes/pid)` +
      (heap.gcInWindow > 0 ? `  [WARNING: ${heap.gcInWindow} GC(s) inside a measured window]` : ''),
  );
}

async function agentRss(seconds: number): Promise<{ rssMb: number; hwmMb: number; ticks: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'iw-bench-agent-'));
  const config = join(dir, 'agent.yaml');
  writeFileSync(config, `interval_seconds: 1\nlog_level: info\nspool_dir: ${join(dir, 'spool')}\n`);
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

async function main(): Promise<void> {
  console.log(`infrawatch bench: node ${process.version}, nproc ${availableParallelism()}, pool size auto = ${autoPoolSize()}${quick ? ', quick' : ''}`);
  const cBin = cFloorBinary();
  const sleepers = await startSleepers(sleeperCount);
  try {
    await scenario(`live /proc with ${sleeperCount} sleeping processes started by the bench`, '/proc', true, cBin);
    const rss = await agentRss(quick ? 6 : 12);
    console.log(
      `  agent RSS (infrawatch run, default pool, interval 1 s, after ${rss.ticks} ticks): ${rss.rssMb.toFixed(1)} MB now, ${rss.hwmMb.toFixed(1)} MB peak`,
    );
  } finally {
    sleepers.kill();
  }
  for (const count of quick ? [1000, 10000] : [1000, 10000, 50000]) {
    await scenario(`generated tree of ${count} pids`, procTree(count), false, cBin);
  }
  if (!existsSync('/proc/self/stat')) console.log('note: no /proc on this machine');
}

await main();
