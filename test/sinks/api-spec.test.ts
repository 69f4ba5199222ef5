// The Infra-Watch API as its original spec defines it (the agent
// specification: "Data Collected", "Communication"), served the way a
// backend written to that spec serves it: node:http, JSON.parse of the raw
// body, no decompression (a Content-Encoding is refused), and every field
// checked against the spec's type. A real agent (`infrawatch run`, a child
// process, on this machine's /proc) sends it its real bodies.

import { once } from 'node:events';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runAgent } from '../helpers.js';

const TOKEN = 'spec-token-5e1f';

/**
 * The spec's fields and types, from the agent specification:
 * - Telemetry (POST /api/telemetry): host_id "Unique identifier for the
 *   host", timestamp "UTC timestamp of collection", cpu / memory / disk
 *   "usage percentage (float)", uptime "System uptime in seconds (int)".
 * - Snapshot (POST /api/snapshot): os_info "OS name and version", kernel
 *   "Kernel version", packages "List of installed Python packages with
 *   versions", env_vars "Selected environment variables". It names no
 *   host or time for a snapshot; the agent sends host_id and timestamp as
 *   in the telemetry (a backend must know whose snapshot it is).
 * - POST /api/hosts/register is named ("Auto-register host") with no body:
 *   host_id, as in the other bodies, is what a backend can rely on.
 * Fields beyond these (the telemetry's disks and processes, the snapshot's
 * kernel_version and os_packages) are the agent's own; a spec backend reads
 * only its fields, so they are checked only where they stand beside them.
 */
type FieldType = 'string' | 'utc-timestamp' | 'percent' | 'integer' | 'string-map' | { readonly [field: string]: FieldType } | readonly [FieldType];

const SPEC: Record<string, { readonly [field: string]: FieldType }> = {
  '/api/hosts/register': { host_id: 'string' },
  '/api/telemetry': { host_id: 'string', timestamp: 'utc-timestamp', cpu: 'percent', memory: 'percent', disk: 'percent', uptime: 'integer' },
  '/api/snapshot': {
    host_id: 'string',
    timestamp: 'utc-timestamp',
    os_info: { name: 'string', version: 'string' },
    kernel: 'string',
    packages: [{ name: 'string', version: 'string' }],
    env_vars: 'string-map',
  },
};

