// npm run bench:server: sustained ingest of ProcessEnvelopes (20 top rows
// and 60 aggregate rows each, the shape of a smart-mode tick) into the
// embedded server, `infrawatch serve` run as its own process on a store
// file on disk (synchronous=FULL: every acked request was fsync'd).
//
//   npm run bench:server [-- --seconds S] [-- --clients C] [-- --per-request N]
//
// Figures (the machine's load average is printed: the cores may be shared):
//   ack latency   tinybench: one request of one envelope, one client, the
//                 server otherwise idle (median and p99 of its samples)
//   envelopes/s   C clients (default 16), each posting one request after
//                 the other for S seconds (default 10), N envelopes a
//                 request (default 1); then 4 clients, 10 a request, 5 s
//                 (a spool shipped after an outage: the writer's ceiling):
//                 envelopes answered 2xx per second
//   ack p50/p99   the latency of each of those requests, under that load
//   rows/s        rows the writer stored per second, from the server's own
//                 counter, over the time from the first request to an
//                 empty outbox (so the writer kept up, or this says it did not)
//   server RSS    the server's VmRSS, sampled every 100 ms: peak and at the end
// Target (issue 14): ≥ 1,000 envelopes/s with p99 ack ≤ 50 ms.

import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SignJWT } from 'jose';
import protobuf from 'protobufjs/minimal.js';
import { Bench } from 'tinybench';
import { packageRoot } from '../src/paths.js';
import { infrawatch } from '../src/wire/generated/infrawatch.js';
import { AGGREGATES, envelope, TOP } from './ingest-envelope.js';
import { cpuSecondsOf, rssBytesOf } from './process-stats.js';

const { values: flags } = parseArgs({ options: { seconds: { type: 'string' }, clients: { type: 'string' }, 'per-request': { type: 'string' } } });
const SECONDS = Number(flags.seconds ?? 10);
const CLIENTS = Number(flags.clients ?? 16);
const PER_REQUEST = Number(flags['per-request'] ?? 1);
const BATCHED_SECONDS = 5;
const SECRET = 'bench-secret-of-more-than-32-bytes-0123456789';
const CLI = join(packageRoot, 'dist', 'src', 'cli.js');

function bodyOf(host: string, firstMs: number, n: number): Uint8Array {
  const w = protobuf.Writer.create();
  for (let i = 0; i < n; i++) infrawatch.ProcessEnvelope.encodeDelimited(envelope(host, firstMs + i * 10_000), w);
  return w.finish();
}

/**
 * A client's bodies without encoding each: `n` envelopes encoded once,
 * their timestamps' varints found, and overwritten in a copy per request
 * (every timestamp from 2^35 to 2^42 ms is a 6-byte varint), so that the
 * client's cpu goes to sending, not to protobuf (it shares the cores with
 * the server). Request k carries timestamps firstMs + (k·n + i)·10 s.
 */
function bodyMaker(host: string, firstMs: number, n: number): (k: number) => Buffer {
  const template = Buffer.from(bodyOf(host, firstMs, n));
  const varint = (v: number) => Buffer.from(protobuf.Writer.create().uint64(v).finish());
  const offsets = Array.from({ length: n }, (_, i) => template.indexOf(varint(firstMs + i * 10_000)));
  return (k) => {
    const body = Buffer.from(template);
    for (let i = 0; i < n; i++) varint(firstMs + (k * n + i) * 10_000).copy(body, offsets[i]);
    return body;
  };
}

