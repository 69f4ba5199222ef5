// POST /api/query on the embedded server (`infrawatch serve`), the
// `infrawatch query` command against it, and `serve --role query` on the
// same store file: the token's account scopes every answer.

import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryCommand } from '../../../src/server/query/query-command.js';
import { startQueryServer } from '../../../src/server/query/query-server.js';
import { type Fixture, startFixture, telemetryBody } from '../server-fixture.js';

const OTHER_SECRET = 'another-test-secret-of-more-than-32-bytes-987654';
let f: Fixture;
let otherToken: string;

async function tokenFor(account: string, kid: string, secret: string, host: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ acct: account })
    .setProtectedHeader({ alg: 'HS256', kid })
    .setSubject(host)
    .setIssuer('infrawatch')
    .setAudience('infrawatch-ingest')
    .setIssuedAt(now)
    .setExpirationTime(now + 3600)
    .sign(new TextEncoder().encode(secret));
}

async function query(body: unknown, token?: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${f.url}/api/query`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token !== '' ? { authorization: `Bearer ${token ?? (await f.token())}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'iw-query-'));
  const secretFile = join(dir, 'other.secret');
  writeFileSync(secretFile, `${OTHER_SECRET}\n`);
  chmodSync(secretFile, 0o600);
  f = await startFixture({ keys: [{ id: 'other', account: 'other', algorithms: ['HS256'], secret_file: secretFile, public_key_file: '' }] });
  const now = Date.now();
  for (let i = 0; i < 3; i++) expect((await f.post('/api/telemetry', telemetryBody('h1', new Date(now - i * 10_000).toISOString(), 4, 1))).status).toBe(200);
  otherToken = await tokenFor('other', 'other', OTHER_SECRET, 'h9');
  expect((await f.post('/api/telemetry', telemetryBody('h9', new Date(now).toISOString(), 2, 1), { token: otherToken })).status).toBe(200);
  await f.rows('h1');
});

afterAll(() => f.close());

describe('POST /api/query', () => {
  it('answers NRQL JSON for the token’s account, with the route and why', async () => {
    const { status, json } = await query({ nrql: "SELECT count(*), max(cpuPercent) FROM ProcessSample WHERE entityGuid = 'h1'" });
    expect(status).toBe(200);
    expect(json.results).toEqual([{ count: 12 }, { max: 3 }]);
    expect(json.metadata).toMatchObject({ account: 'acme', eventType: 'ProcessSample', route: 'RAW', mode: 'auto' });
    const p = await query({ nrql: 'SELECT percentile(cpuPercent, 50) FROM ProcessSample', mode: 'auto' });
    expect(p.json.metadata).toMatchObject({ route: 'RAW', reason: 'no sketch store is configured on this server' });
  });

  it('scopes every query to the token’s account: the other account sees its own rows only', async () => {
    const acme = await query({ nrql: 'SELECT count(*) FROM ProcessSample' });
    const other = await query({ nrql: 'SELECT count(*) FROM ProcessSample' }, otherToken);
    expect(acme.json.results).toEqual([{ count: 12 }]);
    expect(other.json.results).toEqual([{ count: 2 }]);
    expect(other.json.metadata).toMatchObject({ account: 'other' });
  });

  it('refuses what it cannot answer: a syntax error with its position (400), no or a bad token (401), a bad body (400), GET (405)', async () => {
    const bad = await query({ nrql: 'SELECT count(*) FORM ProcessSample' });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toEqual({ reason: 'syntax', message: '1:17: unexpected "FORM", expected "," or FROM', position: { offset: 16, line: 1, column: 17 } });
    expect((await query({ nrql: 'SELECT count(*) FROM ProcessSample' }, '')).status).toBe(401);
    expect((await query({ nrql: 'SELECT count(*) FROM ProcessSample' }, await f.token({}, { secret: 'x'.repeat(40) }))).status).toBe(401);
    expect((await query({ query: 'SELECT 1' })).json.error).toMatchObject({ reason: 'body', message: 'body.nrql: expected the query text' });
    expect((await query({ nrql: 'SELECT count(*) FROM ProcessSample', mode: 'fast' })).status).toBe(400);
    expect((await query({ nrql: "SELECT count(*) FROM ProcessSample WHERE cpuPercent = 'x'" })).json.error).toMatchObject({ reason: 'query' });
    expect((await fetch(`${f.url}/api/query`)).status).toBe(405);
  });

  it('leaves the receiver’s routes as they were', async () => {
    expect((await f.post('/api/nothing', '{}')).status).toBe(404);
  });
});

describe('infrawatch query', () => {
  it('prints a table with the route under it, or the JSON with --json', async () => {
    let out = '';
    await queryCommand(['SELECT count(*), average(cpuPercent) FROM ProcessSample FACET processDisplayName', '--url', f.url, '--token', await f.token()], (t) => {
      out += t;
    });
    const lines = out.split('\n');
    expect(lines[0]).toMatch(/^facet\s+count\s+average$/);
    expect(
      lines
        .slice(2, 6)
        .map((l) => l.split(/\s+/)[0])
        .sort(),
    ).toEqual(['p0', 'p1', 'p2', 'p3']);
    expect(lines).toContain('route: RAW (mode auto): count() is answered from the rows (only percentile() and median() are sketched)');
    let json = '';
    await queryCommand(['SELECT count(*) FROM ProcessSample', '--json', '--url', f.url, '--token', await f.token()], (t) => {
      json += t;
    });
    expect(JSON.parse(json).results).toEqual([{ count: 12 }]);
  });

  it('names the server’s error', async () => {
    await expect(queryCommand(['SELECT count(*) FROM Nowhere', '--url', f.url, '--token', await f.token()], () => {})).rejects.toThrow(
      /query: 400: 1:22: unexpected "Nowhere", expected an event type/,
    );
    await expect(queryCommand(['SELECT 1'], () => {})).rejects.toThrow(/a token is required/);
  });
});

describe('serve --role query', () => {
  it('answers on a listener of its own, over the same store', async () => {
    const { validateServerConfig } = await import('../../../src/server/config/server-config.js');
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
      const res = await fetch(`${server.url}/api/query`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await f.token()}` },
        body: JSON.stringify({ nrql: 'SELECT count(*) FROM ProcessSample' }),
      });
      expect(await res.json()).toMatchObject({ results: [{ count: 12 }] });
      expect((await fetch(`${server.url}/api/telemetry`, { method: 'POST' })).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
