// The scale-out SketchStore: PostgreSQL 15. "DistributionMetric" is
// range-partitioned on "windowStartMs", one partition per UTC day
// (DistributionMetric_dYYYYMMDD), created ahead under an advisory lock of
// its own, outside the commits, by the row store's code
// (store/postgres-day-partitions.ts); retention drops whole days. The committed
// message ids ("MergedMessage", 16 bytes each) and the envelopes kept aside
// ("SketchAside") are plain tables: the ids are forgotten after a few days
// (forgetIdsBefore), past any redelivery.
//
// A commit, in ONE transaction, several mergers at once:
//   1. INSERT the ids … ON CONFLICT DO NOTHING RETURNING: fewer returned
//      than sent means another commit holds one of them: ROLLBACK, and
//      AlreadyCommittedError (the merger drops that window's state and
//      re-pulls; the ids filter out what was committed);
//   2. the minute and hour rows the partials touch, in one key order:
//      SELECT … FOR UPDATE of those that exist, INSERT … ON CONFLICT DO
//      NOTHING of those that do not (a key another merger inserted in
//      between is locked and merged in a second round); the fleet and hour
//      rows are where two mergers meet, and the lock makes their
//      read-merge-write serial;
//   3. UPDATE the merged rows from unnest() in one statement.

import type pg from 'pg';
import { MergedSketch, type SketchParts } from '../merger/merged-sketch.js';
import { inTransaction, openPool } from '../store/pg-pool.js';
import { PostgresDayPartitions } from '../store/postgres-day-partitions.js';
import { encodeBins, initBinsCodec } from './bins-codec.js';
import {
  AlreadyCommittedError,
  type AsideEnvelope,
  type CommitResult,
  DAY_MS,
  type DistributionMetric,
  type DistributionMetricKey,
  type GranularityMs,
  hourKeyOf,
  idKey,
  keyText,
  rowOverheadBytes,
  type SketchQuery,
  type SketchStore,
  type StoredBytes,
  type WindowCommit,
} from './sketch-store.js';
import { partsOfRow } from './sqlite-sketch-store.js';

