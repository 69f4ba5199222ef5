// The merger's figures (issue 15), on this machine (nproc 2):
//   - envelopes merged per second: a fleet's SketchEnvelopes published to
//     the embedded outbox, merged and committed by one merger, end to end,
//     on the SQLite store and on PostgreSQL 15 (started here, durable);
//     and the merge alone (decode + guard + MergedSketch.add), no I/O;
//   - per-window latency from the window's close to its commit (the commit
//     transaction: the store's share); in real time the window's end →
//     commit adds the allowed lateness (2 windows: 120 s) and up to one
//     window for the watermark to pass;
//   - state bytes per open window (counted by the merger, and the heap's
//     growth per open window when run with --expose-gc);
//   - compressed bytes per DistributionMetric (zstd-3 blobs, minute and
//     hour) and the encoding before zstd; zstd-wasm's time per blob;
//   - one scale-out merger's commit at 1,000 hosts on PostgreSQL: half a
//     fleet's window (500 hosts × 30 names × 2 metrics, and the fleet's
//     keys) onto hour rows that exist, as `npm run fleet -- --scaleout`
//     commits it (--commit-only runs this part alone);
//   - bytes per host-day: the DistributionMetric rows of one host (its
//     minute and hour rows, and its share of the fleet rows) against the
//     raw-mode ProcessSample rows that carry the same values (one row per
//     process per tick), as stored by the embedded row store.
// Run: npm run build && node --expose-gc dist/bench/merger.bench.js [--quick] [--commit-only]

import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compress, decompress } from '@bokuweb/zstd-wasm';
import { SqliteHighWaterMark } from '../src/server/high-water/sqlite-high-water-mark.js';
import { MergedSketch, type SketchParts } from '../src/server/merger/merged-sketch.js';
import { Merger } from '../src/server/merger/merger.js';
import { AllPartitions } from '../src/server/merger/partition-owner.js';
import { guardEnvelope } from '../src/server/merger/sketch-guard.js';
import { encodeBinsRaw, initBinsCodec } from '../src/server/sketch-store/bins-codec.js';
import { PostgresSketchStore } from '../src/server/sketch-store/postgres-sketch-store.js';
import { DAY_MS, HOUR_MS, MINUTE_MS, type MinutePartial, type SketchStore, type WindowCommit } from '../src/server/sketch-store/sketch-store.js';
import { SqliteSketchStore } from '../src/server/sketch-store/sqlite-sketch-store.js';
import { openRowsFile, openTopicsFile } from '../src/server/store/sqlite-file.js';
import { SqliteRowStore } from '../src/server/store/sqlite-row-store.js';
import { EmbeddedTopics } from '../src/server/topics/embedded-topics.js';
import { infrawatch } from '../src/wire/generated/infrawatch.js';
import { freshDatabase, type RunningEngine, startPostgres } from '../test/server/engines.js';
import { processMessage } from '../test/server/messages.js';
import { makeFleet } from '../test/server/sketch-fleet.js';

const quick = process.argv.includes('--quick');
const commitOnly = process.argv.includes('--commit-only');
const HOSTS = quick ? 50 : 200;
const WINDOWS = 6;
const PER_NAME = 30;
const TICKS = 4;
const P = 16;
const T0 = Date.UTC(2026, 10, 30, 10, 0, 0);
const gc = (globalThis as { gc?: () => void }).gc;

