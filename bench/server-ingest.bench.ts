// npm run bench:server: sustained ingest of ProcessEnvelopes (20 top rows
// and 60 aggregate rows each, the shape of a smart-mode tick) into the
// embedded server, `infrawatch serve` run as its own process on a store
// file on disk (synchronous=FULL: every acked request was fsync'd).
//
//   npm run bench:server [-- --seconds S] [-- --clients C] [-- --per-request N] [-- --sketches]
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
//   ack to stored one more client posts one envelope at a time and, after
//                 each 2xx, reads the rows file every 5 ms until its rows
//                 are there (a reader as the query route is): the lag
//   server RSS    the server's VmRSS, sampled every 100 ms: peak and at the end
// The figures of the first run go to var/bench/server-ingest.json, for the
// side by side that victoria-metrics.bench.ts prints (scaleout-ingest.bench.ts
// measures the same on NATS and PostgreSQL).
// --sketches: in the sustained run, each client sends its host's
// SketchEnvelopes of a window (162: bench/ingest-envelope.ts) after every
// sixth tick, as an agent does once a minute; the merger merges and commits
// the windows while the ticks come, and the ack figures are of every
// request, both kinds (the writer's drain waits for proc.raw.v1 only: the
// merger holds its windows until they close). The merger then commits each
// window a second after its envelopes came (max_hold_ms 1000, no lateness).
// Target (issue 14): ≥ 1,000 envelopes/s with p99 ack ≤ 50 ms.

import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { Bench } from 'tinybench';
import { packageRoot } from '../src/paths.js';
import { writeBenchFigures } from './bench-figures.js';
import { AGGREGATES, sketchWindowMaker, TOP, WINDOW_MS } from './ingest-envelope.js';
import { bodyMaker, bodyOf, counter, lagProbe, loadAverage, mib, PROCESS_ENVELOPES, poster, quantile, SKETCH_ENVELOPES, sustainedLoad, tokenOf } from './ingest-load.js';
import { rssBytesOf } from './process-stats.js';
import { BENCH_ACCOUNT, BENCH_SECRET, serveProcess, stopProcess, writeServeConfig } from './serve-process.js';

const { values: flags } = parseArgs({
  options: { seconds: { type: 'string' }, clients: { type: 'string' }, 'per-request': { type: 'string' }, sketches: { type: 'boolean' } },
});
const SKETCHES = flags.sketches ?? false;
const SECONDS = Number(flags.seconds ?? 10);
const CLIENTS = Number(flags.clients ?? 16);
const PER_REQUEST = Number(flags['per-request'] ?? 1);
const BATCHED_SECONDS = 5;
const SECRET = BENCH_SECRET;
const ACCOUNT = BENCH_ACCOUNT;

