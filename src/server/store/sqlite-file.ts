// The embedded store's SQLite files: the topics (an outbox table, written
// only by the topics thread: the receiver's publishes and the deletes of
// acked messages, group-committed) and the rows (written only by the
// writer's thread). Two files, because SQLite has one write lock per file:
// in one file the publishes waited behind the writer's transactions (tens
// of ms for a batch of envelopes), and better-sqlite3 waits for a lock by
// blocking its thread.
//
// Durability: journal_mode=WAL with synchronous=FULL. The receiver's
// contract is "durable before 2xx": the agent deletes a batch from its disk
// queue on our 2xx, so a 2xx followed by a power cut must not lose the
// batch. WAL + NORMAL survives a crash of this process (kill -9) but not of
// the machine: the last commits may sit in the OS's page cache, unsynced.
// FULL fsyncs the WAL at every commit; the outbox groups the publishes and
// acks of one turn of its thread's event loop into one commit
// (sqlite-outbox.ts), so the fsync is paid per group, not per request.

import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { InfraWatchError } from '../../errors.js';

export type SqliteDatabase = Database.Database;

/** The schema's version (PRAGMA user_version); a file of a newer version is refused. */
const SCHEMA_VERSION = 1;

const TOPICS_SCHEMA = `
CREATE TABLE IF NOT EXISTS outbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  topic TEXT NOT NULL,
  partition INTEGER NOT NULL,
  id TEXT NOT NULL,
  account TEXT NOT NULL,
  entity TEXT NOT NULL,
  kind TEXT NOT NULL,
  timestampMs INTEGER NOT NULL,
  receivedMs INTEGER NOT NULL,
  body BLOB NOT NULL,
  UNIQUE (topic, id)
);
-- A consumer reads one topic from its cursor on, in seq order: this index is that range, already sorted.
CREATE INDEX IF NOT EXISTS outbox_by_topic ON outbox (topic, seq);
`;