/** Every way `value` is not of `type`, each named by its field path. */
function problemsOf(value: unknown, type: FieldType, path: string): string[] {
  const is = (ok: boolean, expected: string) => (ok ? [] : [`${path}: expected ${expected}, got ${JSON.stringify(value)?.slice(0, 60)}`]);
  if (Array.isArray(type)) {
    if (!Array.isArray(value)) return is(false, 'a list');
    return value.flatMap((item, i) => problemsOf(item, type[0], `${path}[${i}]`));
  }
  if (typeof type === 'object') {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return is(false, 'an object');
    return Object.entries(type).flatMap(([k, t]) => problemsOf((value as Record<string, unknown>)[k], t, path === '' ? k : `${path}.${k}`));
  }
  switch (type) {
    case 'string':
      return is(typeof value === 'string' && value !== '', 'a non-empty string');
    case 'utc-timestamp':
      return is(typeof value === 'string' && /Z$/.test(value) && !Number.isNaN(Date.parse(value)), 'a UTC timestamp');
    case 'percent':
      return is(typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 100, 'a percentage (float, 0 to 100)');
    case 'integer':
      return is(Number.isInteger(value) && (value as number) >= 0, 'a whole number of seconds');
    case 'string-map':
      return is(value !== null && typeof value === 'object' && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string'), 'an object of strings');
  }
}

interface Received {
  path: string;
  body: Record<string, unknown>;
  problems: string[];
}

/** A backend written to the spec: refuses what it cannot read as plain JSON, checks each body, 400 with the problems. */
async function specServer() {
  const received: Received[] = [];
  const refused: string[] = [];
  const server = createServer(async (req: IncomingMessage, res) => {
    if (req.method === 'GET') return void res.writeHead(404).end(); // the fleet config poll: not in the spec
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const refuse = (status: number, why: string) => {
      refused.push(`${req.url}: ${why}`);
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: why }));
    };
    if (req.headers['content-encoding'] !== undefined) return refuse(415, `Content-Encoding ${req.headers['content-encoding']}: this backend does no decompression`);
    if (req.headers['content-type'] !== 'application/json') return refuse(415, `Content-Type ${req.headers['content-type']}`);
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return refuse(401, 'no bearer token');
    const spec = SPEC[req.url!];
    if (spec === undefined) return refuse(404, 'no such endpoint');
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch (err) {
      return refuse(400, `not JSON: ${(err as Error).message}`);
    }
    const problems = problemsOf(body, spec, '');
    received.push({ path: req.url!, body: body as Record<string, unknown>, problems });
    if (problems.length > 0) return refuse(400, problems.join('; '));
    res.writeHead(201).end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { received, refused, port: (server.address() as { port: number }).port, close: () => server.close() };
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('the Infra-Watch API as its original spec defines it', () => {
  it('takes a real agent\'s register, telemetry and snapshot bodies as plain JSON, every field of the spec of its type', async () => {
    const api = await specServer();
    const dir = mkdtempSync(join(tmpdir(), 'iw-spec-'));
    dirs.push(dir);
    // The agent's PATH leads to a venv of this test's making: the snapshot's packages hold known items (and this machine's own Python is not read).
    const venv = join(dir, 'venv');
    mkdirSync(join(venv, 'bin'), { recursive: true });
    writeFileSync(join(venv, 'bin/python3'), '', { mode: 0o755 });
    writeFileSync(join(venv, 'pyvenv.cfg'), 'home = /nonexistent/bin\nversion = 3.11.4\n');
    for (const p of ['requests-2.32.3.dist-info', 'certifi-2024.2.2.dist-info']) mkdirSync(join(venv, 'lib/python3.11/site-packages', p), { recursive: true });
    const config = join(dir, 'agent.yaml');
    writeFileSync(
      config,
      [
        // The spec's own config keys, then where this test's agent keeps its files.
        `api_url: "http://127.0.0.1:${api.port}/api"`,
        `auth_token: "${TOKEN}"`,
        'host_id: "host-abc-123"',
        'interval_seconds: 0.5',
        'collect_snapshot: true',
        'env_whitelist: ["APP_ENV", "DEBUG"]',
        `spool_dir: ${join(dir, 'spool')}`,
        `queue_dir: ${join(dir, 'queue')}`,
        'metrics_listen: ""',
        'scan_cpu_budget_percent: 100',
      ].join('\n') + '\n',
    );
    chmodSync(config, 0o600);
    const agent = runAgent(config, { PATH: join(venv, 'bin'), APP_ENV: 'prod', DEBUG: '1', OTHER: 'not sent' });
    try {
      await agent.waitFor(
        () => api.refused.length > 0 || (api.received.some((r) => r.path === '/api/snapshot') && api.received.filter((r) => r.path === '/api/telemetry').length >= 2),
        'a snapshot and two telemetry bodies',
      );
    } finally {
      await agent.stop();
      api.close();
    }

    expect(api.refused).toEqual([]);
    expect(api.received.map((r) => r.path)).toEqual(expect.arrayContaining(['/api/hosts/register', '/api/telemetry', '/api/snapshot']));
    for (const r of api.received) expect(r.problems, r.path).toEqual([]);
    const snapshot = api.received.find((r) => r.path === '/api/snapshot')!.body;
    expect(snapshot.packages).toEqual(expect.arrayContaining([{ name: 'certifi', version: '2024.2.2' }, { name: 'requests', version: '2.32.3' }]));
    expect(snapshot.env_vars).toEqual({ APP_ENV: 'prod', DEBUG: '1' });
    // What the spec has no field for stands beside its fields, in the same list shape.
    expect(problemsOf(snapshot, { kernel_version: 'string', os_packages: [{ name: 'string', version: 'string' }] }, '')).toEqual([]);

    // The check fails a body of the old shapes: packages { os, python }, kernel { release, version }, a null figure.
    const old = { ...snapshot, packages: { os: snapshot.os_packages, python: snapshot.packages }, kernel: { release: snapshot.kernel, version: snapshot.kernel_version } };
    expect(problemsOf(old, SPEC['/api/snapshot'], '')).toEqual([expect.stringMatching(/^kernel: expected a non-empty string/), expect.stringMatching(/^packages: expected a list/)]);
    const telemetry = api.received.find((r) => r.path === '/api/telemetry')!.body;
    expect(problemsOf({ ...telemetry, cpu: null, uptime: 12.5 }, SPEC['/api/telemetry'], '')).toEqual([expect.stringMatching(/^cpu: expected a percentage/), expect.stringMatching(/^uptime: expected a whole number/)]);
  }, 60_000);
});
