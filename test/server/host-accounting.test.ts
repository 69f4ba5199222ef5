// The host's accounting (issue 18) is kept and queryable on both stores:
// the reaped children's cpu of rows and aggregates, the "(unattributed)"
// aggregate row's flag, and a tick's hostCpuPercent, unattributedCpuPercent
// and reapedChildrenCpuPercent (ProcessTotals 9–11), whether the tick came
// as a ProcessEnvelope or as the API's JSON body (re-encoded by the
// receiver). A store made by a server before these columns gets them when
// it opens (CREATE TABLE IF NOT EXISTS alone leaves an old table as it is).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

/** A tick of host h1 as a ProcessEnvelope: 150 % of one core busy, 100 % in processes, 20 % reaped children, 30 % unattributed. */
function envelopeTick(ts: number): TopicMessage {
  const body = infrawatch.ProcessEnvelope.encode({
    entityGuid: 'h1',
    schemaVersion: '2.3',
    payload: {
      timestampMs: ts,
      intervalMs: 10_000,
      mode: 'smart',
      topN: 1,
      top: [{ processId: 7, processDisplayName: 'make', cpuPercent: 60, reapedChildrenCpuPercent: 15 }],
      aggregates: [
        { processDisplayName: 'bash', processCount: 3, cpuPercent: 40, reapedChildrenCpuPercent: 5 },
        { processDisplayName: '(unattributed)', processCount: 0, cpuPercent: 30, unattributed: true },
      ],
      totals: { processCount: 4, cpuPercent: 100, reapedChildrenCpuPercent: 20, hostCpuPercent: 150, unattributedCpuPercent: 30 },
    },
  }).finish();
  return message('process', 'acme', 'h1', ts, body);
}

/** A tick of host h2 as the agent's API body sends it: the JSON rows, which the receiver re-encodes. */
function apiTick(ts: number, unattributed: number): TopicMessage {
  const body = {
    host_id: 'h2',
    timestamp: new Date(ts).toISOString(),
    cpu: 50,
    processes: {
      mode: 'smart',
      topN: 1,
      intervalMs: 10_000,
      top: [{ processId: 9, processDisplayName: 'make', cpuPercent: 10, reapedChildrenCpuPercent: 4 }],
      aggregates: [
        { processDisplayName: 'bash', processCount: 2, cpuPercent: 6, reapedChildrenCpuPercent: 2 },
        { processDisplayName: '(unattributed)', processCount: 0, cpuPercent: unattributed, reapedChildrenCpuPercent: 0, unattributed: true },
      ],
      totals: { processCount: 3, cpuPercent: 16, reapedChildrenCpuPercent: 6, hostCpuPercent: 22 + unattributed, unattributedCpuPercent: unattributed },
    },
  };
  const d = decodeApiBody('telemetry', new TextEncoder().encode(JSON.stringify(body)));
  if (!d.ok) throw new Error(d.message);
  const draft = d.drafts.find((x) => x.kind === 'process')!;
  return message('process', 'acme', 'h2', ts, draft.body);
}

const messages = () => [envelopeTick(T[0]), envelopeTick(T[1]), apiTick(T[0], 10), apiTick(T[1], 20)];

for (const engine of bothEngines(messages)) {
  describe(`the host's accounting on ${engine.name}`, () => {
    const query = (nrql: string) => new QueryService(engine.runner, { now: () => NOW }).query('acme', nrql);

    it('a tick keeps the host busy, unattributed and reaped children figures, from either path', async () => {
      const r = await query('SELECT average(unattributedCpuPercent), average(hostCpuPercent), sum(reapedChildrenCpuPercent) FROM ProcessTickSample FACET hostId SINCE 10 minutes ago');
      expect(r.facets).toEqual([
        { name: 'h1', results: [{ average: 30 }, { average: 150 }, { sum: 40 }] },
        { name: 'h2', results: [{ average: 15 }, { average: 37 }, { sum: 12 }] },
      ]);
    });

    it('rows and aggregates keep their reaped children; the unattributed row is told apart', async () => {
      const byName = await query("SELECT sum(reapedChildrenCpuPercent) FROM ProcessAggregateSample WHERE hostId = 'h1' FACET processDisplayName SINCE 10 minutes ago");
      expect(byName.facets).toEqual([
        { name: 'bash', results: [{ sum: 10 }] },
        { name: '(unattributed)', results: [{ sum: 0 }] },
      ]);
      const flagged = await query('SELECT sum(cpuPercent) FROM ProcessAggregateSample WHERE unattributed = 1 FACET hostId SINCE 10 minutes ago');
      expect(flagged.facets).toEqual([
        { name: 'h1', results: [{ sum: 60 }] },
        { name: 'h2', results: [{ sum: 30 }] },
      ]);
      const rows = await query('SELECT sum(reapedChildrenCpuPercent) FROM ProcessSample FACET hostId SINCE 10 minutes ago');
      expect(rows.facets).toEqual([
        { name: 'h1', results: [{ sum: 30 }] },
        { name: 'h2', results: [{ sum: 8 }] },
      ]);
    });
  });
}

/** The columns this change added, dropped again: the tables as a server before it made them. */
const ADDED = [
  ['ProcessSample', 'reapedChildrenCpuPercent'],
  ['ProcessAggregateSample', 'reapedChildrenCpuPercent'],
  ['ProcessAggregateSample', 'unattributed'],
  ['ProcessTickSample', 'reapedChildrenCpuPercent'],
  ['ProcessTickSample', 'hostCpuPercent'],
  ['ProcessTickSample', 'unattributedCpuPercent'],
] as const;

describe('a store made before the columns', () => {
  let dir: string;
  let server: RunningEngine | undefined;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'iw-accounting-'));
    server = await startPostgres();
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('SQLite: gets them when the file opens, and stores them', async () => {
    const path = join(dir, 'rows.db');
    const old = openRowsFile(path);
    for (const [t, c] of ADDED) old.exec(`ALTER TABLE ${t} DROP COLUMN ${c}`);
    old.close();
    const db = openRowsFile(path);
    try {
      expect(await new SqliteRowStore(db).writeBatch([envelopeTick(T[0])])).toMatchObject({ written: 1, undecodable: 0 });
      expect(db.prepare('SELECT hostCpuPercent, unattributedCpuPercent FROM ProcessTickSample').get()).toEqual({ hostCpuPercent: 150, unattributedCpuPercent: 30 });
    } finally {
      db.close();
    }
  });

  it('PostgreSQL: gets them when the store opens, and stores them', async () => {
    const url = await freshDatabase(server!, 'accounting_migration');
    const old = await PostgresRowStore.open({ url, now: () => NOW });
    await old.close();
    const pg = (await import('pg')).default;
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      for (const [t, col] of ADDED) await c.query(`ALTER TABLE "${t}" DROP COLUMN "${col}"`);
      const store = await PostgresRowStore.open({ url, now: () => NOW });
      try {
        expect(await store.writeBatch([envelopeTick(T[0])])).toMatchObject({ written: 1, undecodable: 0 });
      } finally {
        await store.close();
      }
      const r = await c.query('SELECT "hostCpuPercent", "unattributedCpuPercent" FROM "ProcessTickSample"');
      expect(r.rows).toEqual([{ hostCpuPercent: 150, unattributedCpuPercent: 30 }]);
    } finally {
      await c.end();
    }
  });
});
