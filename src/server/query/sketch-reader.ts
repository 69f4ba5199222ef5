// What the query router needs from part 2 (the merger's DistributionMetric
// store and the high-water mark, src/server/sketch-store/ and
// src/server/high-water/ on branch server-merger), as two small interfaces.
// The router is written against these only; memory-sketch-store.ts is the
// in-memory implementation the tests use. To plug the real stores in,
// implement both over them and pass them to QueryService (query-service.ts).
//
// The windows (DESIGN.md, "Contracts between the roles"):
//   - a window is [startMs, endMs): 60 s windows [floor(t/60 s)·60 s, +60 s)
//     and hourly rollups [floor(t/1 h)·1 h, +1 h), each the merge of every
//     SketchEnvelope of its (account, metric, entity, display name);
//   - entity '' is the fleet rollup (every entity of the account);
//   - display undefined is the host key (every process of the entity: the
//     agent's SketchEnvelope with an empty display_name); a string is the
//     key of that processDisplayName;
//   - bins are DDSketch bins of the agent's mapping (src/sketch/): at scale
//     s, γ = 2^(2^-s), bin i holds (γ^i, γ^(i+1)]; windows of different
//     scales merge by moving bin i to i >> d at the coarser scale.
// The high-water mark: per account, the highest ingest time T (Unix ms)
// such that every sketch received at or before T is merged and stored. The
// router trusts a window only when its endMs ≤ T.

/** The metrics the agent sketches (src/sketch/sketch-book.ts SKETCH_METRICS). */
export type SketchMetricName = 'cpuPercent' | 'memoryResidentSizeBytes';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export type WindowGranularityMs = typeof MINUTE_MS | typeof HOUR_MS;

export interface SketchWindow {
  readonly startMs: number;
  readonly endMs: number;
  /** The mapping's scale: γ = 2^(2^-scale). */
  readonly scale: number;
  readonly count: number;
  readonly sum: number;
  readonly min: number;
  readonly max: number;
  /** Values counted as zero (|v| < 2^-1022, or 0). */
  readonly zeroCount: number;
  /** The positive values' bins: counts[k] is the weight of bin offset + k. */
  readonly bins: { readonly offset: number; readonly counts: ArrayLike<number> };
}

export interface SketchReader {
  /**
   * The stored windows of one key whose startMs is in [fromMs, toMs), of
   * one granularity, in ascending startMs, one per start (the merger has
   * already merged every envelope of a window into one). A window absent
   * here is either missing or had no data: the router tells the two apart
   * with the rows (router.ts).
   *   entity   the host id (the SketchEnvelope's entity_guid), '' for the fleet rollup
   *   display  the processDisplayName key, undefined for the host key
   */
  windows(account: string, metric: SketchMetricName, entity: string, display: string | undefined, fromMs: number, toMs: number, granularityMs: WindowGranularityMs): AsyncIterable<SketchWindow>;

  /**
   * The keys with an hourly rollup starting in [fromMs, toMs) (every key
   * with a window in those hours: the store rolls each 60 s window into
   * its hour), of `of.entity` (every entity, the fleet's '' too, when
   * absent) and `of.display` (every display name when absent; null: the
   * host key only). What a FACET on the sketches enumerates.
   */
  keys(account: string, metric: SketchMetricName, of: { readonly entity?: string; readonly display?: string | null }, fromMs: number, toMs: number): Promise<SketchKey[]>;
}

/** A sketch key: display undefined is the host key. */
export interface SketchKey {
  readonly entity: string;
  readonly display: string | undefined;
}

export interface HighWaterReader {
  /** The account's high-water mark, Unix ms; undefined when nothing was merged for it yet. */
  mark(account: string): Promise<bigint | undefined>;
  /** The same mark in ns, as the merger stores it (GET /api/high-water answers it exactly). */
  markNs(account: string): Promise<bigint | undefined>;
}
