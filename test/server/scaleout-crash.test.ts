// The scale-out roles killed with SIGKILL during steady ingest: a
// receiver and a writer, each `infrawatch serve --role …` as its own
// process on NATS JetStream and PostgreSQL 15 (started here: engines.ts).
// The writer is killed and started again while the receiver goes on
// taking data (the stream holds it); then the receiver is killed and
// started again, and the posters send again what they saw no answer for.
// Every envelope that was answered 2xx is stored exactly once, and nothing
// is stored that was not sent.

import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type RunningEngine, startNats, startPostgres } from './engines.js';
import { serveChild } from './serve-child.js';
import { ACCOUNT, PROCESS_ENVELOPES, processEnvelopes, SECRET, serverYaml } from './server-fixture.js';

const TOP = 20;
const AGGREGATES = 60;
const POSTERS = 4;
const HOST = 'h1';

let nats: RunningEngine;
let postgres: RunningEngine;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'iw-scaleout-crash-'));
  [nats, postgres] = await Promise.all([startNats(), startPostgres()]);
}, 120_000);

afterAll(async () => {
  await Promise.all([nats?.stop(), postgres?.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

/** ProcessSample rows per tick (timestampMs) of HOST. */
async function storedTicks(url: string): Promise<Map<number, number>> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query('SELECT "timestampMs" AS ts, count(*)::int AS n FROM "ProcessSample" WHERE account = $1 AND "hostId" = $2 GROUP BY 1', [ACCOUNT, HOST]);
    return new Map(r.rows.map((row: { ts: string; n: number }) => [Number(row.ts), row.n]));
  } finally {
    await c.end();
  }
}

describe('kill -9 of a scale-out writer, then of the receiver, during ingest', () => {
  it('keeps every envelope answered 2xx, once, through both restarts and the re-sends', async () => {
    const storeUrl = await freshDatabase(postgres, 'crash');
    // A short ack wait: what the killed writer had pulled and not acked comes again in 2 s.
    const bus = `${nats.url}?ack_wait_ms=2000`;
    const configOf = (role: string) => {
      const file = join(dir, `${role}.yaml`);
      const text = serverYaml(dir)
        .split('\n')
        .filter((l) => !l.startsWith('store:') && !l.startsWith('topics:'))
        .concat(`role: ${role}`, `topics: { bus: "${bus}" }`, `store: { url: "${storeUrl}" }`, 'merger: { enabled: false }')
        .join('\n');
      writeFileSync(file, text);
      return file;
    };
    const [receiverConfig, writerConfig] = [configOf('receiver'), configOf('writer')];
    let receiver = await serveChild(receiverConfig);
    let writer = await serveChild(writerConfig);
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ acct: ACCOUNT, sub: HOST, iss: 'infrawatch', aud: 'infrawatch-ingest', exp: now + 3600, iat: now })
      .setProtectedHeader({ alg: 'HS256', kid: 'main' })
      .sign(new TextEncoder().encode(SECRET));
    const post = (url: string, ts: number) =>
      fetch(`${url}/v1/envelopes`, { method: 'POST', headers: { 'content-type': PROCESS_ENVELOPES, authorization: `Bearer ${token}` }, body: processEnvelopes(HOST, [ts], TOP, AGGREGATES) });

    const acked: number[] = [];
    const unanswered: number[] = [];
    let next = 1_767_225_600_000;
    let posting = true;
    const poster = async () => {
      while (posting) {
        const ts = next;
        next += 1000;
        try {
          const res = await post(receiver.url, ts);
          if (res.status === 202) acked.push(ts);
          else unanswered.push(ts);
        } catch {
          unanswered.push(ts);
          await new Promise((r) => setTimeout(r, 20)); // the receiver is down: no busy loop
        }
      }
    };
    const waitAcked = async (n: number) => {
      const deadline = Date.now() + 30_000;
      while (acked.length < n) {
        if (Date.now() > deadline) throw new Error(`only ${acked.length} of ${n} envelopes acked in 30 s`);
        await new Promise((r) => setTimeout(r, 10));
      }
    };
    const posters = Array.from({ length: POSTERS }, poster);
    try {
      await waitAcked(100);
      writer.child.kill('SIGKILL');
      await once(writer.child, 'exit');
      // The receiver takes data on: the stream holds it for the next writer.
      await waitAcked(acked.length + 100);
      writer = await serveChild(writerConfig);
      await waitAcked(acked.length + 100);
      receiver.child.kill('SIGKILL');
      await once(receiver.child, 'exit');
      receiver = await serveChild(receiverConfig);
      await waitAcked(acked.length + 100);
    } finally {
      posting = false;
      await Promise.all(posters);
    }
    // The receiver died with requests in flight, and refused connections until it was back.
    expect(unanswered.length).toBeGreaterThan(0);
    // What the posters never saw answered is sent again; some of it the dead receiver had published (its id makes it a duplicate).
    for (const ts of unanswered) expect((await post(receiver.url, ts)).status).toBe(202);
    // A retry of what was answered (a lost response) changes nothing.
    for (const ts of acked.slice(0, 20)) expect((await post(receiver.url, ts)).status).toBe(202);
    const sent = [...acked, ...unanswered];
    let stored = await storedTicks(storeUrl);
    for (const deadline = Date.now() + 30_000; sent.some((ts) => !stored.has(ts)) && Date.now() < deadline; stored = await storedTicks(storeUrl)) {
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(acked.filter((ts) => stored.get(ts) !== TOP)).toEqual([]);
    expect([...stored.values()].every((n) => n === TOP)).toBe(true);
    expect([...stored.keys()].sort()).toEqual(sent.sort());
    receiver.child.kill('SIGTERM');
    writer.child.kill('SIGTERM');
    await Promise.all([once(receiver.child, 'exit'), once(writer.child, 'exit')]);
  }, 180_000);
});