function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** A SketchStore whose commits are timed. */
function timed(store: SketchStore, durations: number[]): SketchStore {
  return new Proxy(store, {
    get(target, prop) {
      if (prop === 'commit')
        return async (c: WindowCommit) => {
          const t = performance.now();
          const r = await target.commit(c);
          durations.push(performance.now() - t);
          return r;
        };
      const v = Reflect.get(target, prop, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}

function pct(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

async function endToEnd(label: string, store: SketchStore, dir: string, fleet: ReturnType<typeof makeFleet>) {
  const db = openTopicsFile(join(dir, `${label}-topics.db`));
  const outbox = new EmbeddedTopics(db, P);
  await outbox.publish('proc.sketch.v1', fleet.messages);
  const durations: number[] = [];
  let peakState = 0;
  let peakWindows = 0;
  const merger = new Merger(outbox, timed(store, durations), new SqliteHighWaterMark(db, P), new AllPartitions(P), {
    partitions: P,
    allowedLatenessWindows: 2,
    late: 'amend',
    maxHoldMs: 600_000,
    maxStateBytes: 4 * 1024 ** 3,
    batchMessages: 500,
    pullWaitMs: 20,
    publishSlackMs: 0,
    takeoverGraceMs: 0,
    exactBacklog: () => outbox.backlog('proc.sketch.v1').messages,
    onError: (err, what) => console.error(what, err),
  });
  gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  let heapAtPeak = heap0;
  const t = performance.now();
  // Turn by turn (no timers): pull, merge, close what the watermark passed.
  while (merger.counts.envelopesMerged < fleet.messages.length) {
    await merger.turn();
    if (merger.stateBytes > peakState) {
      peakState = merger.stateBytes;
      peakWindows = merger.openWindows;
      heapAtPeak = process.memoryUsage().heapUsed;
    }
  }
  await merger.closeDue(true); // the last windows, which no later data closes
  const seconds = (performance.now() - t) / 1000;
  const c = merger.counts;
  console.log(`\n${label}: ${fmt(fleet.messages.length)} envelopes (${HOSTS} hosts × ${WINDOWS} windows × 2 metrics × 4 keys), one merger, pull → merge → commit → ack`);
  console.log(`  envelopes merged/s (end to end)   ${fmt(fleet.messages.length / seconds)}`);
  console.log(`  windows committed                 ${c.windowsCommitted} (per partition), rows written ${fmt(c.rowsWritten)} (minute + hour, host + fleet)`);
  console.log(
    `  close→commit, per transaction     p50 ${fmt(pct(durations, 0.5), 1)} ms, p99 ${fmt(pct(durations, 0.99), 1)} ms, max ${fmt(Math.max(...durations), 1)} ms (${durations.length} transactions, ${fmt(c.windowsCommitted / durations.length, 1)} partition-windows each)`,
  );
  console.log(`  state per open window (counted)   ${fmt(peakState / Math.max(1, peakWindows))} B (peak ${fmt(peakState)} B over ${peakWindows} windows)`);
  if (gc) console.log(`  heap growth per open window       ${fmt((heapAtPeak - heap0) / Math.max(1, peakWindows))} B (at the peak, not collected: an upper bound)`);
  console.log(`  zstd bytes per DistributionMetric ${fmt(c.blobBytes / Math.max(1, c.rowsWritten), 1)} B (every row written, minute and hour)`);
  await outbox.close();
  db.close();
}

/** A partial over 24 bins, varied by `seed` (what a host's window of one name looks like). */
function partialOf(seed: number): SketchParts {
  const counts = Array.from({ length: 24 }, (_, i) => 1 + ((seed * 31 + i * 7) % 13));
  const count = counts.reduce((a, b) => a + b, 0);
  return { scale: 6, count, sum: count * 3.5, min: 0.5, max: 40, zeroCount: 0, positive: { offset: 100 + (seed % 50), counts }, negative: { offset: 0, counts: [] } };
}

/**
 * One commit the size a scale-out merger makes at 1,000 hosts: it owns 8 of 16 partitions, so ~500 hosts × (30
 * names + the host key) × 2 metrics, and the fleet's keys. The first window inserts its minute and hour rows; the
 * second inserts minute rows and merges into the hour rows, which it must find and lock among the first's.
 */
async function fleetWindowCommits(pg: RunningEngine): Promise<void> {
  const store = await PostgresSketchStore.open({ url: await freshDatabase(pg, 'commits') });
  const hosts = quick ? 100 : 500;
  const names = ['', ...Array.from({ length: 30 }, (_, i) => `name-${i}`)];
  const window = (w: number): WindowCommit => {
    const windowStartMs = T0 + w * MINUTE_MS;
    const partials: MinutePartial[] = [];
    for (const metric of ['cpuPercent', 'memoryResidentSizeBytes'])
      for (const displayName of names) {
        for (let h = 0; h < hosts; h++) partials.push({ key: { account: 'acme', metric, entity: `host-${h}`, displayName, granularityMs: MINUTE_MS, windowStartMs }, sketch: partialOf(h + w) });
        partials.push({ key: { account: 'acme', metric, entity: '', displayName, granularityMs: MINUTE_MS, windowStartMs }, sketch: partialOf(w) });
      }
    return { messageIds: [w.toString(16).padStart(32, '0')], partials };
  };
  const timings: string[] = [];
  try {
    for (let w = 0; w < 3; w++) {
      const c = window(w);
      const t = performance.now();
      const r = await store.commit(c);
      timings.push(`window ${w + 1}: ${fmt(performance.now() - t)} ms (${fmt(r.rows)} rows)`);
    }
  } finally {
    await store.close();
  }
  console.log(`
PostgreSQL 15, one merger's commit at 1,000 hosts (${hosts} hosts × ${names.length} keys × 2 metrics + the fleet's, minute and hour rows):`);
  console.log(`  ${timings.join('; ')}`);
}

async function main() {
  await initBinsCodec();
  if (commitOnly) {
    const pg = await startPostgres({ durable: true });
    try {
      await fleetWindowCommits(pg);
    } finally {
      await pg.stop();
    }
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'iw-merger-bench-'));
  try {
    const fleet = makeFleet({ account: 'acme', hosts: HOSTS, windows: WINDOWS, t0: T0, processesPerName: PER_NAME, ticks: TICKS, partitions: P, seed: 11 });

    // The merge alone: decode, guard, add into per-host and fleet sketches.
    {
      const reps = quick ? 2 : 5;
      const t = performance.now();
      for (let r = 0; r < reps; r++) {
        const keys = new Map<string, MergedSketch>();
        for (const m of fleet.messages) {
          const g = guardEnvelope(infrawatch.SketchEnvelope.decode(m.body));
          if (!g.ok) throw new Error(g.detail);
          const e = infrawatch.SketchEnvelope.decode(m.body);
          const key = `${e.metricName}\0${e.displayName}\0${g.windowStartMs}`;
          for (const k of [`${m.entity}\0${key}`, `\0${key}`]) {
            const s = keys.get(k);
            if (s === undefined) keys.set(k, MergedSketch.of(g.parts));
            else s.add(g.parts);
          }
        }
      }
      const perSecond = (fleet.messages.length * reps) / ((performance.now() - t) / 1000);
      console.log(`merge alone (decode + guard + add to host and fleet sketches): ${fmt(perSecond)} envelopes/s`);
    }

    const sqliteDb = openRowsFile(join(dir, 'sketches.db'));
    const sqlite = await SqliteSketchStore.open(sqliteDb);
    await endToEnd('embedded SQLite (WAL, synchronous=FULL)', sqlite, dir, fleet);

    const pg = await startPostgres({ durable: true });
    try {
      const store = await PostgresSketchStore.open({ url: await freshDatabase(pg, 'bench') });
      await endToEnd('PostgreSQL 15 (durable: fsync, synchronous_commit)', store, dir, fleet);
      await store.close();
      await fleetWindowCommits(pg);
    } finally {
      await pg.stop();
    }

    // Blobs: the encoding before zstd, zstd-3 (WebAssembly) size and time per blob.
    const rows = await sqlite.read({ account: 'acme', metric: 'cpuPercent', granularityMs: MINUTE_MS, fromMs: T0, toMs: T0 + WINDOWS * MINUTE_MS });
    const raws = rows.map((r) => encodeBinsRaw(r.sketch.zeroCount, r.sketch.positive, r.sketch.negative));
    const zs = raws.map((b) => compress(b, 3));
    const n = quick ? 2_000 : 20_000;
    let t = performance.now();
    for (let i = 0; i < n; i++) compress(raws[i % raws.length], 3);
    const cUs = ((performance.now() - t) * 1000) / n;
    t = performance.now();
    for (let i = 0; i < n; i++) decompress(zs[i % zs.length]);
    const dUs = ((performance.now() - t) * 1000) / n;
    const avg = (a: Uint8Array[]) => a.reduce((s, b) => s + b.length, 0) / a.length;
    const f64 = rows.reduce((s, r) => s + 8 * (r.sketch.positive.counts.length + r.sketch.negative.counts.length), 0) / rows.length;
    console.log(
      `\nbins blob (cpuPercent minute rows, ${rows.length}): ${fmt(f64)} B as float64 bins, ${fmt(avg(raws))} B encoded, ${fmt(avg(zs))} B zstd-3; zstd-wasm ${fmt(cUs, 1)} µs to compress, ${fmt(dUs, 1)} µs to decompress a blob`,
    );

    // Bytes per host-day: this fleet's windows, scaled to 1,440 minutes and 24 hours.
    const minute = await sqlite.storedBytes('acme', MINUTE_MS, T0, T0 + WINDOWS * MINUTE_MS);
    const hour = await sqlite.storedBytes('acme', HOUR_MS, T0 - HOUR_MS, T0 + HOUR_MS);
    const perHostDay = ((minute.rowBytes / WINDOWS) * 1440 + hour.rowBytes * 24) / HOSTS;
    // Raw mode: the same values as ProcessSample rows (one per process per tick), stored by the row store.
    const rawDb = openRowsFile(join(dir, 'raw.db'));
    const rowStore = new SqliteRowStore(rawDb);
    const procs = 3 * PER_NAME;
    const before = statSync(join(dir, 'raw.db')).size;
    const ticks = quick ? 40 : 200;
    for (let i = 0; i < ticks; i++) await rowStore.writeBatch([processMessage('acme', 'raw-host', T0 + i * 15_000, procs, 0)]);
    rawDb.pragma('wal_checkpoint(TRUNCATE)');
    const rawBytesPerRow = (statSync(join(dir, 'raw.db')).size - before) / (ticks * procs);
    const rawPerHostDay = rawBytesPerRow * procs * TICKS * 1440;
    console.log(`\nbytes per host-day (${procs} processes, ${TICKS} ticks a minute, 2 metrics × 4 keys):`);
    console.log(
      `  sketches: ${fmt(perHostDay / 1024, 1)} KiB (minute rows ${fmt(minute.rowBytes / minute.rows)} B each, hour rows ${fmt(hour.rowBytes / Math.max(1, hour.rows))} B each; row payloads, fleet rows shared among the hosts)`,
    );
    console.log(`  raw-mode ProcessSample rows: ${fmt(rawPerHostDay / 1024 / 1024, 1)} MiB (${fmt(rawBytesPerRow)} B a row as the SQLite file grows, ${fmt(procs * TICKS * 1440)} rows)`);
    console.log(`  ratio: ${fmt(rawPerHostDay / perHostDay, 0)}× smaller`);
    rawDb.close();
    sqliteDb.close();
    void DAY_MS;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
