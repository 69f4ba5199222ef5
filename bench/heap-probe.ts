// Allocation probe, run by scan.bench.ts as a child process with
//   node --expose-gc --max-semi-space-size=256 heap-probe.js scan ROOT TICKS
//   node --expose-gc --max-semi-space-size=256 heap-probe.js selection K TICKS
//   node --expose-gc --max-semi-space-size=256 heap-probe.js sketch N TICKS
// The young generation is made large enough that no collection can happen
// inside a measured window, so the growth of the used heap across it is
// exactly what the window allocated. `scan` runs the whole tick with pool
// size 0 (the same reader, on this thread) so that every byte lands in this
// one heap, and measures the /proc listing alone beside it; `selection`
// runs the smart-mode sampler alone on a synthetic table of K processes;
// `sketch` adds N values to a DDSketch (and resets it) per window.
// Any GC inside a window is detected and reported, never averaged in.

import { readdirSync } from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import { scannerOptionsOf } from '../src/agent-parts.js';
import { DEFAULT_CONFIG } from '../src/config/schema.js';
import { Scanner } from '../src/scan/scanner.js';
import { selectionParts, selectionTick, syntheticTable } from './selection.bench.js';
import { sampleValues } from './sketch.bench.js';
import { DDSketch } from '../src/sketch/ddsketch.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

const windows: Array<[number, number]> = [];
let gcInWindow = 0;
const observer = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    if (windows.some(([a, b]) => e.startTime >= a && e.startTime <= b)) gcInWindow++;
  }
});
observer.observe({ entryTypes: ['gc'] });

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Bytes the heap grew across each call of `fn`, after a full GC. */
async function allocated(fn: () => unknown): Promise<number> {
  gc!();
  const t0 = performance.now();
  const before = getHeapStatistics().used_heap_size;
  const kept = await fn(); // kept alive until measured
  const bytes = getHeapStatistics().used_heap_size - before;
  windows.push([t0, performance.now()]);
  if (kept === windows) throw new Error('unreachable');
  return bytes;
}

const [mode, arg, ticksArg] = process.argv.slice(2);
const ticks = Number(ticksArg ?? 20);
// Warm until the JIT has settled: the first ticks deoptimise and recompile
// (each costs a few hundred kB of one-off allocation).
const WARM_TICKS = 40;

if (mode === 'scan') {
  const scanner = new Scanner({ ...scannerOptionsOf({ ...DEFAULT_CONFIG, proc_root: arg }), poolSize: 0 });
  for (let i = 0; i < WARM_TICKS; i++) await scanner.scan();
  const tickBytes: number[] = [];
  const listingBytes: number[] = [];
  for (let i = 0; i < ticks; i++) {
    listingBytes.push(await allocated(() => readdirSync(arg)));
    tickBytes.push(await allocated(() => scanner.scan()));
  }
  const pids = scanner.result.counters.listed;
  await scanner.close();
  report({
    pids,
    tickBytes: median(tickBytes),
    listingBytes: median(listingBytes),
    // readdirSync's own allocation varies by ±10 % from call to call.
    listingMaxBytes: Math.max(...listingBytes),
  });
} else if (mode === 'selection') {
  const k = Number(arg);
  const { v, totals } = syntheticTable(k, 500);
  const { names, selector, aggregator } = selectionParts();
  for (let i = 0; i < WARM_TICKS; i++) selectionTick(v, k, totals, names, selector, aggregator);
  const bytes: number[] = [];
  for (let i = 0; i < ticks; i++) bytes.push(await allocated(() => selectionTick(v, k, totals, names, selector, aggregator)));
  report({ processes: k, tickBytes: median(bytes) });
} else if (mode === 'sketch') {
  const values = sampleValues(Number(arg));
  const sketch = new DDSketch();
  const addAll = () => {
    sketch.reset();
    for (let i = 0; i < values.length; i++) sketch.add(values[i]);
  };
  for (let i = 0; i < WARM_TICKS; i++) addAll();
  const bytes: number[] = [];
  for (let i = 0; i < ticks; i++) bytes.push(await allocated(addAll));
  report({ values: values.length, tickBytes: median(bytes) });
} else {
  throw new Error(`usage: heap-probe.js scan ROOT TICKS | selection K TICKS | sketch N TICKS (got ${mode})`);
}

function report(figures: Record<string, number>): void {
  setTimeout(() => {
    observer.disconnect();
    process.stdout.write(JSON.stringify({ ...figures, gcInWindow, ticks }) + '\n');
  }, 50); // let the observer deliver
}
