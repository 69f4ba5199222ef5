// The query router and the RAW route on the embedded store (issue 16):
//   - the router's own share: parse + resolve the range + classify + rewrite,
//     per query, p50/p99;
//   - RAW latency, p50/p99, of percentile(cpuPercent, 95, 99) for one host
//     over 1 h and over 24 h, by display name and fleet-wide (1 h), on the
//     embedded SQLite store holding 100 hosts × 24 h of 10 s ticks (and,
//     with `1000x1h`, 1,000 hosts × 1 h), PROCESSES rows a tick, written
//     straight into the store file (not through HTTP);
//   - SKETCH latency on the IN-MEMORY sketch store (memory-sketch-store.ts)
//     with the windows of the same values: the router's work (mark, windows,
//     merge, quantiles) without the real store's reads and decoding.
//     TODO(sketch-store): when part 2's DistributionMetric store and mark are
//     plugged in (sketch-reader.ts), measure SKETCH on them here: replace
//     `sketchSide` below with a reader over the real store filled with the
//     same windows.
//   npm run bench:query                 (100 hosts × 24 h)
//   node dist/bench/query.bench.js 100x24h 1000x1h

import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Bench } from 'tinybench';
import { MemorySketchStore } from '../src/server/query/memory-sketch-store.js';
import { parseNrql } from '../src/server/query/nrql-parser.js';
import { QueryService } from '../src/server/query/query-service.js';
import { classify, rewrite } from '../src/server/query/router.js';
import { HOUR_MS, MINUTE_MS } from '../src/server/query/sketch-reader.js';
import { SqliteSqlRunner } from '../src/server/query/sqlite-sql-runner.js';
import { resolveTimeRange } from '../src/server/query/time-range.js';
import { openRowsFile, type SqliteDatabase } from '../src/server/store/sqlite-file.js';

const ACCOUNT = 'bench';
const TICK_MS = 10_000;
const PROCESSES = 5;
const DISPLAY_NAMES = ['nginx', 'java', 'postgres', 'redis', 'node', 'python', 'sshd', 'systemd', 'kworker', 'chrome'];
const NOW = Date.UTC(2026, 2, 2, 0, 0, 0);

const QUERIES = {
  'one host, 1 h': "SELECT percentile(cpuPercent, 95, 99) FROM ProcessSample WHERE hostname = 'h1' SINCE 1 hour ago",
  'one host, 24 h': "SELECT percentile(cpuPercent, 95, 99) FROM ProcessSample WHERE hostname = 'h1' SINCE 24 hours ago",
  'display name, 1 h': "SELECT percentile(cpuPercent, 95, 99) FROM ProcessSample WHERE processDisplayName = 'nginx' SINCE 1 hour ago",
  'fleet-wide, 1 h': 'SELECT percentile(cpuPercent, 95, 99) FROM ProcessSample SINCE 1 hour ago',
} as const;

interface Dataset {
  readonly name: string;
  readonly hosts: number;
  readonly hours: number;
}

/** Writes the rows (and the Host registry) into `db`, and the windows of h1, of nginx fleet-wide and of the fleet into `sketches`. */
function generate(db: SqliteDatabase, d: Dataset, sketches: MemorySketchStore): number {
  const insert = db.prepare(
    'INSERT INTO ProcessSample (account, hostId, timestampMs, intervalMs, mode, processId, commandName, processDisplayName, cpuPercent, memoryResidentSizeBytes, messageId) VALUES (?, ?, ?, 10000, ?, ?, ?, ?, ?, ?, ?)',
  );
  const host = db.prepare("INSERT INTO Host (account, hostId, hostName, firstSeenMs, lastSeenMs, mode) VALUES (?, ?, ?, ?, ?, 'smart')");
  const from = NOW - d.hours * HOUR_MS;
  let seed = 12345;
  const random = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 4294967296;
  };
  const windows = new Map<string, { minute: number[]; hour: number[] }>();
  const keyValues = (entity: string, display: string | undefined) => {
    const k = `${entity}\0${display ?? ''}`;
    let v = windows.get(k);
    if (v === undefined) {
      v = { minute: [], hour: [] };
      windows.set(k, v);
    }
    return v;
  };
  const keys: [string, string | undefined][] = [
    ['h1', undefined],
    ['', 'nginx'],
    ['', undefined],
  ];
  let rows = 0;
  db.transaction(() => {
    for (let h = 1; h <= d.hosts; h++) host.run(ACCOUNT, `h${h}`, `h${h}`, from, NOW);
  })();
  for (let t = from; t < NOW; t += HOUR_MS) {
    db.transaction(() => {
      for (let ts = t; ts < t + HOUR_MS; ts += TICK_MS) {
        for (let h = 1; h <= d.hosts; h++) {
          const hostId = `h${h}`;
          for (let p = 0; p < PROCESSES; p++) {
            const name = DISPLAY_NAMES[(h + p) % DISPLAY_NAMES.length];
            const cpu = Math.round(Math.exp(random() * 5 - 1) * 1000) / 1000;
            insert.run(ACCOUNT, hostId, ts, 'smart', 100 + p, name, name, cpu, 1_000_000 + p, 'm');
            rows++;
            if (h === 1) keyValues('h1', undefined).minute.push(cpu);
            if (name === 'nginx') keyValues('', 'nginx').minute.push(cpu);
            keyValues('', undefined).minute.push(cpu);
          }
        }
        if ((ts + TICK_MS) % MINUTE_MS === 0) {
          for (const [entity, display] of keys) {
            const v = keyValues(entity, display);
            sketches.addValues(ACCOUNT, 'cpuPercent', entity, display, MINUTE_MS, ts + TICK_MS - MINUTE_MS, v.minute);
            for (const x of v.minute) v.hour.push(x);
            v.minute = [];
          }
        }
      }
    })();
    for (const [entity, display] of keys) {
      const v = keyValues(entity, display);
      sketches.addValues(ACCOUNT, 'cpuPercent', entity, display, HOUR_MS, t, v.hour);
      v.hour = [];
    }
  }
  sketches.setMark(ACCOUNT, NOW);
  return rows;
}

