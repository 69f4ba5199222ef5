// npm run fleet: a simulated fleet against a real server (issue 17).
//
//   npm run fleet [-- --hosts 100,1000] [-- --ticks T] [-- --dual-write D] [-- --scaleout]
//
// For each N of --hosts: `infrawatch serve` (embedded: receiver, writer,
// merger and query in one child process, its store on disk; with
// --scaleout, each role its own process, two receivers, two writers, two
// mergers and a query server, on a 3-node nats-server cluster, PostgreSQL
// and Redis started here: fleet-backend.ts) and N simulated
// hosts in this process (fleet-agent.ts: the agent's scanner, pipeline,
// encoders, sketch window, receiver sink and disk queue), each with its own
// host id and JWT. The hosts replay the shipped recordings
// (test/fixtures/recordings/): 8 groups, steady and churn each at four
// starting ticks; the hosts of a group read one /proc tree (written once a
// tick), so a host costs its scan, not a tree. Time is virtual: a tick is
// stamped 10 s after the one before (the agent's default interval), and the
// ticks run as fast as the machine allows; the figures say how much faster
// than real time that was. In each group D hosts (--dual-write, default 2)
// run mode raw with sketches on (dual-write: every process a row and the
// sketches of the same values): the truth the sketches are measured
// against, and the baseline of the cuts; the rest run the default, smart
// with sketches. D is fixed, not a share of N: a raw host of the steady
// recording enriches and encodes 2,073 rows a tick, a smart host 20. The
// agents' disk queues are on tmpfs: on a real fleet each is on its own
// host's disk, not on the disk the server fsyncs.
//
// Figures (var/bench/fleet.json, and a table):
//   envelopes/s    ProcessEnvelopes and SketchEnvelopes answered 2xx, per
//                  second of wall time from the first tick to the last 2xx
//   lag            tick to queryable: a sampled host's tick, until POST
//                  /api/query counts its rows (p50, p95, max)
//   server         cpu (cores) per 1,000 hosts at a 10 s interval: the
//                  server's cpu seconds over the virtual seconds ingested,
//                  × 1,000 / N, in all and per part (each role and engine
//                  when scaled out); peak RSS, in all (the sum of the
//                  parts' peaks; PostgreSQL's left out) and per part
//   series cut     1 − series of a smart host / series of a raw host in the
//                  same group (the same processes): a row's process 6
//                  series, an aggregate's name 7, a sketch key 1 a metric
//   wire cut       1 − protobuf bytes of a smart host / of a raw host
//   sketch error   per dual-write host: percentile(cpuPercent and RSS, 95,
//                  99) over the merged minutes, mode sketch against mode raw
//                  (the truth: every process's row), relative error, p95
//                  and worst over the hosts
//   anomaly recall a raw host's row with cpuPercent ≥ 50 (of one core) is a
//                  spike; it is caught when the smart hosts of its group
//                  (the same process at the same tick) have it as a row
//                  (the seed's bound: ≥ 95 %)
//   router latency p95 of POST /api/query wall time, the same percentile
//                  queries (fleet, by host, by host and name) with mode
//                  sketch and mode raw
//   sharing        scale-out: the partitions each merger holds and the
//                  messages each writer stored, halfway and at the end
//
// The run fails (exit 1, after its table) when a part of the server died,
// when an envelope was never answered 2xx or a tick's rows were not all
// stored, or when a merger held no partition or a writer stored nothing
// halfway through: figures of a broken run are not figures.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { SignJWT } from 'jose';
import { DEFAULT_CONFIG } from '../src/config/schema.js';
import { packageRoot } from '../src/paths.js';
import { hostSketchError } from '../src/server/fleet/canary-view.js';
import type { QueryResult } from '../src/server/query/query-result.js';
import { ProcTree } from '../src/replay/proc-tree.js';
import { type Recording, readRecording } from '../src/replay/recording-file.js';
import { FleetAgent } from './fleet-agent.js';
import { embeddedBackend, type FleetBackend, scaleoutBackend } from './fleet-backend.js';
import { rssBytesOf, treeCpuSecondsOf } from './process-stats.js';
import { BENCH_ACCOUNT, BENCH_SECRET } from './serve-process.js';

