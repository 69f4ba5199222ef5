// The real agent (`infrawatch run`, through runAgent: a serial test file)
// shipping to the embedded server over its API sink and its OTLP sink, with
// a token minted for its host: registration, telemetry with rows,
// snapshots, OTLP points land in the store, and its fleet config polls are
// answered.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeAgentConfig } from '../agent-config.js';
import { FIXTURE_PROC, runAgent } from '../helpers.js';
import { ACCOUNT, type Fixture, startFixture } from './server-fixture.js';

const HOST = 'host-agent-1';

let f: Fixture;
beforeAll(async () => {
  f = await startFixture();
});
afterAll(async () => {
  await f.close();
});

describe('a real agent shipping to infrawatch serve', () => {
  it('registers, and its telemetry, rows, snapshot and OTLP points are stored under its account and host', async () => {
    const token = await f.token({}, { host: HOST });
    const dir = mkdtempSync(join(tmpdir(), 'iw-agent-server-'));
    const config = writeAgentConfig(join(dir, 'agent.yaml'), HOST, dir, [
      `api_url: "${f.url}/api"`,
      `auth_token: "${token}"`,
      `otlp_endpoint: "${f.url}"`,
      `otlp_headers: { authorization: "Bearer ${token}" }`,
      'interval_seconds: 0.3',
      'config_poll_seconds: 1',
      'collect_snapshot: true',
      `proc_root: ${FIXTURE_PROC}`,
    ]);
    const agent = runAgent(config);
    try {
      let rows = await f.server.store.countRows(ACCOUNT, HOST);
      const deadline = Date.now() + 30_000;
      while (!(rows.SystemSample >= 3 && rows.ProcessSample > 0 && rows.HostSnapshot >= 1 && rows.MetricSample > 0 && rows.Host === 1)) {
        if (Date.now() > deadline) throw new Error(`not all stored in 30 s: ${JSON.stringify(rows)}; agent log tail: ${JSON.stringify(agent.logs().slice(-5))}`);
        await new Promise((r) => setTimeout(r, 100));
        rows = await f.server.store.countRows(ACCOUNT, HOST);
      }
      expect(rows.ProcessAggregateSample).toBeGreaterThanOrEqual(0);
      const host = await f.server.store.host(ACCOUNT, HOST);
      expect(host?.agentVersion).toMatch(/^\d+\.\d+\.\d+/);
      const metrics = await (await fetch(f.server.metricsUrl!)).text();
      // The agent polled its fleet config and was answered (200, then 304s).
      expect(metrics).toMatch(/infrawatch_server_accepted_requests_total\{account="acme",endpoint="\/api\/agents\/\{host_id\}\/config"\} \d+/);
      expect(metrics).not.toMatch(/^infrawatch_server_refused_requests_total\{/m);
    } finally {
      expect(await agent.stop()).toBe(0);
    }
  });
});
