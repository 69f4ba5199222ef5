// The client side of the server ingest benches (server-ingest: the
// embedded server; scaleout-ingest: a receiver and a writer on NATS and
// PostgreSQL), so that both send the same requests the same way: C clients,
// each a host of its own, each posting one request after the other on a
// kept-alive connection, and the latency of every request.

import { Agent, request } from 'node:http';
import { loadavg } from 'node:os';
import { SignJWT } from 'jose';
import protobuf from 'protobufjs/minimal.js';
import { infrawatch } from '../src/wire/generated/infrawatch.js';
import { envelope } from './ingest-envelope.js';
import { cpuSecondsOf, rssBytesOf } from './process-stats.js';

export const PROCESS_ENVELOPES = 'application/x-protobuf; messageType=infrawatch.ProcessEnvelope';
export const SKETCH_ENVELOPES = 'application/x-protobuf; messageType=infrawatch.SketchEnvelope';

export function bodyOf(host: string, firstMs: number, n: number): Uint8Array {
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
export function bodyMaker(host: string, firstMs: number, n: number): (k: number) => Buffer {
  const template = Buffer.from(bodyOf(host, firstMs, n));
  const varint = (v: number) => Buffer.from(protobuf.Writer.create().uint64(v).finish());
  const offsets = Array.from({ length: n }, (_, i) => template.indexOf(varint(firstMs + i * 10_000)));
  return (k) => {
    const body = Buffer.from(template);
    for (let i = 0; i < n; i++) varint(firstMs + (k * n + i) * 10_000).copy(body, offsets[i]);
    return body;
  };
}

/** A host's token for `account`, signed with the HS256 key `main`. */
export function tokenOf(secret: string, account: string, host: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ acct: account, sub: host, iss: 'infrawatch', aud: 'infrawatch-ingest', exp: now + 3600 })
    .setProtectedHeader({ alg: 'HS256', kid: 'main' })
    .sign(new TextEncoder().encode(secret));
}

/** POSTs to `url` on kept-alive connections (node:http: less client cpu than fetch); resolves with the status. */
export function poster(url: string, maxSockets: number): (token: string, body: Uint8Array, contentType?: string) => Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets });
  const target = new URL(url);
  return (token, body, contentType = PROCESS_ENVELOPES) =>
    new Promise<number>((resolve, reject) => {
      const req = request(target, { method: 'POST', agent, headers: { 'content-type': contentType, authorization: `Bearer ${token}`, 'content-length': body.length } }, (res) => {
        res.resume();
        res.once('end', () => resolve(res.statusCode ?? 0));
      });
      req.once('error', reject);
      req.end(body);
    });
}

/** The sum of a counter or gauge's samples on a Prometheus text page: of every label set, or of those holding `label` (`topic="proc.raw.v1"`). */
export async function counter(metricsUrl: string, name: string, label = ''): Promise<number> {
  const text = await (await fetch(metricsUrl)).text();
  const labels = label === '' ? '(?:\\{[^}]*\\})?' : `\\{[^}]*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[^}]*\\}`;
  return [...text.matchAll(new RegExp(`^${name}${labels} (\\d+)$`, 'gm'))].reduce((n, m) => n + Number(m[1]), 0);
}

export function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

export function loadAverage(): string {
  return loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
}

export const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

/** One request a client sends: its body, its content type, and how many envelopes it carries. */
export interface LoadRequest {
  readonly body: Uint8Array;
  readonly contentType: string;
  readonly envelopes: number;
}

export interface LoadOptions {
  readonly url: string;
  readonly clients: number;
  readonly seconds: number;
  /** Client c's token. */
  token(client: number): Promise<string>;
  /** Client c's k-th request. */
  request(client: number): (k: number) => LoadRequest;
  /** The server's processes whose cpu and RSS are read (a name for each). */
  readonly pids: Readonly<Record<string, number>>;
  /** The status of a request that was taken. */
  readonly okStatus?: number;
  /** After the last request, with the envelopes answered okStatus (before drained()). */
  onPosted?(envelopes: number): void;
  /** After the last request: resolves when the server stored all it took (RSS is sampled until then). */
  drained(): Promise<void>;
}

