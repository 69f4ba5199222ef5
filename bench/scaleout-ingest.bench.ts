// The scale-out figure beside the embedded one (server-ingest.bench.ts):
// the same envelopes (bench/ingest-envelope.ts) from the same clients
// (bench/ingest-load.ts) into `infrawatch serve --role receiver` and
// `--role writer`, each its own process, on nats-server (JetStream, file
// storage) and PostgreSQL 15 started here (test/server/engines.ts), all on
// this machine's cores.
//
//   npm run build && node dist/bench/scaleout-ingest.bench.js [--seconds S] [--clients C]
//
// Figures, as the embedded bench's (its header says how each is taken):
//   envelopes/s, ack p50/p99   C clients (default 16), one envelope a
//                 request, S seconds (default 10); then 4 clients, 10 a
//                 request, 5 s
//   rows/s        ProcessSample and ProcessAggregateSample rows counted in
//                 PostgreSQL, over the time from the first request until
//                 every acked envelope's rows are there (counted exactly:
//                 each acked envelope stored once)
//   ack to stored one more client: after each 2xx, PostgreSQL is asked
//                 every 5 ms whether the envelope's rows are there
//   cpu, RSS      of the receiver and the writer; cpu of nats-server and of
//                 PostgreSQL (the postmaster and its backends); RSS of
//                 nats-server (PostgreSQL's backends share their buffers:
//                 a sum of their RSS means nothing)
// Durability is not the embedded server's: PostgreSQL runs with fsync and
// synchronous_commit on, so a stored row is on disk; JetStream (a file
// stream, one replica) answers a publish once the message is written to its
// file, not fsync'd (nats-server syncs every 2 minutes by default): the
// receiver's 2xx then means "in nats-server's page cache". The embedded
// server's 2xx means fsync'd.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startNats, startPostgres } from '../test/server/engines.js';
import { writeBenchFigures } from './bench-figures.js';
import { AGGREGATES, TOP } from './ingest-envelope.js';
import { bodyMaker, lagProbe, loadAverage, mib, PROCESS_ENVELOPES, quantile, sustainedLoad, tokenOf } from './ingest-load.js';
import { childNamed, cpuSecondsOf, processTreeOf, rssBytesOf, treeCpuSecondsOf } from './process-stats.js';
import { BENCH_ACCOUNT, BENCH_SECRET, serveProcess, stopProcess, writeServeConfig } from './serve-process.js';

const { values: flags } = parseArgs({ options: { seconds: { type: 'string' }, clients: { type: 'string' } } });
const SECONDS = Number(flags.seconds ?? 10);
const CLIENTS = Number(flags.clients ?? 16);
const BATCHED_SECONDS = 5;
const SECRET = BENCH_SECRET;
const ACCOUNT = BENCH_ACCOUNT;
const ROWS_PER_ENVELOPE = TOP + AGGREGATES;
/** How long the writer may take to store what was acked before the bench says it did not. */
const DRAIN_LIMIT_MS = 300_000;

