// The query router, SKETCH against RAW on the same data (issue 16):
//   - the router's own share: parse + resolve the range + classify + rewrite,
//     per query, p50/p99;
//   - p50/p99 of percentile(cpuPercent, 95, 99) for one host over 1 h and
//     over 24 h, by display name, fleet-wide and FACET processDisplayName
//     (1 h), RAW (mode raw: SQL
//     over the rows) beside SKETCH (mode auto: the merged windows), on the
//     embedded stores (SQLite) and on the scale-out ones (PostgreSQL 15 for
//     rows and windows, Redis for the mark, started here as the scale-out
//     bench starts them: test/server/engines.ts, durable), the same data in
//     both: 100 hosts × 24 h of 10 s ticks (and, with `1000x1h`, 1,000 hosts
//     × 1 h), PROCESSES processes a host, every one shipped (raw mode) so
//     both routes hold the same values.
// The rows are written straight into the stores (not through HTTP): the
// rows file's inserts, PostgreSQL's COPY into the partitioned
// "ProcessSample" (one stream for the whole fill; its time is printed).
// The windows go the merger's way, minus the topic (test/server/query/
// stored-windows.ts): each host's and (host, display name)'s minute of
// values is the agent's sketch as a SketchEnvelope, guarded and merged per
// key and into the fleet key as the merger does, committed every
// FLUSH_MINUTES minutes to the SketchStore (which writes the 60 s rows and
// rolls them into the hourly rows; fewer, larger commits than the merger's
// make the fill shorter and store the same rows); the high-water mark is
// advanced by SqliteHighWaterMark / RedisHighWaterMark, and the router
// reads both through stored-sketches.ts, as the servers do. The fill runs
// the SQLite files with synchronous=OFF (it is not what is measured; the
// queries read, they never sync).
//   npm run bench:query                 (100 hosts × 24 h, both stores)
//   node dist/bench/query.bench.js 100x24h 1000x1h 10x24h [--embedded-only | --postgres-only]

import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Bench } from 'tinybench';
import { type HighWaterMark, nsOfMs } from '../src/server/high-water/high-water-mark.js';
import { RedisHighWaterMark } from '../src/server/high-water/redis-high-water-mark.js';
import { SqliteHighWaterMark } from '../src/server/high-water/sqlite-high-water-mark.js';
import { parseNrql } from '../src/server/query/nrql-parser.js';
import { PostgresSqlRunner } from '../src/server/query/postgres-sql-runner.js';
import type { QueryResult } from '../src/server/query/query-result.js';
import { QueryService } from '../src/server/query/query-service.js';
import { classify, rewrite } from '../src/server/query/router.js';
import type { SqlRunner } from '../src/server/query/sql-runner.js';
import { SqliteSqlRunner } from '../src/server/query/sqlite-sql-runner.js';
import { StoredHighWater, StoredSketchReader } from '../src/server/query/stored-sketches.js';
import { resolveTimeRange } from '../src/server/query/time-range.js';
import { PostgresSketchStore } from '../src/server/sketch-store/postgres-sketch-store.js';
import { HOUR_MS, MINUTE_MS, type SketchStore } from '../src/server/sketch-store/sketch-store.js';
import { SqliteSketchStore } from '../src/server/sketch-store/sqlite-sketch-store.js';
import { PostgresRowStore } from '../src/server/store/postgres-row-store.js';
import { openRowsFile, openSketchesFile } from '../src/server/store/sqlite-file.js';
import { startPostgres } from '../test/server/engines.js';
import { StoredWindows } from '../test/server/query/stored-windows.js';
import { startRedis } from '../test/server/redis-engine.js';

const ACCOUNT = 'bench';
const TICK_MS = 10_000;
const PROCESSES = 5;
const DISPLAY_NAMES = ['nginx', 'java', 'postgres', 'redis', 'node', 'python', 'sshd', 'systemd', 'kworker', 'chrome'];
const NOW = Date.UTC(2026, 2, 2, 0, 0, 0);
const FLUSH_MINUTES = 10;

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

/** One ProcessSample row of the fill: host, tick, process, display name, cpu%. */
type FillRow = readonly [hostId: string, timestampMs: number, processId: number, display: string, cpuPercent: number];