async function counter(metricsUrl: string, name: string): Promise<number> {
  const text = await (await fetch(metricsUrl)).text();
  return [...text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\d+)$`, 'gm'))].reduce((n, m) => n + Number(m[1]), 0);
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

async function serve(config: string): Promise<{ child: ChildProcess; url: string; metricsUrl: string }> {
  const child = spawn(process.execPath, [...(process.env.IW_BENCH_SERVER_NODE_FLAGS?.split(' ').filter(Boolean) ?? []), CLI, 'serve', '--config', config], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.includes('"server listening"'));
      if (line) {
        const { url, metrics } = JSON.parse(line) as { url: string; metrics: string };
        resolve({ child, url, metricsUrl: metrics });
      }
    });
    child.once('exit', (code) => reject(new Error(`infrawatch serve exited (${code}) before listening`)));
  });
}

async function main(): Promise<void> {
  // On disk, not tmpfs: the fsync of each commit is part of what is measured.
  mkdirSync(join(packageRoot, 'var'), { recursive: true });
  const dir = mkdtempSync(join(packageRoot, 'var', 'bench-server-'));
  const secretFile = join(dir, 'secret');
  writeFileSync(secretFile, SECRET);
  chmodSync(secretFile, 0o600);
  const config = join(dir, 'server.yaml');
  writeFileSync(
    config,
    [
      'listen: { address: 127.0.0.1, port: 0 }',
      'metrics_listen: 127.0.0.1:0',
      `store: { path: ${join(dir, 'store.db')} }`,
      `topics: { path: ${join(dir, 'topics.db')} }`,
      'auth:',
      '  keys:',
      `    - { id: main, account: bench, algorithms: [HS256], secret_file: ${secretFile} }`,
    ].join('\n'),
  );
  const server = await serve(config);
  const pid = server.child.pid!;
  const now = Math.floor(Date.now() / 1000);
  const tokenOf = (host: string) =>
    new SignJWT({ acct: 'bench', sub: host, iss: 'infrawatch', aud: 'infrawatch-ingest', exp: now + 3600 }).setProtectedHeader({ alg: 'HS256', kid: 'main' }).sign(new TextEncoder().encode(SECRET));
  const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS + 1 });
  const target = new URL(`${server.url}/v1/envelopes`);
  /** One POST on a kept-alive connection (node:http: less client cpu than fetch); resolves with the status. */
  const post = (token: string, body: Uint8Array) =>
    new Promise<number>((resolve, reject) => {
      const req = request(
        target,
        {
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/x-protobuf; messageType=infrawatch.ProcessEnvelope', authorization: `Bearer ${token}`, 'content-length': body.length },
        },
        (res) => {
          res.resume();
          res.once('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.once('error', reject);
      req.end(body);
    });
  let failures = 0;
  const check = (status: number) => {
    if (status !== 202) failures++;
  };

  try {
    // 1. One client, one envelope a request: the latency of an ack with no load.
    const idleToken = await tokenOf('idle');
    let idleTs = 1_700_000_000_000;
    const bench = new Bench({ time: 2000, warmupTime: 300 });
    bench.add('ack of one envelope, idle server', async () => {
      idleTs += 10_000;
      check(await post(idleToken, bodyOf('idle', idleTs, 1)));
    });
    await bench.run();
    const idle = bench.tasks[0].result as unknown as { latency: { p50?: number; p99?: number; samplesCount?: number } };

    const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
    const load = () =>
      loadavg()
        .map((l) => l.toFixed(1))
        .join(' ');
    console.log(`infrawatch serve ingest bench: nproc ${availableParallelism()}, node ${process.version}, store on disk (synchronous=FULL), load average ${load()}`);
    console.log(`  envelope: ${TOP} rows + ${AGGREGATES} aggregates, ${bodyOf('x', 0, 1).length} bytes`);
    console.log(
      `  idle ack latency (tinybench, 1 client, 1 envelope a request): p50 ${idle.latency.p50?.toFixed(2)} ms, p99 ${idle.latency.p99?.toFixed(2)} ms (${idle.latency.samplesCount} samples)`,
    );

    /** C clients (each its own host), back to back, `perRequest` envelopes a request, for `seconds`; then until the outbox is empty. */
    const sustained = async (label: string, clients: number, perRequest: number, seconds: number, firstMs: number) => {
      const rowsBefore = await counter(server.metricsUrl, 'infrawatch_server_rows_written_total');
      const latencies: number[] = [];
      let envelopes = 0;
      let peakRss = 0;
      const sampler = setInterval(() => {
        peakRss = Math.max(peakRss, rssBytesOf(pid));
      }, 100);
      const serverCpuBefore = cpuSecondsOf(pid);
      const clientCpuBefore = process.cpuUsage();
      const started = performance.now();
      const endAt = started + seconds * 1000;
      await Promise.all(
        Array.from({ length: clients }, async (_, c) => {
          const host = `host-${c}`;
          const token = await tokenOf(host);
          const makeBody = bodyMaker(host, firstMs, perRequest);
          for (let k = 0; performance.now() < endAt; k++) {
            const body = makeBody(k);
            const t0 = performance.now();
            const status = await post(token, body);
            check(status);
            latencies.push(performance.now() - t0);
            if (status === 202) envelopes += perRequest;
          }
        }),
      );
      const postedMs = performance.now() - started;
      const serverCpu = cpuSecondsOf(pid) - serverCpuBefore;
      const clientUsage = process.cpuUsage(clientCpuBefore);
      const clientCpu = (clientUsage.user + clientUsage.system) / 1e6;
      while ((await counter(server.metricsUrl, 'infrawatch_server_backlog_messages')) > 0) await new Promise((r) => setTimeout(r, 50));
      const drainedMs = performance.now() - started;
      clearInterval(sampler);
      const rows = (await counter(server.metricsUrl, 'infrawatch_server_rows_written_total')) - rowsBefore;
      latencies.sort((x, y) => x - y);
      const rate = envelopes / (postedMs / 1000);
      const p99 = quantile(latencies, 0.99);
      console.log(`  ${label}: ${clients} clients, ${perRequest} envelope(s) a request, ${seconds} s`);
      console.log(`    ${rate.toFixed(0)} envelopes/s accepted, ack p50 ${quantile(latencies, 0.5).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms`);
      console.log(
        `    writer: ${rows} rows in ${(drainedMs / 1000).toFixed(1)} s = ${(rows / (drainedMs / 1000)).toFixed(0)} rows/s (outbox empty ${((drainedMs - postedMs) / 1000).toFixed(1)} s after the last request)`,
      );
      console.log(
        `    cpu while posting: server ${(serverCpu / (postedMs / 1000)).toFixed(2)} cores (${((serverCpu * 1000) / envelopes).toFixed(2)} ms an envelope), this client ${(clientCpu / (postedMs / 1000)).toFixed(2)} cores`,
      );
      console.log(`    server RSS: peak ${mib(peakRss)}, after ${mib(rssBytesOf(pid))}`);
      return { rate, p50: quantile(latencies, 0.5), p99, cpuMsPerEnvelope: (serverCpu * 1000) / envelopes, peakRssMb: peakRss / 1024 / 1024 };
    };

    // 2. One envelope a request: an agent's tick as its api sink would send it.
    const single = await sustained('sustained', CLIENTS, PER_REQUEST, SECONDS, 1_750_000_000_000);
    // 3. Ten a request: a spool's backlog shipped after an outage; the writer's ceiling.
    await sustained('batched', 4, 10, BATCHED_SECONDS, 1_760_000_000_000);
    const commits = await counter(server.metricsUrl, 'infrawatch_server_topic_commits_total');
    console.log(`  topic commits ${commits}; failed requests ${failures}; load average ${load()}`);
    console.log(`  target ≥ 1,000 envelopes/s with p99 ≤ 50 ms (one a request): ${single.rate >= 1000 && single.p99 <= 50 ? 'met' : 'NOT met'}`);
    // For the VictoriaMetrics bench that follows in `npm run bench` (victoria-metrics.bench.ts): the same figures side by side.
    mkdirSync(join(packageRoot, 'var', 'bench'), { recursive: true });
    const figures = { envelopesPerSecond: single.rate, p50Ms: single.p50, p99Ms: single.p99, cpuMsPerEnvelope: single.cpuMsPerEnvelope, peakRssMb: single.peakRssMb };
    writeFileSync(join(packageRoot, 'var', 'bench', 'server-ingest.json'), `${JSON.stringify(figures)}\n`);
  } finally {
    server.child.kill('SIGTERM');
    await new Promise((r) => server.child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
