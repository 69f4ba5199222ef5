// Allocation probe, run by scan.bench.ts as a child process with
//   node --expose-gc --max-semi-space-size=256 heap-per-tick.js ROOT TICKS
// The young generation is made large enough that no collection can happen
// during a tick, so the growth of the used heap across one tick is exactly
// what the tick allocated. The scan runs with pool size 0 (the same reader,
// on this thread) so that every byte lands in this one heap. Any GC inside
// a measured window is detected and reported, never silently averaged in.

import { readdirSync } from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import { Scanner } from '../src/scan/scanner.js';
import { scannerOptionsOf } from '../src/agent.js';
import { DEFAULT_CONFIG } from '../src/config/schema.js';

const [root, ticksArg] = process.argv.slice(2);
const ticks = Number(ticksArg ?? 20);
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

function used(): number {
  return getHeapStatistics().used_heap_size;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const scanner = new Scanner({ ...scannerOptionsOf({ ...DEFAULT_CONFIG, proc_root: root }), poolSize: 0 });
// Warm until the JIT has settled: the first ticks deoptimise and recompile
// (each costs a few hundred kB of one-off allocation).
for (let i = 0; i < 40; i++) await scanner.scan();

const tickBytes: number[] = [];
const listingBytes: number[] = [];
for (let i = 0; i < ticks; i++) {
  gc();
  let t0 = performance.now();
  let before = used();
  const names = readdirSync(root);
  listingBytes.push(used() - before);
  windows.push([t0, performance.now()]);
  if (names.length < 0) break; // keep the listing alive until measured

  gc();
  t0 = performance.now();
  before = used();
  await scanner.scan();
  tickBytes.push(used() - before);
  windows.push([t0, performance.now()]);
}
await new Promise((r) => setTimeout(r, 50)); // let the observer deliver
observer.disconnect();
const pids = scanner.result.counters.listed;
await scanner.close();
process.stdout.write(
  JSON.stringify({
    pids,
    tickBytes: median(tickBytes),
    listingBytes: median(listingBytes),
    // readdirSync's own allocation varies by ±10 % from call to call.
    listingMaxBytes: Math.max(...listingBytes),
    gcInWindow,
    ticks,
  }) + '\n',
);