const { values: flags } = parseArgs({ options: { hosts: { type: 'string' }, ticks: { type: 'string' }, 'dual-write': { type: 'string' }, scaleout: { type: 'boolean' } } });
const SIZES = (flags.hosts ?? '100,1000').split(',').map(Number);
const TICKS = Number(flags.ticks ?? 60);
const DUAL_WRITE = Number(flags['dual-write'] ?? 2);
if (!Number.isInteger(TICKS) || TICKS < 24 || TICKS > 60)
  throw new Error('--ticks: expected a whole number from 24 to 60 (a recording has 120 ticks; groups start up to 60 in; the sketch error needs a minute merged past the 3 the merger may still hold)');
if (!Number.isInteger(DUAL_WRITE) || DUAL_WRITE < 1) throw new Error('--dual-write: expected a whole number ≥ 1 (hosts of each of the 8 groups)');
if (SIZES.some((n) => !Number.isInteger(n) || n < 8 * (DUAL_WRITE + 1)))
  throw new Error(`--hosts: expected whole numbers ≥ ${8 * (DUAL_WRITE + 1)}, comma-separated (8 groups, each with ${DUAL_WRITE} dual-write hosts and a smart one)`);

// Each simulated host's process table is ~45 growable buffers, each two
// mappings (reserved and committed): 1,000 hosts in this process need ~90 k
// of them, past Linux's default vm.max_map_count (65,530), where buffer
// allocation fails. Say so before the run, not as a RangeError an hour in.
const MAPPINGS_A_HOST = 100;
const MAPPINGS_BESIDES_HOSTS = 20_000;
const mapCountNeeded = Math.max(...SIZES) * MAPPINGS_A_HOST + MAPPINGS_BESIDES_HOSTS;
const mapCount = Number(readFileSync('/proc/sys/vm/max_map_count', 'utf8'));
if (mapCount < mapCountNeeded)
  throw new Error(
    `vm.max_map_count is ${mapCount}; ${Math.max(...SIZES)} simulated hosts in one process need about ${mapCountNeeded} memory mappings: raise it for the run (sysctl -w vm.max_map_count=${mapCountNeeded}) or pass fewer --hosts`,
  );

const VIRTUAL_INTERVAL_MS = 10_000;
const MINUTE_MS = 60_000;
const RECORDINGS = ['steady', 'churn'].map((name) => join(packageRoot, 'test', 'fixtures', 'recordings', `${name}.iwrec.gz`));
const STARTS = [0, 20, 40, 60];
const SPIKE_CPU_PERCENT = 50;
const ROW_SERIES = 6;
const AGGREGATE_SERIES = 7;
const ACCOUNT = BENCH_ACCOUNT;
const SECRET = BENCH_SECRET;

