// Where the BPF scanner's tick goes (issue 18): the scan's phases timed in
// cpu (process.cpuUsage: every thread, user and kernel apart) over many
// ticks at each live process count, with the whole tick beside them. The
// phases are the methods scan() calls, each wrapped here with a cpu clock;
// "rest" is the tick less their sum (scan()'s own code, the wrappers'
// getrusage calls). Cpu, not wall: the machine is shared, and another
// process's turn on the core is not ours.
//
//   node dist/bench/bpf-tick-phases.js [--counts 3000,20000] [--ticks 200] [--no-exit-tracker]
//
// Needs root, bpffs and the BPF object (scripts/build-bpf.sh).

import { loadavg, availableParallelism } from 'node:os';
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { scannerOptionsOf } from '../src/agent-parts.js';
import { DEFAULT_CONFIG } from '../src/config/schema.js';
import { Scanner } from '../src/scan/scanner.js';
import { reachProcessCount } from './live-processes.js';

const PIN_DIR = '/sys/fs/bpf/infrawatch-bench-phases';

const { values: flags } = parseArgs({
  options: { counts: { type: 'string', default: '3000,20000' }, ticks: { type: 'string', default: '200' }, 'no-exit-tracker': { type: 'boolean' } },
});

interface Clock {
  user: number;
  system: number;
  calls: number;
}

/** Wraps `object[method]` so that its cpu time adds up in `clocks[label]`. */
function time(clocks: Map<string, Clock>, label: string, object: object | undefined, method: string): void {
  if (object === undefined) return;
  const target = object as Record<string, (...args: unknown[]) => unknown>;
  const original = target[method];
  const clock: Clock = { user: 0, system: 0, calls: 0 };
  clocks.set(label, clock);
  target[method] = function (this: unknown, ...args: unknown[]) {
    const c0 = process.cpuUsage();
    const r = original.apply(this, args);
    const c = process.cpuUsage(c0);
    clock.user += c.user;
    clock.system += c.system;
    clock.calls++;
    return r;
  };
}

/** The scanner's parts, which scan() calls (private fields, reached for the profile only). */
interface ScannerParts {
  bpf?: object;
  table: object;
  sampler: object;
  hostCpu: object;
  names: object;
  exits?: object;
  selector: object;
  aggregator: object;
}

async function profile(count: number, ticks: number): Promise<void> {
  const scanner = new Scanner({
    ...scannerOptionsOf({ ...DEFAULT_CONFIG, exit_tracker: flags['no-exit-tracker'] !== true }),
    source: 'bpf',
    bpfPinPath: `${PIN_DIR}/tasks`,
  });
  if (scanner.result.scanner !== 'bpf') throw new Error(`the BPF scanner did not load: ${scanner.sourceWhy}`);
  const parts = scanner as unknown as ScannerParts;
  const clocks = new Map<string, Clock>();
  time(clocks, 'iterator read (kernel walk + copy)', parts.bpf, 'read');
  time(clocks, 'listInto (leaders → pid list)', parts.bpf, 'listInto');
  time(clocks, 'assignSlots (pid → slot map)', parts.table, 'assignSlots');
  time(clocks, 'fill (records → columns, cputime_adjust)', parts.bpf, 'fill');
  time(clocks, 'sweep', parts.table, 'sweep');
  time(clocks, 'cpu% (sampler.sample)', parts.sampler, 'sample');
  time(clocks, 'host cpu (/proc/stat)', parts.hostCpu, 'sample');
  time(clocks, 'name ids (assignScanned)', parts.names, 'assignScanned');
  time(clocks, 'exit tracker drain', parts.exits, 'drain');
  time(clocks, 'Top-N (selector.select)', parts.selector, 'select');
  time(clocks, 'tail aggregates (sumTail)', parts.aggregator, 'sumTail');
  time(clocks, 'unmark', parts.selector, 'unmark');
  for (let i = 0; i < 5; i++) await scanner.scan(); // warm: JIT, slots, names
  for (const c of clocks.values()) Object.assign(c, { user: 0, system: 0, calls: 0 });
  const load0 = loadavg()[0];
  const c0 = process.cpuUsage();
  let wallMs = 0;
  for (let i = 0; i < ticks; i++) {
    const t0 = performance.now();
    await scanner.scan();
    wallMs += performance.now() - t0;
  }
  const total = process.cpuUsage(c0);
  await scanner.close();
  const perTick = (us: number) => us / 1000 / ticks;
  const totalMs = perTick(total.user + total.system);
  console.log(
    `\n${scanner.result.counters.listed} processes (target ${count}), ${ticks} ticks, load average ${load0.toFixed(1)} → ${loadavg()[0].toFixed(1)}: ` +
      `${totalMs.toFixed(3)} ms cpu a tick (user ${perTick(total.user).toFixed(3)}, kernel ${perTick(total.system).toFixed(3)}), wall ${(wallMs / ticks).toFixed(3)} ms`,
  );
  console.log(`  ${'phase'.padEnd(42)} ${'cpu ms'.padStart(8)} ${'user'.padStart(8)} ${'kernel'.padStart(8)} ${'share'.padStart(7)}`);
  let phases = 0;
  for (const [label, c] of clocks) {
    const ms = perTick(c.user + c.system);
    phases += ms;
    console.log(
      `  ${label.padEnd(42)} ${ms.toFixed(3).padStart(8)} ${perTick(c.user).toFixed(3).padStart(8)} ${perTick(c.system).toFixed(3).padStart(8)} ${((100 * ms) / totalMs).toFixed(1).padStart(6)}%`,
    );
  }
  const rest = totalMs - phases;
  console.log(`  ${'rest (scan() itself, the clocks)'.padEnd(42)} ${rest.toFixed(3).padStart(8)} ${''.padStart(8)} ${''.padStart(8)} ${((100 * rest) / totalMs).toFixed(1).padStart(6)}%`);
}

console.log(`BPF tick phases: node ${process.version}, nproc ${availableParallelism()}`);
try {
  for (const target of flags.counts.split(',').map(Number)) {
    const reached = await reachProcessCount(target);
    try {
      await profile(target, Number(flags.ticks));
    } finally {
      await reached.stop();
    }
  }
} finally {
  rmSync(PIN_DIR, { recursive: true, force: true });
}
