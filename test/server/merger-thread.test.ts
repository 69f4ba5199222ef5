// The embedded server's merger on its own thread (merger-thread.ts,
// merger-worker.ts): what it merges shows on the server's /metrics (its
// figures relayed from that thread), its windows and marks are read by the
// query route's readers on the receiver's thread, and a server started again
// over the same files merges nothing twice (the merged ids are in
// sketches.db, written by the merger's thread alone).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import protobuf from 'protobufjs/minimal.js';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { validateServerConfig } from '../../src/server/config/server-config.js';
import { startEmbeddedServer } from '../../src/server/embedded-server.js';
import { ACCOUNT, SECRET, serverYaml } from './server-fixture.js';
import { makeFleet } from './sketch-fleet.js';
import { SignJWT } from 'jose';

const dir = mkdtempSync(join(tmpdir(), 'iw-merger-thread-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Two hours ago, whole minutes: every window closes after max_hold_ms.
const T0 = Math.floor((Date.now() - 2 * 3_600_000) / 3_600_000) * 3_600_000;
const fleet = makeFleet({ account: ACCOUNT, hosts: 2, windows: 2, t0: T0, processesPerName: 3, ticks: 2, partitions: 16, seed: 3 });

async function metric(url: string, name: string): Promise<number> {
  const text = await (await fetch(url)).text();
  const m = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
  if (m === null) throw new Error(`${name} is not on /metrics`);
  return Number(m[1]);
}

async function until(what: string, f: () => Promise<boolean>, ms = 20_000): Promise<void> {
  for (const deadline = Date.now() + ms; !(await f()); ) {
    if (Date.now() > deadline) throw new Error(`not in ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Posts every sketch of the fleet, per host; each request answered 202. */
async function postFleet(url: string): Promise<void> {
  for (const host of new Set(fleet.messages.map((m) => m.entity))) {
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ acct: ACCOUNT, sub: host, iss: 'infrawatch', aud: 'infrawatch-ingest', exp: now + 600 })
      .setProtectedHeader({ alg: 'HS256', kid: 'main' })
      .sign(new TextEncoder().encode(SECRET));
    const w = protobuf.Writer.create();
    for (const m of fleet.messages.filter((x) => x.entity === host)) w.bytes(m.body);
    const res = await fetch(`${url}/v1/envelopes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-protobuf; messageType=infrawatch.SketchEnvelope' },
      body: w.finish(),
    });
    expect(res.status).toBe(202);
  }
}

function start() {
  const config = validateServerConfig(parse(serverYaml(dir, ['merger: { max_hold_ms: 1000, allowed_lateness_windows: 0, publish_slack_ms: 0, pull_wait_ms: 20 }'])), 'test');
  return startEmbeddedServer({ ...config, grpc_listen: '' }, 'test', pino({ level: 'silent' }));
}

describe('the embedded merger on its own thread', () => {
  it('shows its figures on /metrics, its windows to the query readers, and merges nothing twice after a restart', async () => {
    const sent = fleet.messages.length;
    const first = await start();
    try {
      await postFleet(first.url);
      await until('every envelope merged, on /metrics', async () => (await metric(first.metricsUrl!, 'infrawatch_server_sketch_envelopes_merged_total')) === sent);
      await until('the windows committed', async () => (await metric(first.metricsUrl!, 'infrawatch_server_sketch_open_windows')) === 0);
      expect(await metric(first.metricsUrl!, 'infrawatch_server_sketch_windows_committed_total')).toBeGreaterThan(0);
      // The receiver's thread reads what the merger's thread committed.
      const rows = await first.merger!.store.read({ account: ACCOUNT, metric: 'cpuPercent', granularityMs: 60_000, fromMs: T0, toMs: T0 + 2 * 60_000, entity: 'host-0', displayName: 'nginx' });
      expect(rows.map((r) => r.windowStartMs).sort()).toEqual([T0, T0 + 60_000]);
      await until('the mark past the windows', async () => ((await first.merger!.mark.get(ACCOUNT)) ?? 0n) >= BigInt(T0 + 2 * 60_000) * 1_000_000n);
    } finally {
      await first.close();
    }
    // The same envelopes again, to a new server over the same files: each a duplicate.
    const second = await start();
    try {
      await postFleet(second.url);
      await until('every envelope seen again', async () => (await metric(second.metricsUrl!, 'infrawatch_server_sketch_duplicates_total')) === sent);
      expect(await metric(second.metricsUrl!, 'infrawatch_server_sketch_envelopes_merged_total')).toBe(0);
    } finally {
      await second.close();
    }
  }, 90_000);
});
