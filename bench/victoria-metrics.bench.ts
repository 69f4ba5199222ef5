// The bar of what a user would otherwise run: VictoriaMetrics single-node
// (Debian's `victoria-metrics`) taking the same samples as the embedded
// server's ingest bench (bench/ingest-envelope.ts: 20 top rows and 60
// aggregate rows a tick), in its Prometheus text import
// (/api/v1/import/prometheus), one tick's samples a request, from as many
// clients for as long. Every numeric field of a row is a sample, labelled
// by host, pid and name (an aggregate: host and name): 640 samples a tick.
//
//   node dist/bench/victoria-metrics.bench.js [--seconds S] [--clients C]
//
// It prints envelopes (ticks) a second, samples a second, the latency of
// each request (p50, p99), VictoriaMetrics's cpu per tick and its RSS, and,
// when the server benches of the same `npm run bench` left their figures in
// var/bench/ (server-ingest.json: the embedded server; scaleout-ingest.json:
// a receiver and a writer on NATS and PostgreSQL), the three side by side. Not the same
// promise: VictoriaMetrics answers 204 once the samples are in its memory
// buffers (flushed to disk within a second or so: a crash loses them); the
// server answers 2xx once they are fsync'd.

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type IngestFigures, readBenchFigures } from './bench-figures.js';
import { envelope } from './ingest-envelope.js';
import { cpuSecondsOf, rssBytesOf } from './process-stats.js';

const { values: flags } = parseArgs({ options: { seconds: { type: 'string' }, clients: { type: 'string' } } });
const SECONDS = Number(flags.seconds ?? 10);
const CLIENTS = Number(flags.clients ?? 16);
const BINARY = '/usr/bin/victoria-metrics';

/** The Prometheus text of one tick's envelope: a line per numeric field of each row. */
function promText(host: string, timestampMs: number): string {
  const e = envelope(host, timestampMs);
  const lines: string[] = [];
  for (const r of e.payload.top) {
    const labels = `{host="${host}",pid="${r.processId}",name="${r.processDisplayName}"}`;
    for (const [k, v] of Object.entries(r)) if (typeof v === 'number' && k !== 'processId' && k !== 'parentProcessId') lines.push(`process_${k}${labels} ${v} ${timestampMs}`);
  }
  for (const a of e.payload.aggregates) {
    const labels = `{host="${host}",name="${a.processDisplayName}"}`;
    for (const [k, v] of Object.entries(a)) if (typeof v === 'number') lines.push(`process_group_${k}${labels} ${v} ${timestampMs}`);
  }
  return `${lines.join('\n')}\n`;
}

async function freePort(): Promise<number> {
  const s = createServer().listen(0, '127.0.0.1');
  await new Promise((r) => s.once('listening', r));
  const { port } = s.address() as { port: number };
  await new Promise((r) => s.close(r));
  return port;
}

async function waitReady(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`victoria-metrics exited (${child.exitCode}) before it answered`);
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('victoria-metrics did not answer /health in 10 s');
}

