// npm run bench (or node dist/bench/filter-plugin.bench.js): what the
// WebAssembly filter plugins cost (issue 19), on the live /proc at the
// default config (top_n 20):
//   per row        the example plugin (plugins/redact-tenant.wat) over a
//                  row's command line and user name: the live rows (most
//                  hold no tenant: the plugin answers KEEP) and the same
//                  rows each given a tenant name to mask (a replacement)
//   per aggregate  the same plugin over an aggregate row's display name
//   share          the plugins' time in a whole tick (scan, rows with their
//                  files, aggregates, plugins), median over ticks
//   fuel           how much cpu each mix of instructions of
//                  test/fixtures/plugins/burn.wat takes to run out of a
//                  call's fuel (FUEL_PER_CALL): the slowest mix is the
//                  ~10 ms a call may take
//   rss            the process's RSS before and after loading the plugin
// Needs the plugins built (npm run build: wat2wasm, Debian's wabt).

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Bench } from 'tinybench';
import { enricherFor, scannerFor } from '../src/agent-parts.js';
import { DEFAULT_CONFIG } from '../src/config/schema.js';
import { FUEL_PER_CALL, FilterPlugin, type FilterField } from '../src/filter/filter-plugin.js';
import { PluginFilters } from '../src/filter/plugin-filters.js';
import { newSigningKey, publicKeyOf, signPlugin } from '../src/filter/plugin-signature.js';
import { packageRoot } from '../src/paths.js';
import { TickPipeline } from '../src/pipeline/tick-pipeline.js';
import type { ProcessRow } from '../src/report/process-rows.js';

const built = (rel: string) => {
  const file = join(packageRoot, 'dist', rel);
  if (!existsSync(file)) throw new Error(`${file} is missing: npm run build makes it with wat2wasm (Debian package wabt)`);
  return file;
};

const dir = mkdtempSync(join(tmpdir(), 'iw-filter-bench-'));
const key = newSigningKey();
function signed(rel: string): { path: string; signature: string } {
  const path = built(rel);
  const signature = join(dir, `${rel.replace(/\//g, '_')}.sig`);
  writeFileSync(signature, signPlugin(readFileSync(path), key.privateKeyPem));
  return { path, signature };
}

function filtersOf(fields: FilterField[]): PluginFilters {
  return new PluginFilters({
    specs: [{ ...signed('plugins/redact-tenant.wasm'), fields }],
    publicKey: publicKeyOf(key.publicKey),
    policy: 'scrubbed',
    breaker: { failuresToOpen: 1, openTicks: 5 },
    books: new Map(),
    report: () => {},
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const config = { ...DEFAULT_CONFIG, pool_size: 0 };
  const rssBefore = process.memoryUsage.rss();
  const rowFilters = filtersOf(['command_line', 'user_name']);
  const rssAfter = process.memoryUsage.rss();
  const aggregateFilters = filtersOf(['display_name']);

  const pipeline = new TickPipeline(scannerFor(config), enricherFor(config));
  await pipeline.tick({ enrich: true });
  const first = await pipeline.tick({ enrich: true });
  const rows = first.rows;
  const aggregates = first.aggregates;
  const withTenant: ProcessRow[] = rows.map((r) => ({ ...r, commandLine: `${r.commandLine ?? r.commandName} --tenant-acme${r.processId}` }));
  const redacted = rows.map((r) => ({ ...r }));

  const bench = new Bench({ time: 1500, warmup: true });
  bench.add('live rows (KEEP)', () => {
    rowFilters.filterTick(rows, []);
  });
  bench.add('rows with a tenant (replaced)', () => {
    // Each row's command line set back first: the plugin masks it on every run.
    for (let i = 0; i < redacted.length; i++) redacted[i].commandLine = withTenant[i].commandLine;
    rowFilters.filterTick(redacted, []);
  });
  bench.add('aggregate names', () => {
    aggregateFilters.filterTick([], aggregates);
  });
  await bench.run();
  const ns = (name: string, n: number) => {
    const task = bench.tasks.find((t) => t.name === name)!;
    if (task.result.state !== 'completed') throw new Error(`${name}: ${task.result.state}`);
    return (task.result.latency.p50 * 1e6) / Math.max(1, n);
  };

  // A whole tick with the plugins over the rows and the aggregates, as the agent runs it.
  const both = new PluginFilters({
    specs: [{ ...signed('plugins/redact-tenant.wasm'), fields: ['command_line', 'user_name', 'display_name'] }],
    publicKey: publicKeyOf(key.publicKey),
    policy: 'scrubbed',
    breaker: { failuresToOpen: 1, openTicks: 5 },
    books: new Map(),
    report: () => {},
  });
  const ticked = new TickPipeline(scannerFor(config), enricherFor(config), both);
  await ticked.tick({ enrich: true });
  const shares: number[] = [];
  const tickMs: number[] = [];
  const filterMs: number[] = [];
  for (let i = 0; i < 30; i++) {
    await new Promise((r) => setTimeout(r, 50));
    const t0 = performance.now();
    const t = await ticked.tick({ enrich: true });
    const total = performance.now() - t0;
    tickMs.push(total);
    filterMs.push(t.filterMs);
    shares.push(t.filterMs / total);
  }

  // Fuel: each mix of burn.wat until it runs dry.
  const burn = FilterPlugin.load({ ...signed('test/fixtures/plugins/burn.wasm'), fields: [] }, publicKeyOf(key.publicKey));
  const mixes: [string, FilterField][] = [
    ['empty loop', 'command_line'],
    ['divisions', 'command'],
    ['loads and stores', 'user_name'],
    ['calls', 'command_name'],
    ['memory.fill 64 KiB', 'display_name'],
  ];
  const dry: Record<string, number> = {};
  for (const [name, field] of mixes) {
    const times: number[] = [];
    for (let i = 0; i < 9; i++) {
      const c0 = process.cpuUsage();
      const out = burn.call(field, 'x');
      const c = process.cpuUsage(c0);
      times.push((c.user + c.system) / 1000);
      if (out.kind !== 'fault' || out.cause !== 'fuel') throw new Error(`${name}: expected to run out of fuel, got ${JSON.stringify(out)}`);
    }
    dry[name] = median(times);
  }

  const load = loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
  console.log(`\nFilter plugins (plugins/redact-tenant.wat; ${rows.length} rows, ${aggregates.length} aggregates; load average ${load})`);
  console.log(`  per row, command line + user name, KEEP:     ${ns('live rows (KEEP)', rows.length).toFixed(0)} ns`);
  console.log(`  per row, command line + user name, replaced: ${ns('rows with a tenant (replaced)', rows.length).toFixed(0)} ns`);
  console.log(`  per aggregate name:                          ${ns('aggregate names', aggregates.length).toFixed(0)} ns`);
  console.log(
    `  a tick with the plugin on rows and aggregates: ${median(tickMs).toFixed(2)} ms, of which the plugin ${median(filterMs).toFixed(3)} ms (${(100 * median(shares)).toFixed(2)} %, medians of 30 ticks)`,
  );
  console.log(
    `  fuel: ${FUEL_PER_CALL} a call runs dry in (cpu, median of 9): ${Object.entries(dry)
      .map(([k, v]) => `${k} ${v.toFixed(1)} ms`)
      .join(', ')}`,
  );
  console.log(`  rss: ${(rssBefore / 2 ** 20).toFixed(1)} MiB before loading the plugin, ${(rssAfter / 2 ** 20).toFixed(1)} MiB after`);
  await pipeline.scanner.close();
  await ticked.scanner.close();
  rmSync(dir, { recursive: true, force: true });
}

await main();
