// The agent against a real Infra-Watch API on loopback: registration,
// snapshot and telemetry with the tick's rows, the bearer token on every
// request and nowhere else.

import { spawn, spawnSync } from 'node:child_process';
import { createServer, type IncomingMessage } from 'node:http';
import { once } from 'node:events';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, downBackend, FIXTURE_PROC } from '../helpers.js';

const TOKEN = 'tok-77aa-SECRET-42bb';
const dirs: string[] = [];
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  for (const close of closers.splice(0)) await close();
});

/** A JSON API on loopback, down until `up()`, then recording what it receives and answering 200. */
async function recordingBackend() {
  const got: Array<{ path: string; body: Record<string, unknown> }> = [];
  const backend = await downBackend(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    got.push({ path: req.url!, body: JSON.parse(Buffer.concat(chunks).toString()) });
    res.writeHead(200).end();
  });
  closers.push(backend.close);
  return { got, ...backend };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath ?? (e as unknown as { path: string }).path, e.name));
}

describe('the http sink', () => {
  it('registers, sends a snapshot and a telemetry body per tick with the rows, plain JSON as the spec says, with the token in the header only', async () => {
    const got: Array<{ path: string; headers: IncomingMessage['headers']; body: Record<string, any>; bytes: number }> = [];
    const polls: Array<{ path: string; headers: IncomingMessage['headers'] }> = [];
    const server = createServer(async (req, res) => {
      if (req.method === 'GET') {
        // The fleet config poll: nothing set for this host.
        polls.push({ path: req.url!, headers: req.headers });
        return void res.writeHead(404).end();
      }
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const raw = Buffer.concat(chunks);
      // A backend written to the spec (Flask's request.get_json()) does no decompression: a gzip'd body is a 400, never retried.
      if (req.headers['content-encoding'] !== undefined) return void res.writeHead(400).end();
      got.push({ path: req.url!, headers: req.headers, body: JSON.parse(raw.toString()), bytes: raw.length });
      res.writeHead(202).end();
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as { port: number };
    const dir = mkdtempSync(join(tmpdir(), 'iw-api-'));
    dirs.push(dir);
    const config = join(dir, 'agent.yaml');
    writeFileSync(
      config,
      [
        `api_url: "http://127.0.0.1:${port}/api"`,
        `auth_token: "${TOKEN}"`,
        'host_id: "host-abc-123"',
        'interval_seconds: 0.3',
        'collect_snapshot: true',
        'env_whitelist: ["APP_ENV"]',
        `proc_root: ${FIXTURE_PROC}`,
        `spool_dir: ${join(dir, 'spool')}`,
        `queue_dir: ${join(dir, 'queue')}`,
        'top_n: 3',
        'scan_cpu_budget_percent: 100',
        'metrics_listen: ""',
      ].join('\n') + '\n',
    );
    chmodSync(config, 0o600);
    const child = spawn(process.execPath, [CLI, 'run', '--config', config], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, APP_ENV: 'prod', OTHER: 'x' } });
    let logs = '';
    child.stdout.on('data', (d: Buffer) => (logs += d.toString()));
    child.stderr.on('data', (d: Buffer) => (logs += d.toString()));
    for (let i = 0; i < 100 && got.filter((g) => g.path === '/api/telemetry').length < 2; i++) await sleep(100);
    child.kill('SIGINT');
    await once(child, 'exit');
    server.close();

    expect(got[0].path).toBe('/api/hosts/register');
    expect(got[0].body).toMatchObject({ host_id: 'host-abc-123' });
    const telemetry = got.filter((g) => g.path === '/api/telemetry');
    expect(telemetry.length).toBeGreaterThanOrEqual(2);
    const t = telemetry[1].body;
    expect(t).toMatchObject({ host_id: 'host-abc-123' });
    expect(typeof t.timestamp).toBe('string');
    // The fixture proc root has an uptime file but no stat or meminfo: those read as null.
    expect(t).toMatchObject({ uptime: 12345, cpu: null, memory: null });
    expect(t.disk).toBeGreaterThan(0);
    expect(t.processes.top.map((r: { processId: number }) => r.processId)).toEqual([113, 117, 100]);
    expect(t.processes.aggregates).toHaveLength(10);
    expect(t.processes.totals.processCount).toBe(13);
    expect(polls[0].path).toBe('/api/agents/host-abc-123/config');
    expect(polls[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
    const snapshotRequest = got.find((g) => g.path === '/api/snapshot')!;
    expect(snapshotRequest.bytes).toBeGreaterThan(8192); // over the size that went gzip'd before api_gzip (default off)
    const snapshot = snapshotRequest.body;
    expect(snapshot.env_vars).toEqual({ APP_ENV: 'prod' });
    expect(snapshot.os_info.name).not.toBe('');
    const userAgent = `infrawatch-agent/${JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version}`;
    for (const g of got) {
      expect(g.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(g.headers['content-type']).toBe('application/json');
      expect(g.headers['user-agent']).toBe(userAgent);
    }
    expect(polls[0].headers['user-agent']).toBe(userAgent);
    // The token is in no log line and no queue or spool file.
    expect(logs).not.toContain(TOKEN);
    for (const f of filesUnder(dir)) if (f !== config) expect(readFileSync(f).includes(TOKEN), f).toBe(false);
  });

  it('refuses a token in a config file others can read, and says how to fix it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'iw-api-'));
    dirs.push(dir);
    const config = join(dir, 'agent.yaml');
    writeFileSync(config, `api_url: "http://127.0.0.1:9/api"\nauth_token: "${TOKEN}"\n`);
    chmodSync(config, 0o644);
    const out = spawnSync(process.execPath, [CLI, 'run', '--config', config], { encoding: 'utf8', timeout: 30_000 });
    expect(out.status).toBe(2);
    expect(out.stderr).toMatch(/auth_token is set in a file that others can read \(mode 0644\); run: chmod 600 /);
    expect(out.stderr).not.toContain(TOKEN);
    expect(statSync(config).mode & 0o777).toBe(0o644);
  });
});

describe('run --once', () => {
  it('sends one sample and exits; with the backend down the sample waits on disk, and the next run delivers it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iw-once-'));
    dirs.push(dir);
    const backend = await recordingBackend();
    const config = join(dir, 'agent.yaml');
    writeFileSync(
      config,
      [`api_url: "http://127.0.0.1:${backend.port}/api"`, 'collect_snapshot: false', `proc_root: ${FIXTURE_PROC}`, `spool_dir: ${join(dir, 'spool')}`, `queue_dir: ${join(dir, 'queue')}`, 'host_id: h-once', 'retry_start_s: 60'].join('\n') + '\n',
    );
    // Not spawnSync: the backend, in this process, resets the connections while the run waits.
    const first = spawn(process.execPath, [CLI, 'run', '--config', config, '--once'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let firstStderr = '';
    first.stderr.on('data', (d: Buffer) => (firstStderr += d.toString()));
    const [firstCode] = await once(first, 'exit');
    expect(firstCode, firstStderr).toBe(0);

    backend.up();
    const { got } = backend;
    const second = spawn(process.execPath, [CLI, 'run', '--config', config, '--once'], { stdio: 'ignore' });
    const [code] = await once(second, 'exit');
    expect(code).toBe(0);
    // Both runs' registration and telemetry, the first run's first, in order.
    expect(got.map((g) => g.path)).toEqual(['/api/hosts/register', '/api/telemetry', '/api/hosts/register', '/api/telemetry']);
    const [t1, t2] = got.filter((g) => g.path === '/api/telemetry').map((g) => Date.parse(g.body.timestamp as string));
    expect(t1).toBeLessThan(t2);
  }, 90_000);
});

describe('kill -9 mid-outage', () => {
  it('delivers after a restart what the killed agent had queued', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iw-kill-'));
    dirs.push(dir);
    const backend = await recordingBackend();
    const config = join(dir, 'agent.yaml');
    writeFileSync(
      config,
      [`api_url: "http://127.0.0.1:${backend.port}/api"`, 'collect_snapshot: false', `proc_root: ${FIXTURE_PROC}`, 'interval_seconds: 0.2', `spool_dir: ${join(dir, 'spool')}`, `queue_dir: ${join(dir, 'queue')}`, 'host_id: h-kill', 'retry_start_s: 0.05', 'retry_cap_s: 0.2', 'metrics_listen: ""'].join('\n') + '\n',
    );
    const first = spawn(process.execPath, [CLI, 'run', '--config', config], { stdio: ['ignore', 'pipe', 'ignore'] });
    let ticks = 0;
    first.stdout!.on('data', (d: Buffer) => (ticks += d.toString().split('"msg":"tick"').length - 1));
    for (let i = 0; i < 100 && ticks < 5; i++) await sleep(50);
    first.kill('SIGKILL');
    await once(first, 'exit');
    const queuedBeforeRestart = ticks; // every logged tick had enqueued its telemetry first

    backend.up();
    const { got } = backend;
    const second = spawn(process.execPath, [CLI, 'run', '--config', config, '--once'], { stdio: 'ignore' });
    await once(second, 'exit');
    const telemetry = got.filter((g) => g.path === '/api/telemetry');
    // The killed run's ticks, then the --once run's own.
    expect(telemetry.length).toBeGreaterThanOrEqual(queuedBeforeRestart + 1);
    expect(got[0].path).toBe('/api/hosts/register');
    const times = telemetry.map((t) => Date.parse(t.body.timestamp as string));
    expect([...times].sort((a, b) => a - b)).toEqual(times); // order kept
  }, 90_000);
});

