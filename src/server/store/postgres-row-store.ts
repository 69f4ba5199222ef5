// The scale-out RowStore: PostgreSQL 15 through `pg`. The tables and
// columns are row-store.ts's, named as there (quoted identifiers, so
// "ProcessSample"."timestampMs" keeps its case); the rows of a message are
// rows-of-message.ts's, shared with the embedded store.
//
// Partitions: every sample table and the table of stored message ids
// ("StoredMessage") is range-partitioned on "timestampMs" (Unix ms, the
// agent's clock), one partition per UTC day, named <Table>_dYYYYMMDD. A day's
// partitions (all tables at once) are created before the first batch that
// needs them, and today's and tomorrow's when the store opens and whenever a
// batch sees that tomorrow has none yet: CREATE … PARTITION OF takes a lock
// on the parent, so it happens outside the write transactions, under an
// advisory lock that keeps concurrent writers from racing on it. Retention
// (deleteBefore) drops whole days: a day's partitions go when the day ends
// at or before the cut, its rows are counted first; the day containing the
// cut stays until it is wholly older.
//
// Idempotence: "StoredMessage" (account, id, timestampMs) is unique; its
// partition key is the message's timestampMs, which is part of the id's
// content (messageIdOf), so one id always lands in one partition and the
// key is as unique as the id alone. writeBatch, in ONE transaction:
//   1. INSERT the batch's ids … ON CONFLICT DO NOTHING RETURNING id: the ids
//      returned are the new messages (a concurrent writer holding the same
//      id makes this wait for its commit, then returns nothing for it);
//   2. COPY the rows of the new messages only, per table, into the
//      partitioned parent (PostgreSQL routes each row to its day);
//   3. upsert the Host registry (sorted, so two writers never deadlock).
// Because the ids are filtered before the rows go in, COPY needs no staging
// table: nothing it writes can be a duplicate. An undecodable message's id
// is kept too, so its redelivery is a duplicate rather than a second count.
// A metric message's ids are its points' (fresh-rows.ts): a point is
// stored once, whatever message carried it.
// `mode: 'insert'` writes the rows with multi-row INSERTs instead of COPY
// (the benchmark's comparison).
//
// Account first in every key: the ids' unique key and every index on the
// rows start with "account".

import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { TopicMessage } from '../topics/topic-message.js';
import { freshRowsOf, storedIdsOf } from './fresh-rows.js';
import { type HostUpdate, HostUpdates } from './host-updates.js';
import { PostgresDayPartitions } from './postgres-day-partitions.js';
import { inTransaction, openPool } from './pg-pool.js';
import { type HostRecord, ROW_TABLES, type RowCounts, type RowStore, type RowTable, type WriteResult } from './row-store.js';
import { type MessageRows, type Row, rowsOfMessage, TABLE_COLUMNS } from './rows-of-message.js';

type PgType = 'text' | 'bigint' | 'smallint' | 'double precision' | 'bytea';
type SampleTable = Exclude<RowTable, 'Host'>;

const KEY: readonly (readonly [string, PgType])[] = [
  ['account', 'text'],
  ['hostId', 'text'],
  ['timestampMs', 'bigint'],
];