/** Where a store's fill goes: the Host registry, each minute's rows, then the end of the rows. */
interface RowSink {
  hosts(hostIds: readonly string[], fromMs: number, toMs: number): Promise<void>;
  minute(rows: readonly FillRow[]): Promise<void>;
  end(): Promise<void>;
}

/** A store under test: its rows, its windows and mark, and the service over them. */
interface Target {
  readonly name: string;
  readonly rows: RowSink;
  readonly sketches: SketchStore;
  readonly mark: HighWaterMark;
  service(): QueryService;
  close(): Promise<void>;
}

async function embeddedTarget(dir: string): Promise<Target> {
  const db = openRowsFile(join(dir, 'store.db'));
  const sketchesDb = openSketchesFile(join(dir, 'sketches.db'));
  for (const d of [db, sketchesDb]) d.pragma('synchronous = OFF');
  const sketches = await SqliteSketchStore.open(sketchesDb);
  const mark = new SqliteHighWaterMark(sketchesDb, 1);
  const insert = db.prepare(
    'INSERT INTO ProcessSample (account, hostId, timestampMs, intervalMs, mode, processId, commandName, processDisplayName, cpuPercent, memoryResidentSizeBytes, messageId) VALUES (?, ?, ?, 10000, ?, ?, ?, ?, ?, ?, ?)',
  );
  const host = db.prepare("INSERT INTO Host (account, hostId, hostName, firstSeenMs, lastSeenMs, mode) VALUES (?, ?, ?, ?, ?, 'raw')");
  return {
    name: 'embedded (SQLite)',
    rows: {
      async hosts(hostIds, fromMs, toMs) {
        db.transaction(() => {
          for (const h of hostIds) host.run(ACCOUNT, h, h, fromMs, toMs);
        })();
      },
      async minute(rows) {
        db.transaction(() => {
          for (const [hostId, ts, pid, name, cpu] of rows) insert.run(ACCOUNT, hostId, ts, 'raw', pid, name, name, cpu, 1_000_000 + pid - 100, 'm');
        })();
      },
      async end() {
        for (const d of [db, sketchesDb]) d.pragma('synchronous = FULL');
      },
    },
    sketches,
    mark,
    service: () => new QueryService(new SqliteSqlRunner(db), { sketches: new StoredSketchReader(() => sketches), marks: new StoredHighWater(() => mark), now: () => NOW }),
    async close() {
      db.close();
      sketchesDb.close();
    },
  };
}

async function postgresTarget(d: Dataset): Promise<Target> {
  const [server, redis] = await Promise.all([startPostgres({ durable: true }), startRedis()]);
  // The rows' day partitions: the store makes its clock's day and the next.
  const rowStore = await PostgresRowStore.open({ url: server.url, now: () => NOW - d.hours * HOUR_MS });
  const sketches = await PostgresSketchStore.open({ url: server.url });
  const mark = await RedisHighWaterMark.open({ url: redis.url, partitions: 1 });
  const runner: SqlRunner = PostgresSqlRunner.open(server.url);
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  // The COPY holds the connection until it ends: it starts after the Host rows.
  let copy: Writable | undefined;
  let copied: Promise<void> | undefined;
  const write = (stream: Writable, text: string) => (stream.write(text) ? Promise.resolve() : new Promise<void>((resolve) => stream.once('drain', resolve)));
  return {
    name: 'scale-out (PostgreSQL 15)',
    rows: {
      async hosts(hostIds, fromMs, toMs) {
        for (const h of hostIds)
          await client.query('INSERT INTO "Host" ("account", "hostId", "hostName", "firstSeenMs", "lastSeenMs", "mode") VALUES ($1, $2, $2, $3, $4, \'raw\')', [ACCOUNT, h, fromMs, toMs]);
        const stream = client.query(
          copyFrom(
            'COPY "ProcessSample" ("account", "hostId", "timestampMs", "intervalMs", "mode", "processId", "commandName", "processDisplayName", "cpuPercent", "memoryResidentSizeBytes", "messageId") FROM STDIN',
          ),
        );
        copied = new Promise<void>((resolve, reject) => {
          stream.on('finish', resolve);
          stream.on('error', reject);
        });
        copy = stream;
      },
      async minute(rows) {
        let text = '';
        for (const [hostId, ts, pid, name, cpu] of rows) text += `${ACCOUNT}\t${hostId}\t${ts}\t10000\traw\t${pid}\t${name}\t${name}\t${cpu}\t${1_000_000 + pid - 100}\tm\n`;
        await write(copy as Writable, text);
      },
      async end() {
        copy?.end();
        await copied;
        await client.query('ANALYZE "ProcessSample"');
      },
    },
    sketches,
    mark,
    service: () => new QueryService(runner, { sketches: new StoredSketchReader(() => sketches), marks: new StoredHighWater(() => mark), now: () => NOW }),
    async close() {
      await client.end();
      await runner.close();
      await sketches.close();
      await mark.close();
      await rowStore.close();
      await Promise.all([server.stop(), redis.stop()]);
    },
  };
}

