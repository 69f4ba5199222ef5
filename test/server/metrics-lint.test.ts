// The server's /metrics, after it has accepted and refused requests, as
// Prometheus's own linter reads it: `promtool check metrics` (Debian's
// prometheus package; .ci/run installs it) finds no problem in the text
// format nor in the names, types and help of the families.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Fixture, PROCESS_ENVELOPES, processEnvelopes, startFixture, telemetryBody } from './server-fixture.js';

const PROMTOOL = '/usr/bin/promtool';

let f: Fixture;
beforeAll(async () => {
  f = await startFixture();
});
afterAll(async () => {
  await f.close();
});

describe("the server's /metrics", () => {
  it('is clean for promtool check metrics, with accepted and refused requests counted', async () => {
    expect(existsSync(PROMTOOL), `${PROMTOOL} is missing: install Debian's prometheus package`).toBe(true);
    expect((await f.post('/api/telemetry', telemetryBody('h1', new Date().toISOString()))).status).toBe(200);
    expect((await f.post('/v1/envelopes', processEnvelopes('h1', [Date.now()]), { contentType: PROCESS_ENVELOPES })).status).toBe(202);
    expect((await f.post('/api/telemetry', '{', {})).status).toBe(400);
    expect((await f.post('/api/telemetry', telemetryBody('h1', new Date().toISOString()), { token: 'not-a-jwt' })).status).toBe(401);
    await f.rows();
    const text = await (await fetch(f.server.metricsUrl!)).text();
    expect(text).toMatch(/^infrawatch_server_refused_requests_total\{/m);
    const lint = spawnSync(PROMTOOL, ['check', 'metrics'], { input: text, encoding: 'utf8' });
    expect(`${lint.stdout}${lint.stderr}`).toBe('');
    expect(lint.status).toBe(0);
  });
});