interface Group {
  readonly recording: Recording;
  readonly name: string;
  readonly start: number;
  readonly tree: ProcTree;
  readonly agents: FleetAgent[];
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

interface QueryAnswer {
  results?: Record<string, unknown>[];
  facets?: { name: unknown; results: Record<string, unknown>[] }[];
  metadata: { route: string; reason: string; elapsedMs: number; windows?: { minuteWindows: number } };
}

async function simulate(n: number, recordings: Recording[]) {
  mkdirSync(join(packageRoot, 'var'), { recursive: true });
  const dir = mkdtempSync(join(packageRoot, 'var', 'bench-fleet-'));
  const queues = mkdtempSync(join('/dev/shm', 'iw-fleet-queues-'));
  let server: FleetBackend | undefined;
  const groups: Group[] = [];
  const removeFiles = () => {
    for (const g of groups) g.tree.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(queues, { recursive: true, force: true });
  };
  // Stopped by a signal: the server's processes stopped, then the exit removes the files. The run goes on meanwhile
  // and may throw (its server is going): the files go on that exit too.
  const onSignal = (signal: NodeJS.Signals) => {
    process.stderr.write(`fleet: ${signal}: stopping the server\n`);
    void (server?.stop() ?? Promise.resolve()).finally(() => process.exit(128 + (signal === 'SIGINT' ? 2 : 15)));
  };
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal).once('exit', removeFiles);
  try {
    server = flags.scaleout ? await scaleoutBackend(dir) : await embeddedBackend(dir);
    const ingestUrls = server.ingestUrls;
    const queryUrl = server.queryUrl;
    const nowS = Math.floor(Date.now() / 1000);
    const tokenOf = (host: string) =>
      new SignJWT({ acct: ACCOUNT, sub: host, iss: 'infrawatch', aud: 'infrawatch-ingest', exp: nowS + 6 * 3600 })
        .setProtectedHeader({ alg: 'HS256', kid: 'main' })
        .sign(new TextEncoder().encode(SECRET));
    const queryToken = await tokenOf('fleet-bench');
    const query = async (nrql: string, mode: 'raw' | 'sketch' | 'auto' = 'auto'): Promise<{ answer: QueryAnswer; ms: number }> => {
      const t0 = performance.now();
      const post = () =>
        fetch(`${queryUrl}/api/query`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${queryToken}` },
          body: JSON.stringify({ nrql, mode }),
        });
      let res: Response;
      try {
        res = await post();
      } catch {
        // A kept-alive connection the server closed as the request went out ("other side closed", a loaded machine's race): once more on a new one, unless the query server is gone.
        server?.assertAlive();
        res = await post().catch((err: Error) => {
          throw new Error(`query ${nrql} (mode ${mode}): no answer after ${(performance.now() - t0).toFixed(0)} ms: ${err.message}: ${(err.cause as Error | undefined)?.message}`);
        });
      }
      const text = await res.text();
      if (!res.ok) throw new Error(`query ${nrql}: HTTP ${res.status}: ${text}`);
      return { answer: JSON.parse(text) as QueryAnswer, ms: performance.now() - t0 };
    };

    // Minute-aligned, and far enough back that every virtual tick is in the past.
    const firstMs = Math.floor((Date.now() - (TICKS + 12) * VIRTUAL_INTERVAL_MS) / MINUTE_MS) * MINUTE_MS;
    for (const [r, recording] of recordings.entries())
      for (const start of STARTS) {
        const tree = new ProcTree();
        // A recording holds a file only when it changed: the ticks before the group's start make the tree it starts from.
        for (let k = 0; k < start; k++) tree.apply(recording.ticks[k]);
        groups.push({ recording, name: ['steady', 'churn'][r], start, tree, agents: [] });
      }
    const tokens = await Promise.all(Array.from({ length: n }, (_, i) => tokenOf(`host-${String(i).padStart(4, '0')}`)));
    for (let i = 0; i < n; i++) {
      const g = groups[i % groups.length];
      const hostId = `host-${String(i).padStart(4, '0')}`;
      const mode = g.agents.length < DUAL_WRITE ? 'raw' : 'smart';
      const h = g.recording.header;
      const config = {
        ...DEFAULT_CONFIG,
        host_id: hostId,
        proc_root: g.tree.root,
        mode,
        pool_size: 0,
        keep_stat_fds: false,
        sketch_enable: true,
        queue_dir: join(queues, hostId),
        receiver_url: ingestUrls[i % ingestUrls.length],
        receiver_token: tokens[i],
      } as const;
      g.agents.push(new FleetAgent({ hostId, config, system: { clockTicksPerSecond: h.clockTicksPerSecond!, pageSizeBytes: h.pageSizeBytes!, hostCpus: h.hostCpus! }, firstMs }));
    }
    const all = groups.flatMap((g) => g.agents);

    // Tick to queryable: one sampled tick at a time, polled until its rows are counted.
    const lags: number[] = [];
    let latest: { host: string; ts: number; atMs: number } | undefined;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const s = latest;
        if (s === undefined) {
          await new Promise((r) => setTimeout(r, 50));
          continue;
        }
        latest = undefined;
        for (;;) {
          const { answer } = await query(`SELECT count(*) FROM ProcessSample WHERE hostId = '${s.host}' AND timestamp = ${s.ts} SINCE ${s.ts} UNTIL ${s.ts + 1}`, 'raw');
          if (Number(answer.results?.[0]?.count ?? 0) > 0) break;
          await new Promise((r) => setTimeout(r, 20));
        }
        lags.push(performance.now() - s.atMs);
      }
    })();
    const peakRss = new Map<string, number>();
    const backend = server;
    const rssTimer = setInterval(() => {
      for (const p of backend.parts()) if (p.rss) peakRss.set(p.name, Math.max(peakRss.get(p.name) ?? 0, rssBytesOf(p.pids[0])));
    }, 200);
    const cpuOfParts = () => new Map(backend.parts().map((p) => [p.name, treeCpuSecondsOf(p.pids)]));

    const sharing: { atTick: number; mergerPartitions: Record<string, readonly number[]>; writerMessages: Record<string, number> }[] = [];
    const shareNow = async (atTick: number) => {
      const s = await backend.sharing();
      if (s !== undefined) sharing.push({ atTick, ...s });
    };

    const cpu0 = cpuOfParts();
    const agentCpu0 = process.cpuUsage();
    const wall0 = performance.now();
    let lastMs = firstMs;
    try {
      for (let k = 0; k < TICKS; k++) {
        const nowMs = firstMs + (k + 1) * VIRTUAL_INTERVAL_MS;
        lastMs = nowMs;
        for (const g of groups) {
          const tick = g.recording.ticks[g.start + k];
          g.tree.apply(tick);
          for (const a of g.agents) {
            await a.tick(tick.atMs!, nowMs);
            // Between hosts: the senders' answers are taken as they come, as on a real fleet.
            await yieldToLoop();
          }
        }
        const sampled = all[k % all.length];
        latest ??= { host: sampled.hostId, ts: nowMs, atMs: performance.now() };
        backend.assertAlive();
        if (k === Math.floor(TICKS / 2)) await shareNow(k);
      }
      for (const a of all) a.flushSketches(lastMs + VIRTUAL_INTERVAL_MS);
      await Promise.all(all.map((a) => a.stop(Date.now() + 600_000)));
    } finally {
      for (const g of groups) g.tree.close();
    }
    const deliveredMs = performance.now() - wall0;
    const cpu1 = cpuOfParts();
    const partCpu = new Map([...cpu1].map(([name, s]) => [name, s - (cpu0.get(name) ?? 0)]));
    const serverCpu = [...partCpu.values()].reduce((a, b) => a + b, 0);
    const agentUsage = process.cpuUsage(agentCpu0);
    sampling = false;
    await sampler;
    clearInterval(rssTimer);

    let envelopes = 0;
    let notDelivered = 0;
    for (const a of all) {
      const b = a.sink.books();
      envelopes += a.envelopes + a.sketchEnvelopes;
      notDelivered += b.produced - b.sent;
    }
    // Every tick stored: the writer has caught up when the count is what the
    // hosts shipped. A tick's ProcessTickSample row is written with its
    // rows, and is one row a tick: counting the ProcessSample rows' ticks
    // read 1.3 M rows at 1,000 hosts, past the server's request timeout.
    const rangeText = `SINCE ${firstMs} UNTIL ${lastMs + MINUTE_MS}`;
    const storedDeadline = Date.now() + 300_000;
    let stored = 0;
    const expectedEnvelopes = all.reduce((s, a) => s + a.envelopes, 0);
    for (;;) {
      const { answer } = await query(`SELECT uniqueCount(timestamp) FROM ProcessTickSample FACET hostId ${rangeText} LIMIT MAX`, 'raw');
      stored = (answer.facets ?? []).reduce((s, f) => s + Number(f.results[0].uniqueCount), 0);
      if (stored >= expectedEnvelopes || Date.now() > storedDeadline) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const storedMs = performance.now() - wall0;
    await shareNow(TICKS);
    backend.assertAlive();

    // The merged minutes: from the first whole minute to the last the merger has surely closed (two windows of lateness, and the partial last one).
    const sketchFrom = firstMs;
    const sketchUntil = Math.floor(lastMs / MINUTE_MS) * MINUTE_MS - 3 * MINUTE_MS;
    const minutes = (sketchUntil - sketchFrom) / MINUTE_MS;
    const dual = groups.flatMap((g) => g.agents.filter((a) => a.mode === 'raw'));
    const sel = 'percentile(cpuPercent, 95, 99), percentile(memoryResidentSizeBytes, 95, 99)';
    const mergedDeadline = Date.now() + 300_000;
    for (;;) {
      const { answer } = await query(`SELECT ${sel} FROM ProcessSample WHERE hostId = '${dual.at(-1)!.hostId}' SINCE ${sketchFrom} UNTIL ${sketchUntil}`, 'sketch');
      if ((answer.metadata.windows?.minuteWindows ?? 0) >= minutes * 2 || Date.now() > mergedDeadline) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const errors = { cpuP95: [] as number[], cpuP99: [] as number[], rssP95: [] as number[], rssP99: [] as number[] };
    const runQuery = async (nrql: string, mode?: 'raw' | 'sketch' | 'auto') => (await query(nrql, mode)).answer as unknown as QueryResult;
    for (const a of dual) {
      // The agent's window holds the ticks stamped in (start, end]: the truth takes the same ticks (shift 1 ms).
      const e = await hostSketchError(runQuery, a.hostId, sketchFrom, sketchUntil, 1);
      errors.cpuP95.push(e.cpuP95);
      errors.cpuP99.push(e.cpuP99);
      errors.rssP95.push(e.rssP95);
      errors.rssP99.push(e.rssP99);
    }

    // Anomaly recall: each raw host's spikes against the rows of its group's smart hosts.
    let spikes = 0;
    let caught = 0;
    for (const g of groups) {
      const rawHosts = g.agents.filter((a) => a.mode === 'raw');
      const smartHosts = g.agents.filter((a) => a.mode === 'smart');
      if (smartHosts.length === 0) continue;
      const rowsOf = async (host: string) =>
        (
          (await query(`SELECT processId, timestamp FROM ProcessSample WHERE hostId = '${host}' AND cpuPercent >= ${SPIKE_CPU_PERCENT} ${rangeText} LIMIT MAX`, 'raw')).answer.results![0].events as {
            processId: number;
            timestamp: number;
          }[]
        ).map((e) => `${e.processId}@${e.timestamp}`);
      const smartRows = new Set(await rowsOf(smartHosts[0].hostId));
      for (const h of rawHosts) {
        for (const spike of await rowsOf(h.hostId)) {
          spikes++;
          if (smartRows.has(spike)) caught++;
        }
      }
    }

    // Series and bytes: raw hosts against smart hosts of the same group.
    const seriesOf = (a: FleetAgent) => {
      let s = 0;
      for (const k of a.series) s += k.startsWith('aggregate:') ? AGGREGATE_SERIES : ROW_SERIES;
      return a.mode === 'raw' ? s : s + a.sketchSeries;
    };
    const cuts = { series: [] as number[], wire: [] as number[] };
    for (const g of groups) {
      const raw = g.agents.find((a) => a.mode === 'raw');
      const smart = g.agents.find((a) => a.mode === 'smart');
      if (raw === undefined || smart === undefined) continue;
      cuts.series.push(1 - seriesOf(smart) / seriesOf(raw));
      cuts.wire.push(1 - (smart.processBytes + smart.sketchBytes) / raw.processBytes);
    }

    // Router latency: the same percentile questions on both routes.
    const latency = { sketch: [] as number[], raw: [] as number[] };
    const range = `SINCE ${sketchFrom} UNTIL ${sketchUntil}`;
    const questions = [
      `SELECT percentile(cpuPercent, 95, 99) FROM ProcessSample ${range}`,
      ...dual.slice(0, 5).map((a) => `SELECT percentile(memoryResidentSizeBytes, 95) FROM ProcessSample WHERE hostId = '${a.hostId}' ${range}`),
      ...dual.slice(0, 5).map((a) => `SELECT median(cpuPercent) FROM ProcessSample WHERE hostId = '${a.hostId}' AND processDisplayName = 'bash' ${range}`),
    ];
    for (let round = 0; round < 5; round++)
      for (const q of questions) {
        latency.sketch.push((await query(q, 'sketch')).ms);
        latency.raw.push((await query(q, 'raw')).ms);
      }

    const failures: string[] = [];
    if (notDelivered > 0) failures.push(`${notDelivered} envelopes never answered 2xx`);
    if (stored < expectedEnvelopes) failures.push(`${expectedEnvelopes - stored} of ${expectedEnvelopes} ticks' rows not stored within 300 s`);
    const halfway = sharing[0];
    if (halfway !== undefined) {
      for (const [name, ps] of Object.entries(halfway.mergerPartitions)) if (ps.length === 0) failures.push(`${name} held no partition halfway through`);
      for (const [name, n] of Object.entries(halfway.writerMessages)) if (!(n > 0)) failures.push(`${name} had stored no message halfway through`);
    }

    const virtualS = (TICKS * VIRTUAL_INTERVAL_MS) / 1000;
    const wallS = deliveredMs / 1000;
    return {
      failures,
      sharing,
      hosts: n,
      dualWriteHosts: dual.length,
      ticks: TICKS,
      virtualSeconds: virtualS,
      wallSeconds: wallS,
      realTimeFactor: virtualS / wallS,
      envelopesPerSecond: envelopes / wallS,
      envelopes,
      notDelivered,
      rowsStoredForEveryTick: stored >= expectedEnvelopes,
      storedSeconds: storedMs / 1000,
      lagMs: { samples: lags.length, p50: quantile(lags, 0.5), p95: quantile(lags, 0.95), max: Math.max(...lags) },
      server: {
        kind: backend.kind,
        cpuCoresPer1000HostsAt10s: (serverCpu / virtualS) * (1000 / n),
        cpuCoresDuringRun: serverCpu / wallS,
        peakRssMb: [...peakRss.values()].reduce((a, b) => a + b, 0) / 1024 / 1024,
        parts: Object.fromEntries(
          [...partCpu].map(([name, s]) => [name, { cpuCoresPer1000HostsAt10s: (s / virtualS) * (1000 / n), peakRssMb: peakRss.has(name) ? peakRss.get(name)! / 1024 / 1024 : null }]),
        ),
      },
      agentsProcessCpuCores: (agentUsage.user + agentUsage.system) / 1e6 / wallS,
      seriesCut: { mean: mean(cuts.series), min: Math.min(...cuts.series) },
      wireBytesCut: { mean: mean(cuts.wire), min: Math.min(...cuts.wire) },
      sketchError: {
        hosts: dual.length,
        minutes,
        cpuP95: { p95: quantile(errors.cpuP95, 0.95), max: Math.max(...errors.cpuP95) },
        cpuP99: { p95: quantile(errors.cpuP99, 0.95), max: Math.max(...errors.cpuP99) },
        rssP95: { p95: quantile(errors.rssP95, 0.95), max: Math.max(...errors.rssP95) },
        rssP99: { p95: quantile(errors.rssP99, 0.95), max: Math.max(...errors.rssP99) },
      },
      anomalyRecall: {
        definition: `a dual-write host's row with cpuPercent ≥ ${SPIKE_CPU_PERCENT}; caught when a smart host of its group has that process as a row at that tick`,
        spikes,
        caught,
        recall: spikes === 0 ? 1 : caught / spikes,
      },
      routerLatencyMs: {
        questions: questions.length,
        sketchP95: quantile(latency.sketch, 0.95),
        rawP95: quantile(latency.raw, 0.95),
        sketchP50: quantile(latency.sketch, 0.5),
        rawP50: quantile(latency.raw, 0.5),
      },
    };
  } finally {
    // Whatever happened: the server stopped, the store and the queues removed.
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal).off('exit', removeFiles);
    await server?.stop();
    removeFiles();
  }
}

function mean(xs: readonly number[]): number {
  return xs.reduce((s, x) => s + x, 0) / xs.length;
}

type Run = Awaited<ReturnType<typeof simulate>>;

/** The runs side by side, a row a figure. */
function table(runs: readonly Run[]): string {
  const f = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '-');
  const pct = (x: number) => `${(x * 100).toFixed(2)} %`;
  const rows: [string, (r: Run) => string][] = [
    ['hosts (dual-write)', (r) => `${r.hosts} (${r.dualWriteHosts})`],
    ['virtual s / wall s', (r) => `${r.virtualSeconds} / ${f(r.wallSeconds)} (${f(r.realTimeFactor)}x real time)`],
    ['envelopes/s sustained (2xx)', (r) => `${f(r.envelopesPerSecond, 0)} (${r.envelopes} envelopes, ${r.notDelivered} not delivered)`],
    ['every tick stored', (r) => `${r.rowsStoredForEveryTick} (${f(r.storedSeconds)} s)`],
    ['lag tick → queryable p50 / p95 / max', (r) => `${f(r.lagMs.p50, 0)} / ${f(r.lagMs.p95, 0)} / ${f(r.lagMs.max, 0)} ms (${r.lagMs.samples} samples)`],
    ['server cpu per 1,000 hosts at 10 s', (r) => `${f(r.server.cpuCoresPer1000HostsAt10s, 2)} cores (${f(r.server.cpuCoresDuringRun, 2)} cores during the run)`],
    ['server peak RSS', (r) => `${f(r.server.peakRssMb, 0)} MiB`],
    [
      'per part: cpu per 1,000 hosts, peak RSS',
      (r) =>
        Object.entries(r.server.parts)
          .map(([name, p]) => `${name} ${f(p.cpuCoresPer1000HostsAt10s, 2)} cores${p.peakRssMb === null ? '' : ` ${f(p.peakRssMb, 0)} MiB`}`)
          .join(', '),
    ],
    ['this process (the hosts) cpu', (r) => `${f(r.agentsProcessCpuCores, 2)} cores`],
    ['series cut, smart vs raw (mean, worst group)', (r) => `${pct(r.seriesCut.mean)}, ${pct(r.seriesCut.min)}`],
    ['wire bytes cut, smart vs raw (mean, worst group)', (r) => `${pct(r.wireBytesCut.mean)}, ${pct(r.wireBytesCut.min)}`],
    ['SKETCH vs RAW cpu p95 / p99 error (p95 of hosts)', (r) => `${pct(r.sketchError.cpuP95.p95)} / ${pct(r.sketchError.cpuP99.p95)} over ${r.sketchError.minutes} min`],
    ['SKETCH vs RAW RSS p95 / p99 error (p95 of hosts)', (r) => `${pct(r.sketchError.rssP95.p95)} / ${pct(r.sketchError.rssP99.p95)}`],
    ['SKETCH vs RAW worst error, any host', (r) => pct(Math.max(r.sketchError.cpuP95.max, r.sketchError.cpuP99.max, r.sketchError.rssP95.max, r.sketchError.rssP99.max))],
    ['anomaly recall', (r) => `${r.anomalyRecall.caught} of ${r.anomalyRecall.spikes} (${pct(r.anomalyRecall.recall)})`],
    ['router p95 SKETCH vs RAW', (r) => `${f(r.routerLatencyMs.sketchP95)} vs ${f(r.routerLatencyMs.rawP95)} ms (p50 ${f(r.routerLatencyMs.sketchP50)} vs ${f(r.routerLatencyMs.rawP50)})`],
    [
      'mergers: partitions held (tick)',
      (r) =>
        r.sharing
          .map(
            (s) =>
              `${Object.entries(s.mergerPartitions)
                .map(([name, ps]) => `${name} ${ps.length} [${ps.join(',')}]`)
                .join(', ')} (${s.atTick})`,
          )
          .join('; ') || '-',
    ],
    [
      'writers: messages stored (tick)',
      (r) =>
        r.sharing
          .map(
            (s) =>
              `${Object.entries(s.writerMessages)
                .map(([name, n]) => `${name} ${n}`)
                .join(', ')} (${s.atTick})`,
          )
          .join('; ') || '-',
    ],
    ['failures', (r) => (r.failures.length === 0 ? 'none' : r.failures.join('; '))],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, cell]) => `  ${label.padEnd(width)}  ${runs.map(cell).join('  |  ')}`).join('\n');
}

