// A real agent (`infrawatch run`, its receiver sink) shipping to a real
// `infrawatch serve` that is killed with SIGKILL mid-run and started again
// on the same port and store: nothing the agent produced is lost, nothing
// is stored twice. Every ProcessEnvelope the agent spooled is in the store
// exactly once, with all its rows, once the agent's queue is empty, and the
// agent's books say every record was sent.

import { once } from 'node:events';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { parseExposition } from '../health/exposition-parser.js';
import { decodeSpool, FIXTURE_PROC, runAgent } from '../helpers.js';
import { serveChild } from './serve-child.js';
import { ACCOUNT, SECRET, serverYaml } from './server-fixture.js';

const HOST = 'host-restart';

/** ProcessSample rows per tick (timestampMs) of HOST in the store file. */
function storedTicks(file: string): Map<number, number> {
  const db = new Database(file, { readonly: true });
  try {
    const rows = db.prepare('SELECT timestampMs AS ts, COUNT(*) AS n FROM ProcessSample WHERE account = ? AND hostId = ? GROUP BY timestampMs').all(ACCOUNT, HOST) as { ts: number; n: number }[];
    return new Map(rows.map((r) => [r.ts, r.n]));
  } catch {
    return new Map(); // not made yet
  } finally {
    db.close();
  }
}

describe('a real agent against a server that restarts', () => {
  it('loses nothing and stores nothing twice: every spooled ProcessEnvelope stored once, the queue drained, the books balanced', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iw-agent-restart-'));
    const serverConfig = join(dir, 'server.yaml');
    writeFileSync(serverConfig, serverYaml(dir));
    const store = join(dir, 'store', 'infrawatch.db');
    const first = await serveChild(serverConfig);
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ acct: ACCOUNT, sub: HOST, iss: 'infrawatch', aud: 'infrawatch-ingest', exp: now + 3600, iat: now })
      .setProtectedHeader({ alg: 'HS256', kid: 'main' })
      .sign(new TextEncoder().encode(SECRET));
    const agentConfig = join(dir, 'agent.yaml');
    writeFileSync(
      agentConfig,
      [
        `receiver_url: "${first.url}"`,
        `receiver_token: "${token}"`,
        `host_id: ${HOST}`,
        'interval_seconds: 0.2',
        `proc_root: ${FIXTURE_PROC}`,
        `spool_dir: ${join(dir, 'spool')}`,
        `queue_dir: ${join(dir, 'queue')}`,
        'metrics_listen: "127.0.0.1:0"',
        'retry_start_s: 0.05',
        'retry_cap_s: 0.3',
        'scan_cpu_budget_percent: 100',
      ].join('\n') + '\n',
    );
    chmodSync(agentConfig, 0o600);
    const agent = runAgent(agentConfig);
    try {
      await agent.waitFor(() => storedTicks(store).size >= 5, 'five ticks stored');
      first.child.kill('SIGKILL');
      await once(first.child, 'exit');
      // The agent ticks on with no server: its envelopes wait in its queue.
      const ticksAtKill = agent.logs().filter((l) => l.msg === 'tick').length;
      await agent.waitFor(() => agent.logs().filter((l) => l.msg === 'tick').length >= ticksAtKill + 5, 'five ticks with the server down');
      // Again on the same port and store.
      writeFileSync(serverConfig, serverYaml(dir).replace('port: 0', `port: ${new URL(first.url).port}`));
      await serveChild(serverConfig);
      const metricsUrl = `http://127.0.0.1:${agent.logs().find((l) => l.msg === 'health listening')!.port}/metrics`;
      const queued = async () =>
        parseExposition(await (await fetch(metricsUrl)).text())
          .get('agent_queue_depth')!
          .samples.find((s) => s.labels.sink === 'receiver')!.value;
      await agent.waitFor(() => agent.logs().filter((l) => l.msg === 'tick').length >= ticksAtKill + 10, 'ticks after the restart');
      let depth = await queued();
      for (const deadline = Date.now() + 20_000; depth > 0 && Date.now() < deadline; depth = await queued()) await new Promise((r) => setTimeout(r, 50));
      expect(depth).toBe(0);
    } finally {
      expect(await agent.stop()).toBe(0);
    }
    // What the agent spooled is what it produced: every tick, the server down or not.
    const spooled = decodeSpool(join(dir, 'spool', 'processes.ldpb'));
    const books = agent.logs().find((l) => l.msg === 'agent stopped')!.receiver as { produced: number; sent: number; queued: number; rejected: number };
    // Its last envelopes, made as it stopped, may still wait in its queue (on disk, for its next start); every other was sent.
    expect(books.rejected).toBe(0);
    expect(books.sent + books.queued).toBe(books.produced);
    const sentTicks = spooled.slice(0, spooled.length - books.queued);
    // Let the server's writer store what it took.
    let stored = storedTicks(store);
    for (const deadline = Date.now() + 10_000; sentTicks.some((e) => !stored.has(Number(e.payload.timestampMs))) && Date.now() < deadline; stored = storedTicks(store)) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const missing = sentTicks.filter((e) => stored.get(Number(e.payload.timestampMs)) !== e.payload.top.length).map((e) => e.payload.timestampMs);
    expect(missing).toEqual([]);
    // Stored once: no tick has more rows than its envelope, and no tick the agent did not spool.
    const spooledAt = new Set(spooled.map((e) => Number(e.payload.timestampMs)));
    expect([...stored.keys()].filter((ts) => !spooledAt.has(ts))).toEqual([]);
    expect(readFileSync(join(dir, 'spool', 'processes.ldpb')).length).toBeGreaterThan(0);
  });
});
