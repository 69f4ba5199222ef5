// `infrawatch serve` killed with SIGKILL during steady ingest, then started
// again on the same store: every envelope that got a 2xx is stored, and
// stored once, also after the agent re-sends what it never saw answered
// (some of which the dead server had stored: the ids make them duplicates).

import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { serveChild } from './serve-child.js';
import { ACCOUNT, PROCESS_ENVELOPES, processEnvelopes, SECRET, serverYaml } from './server-fixture.js';
import { SignJWT } from 'jose';

const TOP = 20;
const AGGREGATES = 60;
const POSTERS = 4;

async function backlogOf(metricsUrl: string): Promise<number> {
  const text = await (await fetch(metricsUrl)).text();
  return [...text.matchAll(/^infrawatch_server_backlog_messages\{[^}]*\} (\d+)$/gm)].reduce((n, m) => n + Number(m[1]), 0);
}

describe('kill -9 of infrawatch serve during ingest', () => {
  it('keeps every envelope it answered 2xx, once, through a restart and the agent’s re-sends', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iw-crash-'));
    const config = join(dir, 'server.yaml');
    writeFileSync(config, serverYaml(dir));
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ acct: ACCOUNT, sub: 'h1', iss: 'infrawatch', aud: 'infrawatch-ingest', exp: now + 3600, iat: now })
      .setProtectedHeader({ alg: 'HS256', kid: 'main' })
      .sign(new TextEncoder().encode(SECRET));
    const post = (url: string, ts: number) =>
      fetch(`${url}/v1/envelopes`, { method: 'POST', headers: { 'content-type': PROCESS_ENVELOPES, authorization: `Bearer ${token}` }, body: processEnvelopes('h1', [ts], TOP, AGGREGATES) });

    const first = await serveChild(config);
    const acked: number[] = [];
    const unanswered: number[] = [];
    let next = 1_767_225_600_000;
    let dead = false;
    const poster = async () => {
      while (!dead) {
        const ts = next;
        next += 1000;
        try {
          const res = await post(first.url, ts);
          if (res.status === 202) acked.push(ts);
          else unanswered.push(ts);
        } catch {
          unanswered.push(ts);
        }
      }
    };
    const posting = Array.from({ length: POSTERS }, poster);
    while (acked.length < 200) await new Promise((r) => setTimeout(r, 5));
    first.child.kill('SIGKILL');
    await once(first.child, 'exit');
    dead = true;
    await Promise.all(posting);
    expect(acked.length).toBeGreaterThanOrEqual(200);
    // The posters' requests in flight at the kill: sent, never answered.
    expect(unanswered.length).toBeGreaterThan(0);

    const second = await serveChild(config);
    // The agent sends again what it never saw a 2xx for; the server may have stored some of it before it died.
    for (const ts of unanswered) expect((await post(second.url, ts)).status).toBe(202);
    // And an agent that retries what was answered (a lost response) changes nothing.
    for (const ts of acked.slice(0, 20)) expect((await post(second.url, ts)).status).toBe(202);
    const deadline = Date.now() + 20_000;
    while ((await backlogOf(second.metricsUrl)) > 0) {
      if (Date.now() > deadline) throw new Error('the writer did not drain the outbox after the restart');
      await new Promise((r) => setTimeout(r, 50));
    }
    second.child.kill('SIGTERM');
    expect((await once(second.child, 'exit'))[0]).toBe(0);

    const db = new Database(join(dir, 'store', 'infrawatch.db'), { readonly: true });
    const perTick = new Map(
      (db.prepare('SELECT timestampMs AS ts, COUNT(*) AS n FROM ProcessSample WHERE account = ? AND hostId = ? GROUP BY timestampMs').all(ACCOUNT, 'h1') as { ts: number; n: number }[]).map((r) => [
        r.ts,
        r.n,
      ]),
    );
    const aggregates = db.prepare('SELECT COUNT(*) AS n FROM ProcessAggregateSample').get() as { n: number };
    db.close();
    const missing = acked.filter((ts) => perTick.get(ts) !== TOP);
    expect(missing).toEqual([]);
    const sent = [...acked, ...unanswered];
    expect([...perTick.keys()].sort()).toEqual(sent.sort());
    expect([...perTick.values()].every((n) => n === TOP)).toBe(true);
    expect(aggregates.n).toBe(sent.length * AGGREGATES);
  });
});