const ROWS_SCHEMA = `
CREATE TABLE IF NOT EXISTS StoredMessage (
  id TEXT PRIMARY KEY,
  account TEXT NOT NULL,
  receivedMs INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS StoredMessage_by_time ON StoredMessage (receivedMs);

CREATE TABLE IF NOT EXISTS Host (
  account TEXT NOT NULL,
  hostId TEXT NOT NULL,
  hostName TEXT,
  firstSeenMs INTEGER NOT NULL,
  lastSeenMs INTEGER NOT NULL,
  agentVersion TEXT,
  mode TEXT,
  PRIMARY KEY (account, hostId)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS ProcessSample (
  account TEXT NOT NULL,
  hostId TEXT NOT NULL,
  timestampMs INTEGER NOT NULL,
  intervalMs INTEGER,
  mode TEXT,
  processId INTEGER NOT NULL,
  parentProcessId INTEGER,
  commandName TEXT,
  processDisplayName TEXT,
  state TEXT,
  cpuPercent REAL,
  cpuUserPercent REAL,
  cpuSystemPercent REAL,
  memoryResidentSizeBytes INTEGER,
  memoryVirtualSizeBytes INTEGER,
  threadCount INTEGER,
  commandLine TEXT,
  commandLineTruncated INTEGER,
  userName TEXT,
  ioTotalReadBytes INTEGER,
  ioTotalWriteBytes INTEGER,
  pinned INTEGER,
  agentSelf INTEGER,
  minorPageFaults INTEGER,
  majorPageFaults INTEGER,
  reapedChildrenCpuPercent REAL,
  messageId TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ProcessSample_by_host ON ProcessSample (account, hostId, timestampMs);

CREATE TABLE IF NOT EXISTS ProcessAggregateSample (
  account TEXT NOT NULL,
  hostId TEXT NOT NULL,
  timestampMs INTEGER NOT NULL,
  processDisplayName TEXT NOT NULL,
  processCount INTEGER,
  cpuPercent REAL,
  cpuUserPercent REAL,
  cpuSystemPercent REAL,
  memoryResidentSizeBytes INTEGER,
  memoryVirtualSizeBytes INTEGER,
  threadCount INTEGER,
  reapedChildrenCpuPercent REAL,
  unattributed INTEGER,
  messageId TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ProcessAggregateSample_by_host ON ProcessAggregateSample (account, hostId, timestampMs);

CREATE TABLE IF NOT EXISTS ProcessTickSample (
  account TEXT NOT NULL,
  hostId TEXT NOT NULL,
  timestampMs INTEGER NOT NULL,
  intervalMs INTEGER,
  mode TEXT,
  topN INTEGER,
  topRows INTEGER,
  aggregateRows INTEGER,
  topnCaptureRatioCpu REAL,
  topnCaptureRatioRss REAL,
  processCount INTEGER,
  kernelThreadCount INTEGER,
  threadCount INTEGER,
  cpuPercent REAL,
  cpuUserPercent REAL,
  cpuSystemPercent REAL,
  memoryResidentSizeBytes INTEGER,
  memoryVirtualSizeBytes INTEGER,
  listed INTEGER,
  scanned INTEGER,
  vanished INTEGER,
  denied INTEGER,
  malformed INTEGER,
  readErrors INTEGER,
  newProcesses INTEGER,
  pidsReused INTEGER,
  counterBackwards INTEGER,
  cpuClamped INTEGER,
  missing INTEGER,
  scanner TEXT,
  bpfFallbacks INTEGER,
  reapedChildrenCpuPercent REAL,
  hostCpuPercent REAL,
  unattributedCpuPercent REAL,
  messageId TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ProcessTickSample_by_host ON ProcessTickSample (account, hostId, timestampMs);
CREATE TABLE IF NOT EXISTS ProcessEphemeralSample (
  account TEXT NOT NULL,
  hostId TEXT NOT NULL,
  timestampMs INTEGER NOT NULL,
  grouping TEXT NOT NULL,
  processDisplayName TEXT NOT NULL,
  processCount INTEGER,
  cpuPercent REAL,
  memoryResidentPeakBytes INTEGER,
  lifetimeP50Ms REAL,
  lifetimeP95Ms REAL,
  lifetimeP99Ms REAL,
  lifetimeMaxMs REAL,
  exitCodes TEXT,
  messageId TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ProcessEphemeralSample_by_host ON ProcessEphemeralSample (account, hostId, timestampMs);

CREATE TABLE IF NOT EXISTS ProcessThreadSample (
  account TEXT NOT NULL,
  hostId TEXT NOT NULL,
  timestampMs INTEGER NOT NULL,
  processId INTEGER NOT NULL,
  processDisplayName TEXT,
  threadId INTEGER NOT NULL,
  name TEXT,
  state TEXT,
  cpuPercent REAL,
  messageId TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ProcessThreadSample_by_host ON ProcessThreadSample (account, hostId, timestampMs);

CREATE TABLE IF NOT EXISTS SystemSample (
  account TEXT NOT NULL,
  hostId TEXT NOT NULL,
  timestampMs INTEGER NOT NULL,
  cpu REAL,
  memory REAL,
  disk REAL,
  uptime REAL,
  extra TEXT,
  messageId TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS SystemSample_by_host ON SystemSample (account, hostId, timestampMs);

CREATE TABLE IF NOT EXISTS HostSnapshot (
  account TEXT NOT NULL,
  hostId TEXT NOT NULL,
  timestampMs INTEGER NOT NULL,
  osName TEXT,
  osVersion TEXT,
  kernel TEXT,
  body TEXT NOT NULL,
  messageId TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS HostSnapshot_by_host ON HostSnapshot (account, hostId, timestampMs);

CREATE TABLE IF NOT EXISTS AgentDiagEvent (
  account TEXT NOT NULL,
  hostId TEXT NOT NULL,
  timestampMs INTEGER NOT NULL,
  tsNs INTEGER NOT NULL,
  module TEXT,
  eventType TEXT,
  reason TEXT,
  messageId TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS AgentDiagEvent_by_host ON AgentDiagEvent (account, hostId, timestampMs);

CREATE TABLE IF NOT EXISTS MetricSample (
  account TEXT NOT NULL,
  hostId TEXT NOT NULL,
  timestampMs INTEGER NOT NULL,
  name TEXT NOT NULL,
  unit TEXT,
  type TEXT NOT NULL,
  monotonic INTEGER,
  temporality INTEGER,
  value REAL,
  timeUnixNano TEXT,
  startTimeUnixNano TEXT,
  resource TEXT,
  attributes TEXT,
  messageId TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS MetricSample_by_host ON MetricSample (account, hostId, timestampMs);

CREATE TABLE IF NOT EXISTS SketchSample (
  account TEXT NOT NULL,
  hostId TEXT NOT NULL,
  timestampMs INTEGER NOT NULL,
  metricName TEXT NOT NULL,
  displayName TEXT,
  windowStartMs INTEGER,
  windowEndMs INTEGER,
  scale INTEGER,
  gamma REAL,
  count REAL,
  sum REAL,
  min REAL,
  max REAL,
  body BLOB NOT NULL,
  messageId TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS SketchSample_by_host ON SketchSample (account, hostId, timestampMs);
`;