/** pg_advisory_xact_lock key of this store's DDL ("IWSK"). */
const DDL_LOCK = 0x4957534b;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS "DistributionMetric" (
  "account" text NOT NULL,
  "metric" text NOT NULL,
  "entity" text NOT NULL,
  "displayName" text NOT NULL,
  "granularityMs" bigint NOT NULL,
  "windowStartMs" bigint NOT NULL,
  "windowEndMs" bigint NOT NULL,
  "scale" smallint NOT NULL,
  "count" double precision NOT NULL,
  "sum" double precision NOT NULL,
  "min" double precision NOT NULL,
  "max" double precision NOT NULL,
  "bins" bytea NOT NULL,
  PRIMARY KEY ("account", "metric", "entity", "displayName", "granularityMs", "windowStartMs")
) PARTITION BY RANGE ("windowStartMs");
-- A FACET's keys: the rows of some hours of every entity or display name (the key's order would scan every window of the day's metric).
-- The whole key, in window order: an index on the window alone was the planner's choice for a commit's key probes too
-- (both indexes looked unique to its estimates), and each probe then read every row of the key's window: 90 s a
-- commit at 1,000 hosts. The index of that shape, made by an older server, is dropped.
CREATE INDEX IF NOT EXISTS "DistributionMetric_by_window_key" ON "DistributionMetric" ("account", "metric", "granularityMs", "windowStartMs", "entity", "displayName");
DROP INDEX IF EXISTS "DistributionMetric_by_window";
CREATE TABLE IF NOT EXISTS "MergedMessage" (
  "id" bytea PRIMARY KEY,
  "committedMs" bigint NOT NULL
);
CREATE INDEX IF NOT EXISTS "MergedMessage_by_time" ON "MergedMessage" ("committedMs");
CREATE TABLE IF NOT EXISTS "SketchAside" (
  "messageId" text PRIMARY KEY,
  "account" text NOT NULL,
  "entity" text NOT NULL,
  "reason" text NOT NULL,
  "detail" text NOT NULL,
  "partition" integer NOT NULL,
  "timestampMs" bigint NOT NULL,
  "receivedMs" bigint NOT NULL,
  "body" bytea NOT NULL
);
CREATE INDEX IF NOT EXISTS "SketchAside_by_account" ON "SketchAside" ("account", "receivedMs");
`;

const KEY_COLS = '"account", "metric", "entity", "displayName", "granularityMs", "windowStartMs"';
const UNNEST_KEYS = 'unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::bigint[])';
/** The columns of rowArrays, in KEY_COLS, "windowEndMs", "scale", "count", "sum", "min", "max", "bins" order. */
const UNNEST_ROWS =
  'unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::bigint[], $8::smallint[], $9::float8[], $10::float8[], $11::float8[], $12::float8[], $13::bytea[])';

function dayName(day: number): string {
  const d = new Date(day * DAY_MS);
  const p = (n: number) => String(n).padStart(2, '0');
  return `DistributionMetric_d${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}`;
}

function dayOfName(name: string): number | undefined {
  const m = /^DistributionMetric_d(\d{4})(\d{2})(\d{2})$/.exec(name);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS : undefined;
}

/** PostgreSQL text refuses NUL. */
function clean(s: string): string {
  return s.includes('\0') ? s.replaceAll('\0', '\uFFFD') : s;
}

function keyArrays(keys: readonly DistributionMetricKey[]): unknown[] {
  return [
    keys.map((k) => clean(k.account)),
    keys.map((k) => clean(k.metric)),
    keys.map((k) => clean(k.entity)),
    keys.map((k) => clean(k.displayName)),
    keys.map((k) => String(k.granularityMs)),
    keys.map((k) => String(k.windowStartMs)),
  ];
}

interface PgRow {
  account: string;
  metric: string;
  entity: string;
  displayName: string;
  granularityMs: string;
  windowStartMs: string;
  windowEndMs: string;
  scale: number;
  count: number;
  sum: number;
  min: number;
  max: number;
  bins: Buffer;
}

function keyOfRow(r: PgRow): DistributionMetricKey {
  return { account: r.account, metric: r.metric, entity: r.entity, displayName: r.displayName, granularityMs: Number(r.granularityMs) as GranularityMs, windowStartMs: Number(r.windowStartMs) };
}

export interface PostgresSketchStoreOptions {
  readonly url: string;
  readonly poolSize?: number;
  readonly maxBins?: number;
}

export class PostgresSketchStore implements SketchStore {
  private readonly partitions: PostgresDayPartitions;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly maxBins: number,
  ) {
    this.partitions = new PostgresDayPartitions(pool, DDL_LOCK, (day) => [
      `CREATE TABLE IF NOT EXISTS "${dayName(day)}" PARTITION OF "DistributionMetric" FOR VALUES FROM (${day * DAY_MS}) TO (${(day + 1) * DAY_MS})`,
    ]);
  }

  static async open(o: PostgresSketchStoreOptions): Promise<PostgresSketchStore> {
    await initBinsCodec();
    const pool = openPool(o.url, o.poolSize ?? 4);
    const store = new PostgresSketchStore(pool, o.maxBins ?? 4096);
    try {
      await store.partitions.ddl(async (c) => {
        await c.query(SCHEMA);
      });
      const today = Math.floor(Date.now() / DAY_MS);
      await store.partitions.ensure([today, today + 1]);
    } catch (err) {
      await pool.end();
      throw err;
    }
    return store;
  }

  async committedIds(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const byKey = new Map(ids.map((id) => [idKey(id).toString('hex'), id]));
    const r = await this.pool.query<{ id: string }>(`SELECT encode("id", 'hex') AS id FROM "MergedMessage" WHERE "id" = ANY(SELECT decode(x, 'hex') FROM unnest($1::text[]) x)`, [[...byKey.keys()]]);
    return new Set(r.rows.map((row) => byKey.get(row.id)!));
  }

  async commit(commit: WindowCommit): Promise<CommitResult> {
    // The partials of every row touched, minute and hour, combined per key.
    const wanted = new Map<string, { key: DistributionMetricKey; sketch: MergedSketch; minute: boolean }>();
    const want = (key: DistributionMetricKey, parts: SketchParts, minute: boolean) => {
      const t = keyText(key);
      const w = wanted.get(t);
      if (w === undefined) wanted.set(t, { key, sketch: MergedSketch.of(parts, this.maxBins), minute });
      else w.sketch.add(parts);
    };
    for (const p of commit.partials) {
      want(p.key, p.sketch, true);
      want(hourKeyOf(p.key), p.sketch, false);
    }
    await this.partitions.ensure([...wanted.values()].map((w) => Math.floor(w.key.windowStartMs / DAY_MS)));
    const order = [...wanted.keys()].sort();
    const keys = order.map((t) => wanted.get(t)!.key);
    let rows = 0;
    let amended = 0;
    let blobBytes = 0;
    await inTransaction(this.pool, async (c) => {
      if (commit.messageIds.length > 0) {
        const hex = commit.messageIds.map((id) => idKey(id).toString('hex'));
        const fresh = await c.query<{ id: string }>(
          `INSERT INTO "MergedMessage" ("id", "committedMs") SELECT decode(x, 'hex'), $2 FROM unnest($1::text[]) x ON CONFLICT DO NOTHING RETURNING encode("id", 'hex') AS id`,
          [hex, String(Date.now())],
        );
        if (fresh.rows.length < new Set(hex).size) {
          const got = new Set(fresh.rows.map((r) => r.id));
          throw new AlreadyCommittedError(commit.messageIds.filter((_id, i) => !got.has(hex[i])));
        }
      }
      // Lock what exists, insert what does not; a key inserted by another merger meanwhile is locked in the next round.
      let pending = keys;
      const updates: { key: DistributionMetricKey; parts: SketchParts }[] = [];
      for (let round = 0; pending.length > 0; round++) {
        if (round > 5) throw new Error('sketch store: rows kept appearing under the commit (5 rounds)');
        // An index probe a key, in the keys' order (every merger sorts them alike, so locks are taken in one order).
        // Not a join: with a window's 60,000 keys PostgreSQL 15 chose a merge join on four of the key's columns,
        // which compares each key with every row of its (account, metric, window).
        const existing = await c.query<PgRow>(
          `SELECT d.* FROM ${UNNEST_KEYS} AS u(a, m, e, n, g, w)
             CROSS JOIN LATERAL (SELECT * FROM "DistributionMetric" x
               WHERE x."account" = u.a AND x."metric" = u.m AND x."entity" = u.e AND x."displayName" = u.n AND x."granularityMs" = u.g AND x."windowStartMs" = u.w
               FOR UPDATE) d`,
          keyArrays(pending),
        );
        const found = new Set<string>();
        for (const r of existing.rows) {
          const key = keyOfRow(r);
          const t = keyText(key);
          found.add(t);
          const w = wanted.get(t)!;
          const m = MergedSketch.of(partsOfRow(r), this.maxBins);
          m.merge(w.sketch);
          updates.push({ key, parts: m.parts() });
          if (w.minute) amended++;
        }
        const absent = pending.filter((k) => !found.has(keyText(k)));
        if (absent.length === 0) break;
        const values = absent.map((k) => ({ key: k, parts: wanted.get(keyText(k))!.sketch.parts() }));
        const inserted = await c.query<PgRow>(
          `INSERT INTO "DistributionMetric" (${KEY_COLS}, "windowEndMs", "scale", "count", "sum", "min", "max", "bins")
           SELECT * FROM ${UNNEST_ROWS}
           ON CONFLICT DO NOTHING RETURNING ${KEY_COLS}`,
          this.rowArrays(values, (n) => {
            blobBytes += n;
          }),
        );
        rows += inserted.rows.length;
        const made = new Set(inserted.rows.map((r) => keyText(keyOfRow(r))));
        pending = absent.filter((k) => !made.has(keyText(k)));
      }
      if (updates.length > 0) {
        // The rows exist and are locked: each is rewritten through a probe of its primary key (ON CONFLICT), not a join (above).
        await c.query(
          `INSERT INTO "DistributionMetric" (${KEY_COLS}, "windowEndMs", "scale", "count", "sum", "min", "max", "bins")
           SELECT * FROM ${UNNEST_ROWS}
           ON CONFLICT (${KEY_COLS}) DO UPDATE SET "scale" = EXCLUDED."scale", "count" = EXCLUDED."count", "sum" = EXCLUDED."sum", "min" = EXCLUDED."min", "max" = EXCLUDED."max", "bins" = EXCLUDED."bins"`,
          this.rowArrays(updates, (n) => {
            blobBytes += n;
          }),
        );
        rows += updates.length;
      }
    });
    return { rows, amended, blobBytes };
  }

  private rowArrays(rows: readonly { key: DistributionMetricKey; parts: SketchParts }[], blob: (n: number) => void): unknown[] {
    const bins = rows.map((r) => {
      const b = encodeBins(r.parts.zeroCount, r.parts.positive, r.parts.negative);
      blob(b.length);
      return b;
    });
    return [
      ...keyArrays(rows.map((r) => r.key)),
      rows.map((r) => String(r.key.windowStartMs + r.key.granularityMs)),
      rows.map((r) => r.parts.scale),
      rows.map((r) => r.parts.count),
      rows.map((r) => r.parts.sum),
      rows.map((r) => r.parts.min),
      rows.map((r) => r.parts.max),
      bins,
    ];
  }

  async keepAside(rows: readonly AsideEnvelope[]): Promise<void> {
    if (rows.length === 0) return;
    await this.pool.query(
      `INSERT INTO "SketchAside" ("messageId", "account", "entity", "reason", "detail", "partition", "timestampMs", "receivedMs", "body")
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::bigint[], $8::bigint[], $9::bytea[]) ON CONFLICT DO NOTHING`,
      [
        rows.map((r) => r.messageId),
        rows.map((r) => clean(r.account)),
        rows.map((r) => clean(r.entity)),
        rows.map((r) => r.reason),
        rows.map((r) => clean(r.detail)),
        rows.map((r) => r.partition),
        rows.map((r) => String(r.timestampMs)),
        rows.map((r) => String(r.receivedMs)),
        rows.map((r) => Buffer.from(r.body)),
      ],
    );
  }

  async aside(account: string, limit = 1000): Promise<AsideEnvelope[]> {
    const r = await this.pool.query(
      `SELECT "messageId", "account", "entity", "reason", "detail", "partition", "timestampMs", "receivedMs", "body" FROM "SketchAside" WHERE "account" = $1 ORDER BY "receivedMs" DESC LIMIT $2`,
      [account, limit],
    );
    return r.rows.map((x) => ({ ...x, timestampMs: Number(x.timestampMs), receivedMs: Number(x.receivedMs), body: new Uint8Array(x.body) }));
  }

  async read(q: SketchQuery): Promise<DistributionMetric[]> {
    const where = ['"account" = $1', '"metric" = $2', '"granularityMs" = $3', '"windowStartMs" >= $4', '"windowStartMs" < $5'];
    const args: unknown[] = [q.account, q.metric, String(q.granularityMs), String(q.fromMs), String(q.toMs)];
    if (q.entity !== undefined) {
      args.push(q.entity);
      where.push(`"entity" = $${args.length}`);
    }
    if (q.displayName !== undefined) {
      args.push(q.displayName);
      where.push(`"displayName" = $${args.length}`);
    }
    const r = await this.pool.query<PgRow>(`SELECT * FROM "DistributionMetric" WHERE ${where.join(' AND ')} ORDER BY "entity", "displayName", "windowStartMs"`, args);
    return r.rows.map((row) => ({ ...keyOfRow(row), windowEndMs: Number(row.windowEndMs), sketch: partsOfRow(row), blobBytes: row.bins.length }));
  }

  async storedBytes(account: string, granularityMs: GranularityMs, fromMs: number, toMs: number): Promise<StoredBytes> {
    const r = await this.pool.query<PgRow & { n: number }>(
      `SELECT ${KEY_COLS}, length("bins") AS n FROM "DistributionMetric" WHERE "account" = $1 AND "granularityMs" = $2 AND "windowStartMs" >= $3 AND "windowStartMs" < $4`,
      [account, String(granularityMs), String(fromMs), String(toMs)],
    );
    let blobBytes = 0;
    let rowBytes = 0;
    for (const row of r.rows) {
      blobBytes += row.n;
      rowBytes += row.n + rowOverheadBytes(keyOfRow(row));
    }
    return { rows: r.rows.length, blobBytes, rowBytes };
  }

  async deleteBefore(beforeMs: number): Promise<number> {
    let deleted = 0;
    const dropped: number[] = [];
    await this.partitions.ddl(async (c) => {
      const parts = await c.query<{ child: string }>(
        `SELECT ch.relname AS child FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent JOIN pg_class ch ON ch.oid = i.inhrelid
           JOIN pg_namespace n ON n.oid = ch.relnamespace WHERE n.nspname = current_schema() AND p.relname = 'DistributionMetric'`,
      );
      for (const { child } of parts.rows) {
        const day = dayOfName(child);
        if (day === undefined || (day + 1) * DAY_MS > beforeMs) continue;
        deleted += (await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${child}"`)).rows[0].n;
        await c.query(`DROP TABLE "${child}"`);
        dropped.push(day);
      }
      await c.query('DELETE FROM "SketchAside" WHERE "receivedMs" < $1', [String(Math.floor(beforeMs / DAY_MS) * DAY_MS)]);
    });
    this.partitions.forget(dropped);
    return deleted;
  }

  async forgetIdsBefore(beforeMs: number): Promise<number> {
    const r = await this.pool.query('DELETE FROM "MergedMessage" WHERE "committedMs" < $1', [String(beforeMs)]);
    return r.rowCount ?? 0;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