async function main(): Promise<void> {
  const [nats, postgres] = await Promise.all([startNats(), startPostgres({ durable: true })]);
  const dir = mkdtempSync(join(tmpdir(), 'iw-bench-scaleout-'));
  const db = new pg.Client({ connectionString: postgres.url });
  const started: Array<Awaited<ReturnType<typeof serveProcess>>> = [];
  try {
    const config = writeServeConfig(dir, [`topics: { bus: "${nats.url}" }`, `store: { url: "${postgres.url}" }`, 'merger: { enabled: false }']);
    // The writer first: it creates the tables the lag probe reads.
    const writer = await serveProcess(config, ['--role', 'writer']);
    started.push(writer);
    const receiver = await serveProcess(config, ['--role', 'receiver']);
    started.push(receiver);
    await db.connect();
    const natsPid = childNamed('nats-server');
    const postmasterPid = Number(readFileSync(join(postgres.dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
    const ingestUrl = `${receiver.url}/v1/envelopes`;

    const storedRows = async (hostPrefix: string) => {
      const r = await db.query(
        `SELECT (SELECT count(*) FROM "ProcessSample" WHERE account = $1 AND "hostId" LIKE $2) + (SELECT count(*) FROM "ProcessAggregateSample" WHERE account = $1 AND "hostId" LIKE $2) AS n`,
        [ACCOUNT, `${hostPrefix}%`],
      );
      return Number(r.rows[0].n);
    };
    const probeStored = (host: string) => async (ts: number) =>
      (await db.query('SELECT 1 FROM "ProcessSample" WHERE account = $1 AND "hostId" = $2 AND "timestampMs" = $3 LIMIT 1', [ACCOUNT, host, ts])).rowCount === 1;

    console.log(
      `\ninfrawatch serve scale-out ingest bench: --role receiver and --role writer on nats-server (JetStream) and PostgreSQL 15 (fsync on), nproc ${availableParallelism()}, node ${process.version}, load average ${loadAverage()}`,
    );
    // Recent timestamps: PostgreSQL's partitions are by day, from the data.
    const day = Math.floor(Date.now() / 86_400_000) * 86_400_000;
    const sustained = async (label: string, clients: number, perRequest: number, seconds: number, firstMs: number) => {
      const hostPrefix = `h${firstMs}-`;
      const probeHost = `probe-${firstMs}`;
      const probe = await lagProbe(ingestUrl, await tokenOf(SECRET, ACCOUNT, probeHost), probeHost, firstMs, probeStored(probeHost));
      const pgTree = processTreeOf(postmasterPid);
      const pgCpuBefore = treeCpuSecondsOf(pgTree);
      const natsCpuBefore = cpuSecondsOf(natsPid);
      let expectedRows = 0;
      const f = await sustainedLoad({
        url: ingestUrl,
        clients,
        seconds,
        token: (c) => tokenOf(SECRET, ACCOUNT, `${hostPrefix}${c}`),
        request: (c) => {
          const make = bodyMaker(`${hostPrefix}${c}`, firstMs, perRequest);
          return (k) => ({ body: make(k), contentType: PROCESS_ENVELOPES, envelopes: perRequest });
        },
        pids: { receiver: receiver.child.pid!, writer: writer.child.pid!, nats: natsPid },
        async drained() {
          await probe.stop();
          const deadline = Date.now() + DRAIN_LIMIT_MS;
          while ((await storedRows(hostPrefix)) < expectedRows) {
            if (Date.now() > deadline) throw new Error(`${label}: the writer did not store every acked envelope's rows in ${DRAIN_LIMIT_MS / 1000} s`);
            await new Promise((r) => setTimeout(r, 100));
          }
        },
        // Set before drained() runs: every acked envelope's rows.
        onPosted: (envelopes) => {
          expectedRows = envelopes * ROWS_PER_ENVELOPE;
        },
      });
      const pgCpu = treeCpuSecondsOf(pgTree) - pgCpuBefore;
      const natsCpu = cpuSecondsOf(natsPid) - natsCpuBefore;
      const lags = await probe.stop();
      const rows = await storedRows(hostPrefix);
      const perSecond = (cpu: number) => (cpu / (f.postedMs / 1000)).toFixed(2);
      const perEnvelope = (cpu: number) => ((cpu * 1000) / f.envelopes).toFixed(2);
      console.log(`  ${label}: ${clients} clients, ${perRequest} envelope(s) a request, ${seconds} s; ${f.failures} requests not answered 202`);
      console.log(`    ${f.rate.toFixed(0)} envelopes/s accepted, ack p50 ${f.p50Ms.toFixed(1)} ms, p99 ${f.p99Ms.toFixed(1)} ms`);
      console.log(
        `    stored: ${rows} rows (${rows === expectedRows ? 'each acked envelope once' : `expected ${expectedRows}`}) in ${(f.drainedMs / 1000).toFixed(1)} s = ${(rows / (f.drainedMs / 1000)).toFixed(0)} rows/s (all in ${((f.drainedMs - f.postedMs) / 1000).toFixed(1)} s after the last request)`,
      );
      console.log(`    ack to stored (rows readable in PostgreSQL): p50 ${quantile(lags, 0.5).toFixed(0)} ms, p99 ${quantile(lags, 0.99).toFixed(0)} ms (${lags.length} probes)`);
      console.log(
        `    cpu while posting, cores (ms an envelope): receiver ${perSecond(f.cpuSeconds.receiver)} (${perEnvelope(f.cpuSeconds.receiver)}), writer ${perSecond(f.cpuSeconds.writer)} (${perEnvelope(f.cpuSeconds.writer)}), ` +
          `nats-server ${perSecond(natsCpu)} (${perEnvelope(natsCpu)}), PostgreSQL ${perSecond(pgCpu)} (${perEnvelope(pgCpu)}); this client ${f.clientCores.toFixed(2)}`,
      );
      console.log(
        `    RSS peak: receiver ${mib(f.peakRssBytes.receiver)}, writer ${mib(f.peakRssBytes.writer)}, nats-server ${mib(f.peakRssBytes.nats)}; after: receiver ${mib(rssBytesOf(receiver.child.pid!))}, writer ${mib(rssBytesOf(writer.child.pid!))}`,
      );
      const cpuAll = f.cpuSeconds.receiver + f.cpuSeconds.writer + natsCpu + pgCpu;
      return {
        envelopesPerSecond: f.rate,
        rowsPerSecond: rows / (f.drainedMs / 1000),
        p50Ms: f.p50Ms,
        p99Ms: f.p99Ms,
        lagP50Ms: quantile(lags, 0.5),
        lagP99Ms: quantile(lags, 0.99),
        cpuMsPerEnvelope: (cpuAll * 1000) / f.envelopes,
        peakRssMb: (f.peakRssBytes.receiver + f.peakRssBytes.writer + f.peakRssBytes.nats) / 1024 / 1024,
      };
    };
    const single = await sustained('sustained', CLIENTS, 1, SECONDS, day - 2 * 86_400_000);
    await sustained('batched', 4, 10, BATCHED_SECONDS, day - 86_400_000);
    console.log(`  load average ${loadAverage()}`);
    writeBenchFigures('scaleout-ingest', single);
  } finally {
    await db.end().catch(() => {});
    for (const p of started.reverse()) await stopProcess(p);
    await Promise.all([nats.stop(), postgres.stop()]);
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