describe('drops', () => {
  it('are counted, spooled as AgentDiagEvents, and the books balance: produced = sent + dropped + queued', async () => {
    let telemetryPosts = 0;
    const server = createServer(async (req, res) => {
      for await (const _ of req) void _;
      if (req.url === '/api/telemetry') telemetryPosts++;
      res.writeHead(req.url === '/api/telemetry' ? 400 : 200).end();
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as { port: number };
    const dir = mkdtempSync(join(tmpdir(), 'iw-drop-'));
    dirs.push(dir);
    const config = join(dir, 'agent.yaml');
    writeFileSync(
      config,
      // No health listener: the default port may be another agent's on this machine (its listen_failed event would be one more in the spool).
      [`api_url: "http://127.0.0.1:${port}/api"`, 'collect_snapshot: false', `proc_root: ${FIXTURE_PROC}`, 'interval_seconds: 0.2', `spool_dir: ${join(dir, 'spool')}`, `queue_dir: ${join(dir, 'queue')}`, 'metrics_listen: ""'].join('\n') + '\n',
    );
    const child = spawn(process.execPath, [CLI, 'run', '--config', config], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    // The sink sends one request at a time: a third telemetry body means the first two were answered and counted.
    for (let i = 0; i < 200 && telemetryPosts < 3; i++) await sleep(50);
    child.kill('SIGINT');
    await once(child, 'exit');
    server.close();
    const stopped = out.trim().split('\n').map((l) => JSON.parse(l)).find((l) => l.msg === 'agent stopped');
    const b = stopped.http;
    expect(b.rejected).toBeGreaterThanOrEqual(2);
    expect(b.sent).toBeGreaterThanOrEqual(1); // the registration
    expect(b.produced).toBe(b.sent + b.rejected + b.retriesExhausted + b.droppedQueueFull + b.queued);
    expect(stopped.diagEvents['sink.http/drop']).toBe(b.rejected);
    const decoded = spawnSync(process.execPath, [CLI, 'decode', join(dir, 'spool', 'diag.ldpb')], { encoding: 'utf8' });
    expect(decoded.status, decoded.stderr).toBe(0);
    const events = decoded.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(events).toHaveLength(b.rejected);
    expect(events[0]).toMatchObject({ module: 'sink.http', eventType: 'drop', reason: 'rejected: /telemetry: HTTP 400' });
    expect(events[0].tsNs).toBeGreaterThan(1.7e18);
  });
});

describe('a hostile backend', () => {
  it('cannot grow the agent with an endless answer: each answer is read up to its cap, the records delivered and counted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iw-endless-'));
    let posts = 0;
    const chunk = Buffer.alloc(1 << 16, 0x78);
    const server = createServer(async (req, res) => {
      for await (const _ of req); // the request body, whole
      if (req.method === 'POST') posts++;
      res.writeHead(req.method === 'GET' ? 404 : 200);
      const more = () => {
        while (!res.destroyed && res.write(chunk));
      };
      res.on('drain', more);
      more();
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const file = join(dir, 'agent.yaml');
    writeFileSync(file, [`proc_root: ${FIXTURE_PROC}`, 'interval_seconds: 0.2', `spool_dir: ${join(dir, 'spool')}`, `queue_dir: ${join(dir, 'queue')}`,
      `api_url: http://127.0.0.1:${(server.address() as { port: number }).port}/api`, 'collect_snapshot: false', 'metrics_listen: ""'].join('\n') + '\n');
    const child = spawn(process.execPath, [CLI, 'run', '--config', file], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    try {
      await sleep(4000);
      // A tick's telemetry every 0.2 s, each answer cut at its cap: on a busy host the third may come later, but well before the first answer's 10 s deadline.
      for (let i = 0; i < 80 && posts < 3; i++) await sleep(50);
      const peakMb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]) / 1024;
      child.kill('SIGINT');
      await once(child, 'exit');
      const books = out.trim().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l)).find((l) => l.msg === 'agent stopped')?.http;
      expect(peakMb).toBeLessThan(200);
      expect(posts).toBeGreaterThanOrEqual(3); // a tick's telemetry every 0.2 s, each answer cut at its cap (before: each was read for the whole 10 s deadline, GBs of it)
      expect(books?.sent).toBeGreaterThanOrEqual(posts - 1);
      expect(books?.oversizedResponses).toBe(books?.sent); // counted, in the books that agent_sink_answers_total{kind="oversized"} reads
    } finally {
      child.kill('SIGKILL');
      server.closeAllConnections();
      server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