/** Writes the rows (and the Host registry) and the same values' windows, every key, into each target; each target's seconds on its rows and on its windows (and mark). */
async function generate(d: Dataset, targets: readonly Target[]): Promise<{ rows: number; seconds: { rows: number; windows: number }[] }> {
  const from = NOW - d.hours * HOUR_MS;
  const seconds = targets.map(() => ({ rows: 0, windows: 0 }));
  const timed = async (part: 'rows' | 'windows', f: (t: Target, i: number) => Promise<void>) => {
    for (const [i, t] of targets.entries()) {
      const t0 = performance.now();
      await f(t, i);
      seconds[i][part] += (performance.now() - t0) / 1000;
    }
  };
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
  const windows = targets.map((t) => new StoredWindows(t.sketches, ACCOUNT));
  let rows = 0;
  const hostIds = Array.from({ length: d.hosts }, (_, h) => `h${h + 1}`);
  await timed('rows', (t) => t.rows.hosts(hostIds, from, NOW));
  for (let t = from; t < NOW; t += MINUTE_MS) {
    const batch: FillRow[] = [];
    for (let ts = t; ts < t + MINUTE_MS; ts += TICK_MS) {
      for (let h = 1; h <= d.hosts; h++) {
        const hostId = hostIds[h - 1];
        for (let p = 0; p < PROCESSES; p++) {
          const name = DISPLAY_NAMES[(h + p) % DISPLAY_NAMES.length];
          const cpu = Math.round(Math.exp(random() * 5 - 1) * 1000) / 1000;
          batch.push([hostId, ts, 100 + p, name, cpu]);
          valuesOf(hostId, '').push(cpu);
          valuesOf(hostId, name).push(cpu);
        }
      }
    }
    rows += batch.length;
    await timed('rows', (target) => target.rows.minute(batch));
    const flush = (t + MINUTE_MS - from) % (FLUSH_MINUTES * MINUTE_MS) === 0 || t + MINUTE_MS >= NOW;
    await timed('windows', async (_, i) => {
      for (const [k, values] of minute) {
        const [hostId, display] = k.split('\0');
        windows[i].add(hostId, display, 'cpuPercent', t, values);
      }
      if (flush) await windows[i].flush();
    });
    minute.clear();
  }
  await timed('rows', (target) => target.rows.end());
  await timed('windows', async (target) => {
    await target.mark.advance(new Map([[0, { ns: nsOfMs(NOW), accounts: new Map() }]]), [ACCOUNT]);
  });
  return { rows, seconds };
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

/** This process's cpu (user + system) per call, p50/p99 over `iterations` calls: the work that is ours, apart from the wait for a core that a loaded machine adds to the wall time. */
async function cpuPerCall(f: () => Promise<unknown>, iterations: number): Promise<{ p50: number; p99: number }> {
  const cpu: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const before = process.cpuUsage();
    await f();
    const d = process.cpuUsage(before);
    cpu.push((d.user + d.system) / 1000);
  }
  cpu.sort((a, b) => a - b);
  return { p50: cpu[Math.floor(iterations / 2)], p99: cpu[Math.floor(iterations * 0.99)] };
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

async function dataset(d: Dataset, stores: readonly ('embedded' | 'postgres')[]): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'iw-query-bench-'));
  const targets: Target[] = [];
  try {
    if (stores.includes('embedded')) targets.push(await embeddedTarget(dir));
    if (stores.includes('postgres')) targets.push(await postgresTarget(d));
    const { rows, seconds } = await generate(d, targets);
    console.log(
      `\n${d.name}: ${d.hosts} hosts × ${d.hours} h of 10 s ticks, ${PROCESSES} processes a host: ${rows.toLocaleString('en')} ProcessSample rows and ${(d.hosts * d.hours * 60).toLocaleString('en')} 60 s DistributionMetric rows of hosts (and their display names', the fleet's, their hourly rollups); load average ${loadavg()[0].toFixed(2)}`,
    );
    for (const [i, target] of targets.entries()) {
      console.log(
        `\n  ${target.name}: filled in ${(seconds[i].rows + seconds[i].windows).toFixed(1)} s: the rows ${seconds[i].rows.toFixed(1)} s, the windows ${seconds[i].windows.toFixed(1)} s; load average ${loadavg()[0].toFixed(2)}`,
      );
      const service = target.service();
      console.log(
        `  ${'query'.padEnd(20)} ${'RAW p50'.padStart(10)} ${'RAW p99'.padStart(10)}   ${'SKETCH p50'.padStart(10)} ${'SKETCH p99'.padStart(10)}  ${'p99 cut'.padStart(7)}  ${'router'.padStart(8)}  ${'gap'.padStart(6)}  route`,
      );
      const cpuLines: string[] = [];
      for (const [name, nrql] of Object.entries(QUERIES)) {
        if (d.hours < 24 && name.includes('24 h')) continue;
        const rawAnswer = await service.query(ACCOUNT, nrql, 'raw');
        const slow = rawAnswer.metadata.elapsedMs > 200;
        const raw = await latency(`${name} raw`, () => service.query(ACCOUNT, nrql, 'raw'), slow ? 10 : 100);
        const sketchAnswer = await service.query(ACCOUNT, nrql, 'auto');
        const sk = await latency(`${name} sketch`, () => service.query(ACCOUNT, nrql, 'auto'), 300);
        const cpu = await cpuPerCall(() => service.query(ACCOUNT, nrql, 'auto'), 300);
        cpuLines.push(`  ${name.padEnd(20)} p50 ${ms(cpu.p50).padStart(9)}  p99 ${ms(cpu.p99).padStart(9)}`);
        console.log(
          `  ${name.padEnd(20)} ${ms(raw.p50).padStart(10)} ${ms(raw.p99).padStart(10)}   ${ms(sk.p50).padStart(10)} ${ms(sk.p99).padStart(10)}  ${`${Math.round((1 - sk.p99 / raw.p99) * 100)} %`.padStart(7)}  ${ms(sketchAnswer.metadata.routerMs).padStart(8)}  ${`${(gap(sketchAnswer, rawAnswer) * 100).toFixed(2)}%`.padStart(6)}  ${sketchAnswer.metadata.route}`,
        );
      }
      console.log(`  load average ${loadavg()[0].toFixed(2)}; SKETCH, this process's cpu per query (the wall time less the waits for a core; on PostgreSQL without the server's):`);
      for (const line of cpuLines) console.log(line);
    }
  } finally {
    for (const t of targets) await t.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const DATASETS: Record<string, Dataset> = {
  '100x24h': { name: '100x24h', hosts: 100, hours: 24 },
  '1000x1h': { name: '1000x1h', hosts: 1000, hours: 1 },
  // One host's rows and windows as in 100x24h, a tenth of the fill: a before/after of the one-host queries in minutes.
  '10x24h': { name: '10x24h', hosts: 10, hours: 24 },
};

const args = process.argv.slice(2);
const flags = args.filter((a) => a.startsWith('--'));
for (const f of flags) if (f !== '--embedded-only' && f !== '--postgres-only') throw new Error(`unknown flag ${f}: --embedded-only or --postgres-only`);
const stores = flags.includes('--embedded-only') ? (['embedded'] as const) : flags.includes('--postgres-only') ? (['postgres'] as const) : (['embedded', 'postgres'] as const);
const chosen = args.filter((a) => !a.startsWith('--'));
console.log(`query bench, nproc ${availableParallelism()}, node ${process.version}, load average ${loadavg()[0].toFixed(2)}`);
await routerOverhead();
for (const name of chosen.length > 0 ? chosen : ['100x24h']) {
  const d = DATASETS[name];
  if (d === undefined) throw new Error(`unknown dataset ${name}: one of ${Object.keys(DATASETS).join(', ')}`);
  await dataset(d, stores);
}
console.log('\np99 cut: 1 − SKETCH p99 / RAW p99; router: parse + classify + rewrite of that SKETCH answer; gap: the largest relative difference of its percentiles from RAW’s.');
