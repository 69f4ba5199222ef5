// The server's /metrics, after it has accepted and refused requests and
// merged a sketch (the merger's families, the high-water mark per account),
// as Prometheus's own linter reads it: `promtool check metrics` (Debian's
// prometheus package; .ci/run installs it) finds no problem in the text
// format nor in the names, types and help of the families.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import protobuf from 'protobufjs/minimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT, type Fixture, PROCESS_ENVELOPES, processEnvelopes, startFixture, telemetryBody } from './server-fixture.js';
import { makeFleet, WINDOW_MS } from './sketch-fleet.js';

const PROMTOOL = '/usr/bin/promtool';

let f: Fixture;
beforeAll(async () => {
  f = await startFixture({ config: (c) => ({ ...c, merger: { ...c.merger, enabled: true, allowed_lateness_windows: 0, max_hold_ms: 500, publish_slack_ms: 0, pull_wait_ms: 20 } }) });
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
    const t0 = Math.floor((Date.now() - 3_600_000) / WINDOW_MS) * WINDOW_MS;
    const sketches = protobuf.Writer.create();
    for (const m of makeFleet({ account: ACCOUNT, hosts: 1, windows: 1, t0, processesPerName: 1, ticks: 1, partitions: 16, seed: 5 }).messages) sketches.bytes(m.body);
    const token = await f.token({}, { host: 'host-0' });
    expect((await f.post('/v1/envelopes', sketches.finish(), { token, contentType: 'application/x-protobuf; messageType=infrawatch.SketchEnvelope' })).status).toBe(202);
    await f.rows();
    let text = '';
    for (const deadline = Date.now() + 20_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
      text = await (await fetch(f.server.metricsUrl!)).text();
      if (/^infrawatch_server_sketch_high_water_mark_seconds\{account="acme"\} [1-9]/m.test(text)) break;
    }
    expect(text).toMatch(/^infrawatch_server_refused_requests_total\{/m);
    expect(text).toMatch(/^infrawatch_server_sketch_high_water_mark_seconds\{account="acme"\} [1-9]/m);
    const lint = spawnSync(PROMTOOL, ['check', 'metrics'], { input: text, encoding: 'utf8' });
    expect(`${lint.stdout}${lint.stderr}`).toBe('');
    expect(lint.status).toBe(0);
  });
});
