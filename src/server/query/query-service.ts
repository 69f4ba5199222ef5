// The query side's one entry: NRQL text of an account in, an NRQL-shaped
// answer out. Parse (nrql-parser.ts) → resolve the range (time-range.ts) →
// route (router.ts: SKETCH, SKETCH+RAW or RAW) → metadata. The account is
// always the caller's (the token's, query-http.ts): every statement and
// every sketch read is scoped to it.
//
// Modes, first found wins: per query (the request's "mode"); the account's
// fleet switch (`infrawatch fleet router-mode set`, fleet.db: the roll-out's
// W-8 step flips it account by account without a restart); the account's
// in server.yaml (query.modes); server.yaml's query.default_mode; auto.
// The metadata's modeFrom says which.

import type { ServerConfig } from '../config/server-config.js';
import type { FleetStore } from '../fleet/fleet-store.js';
import { parseNrql } from './nrql-parser.js';
import type { ModeSource, QueryMode, QueryResult } from './query-result.js';
import { RawExecutor } from './raw-executor.js';
import { QueryRouter } from './router.js';
import type { HighWaterReader, SketchReader } from './sketch-reader.js';
import type { SqlRunner } from './sql-runner.js';
import { resolveTimeRange } from './time-range.js';

/** For the request's and the CLI's check. */
export { QUERY_MODES } from './query-result.js';

export interface QueryServiceOptions {
  readonly sketches?: SketchReader;
  readonly marks?: HighWaterReader;
  readonly defaultMode?: QueryMode;
  readonly accountModes?: ReadonlyMap<string, QueryMode>;
  /** The account's fleet switch, read per query (FleetStore.routerMode: a pragma when nothing changed). */
  readonly fleetMode?: (account: string) => QueryMode | undefined;
  /** See RouterOptions.freshnessMs. */
  readonly freshnessMs?: number;
  /** The clock SINCE … ago and the default range are read from (tests fix it). */
  readonly now?: () => number;
}

/** The modes of server.yaml's query: and the fleet switch of `fleet` (fleet.db), as the service's options. */
export function modeOptions(query: ServerConfig['query'], fleet: FleetStore | undefined): Pick<QueryServiceOptions, 'defaultMode' | 'accountModes' | 'fleetMode'> {
  return { defaultMode: query.default_mode, accountModes: new Map(Object.entries(query.modes)), ...(fleet ? { fleetMode: (account: string) => fleet.routerMode(account) } : {}) };
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

  modeOf(account: string, requested?: QueryMode): { mode: QueryMode; from: ModeSource } {
    if (requested !== undefined) return { mode: requested, from: 'query' };
    const fleet = this.o.fleetMode?.(account);
    if (fleet !== undefined) return { mode: fleet, from: 'fleet' };
    const configured = this.o.accountModes?.get(account);
    if (configured !== undefined) return { mode: configured, from: 'account' };
    return { mode: this.o.defaultMode ?? 'auto', from: 'default' };
  }

  /** Answers `nrql` for `account`; throws NrqlSyntaxError or QueryError for a query it cannot answer (a 400). */
  async query(account: string, nrql: string, mode?: QueryMode): Promise<QueryResult> {
    const started = performance.now();
    const query = parseNrql(nrql);
    const range = resolveTimeRange(query, this.now());
    const parsedMs = performance.now() - started;
    const effective = this.modeOf(account, mode);
    const r = await this.router.run(query, account, range, effective.mode);
    return {
      ...r.answer,
      metadata: {
        eventType: query.from,
        account,
        beginTimeMillis: range.fromMs,
        endTimeMillis: range.toMs,
        ...(range.bucketMs !== undefined ? { bucketSizeMillis: range.bucketMs } : {}),
        ...(query.facet.length > 0 ? { facet: query.facet.map((f) => f.name) } : {}),
        mode: effective.mode,
        modeFrom: effective.from,
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