/** Each sample table's columns after account, hostId and timestampMs, then messageId; NOT NULL where the embedded schema has it. */
const TABLES: Readonly<Record<SampleTable, readonly (readonly [string, PgType, 'not null'?])[]>> = {
  ProcessSample: [
    ['intervalMs', 'bigint'],
    ['mode', 'text'],
    ['processId', 'bigint', 'not null'],
    ['parentProcessId', 'bigint'],
    ['commandName', 'text'],
    ['processDisplayName', 'text'],
    ['state', 'text'],
    ['cpuPercent', 'double precision'],
    ['cpuUserPercent', 'double precision'],
    ['cpuSystemPercent', 'double precision'],
    ['memoryResidentSizeBytes', 'bigint'],
    ['memoryVirtualSizeBytes', 'bigint'],
    ['threadCount', 'bigint'],
    ['commandLine', 'text'],
    ['commandLineTruncated', 'smallint'],
    ['userName', 'text'],
    ['ioTotalReadBytes', 'bigint'],
    ['ioTotalWriteBytes', 'bigint'],
    ['pinned', 'smallint'],
    ['agentSelf', 'smallint'],
    ['minorPageFaults', 'bigint'],
    ['majorPageFaults', 'bigint'],
    ['reapedChildrenCpuPercent', 'double precision'],
  ],
  ProcessAggregateSample: [
    ['processDisplayName', 'text', 'not null'],
    ['processCount', 'bigint'],
    ['cpuPercent', 'double precision'],
    ['cpuUserPercent', 'double precision'],
    ['cpuSystemPercent', 'double precision'],
    ['memoryResidentSizeBytes', 'bigint'],
    ['memoryVirtualSizeBytes', 'bigint'],
    ['threadCount', 'bigint'],
    ['reapedChildrenCpuPercent', 'double precision'],
    ['unattributed', 'smallint'],
  ],
  ProcessTickSample: [
    ['intervalMs', 'bigint'],
    ['mode', 'text'],
    ['topN', 'bigint'],
    ['topRows', 'bigint'],
    ['aggregateRows', 'bigint'],
    ['topnCaptureRatioCpu', 'double precision'],
    ['topnCaptureRatioRss', 'double precision'],
    ['processCount', 'bigint'],
    ['kernelThreadCount', 'bigint'],
    ['threadCount', 'bigint'],
    ['cpuPercent', 'double precision'],
    ['cpuUserPercent', 'double precision'],
    ['cpuSystemPercent', 'double precision'],
    ['memoryResidentSizeBytes', 'bigint'],
    ['memoryVirtualSizeBytes', 'bigint'],
    ['listed', 'bigint'],
    ['scanned', 'bigint'],
    ['vanished', 'bigint'],
    ['denied', 'bigint'],
    ['malformed', 'bigint'],
    ['readErrors', 'bigint'],
    ['newProcesses', 'bigint'],
    ['pidsReused', 'bigint'],
    ['counterBackwards', 'bigint'],
    ['cpuClamped', 'bigint'],
    ['missing', 'bigint'],
    ['scanner', 'text'],
    ['bpfFallbacks', 'bigint'],
    ['reapedChildrenCpuPercent', 'double precision'],
    ['hostCpuPercent', 'double precision'],
    ['unattributedCpuPercent', 'double precision'],
  ],
  ProcessEphemeralSample: [
    ['grouping', 'text', 'not null'],
    ['processDisplayName', 'text', 'not null'],
    ['processCount', 'bigint'],
    ['cpuPercent', 'double precision'],
    ['memoryResidentPeakBytes', 'bigint'],
    ['lifetimeP50Ms', 'double precision'],
    ['lifetimeP95Ms', 'double precision'],
    ['lifetimeP99Ms', 'double precision'],
    ['lifetimeMaxMs', 'double precision'],
    ['exitCodes', 'text'],
  ],
  ProcessThreadSample: [
    ['processId', 'bigint', 'not null'],
    ['processDisplayName', 'text'],
    ['threadId', 'bigint', 'not null'],
    ['name', 'text'],
    ['state', 'text'],
    ['cpuPercent', 'double precision'],
  ],
  SystemSample: [
    ['cpu', 'double precision'],
    ['memory', 'double precision'],
    ['disk', 'double precision'],
    ['uptime', 'double precision'],
    ['extra', 'text'],
  ],
  HostSnapshot: [
    ['osName', 'text'],
    ['osVersion', 'text'],
    ['kernel', 'text'],
    ['body', 'text', 'not null'],
  ],
  AgentDiagEvent: [
    ['tsNs', 'bigint', 'not null'],
    ['module', 'text'],
    ['eventType', 'text'],
    ['reason', 'text'],
  ],
  MetricSample: [
    ['name', 'text', 'not null'],
    ['unit', 'text'],
    ['type', 'text', 'not null'],
    ['monotonic', 'smallint'],
    ['temporality', 'bigint'],
    ['value', 'double precision'],
    ['timeUnixNano', 'text'],
    ['startTimeUnixNano', 'text'],
    ['resource', 'text'],
    ['attributes', 'text'],
  ],
  SketchSample: [
    ['metricName', 'text', 'not null'],
    ['displayName', 'text'],
    ['windowStartMs', 'bigint'],
    ['windowEndMs', 'bigint'],
    ['scale', 'bigint'],
    ['gamma', 'double precision'],
    ['count', 'double precision'],
    ['sum', 'double precision'],
    ['min', 'double precision'],
    ['max', 'double precision'],
    ['body', 'bytea', 'not null'],
  ],
};

