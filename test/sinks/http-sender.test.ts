import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { DiskQueue } from '../../src/sinks/disk-queue.js';
import { HttpSender, queuedRequest } from '../../src/sinks/http-sender.js';
import { backoffMs, DEFAULT_RETRY, retryAfterMs, verdictOf } from '../../src/sinks/retry-policy.js';
import { CircuitBreaker } from '../../src/health/circuit-breaker.js';

const TOKEN = 'tok-3c1f-SECRET-e9a2';
const FAST = { startMs: 10, factor: 1.5, capMs: 50, giveUpMs: 5_000 };

interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

/** A real server on loopback; `respond` decides each reply in turn. */
async function backend(respond: (n: number, req: IncomingMessage, res: ServerResponse) => boolean | void) {
  const received: Received[] = [];
  let n = 0;
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let raw = Buffer.concat(chunks);
    if (req.headers['content-encoding'] === 'gzip') raw = gunzipSync(raw);
    const handled = respond(n++, req, res);
    if (handled === true) return; // the responder answered (or broke the socket)
    received.push({ path: req.url!, headers: req.headers, body: JSON.parse(raw.toString()) });
    res.writeHead(200).end('{}');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/api`, received, close: () => new Promise((r) => server.close(r)) };
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
    expect([200, 204, 408, 429, 500, 502, 503, 504, 400, 401, 404, 413].map(verdictOf)).toEqual([
      'delivered', 'delivered', 'retry', 'retry', 'retry', 'retry', 'retry', 'retry', 'rejected', 'rejected', 'rejected', 'rejected',
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
    const b = await backend(() => {});
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
      if (what === '503') return void res.writeHead(503).end() ?? true;
      if (what === '429') return void res.writeHead(429, { 'retry-after': '1' }).end() ?? true;
      if (what === 'timeout') return void setTimeout(() => res.writeHead(200).end(), 500) ?? true;
      if (what === 'reset') return void res.socket!.destroy() ?? true;
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
    const b = await backend((n, _req, res) => (n === 0 ? void res.writeHead(400).end() ?? true : undefined));
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
    const b = await backend((n, _req, res) => (n < 4 ? void res.writeHead(503).end() ?? true : undefined));
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
    const b = await backend((_n, _req, res) => void res.writeHead(503).end() ?? true);
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