function ms(ns: number | undefined): string {
  return ns === undefined ? '-' : ns < 1 ? `${(ns * 1000).toFixed(1)} µs` : `${ns.toFixed(2)} ms`;
}

async function latency(label: string, f: () => Promise<unknown> | unknown, iterations: number): Promise<{ p50: number; p99: number }> {
  const bench = new Bench({ time: 0, iterations, warmup: true, warmupIterations: Math.min(20, iterations) });
  bench.add(label, f);
  await bench.run();
  const r = bench.tasks[0].result;
  if (r.state !== 'completed') throw new Error(`${label}: ${r.state}`);
  return { p50: r.latency.p50 as number, p99: r.latency.p99 as number };
}

async function routerOverhead(): Promise<void> {
  console.log('router overhead: parse + range + classify + rewrite');
  for (const [name, nrql] of Object.entries(QUERIES)) {
    const r = await latency(
      name,
      () => {
        const q = parseNrql(nrql);
        const range = resolveTimeRange(q, NOW);
        const c = classify(q);
        if ('sketch' in c) rewrite(q, c.sketch, range.fromMs, range.toMs, range.bucketMs);
      },
      20_000,
    );
    console.log(`  ${name.padEnd(20)} p50 ${ms(r.p50).padStart(9)}  p99 ${ms(r.p99).padStart(9)}`);
  }
}

async function dataset(d: Dataset): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'iw-query-bench-'));
  const db = openRowsFile(join(dir, 'store.db'));
  try {
    const sketches = new MemorySketchStore();
    const t0 = performance.now();
    const rows = generate(db, d, sketches);
    console.log(
      `\n${d.name}: ${d.hosts} hosts × ${d.hours} h of 10 s ticks, ${PROCESSES} rows a tick: ${rows.toLocaleString('en')} ProcessSample rows written in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    const service = new QueryService(new SqliteSqlRunner(db), { sketches, marks: sketches, now: () => NOW });
    console.log(`  ${'query'.padEnd(20)} ${'RAW p50'.padStart(10)} ${'RAW p99'.padStart(10)}   ${'SKETCH* p50'.padStart(11)} ${'SKETCH* p99'.padStart(11)}  route`);
    for (const [name, nrql] of Object.entries(QUERIES)) {
      if (d.hours < 24 && name.includes('24 h')) continue;
      const probe = await service.query(ACCOUNT, nrql, 'raw');
      const slow = probe.metadata.elapsedMs > 200;
      const raw = await latency(`${name} raw`, () => service.query(ACCOUNT, nrql, 'raw'), slow ? 10 : 100);
      const sketchSide = await service.query(ACCOUNT, nrql, 'auto');
      const sk = await latency(`${name} sketch`, () => service.query(ACCOUNT, nrql, 'auto'), 300);
      console.log(`  ${name.padEnd(20)} ${ms(raw.p50).padStart(10)} ${ms(raw.p99).padStart(10)}   ${ms(sk.p50).padStart(11)} ${ms(sk.p99).padStart(11)}  ${sketchSide.metadata.route}`);
    }
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const DATASETS: Record<string, Dataset> = {
  '100x24h': { name: '100x24h', hosts: 100, hours: 24 },
  '1000x1h': { name: '1000x1h', hosts: 1000, hours: 1 },
};

const chosen = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['100x24h'];
console.log(`query bench, nproc ${availableParallelism()}, node ${process.version}`);
await routerOverhead();
for (const name of chosen) {
  const d = DATASETS[name];
  if (d === undefined) throw new Error(`unknown dataset ${name}: one of ${Object.keys(DATASETS).join(', ')}`);
  await dataset(d);
}
console.log('\n* SKETCH on the in-memory sketch store (memory-sketch-store.ts), not part 2’s store: see the TODO at the top.');
