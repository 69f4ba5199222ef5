// The agent's breakers and what each does while open, in one place: the
// scan's stretches the interval (within max_interval_seconds) and halves
// the rows; the sketches' makes every process a row and pauses the
// sketches; the enrichment's ships the rows without their files (the
// pipeline reads this one's state). The scan is asked to degrade, never
// poked at. Every change is told by the one reporter (health/breaker-report.ts)
// that the sinks' breakers use too.

import type { AgentConfig } from './config/schema.js';
import type { BreakerReport } from './health/breaker-report.js';
import { CircuitBreaker } from './health/circuit-breaker.js';
import type { Scanner } from './scan/scanner.js';
import type { TickScheduler } from './scheduler.js';

/** What the policies act on; the scanner and the config may be replaced by a config change, hence getters. */
export interface BreakerTargets {
  scanner(): Scanner;
  config(): AgentConfig;
  readonly scheduler: TickScheduler;
  /** The configured interval, which an open scan breaker stretches. */
  intervalMs(): number;
}

export class AgentBreakers {
  /** Opens when ticks cost more cpu than the scan's budget: the interval stretches and N halves until a probe passes. */
  readonly scan: CircuitBreaker;
  /** Opens on a sketch error or a tick over the sketches' memory budget: rows go raw until a probe passes. */
  readonly sketch: CircuitBreaker;
  /** Opens when the rows' files are slow or failing: rows ship without cmdline, user and io until a probe passes. */
  readonly enrich: CircuitBreaker;

  /** New breakers, closed, and the scan at full strength. */
  constructor(
    config: AgentConfig,
    private readonly t: BreakerTargets,
    private readonly report: BreakerReport,
  ) {
    const options = { failuresToOpen: config.breaker_failures, openTicks: config.breaker_open_ticks };
    this.scan = new CircuitBreaker('scan', options, (from, to, reason) => this.onScan(from, to, reason));
    this.sketch = new CircuitBreaker('sketch', options, (from, to, reason) => {
      t.scanner().degrade({ raw: to === 'open' });
      report('sketch', from, to, reason, 'rows go raw (every process a row) and the sketches pause');
    });
    this.enrich = new CircuitBreaker('enrich', options, (from, to, reason) => report('enrich', from, to, reason, 'rows ship without command line, user and io'));
    t.scheduler.retime(t.intervalMs());
    t.scanner().degrade({ raw: false, rowLimit: Number.POSITIVE_INFINITY });
  }

  all(): CircuitBreaker[] {
    return [this.scan, this.sketch, this.enrich];
  }

  /** A new scanner, or sketches turned off or on, under breakers that stay: the scan as the sketch breaker has it. */
  reapply(sketching: boolean): void {
    this.t.scanner().degrade({ raw: this.sketch.state === 'open' && sketching });
  }

  /** Gentler while open: a longer interval (within max_interval_seconds) and half the rows; full strength otherwise (the probe included). */
  private onScan(from: CircuitBreaker['state'], to: CircuitBreaker['state'], reason: string): void {
    const open = to === 'open';
    const config = this.t.config();
    const intervalMs = this.t.intervalMs();
    const stretched = Math.min(intervalMs * 2, config.max_interval_seconds * 1000);
    this.t.scheduler.retime(open ? Math.max(stretched, intervalMs) : intervalMs);
    const rows = Math.max(1, Math.floor(config.top_n / 2));
    this.t.scanner().degrade({ rowLimit: open ? rows : Number.POSITIVE_INFINITY });
    this.report('scan', from, to, reason, `interval ${this.t.scheduler.interval} ms, at most ${rows} rows`, { intervalMs: this.t.scheduler.interval });
  }
}
