// The query side's one entry: NRQL text of an account in, an NRQL-shaped
// answer out. Parse (nrql-parser.ts) → resolve the range (time-range.ts) →
// route (router.ts: SKETCH, SKETCH+RAW or RAW) → metadata. The account is
// always the caller's (the token's, query-http.ts): every statement and
// every sketch read is scoped to it.
//
// Modes: per query (the request's "mode"), else per account
// (`accountModes`), else `defaultMode` (auto; the roll-out flips it, as the
// seed's W-8 step does).

import { parseNrql } from './nrql-parser.js';
import type { QueryMode, QueryResult } from './query-result.js';
import { RawExecutor } from './raw-executor.js';
import { QueryRouter } from './router.js';
import type { HighWaterReader, SketchReader } from './sketch-reader.js';
import type { SqlRunner } from './sql-runner.js';
import { resolveTimeRange } from './time-range.js';

export const QUERY_MODES: readonly QueryMode[] = ['raw', 'sketch', 'auto'];

export interface QueryServiceOptions {
  readonly sketches?: SketchReader;
  readonly marks?: HighWaterReader;
  readonly defaultMode?: QueryMode;
  readonly accountModes?: ReadonlyMap<string, QueryMode>;
  /** See RouterOptions.freshnessMs. */
  readonly freshnessMs?: number;
  /** The clock SINCE … ago and the default range are read from (tests fix it). */
  readonly now?: () => number;
}

export class QueryService {
  readonly raw: RawExecutor;
  private readonly router: QueryRouter;
  private readonly now: () => number;

  constructor(
    readonly runner: SqlRunner,
    private readonly o: QueryServiceOptions = {},
  ) {
    this.raw = new RawExecutor(runner);
    this.router = new QueryRouter(this.raw, o.sketches, o.marks, { freshnessMs: o.freshnessMs });
    this.now = o.now ?? Date.now;
  }

  modeOf(account: string, requested?: QueryMode): QueryMode {
    return requested ?? this.o.accountModes?.get(account) ?? this.o.defaultMode ?? 'auto';
  }

  /** Answers `nrql` for `account`; throws NrqlSyntaxError or QueryError for a query it cannot answer (a 400). */
  async query(account: string, nrql: string, mode?: QueryMode): Promise<QueryResult> {
    const started = performance.now();
    const query = parseNrql(nrql);
    const range = resolveTimeRange(query, this.now());
    const parsedMs = performance.now() - started;
    const effective = this.modeOf(account, mode);
    const r = await this.router.run(query, account, range, effective);
    return {
      ...r.answer,
      metadata: {
        eventType: query.from,
        account,
        beginTimeMillis: range.fromMs,
        endTimeMillis: range.toMs,
        ...(range.bucketMs !== undefined ? { bucketSizeMillis: range.bucketMs } : {}),
        ...(query.facet.length > 0 ? { facet: query.facet.map((f) => f.name) } : {}),
        mode: effective,
        route: r.route,
        reason: r.reason,
        ...(r.rewrittenQuery !== undefined ? { rewrittenQuery: r.rewrittenQuery } : {}),
        ...(r.windows !== undefined ? { windows: r.windows } : {}),
        ...(r.highWaterMarkMs !== undefined ? { highWaterMarkMs: r.highWaterMarkMs } : {}),
        ...(r.rawTail !== undefined ? { rawTail: r.rawTail } : {}),
        warnings: r.warnings,
        routerMs: parsedMs + r.classifyMs,
        elapsedMs: performance.now() - started,
      },
    };
  }

  /** The account's high-water mark (ns); undefined while none was set; null when this service reads no marks (no merger). */
  async highWaterNs(account: string): Promise<bigint | undefined | null> {
    return this.o.marks === undefined ? null : this.o.marks.markNs(account);
  }

  async close(): Promise<void> {
    await this.runner.close();
  }
}