async function main(): Promise<void> {
  const recordings = RECORDINGS.map((f) => readRecording(f));
  const load = () =>
    loadavg()
      .map((l) => l.toFixed(1))
      .join(' ');
  console.log(
    `npm run fleet: ${flags.scaleout ? 'scale-out (a process a role, NATS, PostgreSQL, Redis)' : 'embedded'}, nproc ${availableParallelism()}, node ${process.version}, ${TICKS} ticks a host (10 s virtual), load average ${load()}`,
  );
  const runs: (Run & { loadAverageAfter: number[] })[] = [];
  for (const n of SIZES) {
    runs.push({ ...(await simulate(n, recordings)), loadAverageAfter: loadavg() });
    console.log(`  ${n} hosts done, load average ${load()}`);
  }
  mkdirSync(join(packageRoot, 'var', 'bench'), { recursive: true });
  const file = flags.scaleout ? 'fleet-scaleout.json' : 'fleet.json';
  writeFileSync(join(packageRoot, 'var', 'bench', file), `${JSON.stringify({ nproc: availableParallelism(), ticks: TICKS, dualWritePerGroup: DUAL_WRITE, runs }, null, 2)}\n`);
  console.log(table(runs));
  console.log(`load average ${load()}; figures in var/bench/${file}`);
  const failures = runs.flatMap((r) => r.failures.map((f) => `${r.hosts} hosts: ${f}`));
  if (failures.length > 0) throw new Error(`npm run fleet: the run failed:\n  ${failures.join('\n  ')}`);
}

await main();
