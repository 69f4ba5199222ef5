// The tick, written once: scan → rows (their files read, or, when that
// fails, the rows without them) → aggregate rows. The agent, `infrawatch
// scan` and the replay all run it; what they do with the result (encode,
// spool, ship, sketch, compare) is theirs. In-process and free of timers,
// so a tick can be tested without starting an agent.

import type { Enricher } from '../enrich/enricher.js';
import { aggregateRowsOf, rowsOf, type ProcessAggregateRow, type ProcessRow } from '../report/process-rows.js';
import type { ScanResult, Scanner } from '../scan/scanner.js';

export interface TickRows {
  readonly scan: ScanResult;
  readonly rows: ProcessRow[];
  readonly aggregates: ProcessAggregateRow[];
  /** How the rows' files went: read, skipped (asked not to), or failed (the rows went out without them; `problem` says why). */
  readonly enrichment: 'read' | 'skipped' | 'failed';
  readonly problem?: string;
  /** Milliseconds spent making the rows (their files included, the filter plugins not). */
  readonly rowsMs: number;
  /** Milliseconds the filter plugins took over the rows and aggregates. */
  readonly filterMs: number;
}

/** What runs over a tick's rows and aggregates before they leave (the filter plugins: filter/plugin-filters.ts); what it drops is left out of the arrays it returns. */
export interface RowFilter {
  filterTick(rows: ProcessRow[], aggregates: ProcessAggregateRow[]): { rows: ProcessRow[]; aggregates: ProcessAggregateRow[] };
}

export interface TickOptions {
  /** Read the rows' files (command line, user, io); false: the scanner's fields only (an open enrichment breaker). */
  readonly enrich: boolean;
  /** The replay's recorded clock; the agent's scans read the monotonic clock. */
  readonly atMs?: number;
}

export class TickPipeline {
  constructor(
    private current: Scanner,
    /** Reads the rows' files; undefined: never (the replay's raw side, tests). */
    private enricher: Enricher | undefined,
    /** Over the rows after the built-in scrubbing (the filter plugins); undefined: none. */
    private filters: RowFilter | undefined = undefined,
  ) {}

  /** The scanner the next tick runs (replace() may change it). */
  get scanner(): Scanner {
    return this.current;
  }

  /** A config change's new parts: the next tick runs with them. */
  replace(parts: { scanner?: Scanner; enricher?: Enricher; filters?: RowFilter | undefined }): void {
    if (parts.scanner !== undefined) this.current = parts.scanner;
    if (parts.enricher !== undefined) this.enricher = parts.enricher;
    if ('filters' in parts) this.filters = parts.filters;
  }

  async tick(options: TickOptions): Promise<TickRows> {
    const scan = await this.scanner.scan(options.atMs);
    return this.rowsOf(scan, options);
  }

  /** The rows and aggregates of a scan already taken. */
  rowsOf(scan: ScanResult, options: TickOptions): TickRows {
    const { views, system, selfPid } = this.scanner;
    const t0 = performance.now();
    const plain = () => rowsOf(scan, views, system, { enricher: undefined, withIo: false, selfPid });
    let rows: ProcessRow[];
    let enrichment: TickRows['enrichment'] = 'skipped';
    let problem: string | undefined;
    if (!options.enrich || this.enricher === undefined) {
      rows = plain();
    } else {
      try {
        // io only for the top rows: in raw mode every process is a row, and io is a file a row.
        rows = rowsOf(scan, views, system, { enricher: this.enricher, withIo: scan.mode === 'smart', selfPid });
        enrichment = 'read';
      } catch (err) {
        // A row's file failed (not gone, not denied): this tick's rows without their files rather than none.
        rows = plain();
        enrichment = 'failed';
        problem = `a row's file failed: ${(err as Error).message}`;
      }
    }
    let aggregates = aggregateRowsOf(scan);
    const t1 = performance.now();
    if (this.filters !== undefined) ({ rows, aggregates } = this.filters.filterTick(rows, aggregates));
    return { scan, rows, aggregates, enrichment, problem, rowsMs: t1 - t0, filterMs: performance.now() - t1 };
  }
}
