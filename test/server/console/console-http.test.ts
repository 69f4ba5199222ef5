// The console's HTTP side on the embedded server and on `serve --role
// query` over the same store: the bundle under /console/ (built by `npm
// run build`), the JSON behind the account's token, scoped to its account,
// its parameters bounded and named when wrong. The pages themselves are
// driven in a browser by test/server/console.soak.test.ts.

import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FleetHostsView } from '../../../src/server/console/fleet-hosts.js';
import type { HostDetails } from '../../../src/server/console/host-details.js';
import { validateServerConfig } from '../../../src/server/config/server-config.js';
import { startQueryServer } from '../../../src/server/query/query-server.js';
import { type Fixture, startFixture, telemetryBody } from '../server-fixture.js';

const OTHER_SECRET = 'another-test-secret-of-more-than-32-bytes-987654';
let f: Fixture;
let token: string;
let otherToken: string;

/** GET `path` with the token `t` (null: none). */
async function get(path: string, t: string | null = token): Promise<Response> {
  return fetch(`${f.url}${path}`, { headers: t === null ? {} : { authorization: `Bearer ${t}` } });
}

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'iw-console-http-'));
  const secretFile = join(dir, 'other.secret');
  writeFileSync(secretFile, `${OTHER_SECRET}\n`);
  chmodSync(secretFile, 0o600);
  f = await startFixture({ keys: [{ id: 'other', account: 'other', algorithms: ['HS256'], secret_file: secretFile, public_key_file: '' }] });
  token = await f.token({}, { host: 'ops' });
  otherToken = await f.token({ acct: 'other' }, { kid: 'other', secret: OTHER_SECRET, host: 'h9' });
  // h1: three ticks of 4 rows (cpu% 0..3, RSS 4096·i) and 1 aggregate (cpu% 0.5, RSS 1000); h9 of the other account.
  for (let i = 0; i < 3; i++) expect((await f.post('/api/telemetry', telemetryBody('h1', new Date(Date.now() - i * 10_000).toISOString(), 4, 1))).status).toBe(200);
  expect((await f.post('/api/telemetry', telemetryBody('h9', new Date().toISOString(), 2, 1), { token: otherToken })).status).toBe(200);
  await f.rows('h1');
});

afterAll(() => f.close());

describe('the console on the query API’s listener', () => {
  it('serves the bundle without a token, and nothing else under /console/', async () => {
    const redirect = await fetch(`${f.url}/console`, { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe('/console/');
    const page = await get('/console/', null);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain('<script type="module" src="console.js">');
    expect(page.headers.get('content-security-policy')).toMatch(/^default-src 'self';.*frame-ancestors 'none'/);
    const js = await get('/console/console.js', null);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await js.arrayBuffer()).byteLength).toBeGreaterThan(10_000);
    expect((await get('/console/../server.yaml', null)).status).toBe(404);
    expect((await get('/console/nope.js', null)).status).toBe(404);
  });

  it('answers the fleet of the token’s account only, with the figures its rows give', async () => {
    expect((await get('/api/console/fleet', null)).status).toBe(401);
    const res = await get('/api/console/fleet');
    expect(res.status).toBe(200);
    const view = (await res.json()) as FleetHostsView;
    expect(view.total).toBe(1);
    expect(view.hosts.map((h) => h.hostId)).toEqual(['h1']);
    const h1 = view.hosts[0];
    expect(h1.stale).toBe(false);
    // No row of the agent's own: no agent figures, nothing made up.
    expect([h1.agentCpuPercent, h1.agentRssBytes]).toEqual([null, null]);
    // Per tick: rows cpu 0+1+2+3 = 6 against the aggregate's 0.5; RSS 4096·6 against 1000.
    expect(h1.captureCpu).toBeCloseTo(6 / 6.5, 12);
    expect(h1.captureRss).toBeCloseTo((4096 * 6) / (4096 * 6 + 1000), 12);
    const other = (await (await get('/api/console/fleet', otherToken)).json()) as FleetHostsView;
    expect(other.hosts.map((h) => h.hostId)).toEqual(['h9']);
  });

  it('flags a host that stopped reporting for longer than staleSeconds', async () => {
    await new Promise((r) => setTimeout(r, 1_200));
    const view = (await (await get('/api/console/fleet?staleSeconds=1')).json()) as FleetHostsView;
    expect(view.staleMs).toBe(1000);
    expect(view.hosts[0].stale).toBe(true);
  });

  it('answers a host’s registry and diag events, scoped to the account', async () => {
    const d = (await (await get('/api/console/host?hostId=h1')).json()) as HostDetails;
    expect(d.registry).toMatchObject({ hostName: null });
    expect(d.registry!.lastSeenMs).toBeGreaterThan(Date.now() - 60_000);
    expect(d.snapshot).toBeNull();
    expect(d.diagEvents).toEqual([]);
    expect(((await (await get('/api/console/host?hostId=h1', otherToken)).json()) as HostDetails).registry).toBeNull();
  });

  it('refuses a bad parameter, naming it', async () => {
    for (const [path, message] of [
      ['/api/console/fleet?minutes=abc', /^minutes: expected an integer from 1 to 10080, got "abc"$/],
      ['/api/console/fleet?staleSeconds=0', /^staleSeconds: expected an integer from 1 to 86400/],
      ['/api/console/host', /^hostId: expected 1 to 256 characters$/],
      [`/api/console/host?hostId=${'x'.repeat(257)}`, /^hostId: expected 1 to 256 characters$/],
      ['/api/console/canary?rule=x&minutes=99999999', /^minutes: /],
    ] as const) {
      const res = await get(path);
      expect(res.status, path).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(message);
    }
    expect((await get('/api/console/canary?rule=none')).status).toBe(404);
    expect((await get('/api/console/nothing')).status).toBe(404);
    expect((await fetch(`${f.url}/api/console/fleet`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })).status).toBe(405);
  });

  it('is served by serve --role query as well, over the same store', async () => {
    const config = validateServerConfig(
      {
        listen: { address: '127.0.0.1', port: 0 },
        store: { path: join(f.dir, 'store', 'infrawatch.db') },
        auth: { keys: [{ id: 'main', account: 'acme', algorithms: ['HS256'], secret_file: join(f.dir, 'acme.secret') }] },
      },
      'test',
    );
    const server = await startQueryServer(config, 'test', pino({ level: 'silent' }));
    try {
      expect((await fetch(`${server.url}/console/`)).status).toBe(200);
      const view = (await (await fetch(`${server.url}/api/console/fleet`, { headers: { authorization: `Bearer ${token}` } })).json()) as FleetHostsView;
      expect(view.hosts.map((h) => h.hostId)).toEqual(['h1']);
      const rollout = (await (await fetch(`${server.url}/api/console/rollout`, { headers: { authorization: `Bearer ${token}` } })).json()) as { rules: unknown[]; routerMode: unknown };
      expect(rollout).toMatchObject({ rules: [], routerMode: { mode: 'auto', from: 'default' } });
    } finally {
      await server.close();
    }
  });
});