async function main(): Promise<void> {
  // On disk, not tmpfs: the fsync of each commit is part of what is measured.
  mkdirSync(join(packageRoot, 'var'), { recursive: true });
  const dir = mkdtempSync(join(packageRoot, 'var', 'bench-server-'));
  const config = writeServeConfig(dir, [
    `store: { path: ${join(dir, 'store.db')} }`,
    `topics: { path: ${join(dir, 'topics.db')} }`,
    // --sketches: each window committed a second after its envelopes came (the least the config allows), so that commits run while the ticks come.
    ...(SKETCHES ? ['merger: { allowed_lateness_windows: 0, max_hold_ms: 1000, publish_slack_ms: 0 }'] : []),
  ]);
  const server = await serveProcess(config);
  const pid = server.child.pid!;
  const ingestUrl = `${server.url}/v1/envelopes`;
  const post = poster(ingestUrl, 1);
  // A reader of the rows file, as the query route is: when the lag probe's rows are readable.
  const rows = new Database(join(dir, 'store.db'), { readonly: true });
  const storedRow = rows.prepare('SELECT 1 FROM ProcessSample WHERE account = ? AND hostId = ? AND timestampMs = ? LIMIT 1');
  let failures = 0;

  try {
    // 1. One client, one envelope a request: the latency of an ack with no load.
    const idleToken = await tokenOf(SECRET, ACCOUNT, 'idle');
    let idleTs = 1_700_000_000_000;
    const bench = new Bench({ time: 2000, warmupTime: 300 });
    bench.add('ack of one envelope, idle server', async () => {
      idleTs += 10_000;
      if ((await post(idleToken, bodyOf('idle', idleTs, 1))) !== 202) failures++;
    });
    await bench.run();
    const idle = bench.tasks[0].result as unknown as { latency: { p50?: number; p99?: number; samplesCount?: number } };

    console.log(`infrawatch serve ingest bench: nproc ${availableParallelism()}, node ${process.version}, store on disk (synchronous=FULL), load average ${loadAverage()}`);
    console.log(`  envelope: ${TOP} rows + ${AGGREGATES} aggregates, ${bodyOf('x', 0, 1).length} bytes`);
    console.log(
      `  idle ack latency (tinybench, 1 client, 1 envelope a request): p50 ${idle.latency.p50?.toFixed(2)} ms, p99 ${idle.latency.p99?.toFixed(2)} ms (${idle.latency.samplesCount} samples)`,
    );

    /** C clients (each its own host), back to back, `perRequest` envelopes a request, for `seconds`; then until the outbox is empty. */
    const sustained = async (label: string, clients: number, perRequest: number, seconds: number, firstMs: number, sketches = false) => {
      const mergedBefore = await counter(server.metricsUrl, 'infrawatch_server_sketch_envelopes_merged_total');
      const rowsBefore = await counter(server.metricsUrl, 'infrawatch_server_rows_written_total');
      const probeHost = `probe-${firstMs}`;
      const probe = await lagProbe(ingestUrl, await tokenOf(SECRET, ACCOUNT, probeHost), probeHost, firstMs, async (ts) => storedRow.get(ACCOUNT, probeHost, ts) !== undefined);
      const f = await sustainedLoad({
        url: ingestUrl,
        clients,
        seconds,
        token: (c) => tokenOf(SECRET, ACCOUNT, `host-${c}`),
        request: (c) => {
          const make = bodyMaker(`host-${c}`, firstMs, perRequest);
          if (!sketches) return (k) => ({ body: make(k), contentType: PROCESS_ENVELOPES, envelopes: perRequest });
          const window = sketchWindowMaker(`host-${c}`, Math.floor(firstMs / WINDOW_MS) * WINDOW_MS);
          let tick = 0;
          let minute = 0;
          return (k) => (k % 7 === 6 ? { body: window(minute++), contentType: SKETCH_ENVELOPES, envelopes: 0 } : { body: make(tick++), contentType: PROCESS_ENVELOPES, envelopes: perRequest });
        },
        pids: { server: pid },
        async drained() {
          const lags = probe.stop();
          while ((await counter(server.metricsUrl, 'infrawatch_server_backlog_messages', 'topic="proc.raw.v1"')) > 0) await new Promise((r) => setTimeout(r, 50));
          await lags;
        },
      });
      const lags = await probe.stop();
      failures += f.failures;
      const stored = (await counter(server.metricsUrl, 'infrawatch_server_rows_written_total')) - rowsBefore;
      const serverCpu = f.cpuSeconds.server;
      console.log(`  ${label}: ${clients} clients, ${perRequest} envelope(s) a request, ${seconds} s${sketches ? ', a window of SketchEnvelopes after every sixth' : ''}`);
      if (sketches) {
        const merged = (await counter(server.metricsUrl, 'infrawatch_server_sketch_envelopes_merged_total')) - mergedBefore;
        const windows = await counter(server.metricsUrl, 'infrawatch_server_sketch_windows_committed_total');
        console.log(`    merger: ${merged} SketchEnvelopes merged by the drain, ${windows} windows committed since the start`);
      }
      console.log(`    ${f.rate.toFixed(0)} envelopes/s accepted, ack p50 ${f.p50Ms.toFixed(1)} ms, p99 ${f.p99Ms.toFixed(1)} ms`);
      console.log(
        `    writer: ${stored} rows in ${(f.drainedMs / 1000).toFixed(1)} s = ${(stored / (f.drainedMs / 1000)).toFixed(0)} rows/s (outbox empty ${((f.drainedMs - f.postedMs) / 1000).toFixed(1)} s after the last request)`,
      );
      console.log(`    ack to stored (readable in the rows file): p50 ${quantile(lags, 0.5).toFixed(0)} ms, p99 ${quantile(lags, 0.99).toFixed(0)} ms (${lags.length} probes)`);
      console.log(
        `    cpu while posting: server ${(serverCpu / (f.postedMs / 1000)).toFixed(2)} cores (${((serverCpu * 1000) / f.envelopes).toFixed(2)} ms an envelope), this client ${f.clientCores.toFixed(2)} cores`,
      );
      console.log(`    server RSS: peak ${mib(f.peakRssBytes.server)}, after ${mib(rssBytesOf(pid))}`);
      return {
        envelopesPerSecond: f.rate,
        rowsPerSecond: stored / (f.drainedMs / 1000),
        p50Ms: f.p50Ms,
        p99Ms: f.p99Ms,
        lagP50Ms: quantile(lags, 0.5),
        lagP99Ms: quantile(lags, 0.99),
        cpuMsPerEnvelope: (serverCpu * 1000) / f.envelopes,
        peakRssMb: f.peakRssBytes.server / 1024 / 1024,
      };
    };

    // 2. One envelope a request: an agent's tick as its api sink would send it.
    const single = await sustained('sustained', CLIENTS, PER_REQUEST, SECONDS, 1_750_000_000_000, SKETCHES);
    // 3. Ten a request: a spool's backlog shipped after an outage; the writer's ceiling.
    await sustained('batched', 4, 10, BATCHED_SECONDS, 1_760_000_000_000);
    const commits = await counter(server.metricsUrl, 'infrawatch_server_topic_commits_total');
    console.log(`  topic commits ${commits}; failed requests ${failures}; load average ${loadAverage()}`);
    console.log(`  target ≥ 1,000 envelopes/s with p99 ≤ 50 ms (one a request): ${single.envelopesPerSecond >= 1000 && single.p99Ms <= 50 ? 'met' : 'NOT met'}`);
    // For the VictoriaMetrics bench that follows in `npm run bench` (victoria-metrics.bench.ts): the same figures side by side.
    writeBenchFigures('server-ingest', single);
  } finally {
    rows.close();
    await stopProcess(server);
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
