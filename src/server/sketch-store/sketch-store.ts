// The store of merged sketches: DistributionMetric rows, one per (account,
// metric, entity, display name, granularity, window start), written by the
// merger when a window closes and read by the query side (the NRQL router
// of a later issue: approxPercentile over windows). Embedded: tables in the
// SQLite store file (sqlite-sketch-store.ts); scale-out: PostgreSQL 15,
// partitioned by UTC day of the window start (postgres-sketch-store.ts).
//
// A row: account, metric, entity ('' for the fleet rollup of every host),
// display name ('' for the host key), window start and end (Unix ms),
// granularity (60 s or 1 h), scale, count, sum, min, max, and the bins as a
// zstd-3 blob (bins-codec.ts). The hourly rows are rollups of the minute
// rows: the store merges each minute partial into its hour row in the same
// transaction, so an hour row is always the merge of the minute rows under
// it (late data that amends a minute amends its hour too).

import type { SketchParts } from '../merger/merged-sketch.js';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
export const GRANULARITIES = [MINUTE_MS, HOUR_MS] as const;
export type GranularityMs = (typeof GRANULARITIES)[number];

/** The entity of a fleet rollup row (every host of the account). */
export const FLEET = '';

export interface DistributionMetricKey {
  readonly account: string;
  /** cpuPercent, memoryResidentSizeBytes, or an OTLP exponential histogram's name. */
  readonly metric: string;
  /** The host; FLEET ('') for the rollup across every host. */
  readonly entity: string;
  /** The process display name; '' for the host key. */
  readonly displayName: string;
  readonly granularityMs: GranularityMs;
  /** floor(t / granularity) × granularity. */
  readonly windowStartMs: number;
}

export interface DistributionMetric extends DistributionMetricKey {
  readonly windowEndMs: number;
  readonly sketch: SketchParts;
  /** The bins blob's bytes as stored (zstd-3). */
  readonly blobBytes: number;
}

/** What the merger adds to one minute row: the merge of the envelopes of one window it holds. */
export interface MinutePartial {
  readonly key: DistributionMetricKey & { readonly granularityMs: typeof MINUTE_MS };
  readonly sketch: SketchParts;
}

export interface WindowCommit {
  /** The TopicMessage ids merged into `partials`: each is committed once, ever (see commit). */
  readonly messageIds: readonly string[];
  /** Per host and fleet partials (at most one per key). */
  readonly partials: readonly MinutePartial[];
}

export interface CommitResult {
  /** Rows inserted or updated, minute and hour. */
  readonly rows: number;
  /** Minute rows that existed and were merged into (late data amending a closed window). */
  readonly amended: number;
  /** zstd bytes of the minute and hour blobs written. */
  readonly blobBytes: number;
}

/** commit() found one of its ids already committed: nothing was written. */
export class AlreadyCommittedError extends Error {
  constructor(readonly ids: readonly string[]) {
    super(`${ids.length} message id(s) already committed (e.g. ${ids[0]?.slice(0, 16)}…): the commit was rolled back`);
    this.name = 'AlreadyCommittedError';
  }
}

/** An envelope the merger refused or set aside (late, policy "aside"), with why. */
export interface AsideEnvelope {
  readonly account: string;
  readonly entity: string;
  readonly messageId: string;
  /** A RefusalReason of the guard, or 'late'. */
  readonly reason: string;
  readonly detail: string;
  readonly partition: number;
  readonly timestampMs: number;
  readonly receivedMs: number;
  readonly body: Uint8Array;
}

export interface SketchQuery {
  readonly account: string;
  readonly metric: string;
  readonly granularityMs: GranularityMs;
  /** Windows starting at or after… */
  readonly fromMs: number;
  /** …and before. */
  readonly toMs: number;
  /** Only this entity (FLEET for the rollups); every entity when absent. */
  readonly entity?: string;
  readonly displayName?: string;
}

export interface StoredBytes {
  readonly rows: number;
  readonly blobBytes: number;
  /** The rows' bytes as stored: blob plus key columns and numbers (an estimate of the row's payload, without page overhead). */
  readonly rowBytes: number;
}

export interface SketchStore {
  /**
   * Of `ids`, those committed by an earlier commit(): the merger checks a
   * pulled batch against this before merging, so that a redelivery after a
   * crash between commit and ack is acked without being merged twice.
   */
  committedIds(ids: readonly string[]): Promise<Set<string>>;

  /**
   * In ONE transaction: records every message id (a single id already
   * recorded rolls the whole commit back and rejects with
   * AlreadyCommittedError: an owner that lost its partitions, or a
   * redelivery merged by another owner, cannot commit twice), then merges
   * each partial into its minute row (created, or amended when it exists)
   * and into the hour row of the same key. Resolves after the commit; the
   * merger acks the window's messages only then. Concurrent commits of two
   * mergers to one fleet or hour row serialise on the row (PostgreSQL:
   * SELECT … FOR UPDATE in one key order).
   */
  commit(c: WindowCommit): Promise<CommitResult>;

  /** Keeps refused or late envelopes aside (idempotent on messageId); resolves after the commit. */
  keepAside(rows: readonly AsideEnvelope[]): Promise<void>;

  /** What was set aside for `account`, newest first. */
  aside(account: string, limit?: number): Promise<AsideEnvelope[]>;

  /** The rows of `q`, in key order (entity, displayName, windowStartMs). */
  read(q: SketchQuery): Promise<DistributionMetric[]>;

  /** Rows and bytes of `account`'s rows of `granularityMs` in [fromMs, toMs) (for the bytes-per-host-day figure). */
  storedBytes(account: string, granularityMs: GranularityMs, fromMs: number, toMs: number): Promise<StoredBytes>;

  /** Retention: deletes rows of windows that end before `beforeMs` (whole days); returns the rows deleted. */
  deleteBefore(beforeMs: number): Promise<number>;

  /** Forgets committed message ids committed before `beforeMs` (past any redelivery: JetStream's ack wait, the outbox's life). */
  forgetIdsBefore(beforeMs: number): Promise<number>;

  close(): Promise<void>;
}

export function windowStartOf(t: number, granularityMs: number): number {
  return Math.floor(t / granularityMs) * granularityMs;
}

/** The hour row a minute row rolls up into. */
export function hourKeyOf(k: DistributionMetricKey): DistributionMetricKey {
  return { ...k, granularityMs: HOUR_MS, windowStartMs: windowStartOf(k.windowStartMs, HOUR_MS) };
}

/** A message id (sha256 hex) as the 16 bytes the stores keep: its first half (a collision needs ~2^64 ids). */
export function idKey(id: string): Buffer {
  return Buffer.from(id.slice(0, 32), 'hex');
}

/** A key's text (for maps and row-lock order). */
export function keyText(k: DistributionMetricKey): string {
  return `${k.account}\0${k.metric}\0${k.entity}\0${k.displayName}\0${k.granularityMs}\0${k.windowStartMs}`;
}

/** Bytes of a row's key columns and numbers besides the blob (UTF-8 texts, 8 bytes a number: 2 times, granularity, scale, count, sum, min, max). */
export function rowOverheadBytes(k: DistributionMetricKey): number {
  return Buffer.byteLength(k.account) + Buffer.byteLength(k.metric) + Buffer.byteLength(k.entity) + Buffer.byteLength(k.displayName) + 8 * 8;
}