const SAMPLE_TABLES = Object.keys(TABLES) as SampleTable[];
/** Every day-partitioned table: the samples and the ids. */
const PARTITIONED = [...SAMPLE_TABLES, 'StoredMessage'] as const;
const DAY_MS = 86_400_000;
/** pg_advisory_xact_lock key of the schema and partition DDL (any constant; "IWPT"). */
const DDL_LOCK = 0x49575054;

interface Column {
  readonly name: string;
  readonly type: PgType;
}

const COLUMNS: Readonly<Record<SampleTable, readonly Column[]>> = Object.fromEntries(
  SAMPLE_TABLES.map((t) => [t, [...KEY, ...TABLES[t], ['messageId', 'text'] as const].map(([name, type]): Column => ({ name, type }))]),
) as unknown as Record<SampleTable, readonly Column[]>;

/** Where each of a table's columns is in its rows (value arrays in TABLE_COLUMNS order, rows-of-message.ts); a column they lack fails here, at load. */
const POSITIONS: Readonly<Record<SampleTable, readonly number[]>> = Object.fromEntries(
  SAMPLE_TABLES.map((t) => [
    t,
    COLUMNS[t].map((col) => {
      const at = (TABLE_COLUMNS[t] as readonly string[]).indexOf(col.name);
      if (at < 0) throw new Error(`${t}.${col.name}: not a column of the rows (TABLE_COLUMNS)`);
      return at;
    }),
  ]),
) as unknown as Record<SampleTable, readonly number[]>;

function q(name: string): string {
  return `"${name}"`;
}

function schemaSql(): string {
  const parts: string[] = [];
  for (const t of SAMPLE_TABLES) {
    const cols = [...KEY.map(([n, ty]) => `${q(n)} ${ty} NOT NULL`), ...TABLES[t].map(([n, ty, nn]) => `${q(n)} ${ty}${nn ? ' NOT NULL' : ''}`), `${q('messageId')} text NOT NULL`];
    parts.push(`CREATE TABLE IF NOT EXISTS ${q(t)} (${cols.join(', ')}) PARTITION BY RANGE (${q('timestampMs')});`);
    parts.push(`CREATE INDEX IF NOT EXISTS ${q(`${t}_by_host`)} ON ${q(t)} (${q('account')}, ${q('hostId')}, ${q('timestampMs')});`);
  }
  parts.push(
    `CREATE TABLE IF NOT EXISTS "StoredMessage" ("account" text NOT NULL, "id" text NOT NULL, "timestampMs" bigint NOT NULL, "receivedMs" bigint NOT NULL,
       PRIMARY KEY ("account", "id", "timestampMs")) PARTITION BY RANGE ("timestampMs");`,
    `CREATE TABLE IF NOT EXISTS "Host" ("account" text NOT NULL, "hostId" text NOT NULL, "hostName" text, "firstSeenMs" bigint NOT NULL,
       "lastSeenMs" bigint NOT NULL, "agentVersion" text, "mode" text, PRIMARY KEY ("account", "hostId"));`,
  );
  return parts.join('\n');
}

/**
 * Adds the columns a table made by an older server lacks (CREATE TABLE IF
 * NOT EXISTS leaves an existing table as it is): every column added since
 * is nullable, and ADD COLUMN on a partitioned parent adds it to every
 * partition. Under the DDL lock, so two servers starting at once add each
 * column once.
 */