function post(agent: Agent, port: number, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/api/v1/import/prometheus', method: 'POST', agent, headers: { 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function main(): Promise<void> {
  if (!existsSync(BINARY)) {
    console.log(`victoria-metrics: not run: ${BINARY} is missing (Debian package victoria-metrics)`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'iw-bench-vm-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(BINARY, [`-storageDataPath=${join(dir, 'data')}`, `-httpListenAddr=127.0.0.1:${port}`, '-retentionPeriod=100y', '-loggerLevel=ERROR'], { stdio: 'ignore' });
  try {
    await waitReady(url, child);
    const samplesPerTick = promText('h', 0).split('\n').length - 1;
    // The bodies are made before the clock starts: the clients' cpu goes to sending (they share the cores with the server).
    const firstMs = Date.UTC(2026, 0, 1);
    const bodies = Array.from({ length: CLIENTS }, (_, c) => Array.from({ length: 64 }, (_, k) => promText(`host-${c}`, firstMs + k * 10_000)));
    const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
    const latencies: number[] = [];
    let ticks = 0;
    const cpu0 = cpuSecondsOf(child.pid!);
    let peakRss = 0;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, rssBytesOf(child.pid!));
    }, 100);
    const t0 = performance.now();
    const until = t0 + SECONDS * 1000;
    await Promise.all(
      bodies.map(async (mine, c) => {
        for (let k = 0; performance.now() < until; k++) {
          // Each request a new tick of the client's host: its timestamp moves on by 10 s (the template's timestamps, shifted).
          const body = k < mine.length ? mine[k] : promText(`host-${c}`, firstMs + k * 10_000);
          const at = performance.now();
          const status = await post(agent, port, body);
          latencies.push(performance.now() - at);
          if (status !== 204) throw new Error(`victoria-metrics answered ${status}`);
          ticks++;
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    const cpu = cpuSecondsOf(child.pid!) - cpu0;
    latencies.sort((a, b) => a - b);
    const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
    const vm = {
      ticksPerSecond: ticks / seconds,
      samplesPerSecond: (ticks * samplesPerTick) / seconds,
      p50Ms: q(0.5),
      p99Ms: q(0.99),
      cpuMsPerTick: (1000 * cpu) / ticks,
      peakRssMb: peakRss / 1024 / 1024,
    };
    const load = loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
    console.log(`\nVictoriaMetrics ${versionOf()} (/api/v1/import/prometheus), ${CLIENTS} clients, ${SECONDS} s, ${samplesPerTick} samples a tick, load average ${load}`);
    console.log(
      `  ${vm.ticksPerSecond.toFixed(0)} ticks/s (${vm.samplesPerSecond.toFixed(0)} samples/s), ack p50 ${vm.p50Ms.toFixed(1)} ms p99 ${vm.p99Ms.toFixed(1)} ms, ` +
        `cpu ${vm.cpuMsPerTick.toFixed(2)} ms a tick, peak RSS ${vm.peakRssMb.toFixed(1)} MB`,
    );
    const embedded = readBenchFigures('server-ingest');
    const scaleOut = readBenchFigures('scaleout-ingest');
    if (embedded !== undefined || scaleOut !== undefined) {
      console.log(`\n  side by side, one tick a request     ${'embedded'.padStart(12)} ${'scale-out'.padStart(12)} ${'Victoria'.padStart(12)}   ratios to VictoriaMetrics`);
      const cell = (v: number | undefined, digits: number) => (v === undefined ? '-' : v.toFixed(digits)).padStart(12);
      const ratio = (v: number | undefined, vmValue: number) => (v === undefined ? '-' : (v / vmValue).toFixed(2)).padStart(6);
      const row = (what: string, of: (f: IngestFigures) => number, vmValue: number | undefined, digits = 1) => {
        const [e, s] = [embedded && of(embedded), scaleOut && of(scaleOut)];
        const ratios = vmValue === undefined ? '' : `   ${ratio(e, vmValue)} ${ratio(s, vmValue)}`;
        console.log(`  ${what.padEnd(36)} ${cell(e, digits)} ${cell(s, digits)} ${cell(vmValue, digits)}${ratios}`);
      };
      row('ticks (envelopes) a second', (f) => f.envelopesPerSecond, vm.ticksPerSecond, 0);
      row('ack p50, ms', (f) => f.p50Ms, vm.p50Ms);
      row('ack p99, ms', (f) => f.p99Ms, vm.p99Ms);
      row('ack to stored p50, ms', (f) => f.lagP50Ms, undefined, 0);
      row('ack to stored p99, ms', (f) => f.lagP99Ms, undefined, 0);
      row('rows a second, stored', (f) => f.rowsPerSecond, undefined, 0);
      row('cpu a tick, ms (every process)', (f) => f.cpuMsPerEnvelope, vm.cpuMsPerTick, 2);
      row('peak RSS, MB', (f) => f.peakRssMb, vm.peakRssMb);
      console.log(`  measured: embedded ${embedded?.measuredAt ?? '-'}, scale-out ${scaleOut?.measuredAt ?? '-'}`);
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The Debian package's version (the binary's -version prints nothing in this build). */
function versionOf(): string {
  const out = spawnSync('dpkg', ['-s', 'victoria-metrics'], { encoding: 'utf8' });
  return /^Version: (.+)$/m.exec(out.stdout ?? '')?.[1] ?? '(version unknown)';
}

await main();
