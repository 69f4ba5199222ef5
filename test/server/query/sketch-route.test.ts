// The whole path on the embedded server, the merger in it: SketchEnvelopes
// and raw-mode ProcessEnvelopes of the same processes posted to
// /v1/envelopes, the merger's 60 s windows committed and its high-water
// mark past them, then POST /api/query: percentile(cpuPercent, …) by host
// is answered from the merged windows (route SKETCH) within 1 % of the
// exact answer over the rows (mode raw, route RAW); and `serve --role
// query` over the same files answers the same from the same windows.

import { join } from 'node:path';
import pino from 'pino';
import protobuf from 'protobufjs/minimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startQueryServer } from '../../../src/server/query/query-server.js';
import { infrawatch } from '../../../src/wire/generated/infrawatch.js';
import { ACCOUNT, type Fixture, startFixture } from '../server-fixture.js';
import { makeFleet, NAMES, WINDOW_MS } from '../sketch-fleet.js';

const HOSTS = 3;
const WINDOWS = 3;
const TICKS = 4;
const PER_NAME = 5;
// Three whole minutes, two hours ago: every window is closed by max_hold_ms.
const T0 = Math.floor((Date.now() - 2 * 3_600_000) / 3_600_000) * 3_600_000 + 10 * WINDOW_MS;

let f: Fixture;
beforeAll(async () => {
  f = await startFixture({
    config: (c) => ({ ...c, merger: { ...c.merger, enabled: true, allowed_lateness_windows: 0, max_hold_ms: 1000, publish_slack_ms: 0, pull_wait_ms: 20 } }),
  });
});
afterAll(async () => {
  await f.close();
});

function delimited(bodies: readonly Uint8Array[]): Uint8Array {
  const w = protobuf.Writer.create();
  for (const b of bodies) w.bytes(b);
  return w.finish();
}

async function query(nrql: string, mode?: string): Promise<{ results: Record<string, unknown>[]; metadata: { route: string; reason: string } }> {
  const res = await fetch(`${f.url}/api/query`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await f.token({}, { host: 'host-0' })}` },
    body: JSON.stringify({ nrql, ...(mode ? { mode } : {}) }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { results: Record<string, unknown>[]; metadata: { route: string; reason: string } };
}

describe('percentiles from the merged windows', () => {
  it('are routed to SKETCH once the mark covers the range, and agree with the rows within 1 %', async () => {
    const fleet = makeFleet({ account: ACCOUNT, hosts: HOSTS, windows: WINDOWS, t0: T0, processesPerName: PER_NAME, ticks: TICKS, partitions: 16, seed: 7 });
    for (let h = 0; h < HOSTS; h++) {
      const host = `host-${h}`;
      const token = await f.token({}, { host });
      const sketches = fleet.messages.filter((m) => m.entity === host).map((m) => m.body);
      const posted = await f.post('/v1/envelopes', delimited(sketches), { token, contentType: 'application/x-protobuf; messageType=infrawatch.SketchEnvelope' });
      expect(posted.status).toBe(202);
      // The same processes as raw-mode rows: each tick of each window an envelope with every process's cpu%.
      const envelopes: Uint8Array[] = [];
      for (let w = 0; w < WINDOWS; w++) {
        const ws = T0 + w * WINDOW_MS;
        for (let t = 0; t < TICKS; t++) {
          const top = NAMES.flatMap((name, n) =>
            Array.from({ length: PER_NAME }, (_, p) => ({
              processId: 1000 + n * 100 + p,
              commandName: name,
              processDisplayName: name,
              cpuPercent: fleet.raw.get(`${host}\0cpuPercent\0${name}\0${ws}`)![p * TICKS + t],
            })),
          );
          envelopes.push(infrawatch.ProcessEnvelope.encode({ entityGuid: host, schemaVersion: '2.3', payload: { timestampMs: ws + t * 10_000, intervalMs: 10_000, mode: 'raw', top } }).finish());
        }
      }
      expect((await f.post('/v1/envelopes', delimited(envelopes), { token, contentType: 'application/x-protobuf; messageType=infrawatch.ProcessEnvelope' })).status).toBe(202);
    }
    // Every row stored and every window merged (the topics empty: the writer and the merger have acked all).
    expect((await f.rows('host-1')).ProcessSample).toBe(WINDOWS * TICKS * NAMES.length * PER_NAME);
    const since = `SINCE ${T0} UNTIL ${T0 + WINDOWS * WINDOW_MS}`;
    const nrql = `SELECT percentile(cpuPercent, 50, 95, 99) FROM ProcessSample WHERE entityGuid = 'host-1' ${since}`;
    // The merger closes the windows (held 1 s) and the mark passes them.
    let sketch = await query(nrql);
    for (const deadline = Date.now() + 20_000; sketch.metadata.route !== 'SKETCH' && Date.now() < deadline; sketch = await query(nrql)) await new Promise((r) => setTimeout(r, 200));
    expect(sketch.metadata.route, sketch.metadata.reason).toBe('SKETCH');
    const raw = await query(nrql, 'raw');
    expect(raw.metadata.route).toBe('RAW');
    const s = sketch.results[0].percentiles as Record<string, number>;
    const r = raw.results[0].percentiles as Record<string, number>;
    for (const p of ['50', '95', '99']) expect(Math.abs(s[p] - r[p]) / r[p], `p${p}: sketch ${s[p]}, rows ${r[p]}`).toBeLessThanOrEqual(0.01);

    // `serve --role query` over the same files: the same windows, the same mark.
    const { validateServerConfig } = await import('../../../src/server/config/server-config.js');
    const roleConfig = validateServerConfig(
      {
        listen: { address: '127.0.0.1', port: 0 },
        store: { path: join(f.dir, 'store', 'infrawatch.db') },
        auth: { keys: [{ id: 'main', account: ACCOUNT, algorithms: ['HS256'], secret_file: join(f.dir, 'acme.secret') }] },
      },
      'test',
    );
    const role = await startQueryServer(roleConfig, 'test', pino({ level: 'silent' }));
    try {
      const authorization = `Bearer ${await f.token({}, { host: 'host-0' })}`;
      const res = await fetch(`${role.url}/api/query`, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify({ nrql }) });
      const answer = (await res.json()) as { results: Record<string, unknown>[]; metadata: { route: string; reason: string } };
      expect(answer.metadata.route, answer.metadata.reason).toBe('SKETCH');
      expect(answer.results[0].percentiles).toEqual(s);
      const mark = (await (await fetch(`${role.url}/api/high-water`, { headers: { authorization } })).json()) as { highWaterMark: { ms: number } | null };
      expect(mark.highWaterMark?.ms).toBeGreaterThanOrEqual(T0 + WINDOWS * WINDOW_MS);
    } finally {
      await role.close();
    }
  });
});
