// The query tests' fixture: a small fleet of two accounts written through
// each row store's own writeBatch (the writer's path), so that the golden
// tests run the same data on SQLite and on PostgreSQL 15.
//
// Account "acme", ticks at NOW − 55, 45, 35, 25, 15, 5 min (i = 0..5):
//   h1 (hostname web-1, smart mode)
//     nginx        pid 10  cpu 10 + i   mem 1000·(i+1)  S  www
//     postgres     pid 20  cpu 2·i      mem 5000        R when i even, else S  pg
//     kworker/0:1  pid 30  cpu 0.5      mem 0           I  (no user: stored as '', protobuf's default)
//     aggregate nginx-workers: processCount 4, cpu i; SystemSample cpu 10·i
//   h2 (hostname web-2, raw mode)
//     nginx        pid 11  cpu 1 + i    mem 2000        S  www
//     java         pid 21  cpu 50       mem 9000        R  app
//     SystemSample cpu 5
//   h3 (never registered): one SystemSample at tick 0 without cpu (NULL)
//   h1 at NOW − 2 h: nginx cpu 99 (outside the default hour)
// Account "other": h9 (hostname web-1 too) at the same ticks, nginx cpu 1000.

import { afterAll, beforeAll } from 'vitest';
import { PostgresRowStore } from '../../../src/server/store/postgres-row-store.js';
import type { RowStore } from '../../../src/server/store/row-store.js';
import { openRowsFile, type SqliteDatabase } from '../../../src/server/store/sqlite-file.js';
import { SqliteRowStore } from '../../../src/server/store/sqlite-row-store.js';
import { PostgresSqlRunner } from '../../../src/server/query/postgres-sql-runner.js';
import type { SqlRunner } from '../../../src/server/query/sql-runner.js';
import { SqliteSqlRunner } from '../../../src/server/query/sqlite-sql-runner.js';
import type { TopicMessage } from '../../../src/server/topics/topic-message.js';
import { infrawatch } from '../../../src/wire/generated/infrawatch.js';
import { freshDatabase, type RunningEngine, startPostgres } from '../engines.js';
import { message } from '../messages.js';

export const NOW = Date.UTC(2026, 2, 1, 12, 0, 0);
export const MIN = 60_000;
export const tick = (i: number) => NOW - 55 * MIN + i * 10 * MIN;

export interface ProcessRowSpec {
  processId: number;
  name: string;
  cpu: number;
  mem: number;
  state: string;
  user?: string;
}

export function processMessageOf(
  account: string,
  host: string,
  ts: number,
  mode: 'smart' | 'raw',
  rows: readonly ProcessRowSpec[],
  aggregates: { name: string; count: number; cpu: number }[] = [],
): TopicMessage {
  const body = infrawatch.ProcessEnvelope.encode({
    entityGuid: host,
    schemaVersion: '2.3',
    payload: {
      timestampMs: ts,
      intervalMs: 10_000,
      mode,
      top: rows.map((r) => ({
        processId: r.processId,
        parentProcessId: 1,
        commandName: r.name,
        processDisplayName: r.name,
        state: r.state,
        cpuPercent: r.cpu,
        memoryResidentSizeBytes: r.mem,
        threadCount: 2,
        ...(r.user !== undefined ? { userName: r.user } : {}),
      })),
      aggregates: aggregates.map((a) => ({ processDisplayName: a.name, processCount: a.count, cpuPercent: a.cpu })),
    },
  }).finish();
  return message('process', account, host, ts, body);
}

export function systemMessageOf(account: string, host: string, ts: number, cpu: number | null): TopicMessage {
  const body = { host_id: host, timestamp: new Date(ts).toISOString(), cpu, memory: 40, disk: 50, uptime: 100, extra: {} };
  return message('system', account, host, ts, Buffer.from(JSON.stringify(body)));
}

export function registerMessageOf(account: string, host: string, hostname: string, ts: number): TopicMessage {
  return message('register', account, host, ts, Buffer.from(JSON.stringify({ host_id: host, hostname, agent_version: '0.1.0' })));
}

export function fixtureMessages(): TopicMessage[] {
  const out: TopicMessage[] = [registerMessageOf('acme', 'h1', 'web-1', tick(0)), registerMessageOf('acme', 'h2', 'web-2', tick(0)), registerMessageOf('other', 'h9', 'web-1', tick(0))];
  for (let i = 0; i < 6; i++) {
    out.push(
      processMessageOf(
        'acme',
        'h1',
        tick(i),
        'smart',
        [
          { processId: 10, name: 'nginx', cpu: 10 + i, mem: 1000 * (i + 1), state: 'S', user: 'www' },
          { processId: 20, name: 'postgres', cpu: 2 * i, mem: 5000, state: i % 2 === 0 ? 'R' : 'S', user: 'pg' },
          { processId: 30, name: 'kworker/0:1', cpu: 0.5, mem: 0, state: 'I' },
        ],
        [{ name: 'nginx-workers', count: 4, cpu: i }],
      ),
      processMessageOf('acme', 'h2', tick(i), 'raw', [
        { processId: 11, name: 'nginx', cpu: 1 + i, mem: 2000, state: 'S', user: 'www' },
        { processId: 21, name: 'java', cpu: 50, mem: 9000, state: 'R', user: 'app' },
      ]),
      systemMessageOf('acme', 'h1', tick(i), 10 * i),
      systemMessageOf('acme', 'h2', tick(i), 5),
      processMessageOf('other', 'h9', tick(i), 'smart', [{ processId: 10, name: 'nginx', cpu: 1000, mem: 1, state: 'S', user: 'www' }]),
    );
  }
  // An unregistered host whose SystemSample has no cpu figure.
  out.push(systemMessageOf('acme', 'h3', tick(0), null));
  out.push(processMessageOf('acme', 'h1', NOW - 120 * MIN, 'smart', [{ processId: 10, name: 'nginx', cpu: 99, mem: 1, state: 'S', user: 'www' }]));
  return out;
}

export interface EngineUnderTest {
  readonly name: 'sqlite' | 'postgres';
  store: RowStore;
  runner: SqlRunner;
}

/** Both stores, opened before the suite (PostgreSQL 15 started by engines.ts), with `messages` written; closed after. */
export function bothEngines(messages: () => TopicMessage[]): EngineUnderTest[] {
  const sqlite: EngineUnderTest = { name: 'sqlite' } as EngineUnderTest;
  const postgres: EngineUnderTest = { name: 'postgres' } as EngineUnderTest;
  let db: SqliteDatabase | undefined;
  let server: RunningEngine | undefined;
  beforeAll(async () => {
    db = openRowsFile(':memory:');
    sqlite.store = new SqliteRowStore(db);
    sqlite.runner = new SqliteSqlRunner(db);
    server = await startPostgres();
    const url = await freshDatabase(server, 'query_golden');
    postgres.store = await PostgresRowStore.open({ url, now: () => NOW });
    postgres.runner = PostgresSqlRunner.open(url);
    const all = messages();
    for (const e of [sqlite, postgres]) {
      for (let i = 0; i < all.length; i += 100) await e.store.writeBatch(all.slice(i, i + 100));
    }
  }, 120_000);
  afterAll(async () => {
    await sqlite.runner?.close();
    await postgres.runner?.close();
    await postgres.store?.close();
    db?.close();
    await server?.stop();
  });
  return [sqlite, postgres];
}
