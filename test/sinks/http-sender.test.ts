import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { DiskQueue } from '../../src/sinks/disk-queue.js';
import { HttpSender, queuedRequest } from '../../src/sinks/http-sender.js';
import { backoffMs, DEFAULT_RETRY, RETRY_AFTER_MAX_MS, retryAfterMs, retryDelayMs, verdictOf } from '../../src/sinks/retry-policy.js';
import { CircuitBreaker } from '../../src/health/circuit-breaker.js';
import { refusingPort } from '../helpers.js';

const TOKEN = 'tok-3c1f-SECRET-e9a2';
const FAST = { startMs: 10, factor: 1.5, capMs: 50, giveUpMs: 5_000 };

interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

/** A real server on loopback; `respond` answers the nth request itself (true), or leaves it to be recorded and answered 200 (false). */
async function backend(respond: (n: number, req: IncomingMessage, res: ServerResponse) => boolean) {
  const received: Received[] = [];
  let n = 0;
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let raw = Buffer.concat(chunks);
    if (req.headers['content-encoding'] === 'gzip') raw = gunzipSync(raw);
    if (respond(n++, req, res)) return; // the responder answered (or broke the socket)
    received.push({ path: req.url!, headers: req.headers, body: JSON.parse(raw.toString()) });
    res.writeHead(200).end('{}');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/api`, received, close: () => new Promise((r) => server.close(r)) };
}

/** A responder's own reply: it returns true, so the backend neither records the request nor answers 200. */
function answer(res: ServerResponse, status: number, headers: Record<string, string> = {}, body = ''): true {
  res.writeHead(status, headers).end(body);
  return true;
}

const dirs: string[] = [];
const closers: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function queue(): { q: DiskQueue; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'iw-http-'));
  dirs.push(dir);
  return { q: new DiskQueue({ dir, maxBytes: 1 << 20 }), dir };
}

async function until(cond: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('retry policy', () => {
  it('retries 408, 429, 5xx; drops other 4xx; honours Retry-After in seconds or as a date', () => {
    expect([200, 204, 408, 429, 500, 502, 503, 504, 400, 401, 404, 413, 301, 302, 307, 308].map(verdictOf)).toEqual([
      'delivered', 'delivered', 'retry', 'retry', 'retry', 'retry', 'retry', 'retry', 'rejected', 'rejected', 'rejected', 'rejected',
      'retry', 'retry', 'retry', 'retry',
    ]);
    expect(retryAfterMs('7', 0)).toBe(7000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(retryAfterMs('soon', 0)).toBeUndefined();
    expect(backoffMs(1, DEFAULT_RETRY, 0.999)).toBeLessThanOrEqual(5000);
    expect(backoffMs(20, DEFAULT_RETRY, 0.999)).toBeLessThanOrEqual(30_000);
    expect(backoffMs(20, DEFAULT_RETRY, 0)).toBe(15_000);
  });
});

describe('HttpSender against a real server on loopback', () => {
  it('POSTs each queued request in order with the bearer token and JSON, gzip for large bodies', async () => {
    const b = await backend(() => false);
    closers.push(b.close);
    const { q } = queue();
    const s = new HttpSender(q, { baseUrl: b.url, token: TOKEN, gzipAboveBytes: 1000 });
    q.enqueue(queuedRequest('/hosts/register', JSON.stringify({ host_id: 'h1' })));
    q.enqueue(queuedRequest('/telemetry', JSON.stringify({ host_id: 'h1', cpu: 12.5 })));
    q.enqueue(queuedRequest('/snapshot', JSON.stringify({ host_id: 'h1', packages: 'x'.repeat(5000) })));
    s.kick();
    await until(() => s.counters.sent === 3);
    expect(b.received.map((r) => r.path)).toEqual(['/api/hosts/register', '/api/telemetry', '/api/snapshot']);
    for (const r of b.received) {
      expect(r.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(r.headers['content-type']).toBe('application/json');
    }
    expect(b.received[1].body).toEqual({ host_id: 'h1', cpu: 12.5 });
    expect(b.received[2].headers['content-encoding']).toBe('gzip');
    expect(q.depth).toBe(0);
  });

  it('rides out 503, 429 + Retry-After, a timeout and a reset: nothing lost, order kept, counters match', async () => {
    const plan = ['503', '429', 'timeout', 'reset'];
    const b = await backend((n, _req, res) => {
      const what = plan[n];
      if (what === '503') res.writeHead(503).end();
      else if (what === '429') res.writeHead(429, { 'retry-after': '1' }).end();
      else if (what === 'timeout') setTimeout(() => res.writeHead(200).end(), 500);
      else if (what === 'reset') res.socket!.destroy();
      else return false;
      return true;
    });
    closers.push(b.close);
    const { q, dir } = queue();
    const s = new HttpSender(q, { baseUrl: b.url, token: TOKEN, retry: FAST, timeoutMs: 200 });
    for (let i = 0; i < 5; i++) q.enqueue(queuedRequest('/telemetry', JSON.stringify({ seq: i })));
    const started = Date.now();
    s.kick();
    await until(() => s.counters.sent === 5);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000); // the Retry-After was honoured
    expect(b.received.map((r) => (r.body as { seq: number }).seq)).toEqual([0, 1, 2, 3, 4]);
    expect(s.counters).toMatchObject({ sent: 5, rejected: 0, retriesExhausted: 0, attempts: 9 });
    expect(q.counters.enqueued).toBe(q.counters.acked + q.depth);
    // The token is in no queue file.
    for (const f of readdirSync(dir)) expect(readFileSync(join(dir, f)).includes(TOKEN)).toBe(false);
  });

  it('drops a 400 and counts it, without retrying, and goes on with the next', async () => {
    const b = await backend((n, _req, res) => n === 0 && answer(res, 400));
    closers.push(b.close);
    const { q } = queue();
    const failures: string[] = [];
    const s = new HttpSender(q, { baseUrl: b.url, retry: FAST, onFailure: (m) => failures.push(m) });
    q.enqueue(queuedRequest('/telemetry', '{"bad":true}'));
    q.enqueue(queuedRequest('/telemetry', '{"good":true}'));
    s.kick();
    await until(() => s.counters.sent === 1);
    expect(s.counters).toMatchObject({ rejected: 1, sent: 1, attempts: 2 });
    expect(b.received.map((r) => r.body)).toEqual([{ good: true }]);
    expect(failures.join('\n')).toMatch(/rejected with HTTP 400; dropped/);
    expect(failures.join('\n')).not.toContain(TOKEN);
  });

  it('opens its breaker after consecutive failures, probes once per cooldown, and closes when a probe passes', async () => {
    const b = await backend((n, _req, res) => n < 4 && answer(res, 503));
    closers.push(b.close);
    const { q } = queue();
    const moves: string[] = [];
    const breaker = new CircuitBreaker('sink.test', { failuresToOpen: 2, openTicks: 1 }, (from, to) => moves.push(`${from}→${to}`));
    const s = new HttpSender(q, { baseUrl: b.url, retry: FAST, breaker });
    q.enqueue(queuedRequest('/telemetry', '{"x":1}'));
    s.kick();
    await until(() => s.counters.sent === 1);
    expect(s.counters.attempts).toBe(5);
    expect(moves).toEqual(['closed→open', 'open→half_open', 'half_open→open', 'open→half_open', 'half_open→open', 'open→half_open', 'half_open→closed']);
    expect(breaker.state).toBe('closed');
  });

  it('gives up after giveUpMs of failures, dropping and counting the item', async () => {
    const b = await backend((_n, _req, res) => answer(res, 503));
    closers.push(b.close);
    const { q } = queue();
    const s = new HttpSender(q, { baseUrl: b.url, retry: { ...FAST, giveUpMs: 200 } });
    q.enqueue(queuedRequest('/telemetry', '{}'));
    s.kick();
    await until(() => s.counters.retriesExhausted === 1);
    expect(q.depth).toBe(0);
    expect(q.counters.acked).toBe(1); // out of the queue, and counted by the sender as given up: not lost silently
    await s.stop();
  });
});

describe('every retry wait, whatever the backend says', () => {
  it('lies in [retry_start, max(retry_cap, RETRY_AFTER_MAX_MS)]: huge, negative, garbage, past, zero and far-future Retry-After', () => {
    const o = { startMs: 5_000, factor: 1.5, capMs: 30_000, giveUpMs: 300_000 };
    const now = Date.parse('2026-12-02T00:00:00Z');
    const most = Math.max(o.capMs, RETRY_AFTER_MAX_MS);
    const cases: [string | null, number][] = [
      ['1000000000000', most], // 10^12 s: once overflowed Node's timer to 1 ms
      ['9'.repeat(400), most], // Number() of it is Infinity
      [new Date(now + 10 * 365 * 86_400_000).toUTCString(), most],
      ['-5', o.startMs],
      ['0', o.startMs],
      [new Date(now - 60_000).toUTCString(), o.startMs],
      ['12', 12_000],
    ];
    for (const [header, want] of cases) expect(retryDelayMs(o, 1, 0.5, header, now, false), String(header)).toBe(want);
    // Garbage falls back to the backoff, which is clamped the same way.
    for (const attempt of [1, 2, 5, 50, 5000]) {
      for (const r of [0, 0.5, 0.999]) {
        const ms = retryDelayMs(o, attempt, r, 'soon, maybe', now, attempt > 2);
        expect(ms).toBeGreaterThanOrEqual(o.startMs);
        expect(ms).toBeLessThanOrEqual(most);
        expect(Number.isInteger(ms)).toBe(true);
      }
    }
  });
});

describe('HttpSender against a hostile backend', () => {
  it('waits at most the documented maximum and at least retry_start for any Retry-After: no flood against a 429 backend', async () => {
    for (const retryAfter of ['1000000000000', '0', '-1']) {
      const b = await backend((_n, _req, res) => answer(res, 429, { 'retry-after': retryAfter }));
      closers.push(b.close);
      const { q } = queue();
      const s = new HttpSender(q, { baseUrl: b.url, retry: { startMs: 250, factor: 1.5, capMs: 1000, giveUpMs: 60_000 } });
      q.enqueue(queuedRequest('/telemetry', '{}'));
      s.kick();
      await new Promise((r) => setTimeout(r, 1500));
      await s.stop();
      // 10^12 s: one attempt, then a wait of RETRY_AFTER_MAX_MS; 0 or -1: at least 250 ms between attempts (before: 2,788 POSTs in 8 s).
      expect(s.counters.attempts, `Retry-After: ${retryAfter}`).toBeLessThanOrEqual(retryAfter === '1000000000000' ? 1 : 7);
      expect(q.depth).toBe(1);
    }
  });

  it('does not follow a redirect: a 302 is a failure, counted and reported with where it pointed, and the record stays queued', async () => {
    const seen: string[] = [];
    const b = await backend((_n, req, res) => {
      seen.push(`${req.method} ${req.url}`);
      if (req.url === '/elsewhere') return answer(res, 200, {}, '{}');
      return answer(res, 302, { location: '/elsewhere' });
    });
    closers.push(b.close);
    const { q } = queue();
    const redirects: string[] = [];
    const failures: string[] = [];
    const s = new HttpSender(q, { baseUrl: b.url, retry: FAST, onRedirect: (d) => redirects.push(d), onFailure: (m) => failures.push(m) });
    q.enqueue(queuedRequest('/telemetry', '{"seq":1}'));
    s.kick();
    await until(() => s.counters.redirects >= 3);
    await s.stop();
    expect(seen.every((x) => x === 'POST /api/telemetry')).toBe(true); // never a GET to where it pointed
    expect(s.counters.sent).toBe(0);
    expect(q.depth).toBe(1); // nothing acked: the record waits for a backend that takes it
    expect(redirects).toHaveLength(1); // once per place, not once per attempt
    expect(redirects[0]).toMatch(/\/telemetry: HTTP 302 redirect to "\/elsewhere"; not followed/);
    expect(failures[0]).toMatch(/redirect to "\/elsewhere"/);
  });

  it('reads an endless answer only up to its cap: the record is delivered at once, the oversized answer counted', async () => {
    const b = await backend((_n, _req, res) => {
      res.writeHead(200);
      const chunk = Buffer.alloc(1 << 16, 0x78);
      const more = () => {
        while (!res.destroyed && res.write(chunk));
      };
      res.on('drain', more);
      more();
      return true;
    });
    closers.push(b.close);
    const { q } = queue();
    const s = new HttpSender(q, { baseUrl: b.url, retry: FAST, timeoutMs: 30_000 });
    q.enqueue(queuedRequest('/telemetry', '{}'));
    s.kick();
    // Before: read until the deadline, then a timeout and a retry. Here the
    // deadline is far (30 s): delivered within 10 s and with no timeout, the
    // answer was cut at its cap, not by the deadline.
    await until(() => s.counters.sent === 1, 10_000);
    expect(s.counters).toMatchObject({ sent: 1, oversizedResponses: 1, timeouts: 0 });
    await s.stop();
  });

  it('bounds the headers and the body in time, and says which one was cut', async () => {
    const failures: string[] = [];
    // Headers that never come.
    const silent = await backend(() => true);
    closers.push(silent.close);
    const { q } = queue();
    const s = new HttpSender(q, { baseUrl: silent.url, retry: { ...FAST, startMs: 5000 }, timeoutMs: 300, onFailure: (m) => failures.push(m) });
    q.enqueue(queuedRequest('/telemetry', '{}'));
    s.kick();
    await until(() => s.counters.timeouts === 1);
    await s.stop();
    expect(failures[0]).toMatch(/timeout: no whole answer within 300 ms \(cut while waiting for the connection and headers\)/);
    // A body that trickles forever.
    const trickle = await backend((_n, _req, res) => {
      res.writeHead(200);
      const t = setInterval(() => (res.destroyed ? clearInterval(t) : res.write('x')), 50);
      return true;
    });
    closers.push(trickle.close);
    const q2 = queue().q;
    const failures2: string[] = [];
    // Headers at once, then a byte every 50 ms: the deadline (long enough for the headers on a busy host) meets the body.
    const s2 = new HttpSender(q2, { baseUrl: trickle.url, retry: { ...FAST, startMs: 5000 }, timeoutMs: 1000, onFailure: (m) => failures2.push(m) });
    q2.enqueue(queuedRequest('/telemetry', '{}'));
    s2.kick();
    await until(() => s2.counters.timeouts === 1);
    await s2.stop();
    expect(failures2[0]).toMatch(/cut while waiting for the body/);
    expect(q2.depth).toBe(1);
  });

  it('names the cause of a network or TLS failure, not just "fetch failed"', async () => {
    const { port, close } = await refusingPort();
    closers.push(close);
    const failures: string[] = [];
    const { q } = queue();
    const s = new HttpSender(q, { baseUrl: `http://127.0.0.1:${port}/api`, retry: { ...FAST, startMs: 5000 }, onFailure: (m) => failures.push(m) });
    q.enqueue(queuedRequest('/telemetry', '{}'));
    s.kick();
    await until(() => failures.length === 1);
    await s.stop();
    expect(failures[0]).toMatch(/ECONNREFUSED/);

    // A TLS backend with a self-signed certificate, made for the test.
    const dir = mkdtempSync(join(tmpdir(), 'iw-tls-'));
    dirs.push(dir);
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' });
    const tls = createTlsServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (_req, res) => res.writeHead(200).end());
    tls.listen(0, '127.0.0.1');
    await once(tls, 'listening');
    closers.push(() => new Promise((r) => tls.close(r)));
    const tlsFailures: string[] = [];
    const q2 = queue().q;
    const s2 = new HttpSender(q2, { baseUrl: `https://127.0.0.1:${(tls.address() as { port: number }).port}/api`, retry: { ...FAST, startMs: 5000 }, onFailure: (m) => tlsFailures.push(m) });
    q2.enqueue(queuedRequest('/telemetry', '{}'));
    s2.kick();
    await until(() => tlsFailures.length === 1);
    await s2.stop();
    expect(tlsFailures[0]).toMatch(/self-signed certificate/);
    expect(q2.depth).toBe(1);
  });
});
