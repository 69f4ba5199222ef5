// The store of rows the writer fills and the query side (a later issue)
// reads. Embedded: one SQLite file (sqlite-row-store.ts); scale-out:
// PostgreSQL 15, tables partitioned by day. Every table is keyed by account
// first (the account the token named): no query crosses accounts, and the
// PostgreSQL implementation may partition or schema them per account.
//
// Tables and their rows (field names as the agent's API rows and
// ProcessEnvelope name them, camelCase; one row per …):
//   ProcessSample           … top row of a tick (ProcessEnvelope.payload.top)
//   ProcessAggregateSample  … aggregate row of a tick (payload.aggregates)
//   ProcessTickSample       … tick (payload: mode, N, topn_capture_ratio,
//                             the host's totals, the scan's counters)
//   ProcessEphemeralSample  … summary of the processes that ended in a tick, per
//                             display name (grouping 'name') or per parent's
//                             ('parent') (payload.ephemeral, v2.3)
//   ProcessThreadSample     … thread of a top row that carried its busiest
//                             threads (payload.top[].threads, v2.4)
//   SystemSample            … host telemetry body (cpu, memory, disk, uptime, disks)
//   HostSnapshot            … snapshot body (os, kernel, packages, env vars)
//   AgentDiagEvent          … agent diag event (module, eventType, reason, tsNs)
//   MetricSample            … OTLP gauge or sum data point
//   SketchSample            … SketchEnvelope, kept whole until the merger lands
//   Host                    … host: the registry (firstSeenMs, lastSeenMs,
//                             agentVersion, mode, hostName)

import type { TopicMessage } from '../topics/topic-message.js';

export const ROW_TABLES = [
  'ProcessSample',
  'ProcessAggregateSample',
  'ProcessTickSample',
  'ProcessEphemeralSample',
  'ProcessThreadSample',
  'SystemSample',
  'HostSnapshot',
  'AgentDiagEvent',
  'MetricSample',
  'SketchSample',
  'Host',
] as const;
export type RowTable = (typeof ROW_TABLES)[number];

export type RowCounts = Record<RowTable, number>;

export interface WriteResult {
  /** Messages whose rows were written by this call. */
  readonly written: number;
  /** Messages already stored (by an earlier delivery): nothing written for them. */
  readonly duplicates: number;
  /** Messages whose body did not decode as their kind says: counted, skipped, never retried. */
  readonly undecodable: number;
  /** Rows written, per table. */
  readonly rows: Readonly<Partial<RowCounts>>;
}

/** One host's entry in the registry. */
export interface HostRecord {
  readonly account: string;
  readonly hostId: string;
  readonly hostName: string | null;
  readonly firstSeenMs: number;
  readonly lastSeenMs: number;
  readonly agentVersion: string | null;
  /** The ProcessEnvelope's mode ("smart" or "raw") last seen. */
  readonly mode: string | null;
}

export interface RowStore {
  /**
   * Writes the rows of `messages` in ONE transaction, idempotently on
   * TopicMessage.id: a message already stored (in this batch or any earlier
   * one) writes nothing, so a redelivery or an agent's retry is stored once.
   * Resolves after the transaction committed; the caller acks the messages
   * on their topic only then. Rejects, having written nothing, when the
   * transaction fails (the caller releases the messages to be pulled
   * again). A body that does not decode is counted in `undecodable`, not
   * thrown: one bad message must not stop its partition.
   */
  writeBatch(messages: readonly TopicMessage[]): Promise<WriteResult>;

  /**
   * Rows per table of `account`, of one host when `hostId` is given (the
   * Host table counts that host's entry). For tests and the query issue,
   * which will add real readers beside it.
   */
  countRows(account: string, hostId?: string): Promise<RowCounts>;

  /** The registry entry of a host, or undefined when it never wrote. */
  host(account: string, hostId: string): Promise<HostRecord | undefined>;

  /**
   * Deletes rows older than `beforeMs` (retention); returns the rows
   * deleted. The SQLite store deletes each row before it; the PostgreSQL
   * store drops whole days, so the rows of the day holding `beforeMs`
   * stay until that day is wholly older (seams.test.ts: retentionStepMs).
   */
  deleteBefore(beforeMs: number): Promise<number>;

  close(): Promise<void>;
}