/** Opens (creating when absent) the topics' file at `path`: the outbox. */
export function openTopicsFile(path: string): SqliteDatabase {
  // 16 KiB pages: an envelope's body (~7 KiB) fits in one page instead of spilling into overflow pages;
  // 30 % less cpu per publish (a one-off measurement, not kept: 7 KiB bodies in groups of 16, pages of 4 KiB
  // against 16 KiB; bench/server-ingest.bench.ts measures the whole).
  return openSqliteFile(path, 'topics.path', TOPICS_SCHEMA, 16384);
}

/** Opens (creating when absent) the rows' file at `path`. */
export function openRowsFile(path: string): SqliteDatabase {
  return openSqliteFile(path, 'store.path', ROWS_SCHEMA, 4096);
}

/** A read-only connection to the topics' file (made by the topics thread): a consumer's pulls; in WAL mode a reader never waits for the writer. */
export function openTopicsReader(path: string): SqliteDatabase {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  return db;
}

/** The merger's file beside the rows' (sketches.db): its DistributionMetric rows and high-water marks, written by its thread only. */
export function sketchesPathOf(storePath: string): string {
  return storePath === ':memory:' ? ':memory:' : join(dirname(storePath), 'sketches.db');
}

/** Opens (creating when absent) the merger's file at `path` (its tables are made by the sketch store and the mark). */
export function openSketchesFile(path: string): SqliteDatabase {
  return openSqliteFile(path, 'store.path', '', 4096);
}

/** Opens `path` (creating it and its folder when absent) in WAL mode with synchronous=FULL, with `schema`; `key` names the config key in errors. */
function openSqliteFile(path: string, key: string, schema: string, pageSizeBytes: number): SqliteDatabase {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  let db: SqliteDatabase;
  try {
    db = new Database(path);
  } catch (err) {
    throw new InfraWatchError('IW_ERR_CONFIG', `${key}: cannot open ${path}: ${(err as Error).message}`, { cause: err });
  }
  // Takes effect only in a new file (before WAL mode and the first table).
  db.pragma(`page_size = ${pageSizeBytes}`);
  db.pragma('journal_mode = WAL');
  // FULL: see the file's head; the contract is durable before 2xx.
  db.pragma('synchronous = FULL');
  // Another process holding the file (a second `serve` on it) makes a write wait this long, then fail (503 to the client).
  db.pragma('busy_timeout = 5000');
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    db.close();
    throw new InfraWatchError('IW_ERR_CONFIG', `${key}: ${path} has schema version ${version}, newer than this server's ${SCHEMA_VERSION}`);
  }
  db.exec(schema);
  addMissingColumns(db, schema);
  db.pragma(`user_version = ${SCHEMA_VERSION}`);
  return db;
}

/**
 * Adds the columns of `schema` that a table made by an older server lacks
 * (CREATE TABLE IF NOT EXISTS leaves an existing table as it is): each
 * column line of a CREATE TABLE, when the file's table has no column of
 * that name, is run as ALTER TABLE … ADD COLUMN. Every column added since
 * a table first shipped is nullable; a NOT NULL one cannot be added to
 * existing rows, and says so.
 */
function addMissingColumns(db: SqliteDatabase, schema: string): void {
  for (const table of schema.matchAll(/CREATE TABLE IF NOT EXISTS (\w+) \(\n([\s\S]*?)\n\)/g)) {
    const name = table[1];
    const have = new Set((db.pragma(`table_info(${name})`) as { name: string }[]).map((c) => c.name));
    for (const line of table[2].split('\n')) {
      const column = /^\s*(\w+) (INTEGER|REAL|TEXT|BLOB)\b(.*?),?$/.exec(line);
      if (column === null || have.has(column[1])) continue;
      if (/NOT NULL/.test(column[3])) throw new InfraWatchError('IW_ERR_CONFIG', `${name}.${column[1]}: the file's table predates this NOT NULL column; it cannot be added to existing rows`);
      db.exec(`ALTER TABLE ${name} ADD COLUMN ${column[1]} ${column[2]}`);
    }
  }
}
