// ProcessEphemeral (ProcessEnvelope v2.3) in the row store: one
// ProcessEphemeralSample row per summary, grouped by the process's display
// name or its parent's, in both stores (SQLite embedded, PostgreSQL 15
// scale-out), stored once however often the message is delivered.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRowsFile } from '../../src/server/store/sqlite-file.js';
import { PostgresRowStore } from '../../src/server/store/postgres-row-store.js';
import type { RowStore } from '../../src/server/store/row-store.js';
import { SqliteRowStore } from '../../src/server/store/sqlite-row-store.js';
import { infrawatch } from '../../src/wire/generated/infrawatch.js';
import { freshDatabase, type RunningEngine, startPostgres } from './engines.js';
import { message } from './messages.js';

const T = 1_795_000_000_000;

function envelope(): Uint8Array {
  const summary = (name: string, count: number) => ({
    processDisplayName: name,
    processCount: count,
    cpuPercent: 12.5,
    memoryResidentPeakBytes: 4_194_304,
    lifetimeP50Ms: 20,
    lifetimeP95Ms: 80,
    lifetimeP99Ms: 95,
    lifetimeMaxMs: 99,
    exitCodes: [
      { exitCode: 0, count: count - 1 },
      { exitCode: 137, count: 1 },
    ],
  });
  return infrawatch.ProcessEnvelope.encode({
    entityGuid: 'h1',
    schemaVersion: '2.3',
    payload: { timestampMs: T, intervalMs: 1000, mode: 'smart', ephemeral: { byName: [summary('curl', 10), summary('sh', 4)], byParent: [summary('bash', 14)], exits: 14, lost: 0, intervalMs: 1000 } },
  }).finish();
}

let dir: string;
let postgres: RunningEngine;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'iw-ephemeral-rows-'));
  postgres = await startPostgres();
});

afterAll(async () => {
  await postgres?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const stores: { name: string; open(): Promise<{ store: RowStore; rows(): Promise<Record<string, unknown>[]> }> }[] = [
  {
    name: 'SQLite',
    async open() {
      const db = openRowsFile(join(dir, 'rows.db'));
      const store = new SqliteRowStore(db);
      return { store, rows: async () => db.prepare('SELECT * FROM ProcessEphemeralSample ORDER BY grouping, processDisplayName').all() as Record<string, unknown>[] };
    },
  },
  {
    name: 'PostgreSQL',
    async open() {
      const url = await freshDatabase(postgres, 'ephemeral');
      const store = await PostgresRowStore.open({ url });
      return {
        store,
        async rows() {
          const c = new pg.Client({ connectionString: url });
          await c.connect();
          try {
            const r = await c.query('SELECT * FROM "ProcessEphemeralSample" ORDER BY "grouping", "processDisplayName"');
            return r.rows.map((row: Record<string, unknown>) => ({
              ...row,
              processCount: Number(row.processCount),
              memoryResidentPeakBytes: Number(row.memoryResidentPeakBytes),
              timestampMs: Number(row.timestampMs),
            }));
          } finally {
            await c.end();
          }
        },
      };
    },
  },
];

describe.each(stores)('ProcessEphemeralSample in $name', (s) => {
  it('stores one row per summary, per name and per parent, once', async () => {
    const { store, rows } = await s.open();
    try {
      const m = message('process', 'acct', 'h1', T, envelope());
      expect((await store.writeBatch([m])).rows).toMatchObject({ ProcessEphemeralSample: 3 });
      await store.writeBatch([m]); // a redelivery writes nothing
      expect(await store.countRows('acct', 'h1')).toMatchObject({ ProcessEphemeralSample: 3 });
      const got = await rows();
      expect(got.map((r) => [r.grouping, r.processDisplayName, r.processCount])).toEqual([
        ['name', 'curl', 10],
        ['name', 'sh', 4],
        ['parent', 'bash', 14],
      ]);
      expect(got[0]).toMatchObject({ account: 'acct', hostId: 'h1', timestampMs: T, cpuPercent: 12.5, memoryResidentPeakBytes: 4_194_304, lifetimeP95Ms: 80, lifetimeMaxMs: 99 });
      expect(JSON.parse(got[0].exitCodes as string)).toEqual({ 0: 9, 137: 1 });
    } finally {
      await store.close();
    }
  });
});