export interface LoadFigures {
  /** Envelopes answered okStatus. */
  readonly envelopes: number;
  readonly failures: number;
  readonly postedMs: number;
  /** From the first request to drained(). */
  readonly drainedMs: number;
  /** Envelopes answered okStatus a second. */
  readonly rate: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Cpu seconds of each process of `pids` while the clients posted. */
  readonly cpuSeconds: Record<string, number>;
  /** Peak VmRSS of each process of `pids`, sampled every 100 ms until drained. */
  readonly peakRssBytes: Record<string, number>;
  /** Cores this process (the clients) used. */
  readonly clientCores: number;
}

/** `clients` clients, back to back, for `seconds`; the figures of what they saw and of the server's processes. */
export async function sustainedLoad(o: LoadOptions): Promise<LoadFigures> {
  const post = poster(o.url, o.clients + 1);
  const ok = o.okStatus ?? 202;
  const names = Object.keys(o.pids);
  const latencies: number[] = [];
  let envelopes = 0;
  let failures = 0;
  const peakRssBytes: Record<string, number> = Object.fromEntries(names.map((n) => [n, 0]));
  const sampler = setInterval(() => {
    for (const n of names) peakRssBytes[n] = Math.max(peakRssBytes[n], rssBytesOf(o.pids[n]));
  }, 100);
  const cpuBefore = names.map((n) => cpuSecondsOf(o.pids[n]));
  const clientCpuBefore = process.cpuUsage();
  const tokens = await Promise.all(Array.from({ length: o.clients }, (_, c) => o.token(c)));
  const makers = Array.from({ length: o.clients }, (_, c) => o.request(c));
  const started = performance.now();
  const endAt = started + o.seconds * 1000;
  await Promise.all(
    makers.map(async (make, c) => {
      for (let k = 0; performance.now() < endAt; k++) {
        const r = make(k);
        const t0 = performance.now();
        const status = await post(tokens[c], r.body, r.contentType);
        latencies.push(performance.now() - t0);
        if (status === ok) envelopes += r.envelopes;
        else failures++;
      }
    }),
  );
  const postedMs = performance.now() - started;
  const cpuSeconds = Object.fromEntries(names.map((n, i) => [n, cpuSecondsOf(o.pids[n]) - cpuBefore[i]]));
  const clientUsage = process.cpuUsage(clientCpuBefore);
  o.onPosted?.(envelopes);
  await o.drained();
  const drainedMs = performance.now() - started;
  clearInterval(sampler);
  latencies.sort((x, y) => x - y);
  return {
    envelopes,
    failures,
    postedMs,
    drainedMs,
    rate: envelopes / (postedMs / 1000),
    p50Ms: quantile(latencies, 0.5),
    p99Ms: quantile(latencies, 0.99),
    cpuSeconds,
    peakRssBytes,
    clientCores: (clientUsage.user + clientUsage.system) / 1e6 / (postedMs / 1000),
  };
}

export interface LagProbe {
  /** Stops probing (after the envelope it waits for); resolves with every lag measured (ms, sorted). */
  stop(): Promise<number[]>;
}

/**
 * The lag from a 2xx to the rows being readable in the store, under the
 * load of the other clients: one more client posts one envelope of its
 * own host at a time, and after the 2xx asks `stored(timestampMs)` every
 * 5 ms until it is true; then the next envelope.
 */
export async function lagProbe(url: string, token: string, host: string, firstMs: number, stored: (timestampMs: number) => Promise<boolean>): Promise<LagProbe> {
  const post = poster(url, 1);
  const lags: number[] = [];
  let running = true;
  const loop = (async () => {
    for (let k = 0; running; k++) {
      const ts = firstMs + k * 10_000;
      if ((await post(token, bodyOf(host, ts, 1))) !== 202) {
        await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      const acked = performance.now();
      while (!(await stored(ts))) {
        if (performance.now() - acked > 60_000) throw new Error(`lag probe: ${host}'s envelope of ${ts} acked and not stored after 60 s`);
        await new Promise((r) => setTimeout(r, 5));
      }
      lags.push(performance.now() - acked);
    }
  })();
  let stopping: Promise<number[]> | undefined;
  return {
    stop() {
      running = false;
      stopping ??= loop.then(() => lags.sort((a, b) => a - b));
      return stopping;
    },
  };
}
