// GET /api/high-water on the embedded server, the merger in it: the
// token's account's mark (ns exact as decimal text, ms, ISO), null before
// anything of the account was merged, past a posted sketch once it is
// merged; the account is the token's whatever the URL says; 401 without a
// token, 405 for another method, 404 on a server without a merger. The
// same mark on /metrics per account, and `infrawatch query --high-water`.

import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import protobuf from 'protobufjs/minimal.js';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HighWaterAnswer } from '../../../src/server/query/high-water-answer.js';
import { queryCommand } from '../../../src/server/query/query-command.js';
import { ACCOUNT, type Fixture, startFixture } from '../server-fixture.js';
import { makeFleet, WINDOW_MS } from '../sketch-fleet.js';

const OTHER_SECRET = 'another-test-secret-of-more-than-32-bytes-987654';
const SKETCHES = 'application/x-protobuf; messageType=infrawatch.SketchEnvelope';
let f: Fixture;
let otherToken: string;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'iw-hwm-'));
  const secretFile = join(dir, 'other.secret');
  writeFileSync(secretFile, `${OTHER_SECRET}\n`);
  chmodSync(secretFile, 0o600);
  f = await startFixture({
    keys: [{ id: 'other', account: 'other', algorithms: ['HS256'], secret_file: secretFile, public_key_file: '' }],
    config: (c) => ({ ...c, merger: { ...c.merger, enabled: true, allowed_lateness_windows: 0, max_hold_ms: 500, publish_slack_ms: 0, pull_wait_ms: 20 } }),
  });
  const now = Math.floor(Date.now() / 1000);
  otherToken = await new SignJWT({ acct: 'other' })
    .setProtectedHeader({ alg: 'HS256', kid: 'other' })
    .setSubject('h9')
    .setIssuer('infrawatch')
    .setAudience('infrawatch-ingest')
    .setIssuedAt(now)
    .setExpirationTime(now + 3600)
    .sign(new TextEncoder().encode(OTHER_SECRET));
});

afterAll(() => f?.close());

async function highWater(token: string | undefined, path = '/api/high-water', method = 'GET'): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${f.url}${path}`, { method, headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('GET /api/high-water', () => {
  it('answers the token’s account’s mark: null before a merge, past a posted sketch after, exact in ns', async () => {
    const token = await f.token({}, { host: 'host-0' });
    expect((await highWater(token)).json).toEqual({ account: ACCOUNT, highWaterMark: null });
    // One host's sketches of one whole minute, an hour ago: the window closes by max_hold_ms.
    const t0 = Math.floor((Date.now() - 3_600_000) / WINDOW_MS) * WINDOW_MS;
    const fleet = makeFleet({ account: ACCOUNT, hosts: 1, windows: 1, t0, processesPerName: 1, ticks: 2, partitions: 16, seed: 3 });
    const w = protobuf.Writer.create();
    for (const m of fleet.messages) w.bytes(m.body);
    expect((await f.post('/v1/envelopes', w.finish(), { token, contentType: SKETCHES })).status).toBe(202);
    const postedMs = Date.now();
    let answer = (await highWater(token)).json as unknown as HighWaterAnswer;
    for (const deadline = Date.now() + 20_000; (answer.highWaterMark?.ms ?? 0) < postedMs && Date.now() < deadline; answer = (await highWater(token)).json as unknown as HighWaterAnswer)
      await new Promise((r) => setTimeout(r, 100));
    const m = answer.highWaterMark;
    expect(m, 'the mark did not pass the posted sketch in 20 s').not.toBeNull();
    expect(m!.ms).toBeGreaterThanOrEqual(postedMs);
    expect(m!.ns).toMatch(/^[1-9][0-9]{18}$/);
    expect(BigInt(m!.ns) / 1_000_000n).toBe(BigInt(m!.ms));
    expect(m!.iso).toBe(new Date(m!.ms).toISOString());
    // Merged before the mark passed it: the minute is stored.
    expect(await f.server.merger!.store.committedIds(fleet.messages.map((x) => x.id))).toEqual(new Set(fleet.messages.map((x) => x.id)));

    // The same mark per account on /metrics (seconds), as far as the merger last advanced it.
    const text = await (await fetch(f.server.metricsUrl!)).text();
    const line = text.match(/^infrawatch_server_sketch_high_water_mark_seconds\{account="acme"\} (\S+)$/m);
    expect(line, text).not.toBeNull();
    expect(Number(line![1])).toBeGreaterThanOrEqual(postedMs / 1000 - 0.001);

    // `infrawatch query --high-water`.
    let printed = '';
    await queryCommand(['--high-water', '--url', f.url, '--token', token], (t) => {
      printed += t;
    });
    expect(printed).toMatch(/^acme: \d{4}-\d\d-\d\dT[0-9:.]+Z \(\d{19} ns\)\n$/);
    await expect(queryCommand(['--high-water', 'SELECT 1', '--url', f.url, '--token', token], () => undefined)).rejects.toThrow(/--high-water takes no query text/);
  });

  it('is scoped to the token’s account, whatever the URL names', async () => {
    expect((await highWater(otherToken, '/api/high-water?account=acme')).json).toEqual({ account: 'other', highWaterMark: null });
  });

  it('refuses a request without a valid token (401) and another method (405)', async () => {
    expect((await highWater(undefined)).status).toBe(401);
    expect((await highWater('not-a-jwt')).status).toBe(401);
    expect((await highWater(await f.token(), '/api/high-water', 'POST')).status).toBe(405);
  });

  it('is 404 on a server without a merger', async () => {
    const plain = await startFixture();
    try {
      const res = await fetch(`${plain.url}/api/high-water`, { headers: { authorization: `Bearer ${await plain.token()}` } });
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: { reason: string } }).error.reason).toBe('no-merger');
    } finally {
      await plain.close();
    }
  });
});
