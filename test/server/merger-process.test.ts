// `infrawatch serve --role merger` as a real process on NATS JetStream,
// PostgreSQL 15 and Redis 7 (all started here): kill -9 of the merger
// mid-window and kill -9 of Redis, then a new merger: every window complete
// and exactly once in the store, and the high-water mark consistent (never
// back, and past every ingest time once everything is committed).

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RedisHighWaterMark } from '../../src/server/high-water/redis-high-water-mark.js';
import { PostgresSketchStore } from '../../src/server/sketch-store/postgres-sketch-store.js';
import { MINUTE_MS } from '../../src/server/sketch-store/sketch-store.js';
import { NatsTopics, natsOptionsOfUrl } from '../../src/server/topics/nats-topic.js';
import { CLI } from '../helpers.js';
import { freePort, freshDatabase, type RunningEngine, startNats, startPostgres } from './engines.js';
import { type RunningRedis, startRedis } from './redis-engine.js';
import { makeFleet, METRICS, NAMES, rawKey, WINDOW_MS } from './sketch-fleet.js';

const P = 8;
const T0 = Date.UTC(2026, 10, 29, 8, 0, 0);
let nats: RunningEngine;
let postgres: RunningEngine;
let redis: RunningRedis;
let dir: string;

beforeAll(async () => {
  [nats, postgres, redis] = await Promise.all([startNats(), startPostgres(), startRedis()]);
  dir = mkdtempSync(join(tmpdir(), 'iw-merger-proc-'));
}, 120_000);

afterAll(async () => {
  await Promise.all([nats?.stop(), postgres?.stop(), redis?.stop()]);
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

async function metric(url: string, name: string): Promise<number> {
  try {
    const text = await (await fetch(url)).text();
    const m = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
    return m ? Number(m[1]) : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

async function until<T>(what: string, ms: number, f: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

it('kill -9 of the merger mid-window and of Redis: after restart every window is complete and exactly once, and the mark never went back', async () => {
  const storeUrl = await freshDatabase(postgres, 'mergerproc');
  const metricsPort = await freePort();
  const config = join(dir, 'server.yaml');
  writeFileSync(
    config,
    [
      'role: merger',
      `metrics_listen: 127.0.0.1:${metricsPort}`,
      `topics: { bus: "${nats.url}", partitions: ${P} }`,
      `store: { url: "${storeUrl}" }`,
      `merger: { redis_url: "${redis.url}", ack_wait_ms: 3000, max_hold_ms: 2000, lease_ttl_ms: 1500, publish_slack_ms: 0, pull_wait_ms: 50 }`,
    ].join('\n'),
  );
  const metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
  const children: ChildProcess[] = [];
  const startMerger = () => {
    const child = spawn(process.execPath, [CLI, 'serve', '--config', config], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr?.on('data', (b: Buffer) => {
      err = (err + b.toString()).slice(-4000);
    });
    children.push(child);
    return { child, err: () => err };
  };
  const producer = await NatsTopics.open({ ...natsOptionsOfUrl(nats.url, P), name: 'test-producer' });
  const store = await PostgresSketchStore.open({ url: storeUrl });
  const mark = await RedisHighWaterMark.open({ url: redis.url, partitions: P });
  const fleet = makeFleet({ account: 'acme', hosts: 6, windows: 4, t0: T0, processesPerName: 20, ticks: 4, partitions: P, seed: 5 });
  const marks: bigint[] = [];
  try {
    const first = startMerger();
    const early = fleet.messages.filter((m) => m.timestampMs < T0 + 2 * WINDOW_MS);
    await producer.publish('proc.sketch.v1', early);
    await until(`the first merger merged the first windows (${first.err()})`, 30_000, async () =>
      (await metric(metricsUrl, 'infrawatch_server_sketch_envelopes_merged_total')) >= early.length ? true : undefined,
    );
    expect(await metric(metricsUrl, 'infrawatch_server_sketch_open_windows')).toBeGreaterThan(0);
    marks.push((await mark.get('acme')) ?? 0n);
    // kill -9 mid-window: nothing of its held deliveries was acked; its leases stay until they expire.
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    expect((await store.read({ account: 'acme', metric: 'cpuPercent', granularityMs: MINUTE_MS, fromMs: T0, toMs: T0 + 4 * WINDOW_MS })).length).toBe(0);
    await redis.kill9();
    await redis.restart();
    marks.push((await mark.get('acme').catch(() => undefined)) ?? marks[marks.length - 1]);
    const second = startMerger();
    await producer.publish(
      'proc.sketch.v1',
      fleet.messages.filter((m) => m.timestampMs >= T0 + 2 * WINDOW_MS),
    );
    const expected = 7 * METRICS.length * (NAMES.length + 1) * 4;
    const rows = await until(`every minute row (${second.err()})`, 60_000, async () => {
      const m = await mark.get('acme').catch(() => undefined);
      if (m !== undefined) marks.push(m);
      const all = [];
      for (const metricName of METRICS) all.push(...(await store.read({ account: 'acme', metric: metricName, granularityMs: MINUTE_MS, fromMs: T0, toMs: T0 + 4 * WINDOW_MS })));
      return all.length === expected ? all : undefined;
    });
    for (const row of rows) expect(row.sketch.count).toBe(fleet.raw.get(rawKey(row.entity, row.metric, row.displayName, row.windowStartMs))!.length);
    const last = BigInt(Math.max(...fleet.messages.map((m) => m.receivedMs))) * 1_000_000n;
    await until('the mark past the last ingest time', 30_000, async () => {
      const m = await mark.get('acme');
      if (m !== undefined) marks.push(m);
      return m !== undefined && m >= last ? true : undefined;
    });
    for (let i = 1; i < marks.length; i++) expect(marks[i] >= marks[i - 1]).toBe(true);
    second.child.kill('SIGTERM');
    await new Promise((r) => second.child.once('exit', r));
  } finally {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await producer.close();
    await store.close();
    await mark.close();
  }
}, 180_000);
