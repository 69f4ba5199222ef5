// The query router, SKETCH against RAW on the same data (issue 16):
//   - the router's own share: parse + resolve the range + classify + rewrite,
//     per query, p50/p99;
//   - p50/p99 of percentile(cpuPercent, 95, 99) for one host over 1 h and
//     over 24 h, by display name, fleet-wide and FACET processDisplayName
//     (1 h), RAW (mode raw: SQL
//     over the rows) beside SKETCH (mode auto: the merged windows), on the
//     embedded stores: 100 hosts × 24 h of 10 s ticks (and, with `1000x1h`,
//     1,000 hosts × 1 h), PROCESSES processes a host, every one shipped
//     (raw mode) so both routes hold the same values.
// The rows are written straight into the rows file (not through HTTP). The
// windows go the merger's way, minus the topic (test/server/query/
// stored-windows.ts): each host's and (host, display name)'s minute of
// values is the agent's sketch as a SketchEnvelope, guarded and merged per
// key and into the fleet key as the merger does, committed per minute to
// the SqliteSketchStore (which writes the 60 s rows and rolls them into
// the hourly rows); the high-water mark is advanced by SqliteHighWaterMark,
// and the router reads both through stored-sketches.ts, as the embedded
// server does.
//   npm run bench:query                 (100 hosts × 24 h)
//   node dist/bench/query.bench.js 100x24h 1000x1h

import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Bench } from 'tinybench';
import { nsOfMs } from '../src/server/high-water/high-water-mark.js';
import { SqliteHighWaterMark } from '../src/server/high-water/sqlite-high-water-mark.js';
import { parseNrql } from '../src/server/query/nrql-parser.js';
import type { QueryResult } from '../src/server/query/query-result.js';
import { QueryService } from '../src/server/query/query-service.js';
import { classify, rewrite } from '../src/server/query/router.js';
import { SqliteSqlRunner } from '../src/server/query/sqlite-sql-runner.js';
import { StoredHighWater, StoredSketchReader } from '../src/server/query/stored-sketches.js';
import { resolveTimeRange } from '../src/server/query/time-range.js';
import { HOUR_MS, MINUTE_MS } from '../src/server/sketch-store/sketch-store.js';
import { SqliteSketchStore } from '../src/server/sketch-store/sqlite-sketch-store.js';
import { openRowsFile, openSketchesFile, type SqliteDatabase } from '../src/server/store/sqlite-file.js';
import { StoredWindows } from '../test/server/query/stored-windows.js';

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
  'FACET display, 1 h': 'SELECT percentile(cpuPercent, 95, 99) FROM ProcessSample FACET processDisplayName SINCE 1 hour ago',
} as const;

interface Dataset {
  readonly name: string;
  readonly hosts: number;
  readonly hours: number;
}

/** Writes the rows (and the Host registry) into `db`, and the same values' windows, every key, into `store`. */
async function generate(db: SqliteDatabase, d: Dataset, store: SqliteSketchStore): Promise<number> {
  const insert = db.prepare(
    'INSERT INTO ProcessSample (account, hostId, timestampMs, intervalMs, mode, processId, commandName, processDisplayName, cpuPercent, memoryResidentSizeBytes, messageId) VALUES (?, ?, ?, 10000, ?, ?, ?, ?, ?, ?, ?)',
  );
  const host = db.prepare("INSERT INTO Host (account, hostId, hostName, firstSeenMs, lastSeenMs, mode) VALUES (?, ?, ?, ?, ?, 'raw')");
  const from = NOW - d.hours * HOUR_MS;
  let seed = 12345;
  const random = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 4294967296;
  };
  // The agents' values of the minute open: per host, the host key ('') and one per display name.
  const minute = new Map<string, number[]>();
  const valuesOf = (hostId: string, display: string) => {
    const k = `${hostId}\0${display}`;
    let v = minute.get(k);
    if (v === undefined) {
      v = [];
      minute.set(k, v);
    }
    return v;
  };
  const windows = new StoredWindows(store, ACCOUNT);
  let rows = 0;
  db.transaction(() => {
    for (let h = 1; h <= d.hosts; h++) host.run(ACCOUNT, `h${h}`, `h${h}`, from, NOW);
  })();
  for (let t = from; t < NOW; t += MINUTE_MS) {
    db.transaction(() => {
      for (let ts = t; ts < t + MINUTE_MS; ts += TICK_MS) {
        for (let h = 1; h <= d.hosts; h++) {
          const hostId = `h${h}`;
          for (let p = 0; p < PROCESSES; p++) {
            const name = DISPLAY_NAMES[(h + p) % DISPLAY_NAMES.length];
            const cpu = Math.round(Math.exp(random() * 5 - 1) * 1000) / 1000;
            insert.run(ACCOUNT, hostId, ts, 'raw', 100 + p, name, name, cpu, 1_000_000 + p, 'm');
            rows++;
            valuesOf(hostId, '').push(cpu);
            valuesOf(hostId, name).push(cpu);
          }
        }
      }
    })();
    for (const [k, values] of minute) {
      const [hostId, display] = k.split('\0');
      windows.add(hostId, display, 'cpuPercent', t, values);
    }
    minute.clear();
    await windows.flush();
  }
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

