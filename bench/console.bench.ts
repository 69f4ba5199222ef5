// The fleet console on a fleet of 1,000 hosts (issue 20): the latency of
// GET /api/console/fleet (fleet-hosts.ts: the registry and four FACET
// hostId queries, whatever the number of hosts) on the embedded store, p50
// and p99 over HTTP with the token checked and the JSON written, beside
// the view alone (no HTTP); the answer's bytes (sent gzipped to a browser); and the browser bundle's
// size, raw and gzipped (dist/console/, what a first visit downloads).
// The rows go through the row store's writeBatch, as the writer writes
// them: per host a registration and TICKS ProcessEnvelopes (10 s apart, the
// last minute of the range) of TOP rows, one of them the agent's own, and
// AGGREGATES aggregate rows.
//   npm run bench:console                      (1,000 hosts)
//   node dist/bench/console.bench.js 5000      (another fleet size)

import { readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { SignJWT } from 'jose';
import { Bench } from 'tinybench';
import { distRoot } from '../src/paths.js';
import { TokenVerifier } from '../src/server/auth/token-verifier.js';
import { loadKeyRing } from '../src/server/auth/key-ring.js';
import { ConsoleHttp } from '../src/server/console/console-http.js';
import { fleetHosts } from '../src/server/console/fleet-hosts.js';
import { FleetStore, fleetPathOf } from '../src/server/fleet/fleet-store.js';
import { QueryService } from '../src/server/query/query-service.js';
import { SqliteSqlRunner } from '../src/server/query/sqlite-sql-runner.js';
import { openRowsFile } from '../src/server/store/sqlite-file.js';
import { SqliteRowStore } from '../src/server/store/sqlite-row-store.js';
import { partitionOf } from '../src/server/topics/partition.js';
import { messageIdOf, type TopicMessage } from '../src/server/topics/topic-message.js';
import { infrawatch } from '../src/wire/generated/infrawatch.js';

const ACCOUNT = 'bench';
const SECRET = 'a-bench-secret-of-more-than-32-bytes-0123456789';
const TICK_MS = 10_000;
const TICKS = 6;
const TOP = 20;
const AGGREGATES = 30;
const HOSTS_PER_BATCH = 50;

function message(kind: 'process' | 'register', entity: string, timestampMs: number, body: Uint8Array): TopicMessage {
  return { id: messageIdOf(ACCOUNT, entity, kind, timestampMs, ''), account: ACCOUNT, entity, kind, partition: partitionOf(ACCOUNT, entity, 16), timestampMs, body, receivedMs: timestampMs };
}

function envelope(hostId: string, timestampMs: number, h: number): Uint8Array {
  return infrawatch.ProcessEnvelope.encode({
    entityGuid: hostId,
    schemaVersion: '2.2',
    payload: {
      timestampMs,
      intervalMs: TICK_MS,
      mode: h % 10 === 0 ? 'raw' : 'smart',
      topN: TOP,
      top: Array.from({ length: TOP }, (_, i) => ({
        processId: 1000 + i,
        commandName: i === 0 ? 'infrawatch' : `cmd${i}`,
        processDisplayName: i === 0 ? 'infrawatch' : `proc-${i % 10}`,
        cpuPercent: i === 0 ? 0.4 + (h % 7) / 10 : 30 / (i + 1),
        memoryResidentSizeBytes: (i === 0 ? 60 : 200 - i * 5) * 1024 * 1024,
        agentSelf: i === 0,
      })),
      aggregates: Array.from({ length: AGGREGATES }, (_, i) => ({ processDisplayName: `agg-${i}`, processCount: 3, cpuPercent: 0.05, memoryResidentSizeBytes: 4 * 1024 * 1024 })),
    },
  }).finish();
}

async function fill(store: SqliteRowStore, hosts: number, nowMs: number): Promise<void> {
  for (let first = 0; first < hosts; first += HOSTS_PER_BATCH) {
    const batch: TopicMessage[] = [];
    for (let h = first; h < Math.min(hosts, first + HOSTS_PER_BATCH); h++) {
      const hostId = `host-${String(h).padStart(5, '0')}`;
      // One host in a hundred stopped reporting five minutes ago.
      const lastMs = h % 100 === 99 ? nowMs - 300_000 : nowMs;
      batch.push(message('register', hostId, lastMs - TICKS * TICK_MS, Buffer.from(JSON.stringify({ host_id: hostId, hostname: `${hostId}.example`, agent_version: '0.1.0' }))));
      for (let t = 0; t < TICKS; t++) batch.push(message('process', hostId, lastMs - t * TICK_MS, envelope(hostId, lastMs - t * TICK_MS, h)));
    }
    await store.writeBatch(batch);
  }
}

async function latency(label: string, iterations: number, f: () => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  const bench = new Bench({ time: 0, iterations, warmup: true, warmupIterations: 3 });
  bench.add(label, f);
  await bench.run();
  const r = bench.tasks[0].result;
  if (r.state !== 'completed') throw new Error(`${label}: ${r.state}`, { cause: (r as { error?: unknown }).error });
  return { p50: r.latency.p50 as number, p99: r.latency.p99 as number };
}

const hosts = Number(process.argv[2] ?? 1000);
const dir = mkdtempSync(join(tmpdir(), 'iw-console-bench-'));
const secretFile = join(dir, 'bench.secret');
writeFileSync(secretFile, `${SECRET}\n`, { mode: 0o600 });
const db = openRowsFile(join(dir, 'store.db'));
const fleet = new FleetStore(fleetPathOf(join(dir, 'store.db')));
// The client's pooled connection stays open across the view's own bench (longer than the default 5 s).
const server = createServer({ keepAliveTimeout: 120_000 });
try {
  console.log(`console bench, nproc ${availableParallelism()}, node ${process.version}, load average ${loadavg()[0].toFixed(2)}`);
  const nowMs = Date.now();
  const t0 = performance.now();
  await fill(new SqliteRowStore(db), hosts, nowMs);
  console.log(`${hosts} hosts × ${TICKS} ticks of ${TOP} rows and ${AGGREGATES} aggregates written in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const service = new QueryService(new SqliteSqlRunner(db));
  const keys = loadKeyRing([{ id: 'main', account: ACCOUNT, algorithms: ['HS256'], secret_file: secretFile, public_key_file: '' }], 'bench');
  const verifier = new TokenVerifier(keys, { issuer: 'infrawatch', audience: 'infrawatch-ingest', clockToleranceSeconds: 5 });
  const consoleHttp = new ConsoleHttp(service, verifier, fleet);
  server.on('request', consoleHttp.handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/console/fleet?minutes=15`;
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({ acct: ACCOUNT })
    .setProtectedHeader({ alg: 'HS256', kid: 'main' })
    .setSubject('ops')
    .setIssuer('infrawatch')
    .setAudience('infrawatch-ingest')
    .setIssuedAt(now)
    .setExpirationTime(now + 3600)
    .sign(new TextEncoder().encode(SECRET));

  const answer = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const body = (await answer.json()) as { total: number; hosts: { stale: boolean; agentRssBytes: number | null }[] };
  if (answer.status !== 200 || body.hosts.length !== hosts) throw new Error(`GET ${url}: ${answer.status}, ${body.hosts?.length} hosts of ${hosts}`);
  if (body.hosts.filter((h) => h.stale).length !== Math.floor(hosts / 100)) throw new Error('the stale hosts are not the ones that stopped');
  const answerBytes = Buffer.byteLength(JSON.stringify(body));
  console.log(
    `answer: ${body.hosts.length} hosts, ${body.hosts.filter((h) => h.stale).length} stale, ${(answerBytes / 1024).toFixed(0)} KiB of JSON (${(gzipSync(JSON.stringify(body)).length / 1024).toFixed(0)} KiB gzipped)`,
  );

  const ms = (x: number) => `${x.toFixed(1)} ms`;
  const view = await latency('fleet view', 20, () =>
    fleetHosts((q, mode) => service.query(ACCOUNT, q, mode), service.runner, { account: ACCOUNT, nowMs: Date.now(), fromMs: Date.now() - 900_000, staleMs: 120_000 }),
  );
  console.log(`fleet view alone (fleet-hosts.ts)     p50 ${ms(view.p50)}  p99 ${ms(view.p99)}   load average ${loadavg()[0].toFixed(2)}`);
  const http = await latency('GET /api/console/fleet', 20, async () => (await fetch(url, { headers: { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip' } })).arrayBuffer());
  console.log(`GET /api/console/fleet (HTTP, JSON)   p50 ${ms(http.p50)}  p99 ${ms(http.p99)}   load average ${loadavg()[0].toFixed(2)}`);

  for (const file of ['console.js', 'console.css', 'index.html']) {
    const bytes = readFileSync(join(distRoot, 'console', file));
    console.log(`bundle ${file.padEnd(12)} ${(bytes.length / 1024).toFixed(1).padStart(6)} KiB, ${(gzipSync(bytes).length / 1024).toFixed(1).padStart(5)} KiB gzipped`);
  }
} finally {
  await new Promise((resolve) => server.close(resolve));
  fleet.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
}