async function addMissingColumns(c: pg.PoolClient): Promise<void> {
  const present = await c.query<{ table_name: string; column_name: string }>(
    'SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ANY($1)',
    [SAMPLE_TABLES],
  );
  const have = new Set(present.rows.map((r) => `${r.table_name}.${r.column_name}`));
  for (const t of SAMPLE_TABLES) {
    for (const [name, type, notNull] of TABLES[t]) {
      if (have.has(`${t}.${name}`)) continue;
      if (notNull) throw new Error(`${t}.${name}: the table predates this NOT NULL column; it cannot be added to existing rows`);
      await c.query(`ALTER TABLE ${q(t)} ADD COLUMN IF NOT EXISTS ${q(name)} ${type}`);
    }
  }
}

/** The day number (days since 1970-01-01 UTC) of a Unix ms. */
export function dayOf(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

/** <Table>_dYYYYMMDD, the partition of `day`. */
export function partitionName(table: string, day: number): string {
  const d = new Date(day * DAY_MS);
  const ymd = `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
  return `${table}_d${ymd}`;
}

function dayOfPartition(name: string): number | undefined {
  const m = /_d(\d{4})(\d{2})(\d{2})$/.exec(name);
  if (!m) return undefined;
  return dayOf(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
}

/** PostgreSQL's text cannot hold NUL: dropped, so that one bad string does not fail its batch forever. */
function clean(s: string): string {
  return s.includes('\0') ? s.replaceAll('\0', '') : s;
}

function integerText(v: unknown): string {
  if (typeof v === 'bigint') return v.toString();
  const n = Number(v);
  return Number.isInteger(n) ? String(n) : String(Math.round(n));
}

/** A value in COPY's text format (tab-separated, \N for NULL). */
function copyText(v: Row[number], type: PgType): string {
  if (v === null || v === undefined) return '\\N';
  switch (type) {
    case 'text':
      return clean(String(v)).replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
    case 'bigint':
    case 'smallint':
      return integerText(v);
    case 'double precision':
      return String(Number(v));
    case 'bytea':
      return `\\\\x${Buffer.isBuffer(v) ? v.toString('hex') : Buffer.from(String(v)).toString('hex')}`;
  }
}

/** A value as a query parameter. */
function param(v: Row[number], type: PgType): unknown {
  if (v === null || v === undefined) return null;
  switch (type) {
    case 'text':
      return clean(String(v));
    case 'bigint':
    case 'smallint':
      return integerText(v);
    case 'double precision':
      return Number(v);
    case 'bytea':
      return Buffer.isBuffer(v) ? v : Buffer.from(String(v));
  }
}

export interface PostgresRowStoreOptions {
  /** postgres://user@host:port/database (libpq's URL, as `pg` reads it). */
  readonly url: string;
  /** How rows go in: COPY (the default), or multi-row INSERTs. */
  readonly mode?: 'copy' | 'insert';
  /** Connections in the pool. */
  readonly poolSize?: number;
  /** The clock partitions are created ahead from (tests move it). */
  readonly now?: () => number;
}

export class PostgresRowStore implements RowStore {
  private readonly partitions: PostgresDayPartitions;
  private readonly mode: 'copy' | 'insert';
  private readonly now: () => number;
  /** Writes whose body did not decode, since start (for /metrics). */
  undecodable = 0;

  private constructor(
    private readonly pool: pg.Pool,
    options: PostgresRowStoreOptions,
  ) {
    this.mode = options.mode ?? 'copy';
    this.now = options.now ?? Date.now;
    this.partitions = new PostgresDayPartitions(pool, DDL_LOCK, (day) =>
      PARTITIONED.map((t) => `CREATE TABLE IF NOT EXISTS ${q(partitionName(t, day))} PARTITION OF ${q(t)} FOR VALUES FROM (${day * DAY_MS}) TO (${(day + 1) * DAY_MS})`),
    );
  }

  /** Connects, creates the schema when absent, and today's and tomorrow's partitions. */
  static async open(options: PostgresRowStoreOptions): Promise<PostgresRowStore> {
    const pool = openPool(options.url, options.poolSize ?? 4);
    const store = new PostgresRowStore(pool, options);
    try {
      await store.partitions.ddl(async (c) => {
        await c.query(schemaSql());
        await addMissingColumns(c);
      });
      const today = dayOf(store.now());
      await store.partitions.ensure([today, today + 1]);
      return store;
    } catch (err) {
      await pool.end();
      throw err;
    }
  }

  async writeBatch(messages: readonly TopicMessage[]): Promise<WriteResult> {
    // One message per id: a batch holding one twice writes it once.
    const unique = new Map<string, TopicMessage>();
    let duplicates = 0;
    for (const m of messages) {
      if (unique.has(m.id)) duplicates++;
      else unique.set(m.id, m);
    }
    const batch = [...unique.values()];
    const today = dayOf(this.now());
    await this.partitions.ensure([...batch.map((m) => dayOf(m.timestampMs)), today, today + 1]);
    const decoded = new Map<string, MessageRows | undefined>(batch.map((m) => [m.id, rowsOfMessage(m)]));
    const ids = batch.flatMap((m) => storedIdsOf(m, decoded.get(m.id)).map((id) => ({ m, id })));

    let written = 0;
    let undecodable = 0;
    const counts: Partial<RowCounts> = {};
    await inTransaction(this.pool, async (c) => {
      const fresh = await c.query<{ id: string }>(
        `INSERT INTO "StoredMessage" ("account", "id", "timestampMs", "receivedMs")
         SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[]) ON CONFLICT DO NOTHING RETURNING "id"`,
        [ids.map((x) => clean(x.m.account)), ids.map((x) => x.id), ids.map((x) => integerText(x.m.timestampMs)), ids.map((x) => integerText(x.m.receivedMs))],
      );
      // Taken out as used: a point id that two messages of the batch carry is written once.
      const isNew = new Set(fresh.rows.map((r) => r.id));
      const rows = new Map<SampleTable, Row[]>();
      const hosts = new HostUpdates();
      for (const m of batch) {
        const d = freshRowsOf(m, decoded.get(m.id), (id) => isNew.delete(id));
        if (d === 'duplicate') {
          duplicates++;
          continue;
        }
        if (d === 'undecodable') {
          undecodable++;
          continue;
        }
        written++;
        for (const t of Object.keys(d.rows) as SampleTable[]) {
          const list = d.rows[t] as Row[];
          if (list.length === 0) continue;
          const all = rows.get(t);
          if (all === undefined) rows.set(t, [...list]);
          else for (const r of list) all.push(r);
        }
        hosts.add(m, d.host);
      }
      for (const [t, list] of rows) {
        if (this.mode === 'copy') await this.copyRows(c, t, list);
        else await this.insertRows(c, t, list);
        counts[t] = list.length;
      }
      await this.upsertHosts(c, hosts.values());
    });
    this.undecodable += undecodable;
    return { written, duplicates, undecodable, rows: counts };
  }

  private async copyRows(c: pg.PoolClient, table: SampleTable, rows: readonly Row[]): Promise<void> {
    const cols = COLUMNS[table];
    const at = POSITIONS[table];
    const lines: string[] = [];
    for (const r of rows) lines.push(`${cols.map((col, i) => copyText(r[at[i]], col.type)).join('\t')}\n`);
    const sink = c.query(copyFrom(`COPY ${q(table)} (${cols.map((col) => q(col.name)).join(', ')}) FROM STDIN`));
    await pipeline(Readable.from([lines.join('')]), sink);
  }

  private async insertRows(c: pg.PoolClient, table: SampleTable, rows: readonly Row[]): Promise<void> {
    const cols = COLUMNS[table];
    const perStatement = Math.floor(65_535 / cols.length);
    for (let i = 0; i < rows.length; i += perStatement) {
      const chunk = rows.slice(i, i + perStatement);
      const values: unknown[] = [];
      const tuples = chunk.map((r) => {
        const marks = cols.map((col, k) => {
          values.push(param(r[POSITIONS[table][k]], col.type));
          return `$${values.length}`;
        });
        return `(${marks.join(', ')})`;
      });
      await c.query(`INSERT INTO ${q(table)} (${cols.map((col) => q(col.name)).join(', ')}) VALUES ${tuples.join(', ')}`, values);
    }
  }

  private async upsertHosts(c: pg.PoolClient, hosts: HostUpdate[]): Promise<void> {
    if (hosts.length === 0) return;
    // One order for every writer: two batches upserting the same hosts never wait on each other in a cycle.
    hosts.sort((a, b) => (a.account < b.account ? -1 : a.account > b.account ? 1 : a.hostId < b.hostId ? -1 : a.hostId > b.hostId ? 1 : 0));
    await c.query(
      `INSERT INTO "Host" ("account", "hostId", "hostName", "firstSeenMs", "lastSeenMs", "agentVersion", "mode")
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::text[], $7::text[])
       ON CONFLICT ("account", "hostId") DO UPDATE SET
         "firstSeenMs" = LEAST("Host"."firstSeenMs", EXCLUDED."firstSeenMs"),
         "lastSeenMs" = GREATEST("Host"."lastSeenMs", EXCLUDED."lastSeenMs"),
         "hostName" = COALESCE(EXCLUDED."hostName", "Host"."hostName"),
         "agentVersion" = COALESCE(EXCLUDED."agentVersion", "Host"."agentVersion"),
         "mode" = COALESCE(EXCLUDED."mode", "Host"."mode")`,
      [
        hosts.map((h) => clean(h.account)),
        hosts.map((h) => clean(h.hostId)),
        hosts.map((h) => (h.hostName === null ? null : clean(h.hostName))),
        hosts.map((h) => integerText(h.firstSeenMs)),
        hosts.map((h) => integerText(h.lastSeenMs)),
        hosts.map((h) => (h.agentVersion === null ? null : clean(h.agentVersion))),
        hosts.map((h) => (h.mode === null ? null : clean(h.mode))),
      ],
    );
  }

  async countRows(account: string, hostId?: string): Promise<RowCounts> {
    const out = {} as RowCounts;
    for (const t of ROW_TABLES) {
      const r = await this.pool.query<{ n: number }>(
        hostId === undefined ? `SELECT count(*)::int AS n FROM ${q(t)} WHERE "account" = $1` : `SELECT count(*)::int AS n FROM ${q(t)} WHERE "account" = $1 AND "hostId" = $2`,
        hostId === undefined ? [account] : [account, hostId],
      );
      out[t] = r.rows[0].n;
    }
    return out;
  }

  async host(account: string, hostId: string): Promise<HostRecord | undefined> {
    const r = await this.pool.query<Record<string, string | null>>(
      `SELECT "account", "hostId", "hostName", "firstSeenMs", "lastSeenMs", "agentVersion", "mode" FROM "Host" WHERE "account" = $1 AND "hostId" = $2`,
      [account, hostId],
    );
    const row = r.rows[0];
    if (row === undefined) return undefined;
    return {
      account: row.account as string,
      hostId: row.hostId as string,
      hostName: row.hostName,
      firstSeenMs: Number(row.firstSeenMs),
      lastSeenMs: Number(row.lastSeenMs),
      agentVersion: row.agentVersion,
      mode: row.mode,
    };
  }

  /** Drops every day partition that ends at or before `beforeMs`; returns the sample rows they held. */
  async deleteBefore(beforeMs: number): Promise<number> {
    let deleted = 0;
    const dropped: number[] = [];
    await this.partitions.ddl(async (c) => {
      const parts = await c.query<{ parent: string; child: string }>(
        `SELECT p.relname AS parent, ch.relname AS child FROM pg_inherits i
           JOIN pg_class p ON p.oid = i.inhparent JOIN pg_class ch ON ch.oid = i.inhrelid
           JOIN pg_namespace n ON n.oid = ch.relnamespace
         WHERE n.nspname = current_schema() AND p.relname = ANY($1::text[])`,
        [[...PARTITIONED]],
      );
      for (const { parent, child } of parts.rows) {
        const day = dayOfPartition(child);
        if (day === undefined || (day + 1) * DAY_MS > beforeMs) continue;
        if (parent !== 'StoredMessage') {
          const n = await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${q(child)}`);
          deleted += n.rows[0].n;
        }
        await c.query(`DROP TABLE ${q(child)}`);
        dropped.push(day);
      }
    });
    this.partitions.forget(dropped);
    return deleted;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