/** The largest relative gap between two answers' percentiles. */
function gap(sketch: QueryResult, raw: QueryResult): number {
  // A FACET's: its first facet's, when both put the same one first.
  const a = sketch.results ?? (sketch.facets?.[0]?.name === raw.facets?.[0]?.name ? sketch.facets?.[0]?.results : undefined);
  const b = raw.results ?? raw.facets?.[0]?.results;
  const pa = a?.[0]?.percentiles as Record<string, number> | undefined;
  const pb = b?.[0]?.percentiles as Record<string, number> | undefined;
  if (pa === undefined || pb === undefined) return Number.NaN;
  return Math.max(...Object.keys(pb).map((k) => Math.abs(pa[k] - pb[k]) / Math.abs(pb[k])));
}

async function dataset(d: Dataset): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'iw-query-bench-'));
  const db = openRowsFile(join(dir, 'store.db'));
  const sketchesDb = openSketchesFile(join(dir, 'sketches.db'));
  try {
    const store = await SqliteSketchStore.open(sketchesDb);
    const mark = new SqliteHighWaterMark(sketchesDb, 1);
    const t0 = performance.now();
    const rows = await generate(db, d, store);
    await mark.advance(new Map([[0, { ns: nsOfMs(NOW), accounts: new Map() }]]), [ACCOUNT]);
    const minuteRows = (await store.storedBytes(ACCOUNT, MINUTE_MS, NOW - d.hours * HOUR_MS, NOW)).rows;
    console.log(
      `\n${d.name}: ${d.hosts} hosts × ${d.hours} h of 10 s ticks, ${PROCESSES} processes a host: ${rows.toLocaleString('en')} ProcessSample rows and ${minuteRows.toLocaleString('en')} 60 s DistributionMetric rows (and their hourly rollups) written in ${((performance.now() - t0) / 1000).toFixed(1)} s; load average ${loadavg()[0].toFixed(2)}`,
    );
    const service = new QueryService(new SqliteSqlRunner(db), { sketches: new StoredSketchReader(() => store), marks: new StoredHighWater(() => mark), now: () => NOW });
    console.log(
      `  ${'query'.padEnd(20)} ${'RAW p50'.padStart(10)} ${'RAW p99'.padStart(10)}   ${'SKETCH p50'.padStart(10)} ${'SKETCH p99'.padStart(10)}  ${'p99 cut'.padStart(7)}  ${'router'.padStart(8)}  ${'gap'.padStart(6)}  route`,
    );
    for (const [name, nrql] of Object.entries(QUERIES)) {
      if (d.hours < 24 && name.includes('24 h')) continue;
      const rawAnswer = await service.query(ACCOUNT, nrql, 'raw');
      const slow = rawAnswer.metadata.elapsedMs > 200;
      const raw = await latency(`${name} raw`, () => service.query(ACCOUNT, nrql, 'raw'), slow ? 10 : 100);
      const sketchAnswer = await service.query(ACCOUNT, nrql, 'auto');
      const sk = await latency(`${name} sketch`, () => service.query(ACCOUNT, nrql, 'auto'), 300);
      console.log(
        `  ${name.padEnd(20)} ${ms(raw.p50).padStart(10)} ${ms(raw.p99).padStart(10)}   ${ms(sk.p50).padStart(10)} ${ms(sk.p99).padStart(10)}  ${`${Math.round((1 - sk.p99 / raw.p99) * 100)} %`.padStart(7)}  ${ms(sketchAnswer.metadata.routerMs).padStart(8)}  ${`${(gap(sketchAnswer, rawAnswer) * 100).toFixed(2)}%`.padStart(6)}  ${sketchAnswer.metadata.route}`,
      );
    }
  } finally {
    db.close();
    sketchesDb.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const DATASETS: Record<string, Dataset> = {
  '100x24h': { name: '100x24h', hosts: 100, hours: 24 },
  '1000x1h': { name: '1000x1h', hosts: 1000, hours: 1 },
};

const chosen = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['100x24h'];
console.log(`query bench, nproc ${availableParallelism()}, node ${process.version}, load average ${loadavg()[0].toFixed(2)}`);
await routerOverhead();
for (const name of chosen) {
  const d = DATASETS[name];
  if (d === undefined) throw new Error(`unknown dataset ${name}: one of ${Object.keys(DATASETS).join(', ')}`);
  await dataset(d);
}
console.log('\np99 cut: 1 − SKETCH p99 / RAW p99; router: parse + classify + rewrite of that SKETCH answer; gap: the largest relative difference of its percentiles from RAW’s.');
