// A row's busiest threads (process_threads, ProcessEnvelope v2.4) are kept
// on both stores, one ProcessThreadSample row per thread, whether the tick
// came as a ProcessEnvelope or as the API's JSON body (re-encoded by the
// receiver); stored once however often delivered, queryable in NRQL within
// the query's account, and shown by the console's host page under their
// row. A store made by a server before the table gets it when it opens.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestTickRows } from '../../console/src/host-queries.js';
import { QueryService } from '../../src/server/query/query-service.js';
import { decodeApiBody } from '../../src/server/receiver/decode-api-body.js';
import { PostgresRowStore } from '../../src/server/store/postgres-row-store.js';
import { openRowsFile } from '../../src/server/store/sqlite-file.js';
import { SqliteRowStore } from '../../src/server/store/sqlite-row-store.js';
import type { TopicMessage } from '../../src/server/topics/topic-message.js';
import { infrawatch } from '../../src/wire/generated/infrawatch.js';
import { freshDatabase, type RunningEngine, startPostgres } from './engines.js';
import { message } from './messages.js';
import { bothEngines, MIN, NOW } from './query/query-fixture.js';

const T = [NOW - 3 * MIN, NOW - 2 * MIN];

/** Threads of pid 123 (java): its GC thread busiest at tick i, then its compiler. */
const javaThreads = (i: number) => [
  { threadId: 124, name: 'GC Thread#0', state: 'R', cpuPercent: 40 + i },
  { threadId: 125, name: 'C2 Compiler', state: 'S', cpuPercent: 10 * i },
];

/** A tick of host h1 as a ProcessEnvelope: java with its threads, nginx with none. */
function envelopeTick(account: string, ts: number, i: number): TopicMessage {
  const body = infrawatch.ProcessEnvelope.encode({
    entityGuid: 'h1',
    schemaVersion: '2.4',
    payload: {
      timestampMs: ts,
      intervalMs: 10_000,
      mode: 'smart',
      topN: 2,
      top: [
        { processId: 123, processDisplayName: 'java', cpuPercent: 55, threads: javaThreads(i) },
        { processId: 7, processDisplayName: 'nginx', cpuPercent: 5 },
      ],
    },
  }).finish();
  return message('process', account, 'h1', ts, body);
}

/** A tick of host h2 as the agent's API body sends it: the JSON rows, which the receiver re-encodes. */
function apiTick(ts: number, i: number): TopicMessage {
  const body = {
    host_id: 'h2',
    timestamp: new Date(ts).toISOString(),
    cpu: 50,
    processes: {
      mode: 'smart',
      topN: 1,
      intervalMs: 10_000,
      top: [{ processId: 123, processDisplayName: 'java', cpuPercent: 30, threads: [{ threadId: 130, name: 'GC Thread#0', state: 'R', cpuPercent: 20 + i }] }],
      aggregates: [],
      totals: { processCount: 1, cpuPercent: 30 },
    },
  };
  const d = decodeApiBody('telemetry', new TextEncoder().encode(JSON.stringify(body)));
  if (!d.ok) throw new Error(d.message);
  const draft = d.drafts.find((x) => x.kind === 'process')!;
  return message('process', 'acme', 'h2', ts, draft.body);
}

// Each tick twice: a redelivery stores nothing.
const messages = () => [
  envelopeTick('acme', T[0], 0),
  envelopeTick('acme', T[1], 1),
  envelopeTick('acme', T[1], 1),
  apiTick(T[0], 0),
  apiTick(T[1], 1),
  apiTick(T[1], 1),
  envelopeTick('other', T[1], 500),
];

for (const engine of bothEngines(messages)) {
  describe(`ProcessThreadSample on ${engine.name}`, () => {
    const query = (nrql: string) => new QueryService(engine.runner, { now: () => NOW }).query('acme', nrql);

    it('keeps each thread of a row once, from either path', async () => {
      expect(await engine.store.countRows('acme', 'h1')).toMatchObject({ ProcessSample: 4, ProcessThreadSample: 4 });
      expect(await engine.store.countRows('acme', 'h2')).toMatchObject({ ProcessSample: 2, ProcessThreadSample: 2 });
    });

    it('answers the busiest threads of a process by name, this account only', async () => {
      const r = await query('SELECT max(cpuPercent) FROM ProcessThreadSample WHERE processId = 123 FACET name');
      expect(r.facets).toEqual([
        { name: 'GC Thread#0', results: [{ max: 41 }] },
        { name: 'C2 Compiler', results: [{ max: 10 }] },
      ]);
      const perHost = await query("SELECT latest(threadId), latest(state), sum(cpuPercent) FROM ProcessThreadSample WHERE processDisplayName = 'java' AND name = 'GC Thread#0' FACET hostId");
      expect(perHost.facets).toEqual([
        { name: 'h2', results: [{ latest: 130 }, { latest: 'R' }, { sum: 41 }] },
        { name: 'h1', results: [{ latest: 124 }, { latest: 'R' }, { sum: 81 }] },
      ]);
    });

    it("gives the console's host page each top row's threads of the newest tick, busiest first", async () => {
      const { rows, threads } = await latestTickRows(query, 'h1', 10);
      expect(rows.map((r) => r.processId)).toEqual([123, 7]);
      expect(threads.get(123)?.map((t) => [t.name, t.threadId, t.cpuPercent])).toEqual([
        ['GC Thread#0', 124, 41],
        ['C2 Compiler', 125, 10],
      ]);
      expect(threads.has(7)).toBe(false);
    });
  });
}

describe('a store made before the table', () => {
  let dir: string;
  let server: RunningEngine | undefined;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'iw-thread-rows-'));
    server = await startPostgres();
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('SQLite: gets it when the file opens, and stores the threads', async () => {
    const path = join(dir, 'rows.db');
    const old = openRowsFile(path);
    old.exec('DROP TABLE ProcessThreadSample');
    old.close();
    const db = openRowsFile(path);
    try {
      expect(await new SqliteRowStore(db).writeBatch([envelopeTick('acme', T[0], 0)])).toMatchObject({ written: 1, rows: { ProcessThreadSample: 2 } });
      expect(db.prepare('SELECT threadId, name FROM ProcessThreadSample ORDER BY threadId').all()).toEqual([
        { threadId: 124, name: 'GC Thread#0' },
        { threadId: 125, name: 'C2 Compiler' },
      ]);
    } finally {
      db.close();
    }
  });

  it('PostgreSQL: gets it, and its day partitions, when the store opens', async () => {
    const url = await freshDatabase(server!, 'threads_migration');
    const old = await PostgresRowStore.open({ url, now: () => NOW });
    await old.close();
    const pg = (await import('pg')).default;
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      await c.query('DROP TABLE "ProcessThreadSample" CASCADE');
      const store = await PostgresRowStore.open({ url, now: () => NOW });
      try {
        expect(await store.writeBatch([envelopeTick('acme', T[0], 0)])).toMatchObject({ written: 1, rows: { ProcessThreadSample: 2 } });
      } finally {
        await store.close();
      }
      const r = await c.query('SELECT "threadId", "name" FROM "ProcessThreadSample" ORDER BY "threadId"');
      expect(r.rows).toEqual([
        { threadId: '124', name: 'GC Thread#0' },
        { threadId: '125', name: 'C2 Compiler' },
      ]);
    } finally {
      await c.end();
    }
  });
});
