// A circuit breaker counted in ticks: closed until `failuresToOpen` failures
// in a row, then open for `openTicks` ticks (the module runs in its gentler
// mode), then half-open: exactly one probe at full strength, which closes
// it again or opens it for another spell. Every change of state is reported.

export type BreakerState = 'closed' | 'open' | 'half_open';

export const BREAKER_STATE_VALUE: Readonly<Record<BreakerState, number>> = { closed: 0, open: 1, half_open: 2 };

export interface BreakerOptions {
  readonly failuresToOpen: number;
  readonly openTicks: number;
}

export class CircuitBreaker {
  state: BreakerState = 'closed';
  /** Why it last moved. */
  reason = '';
  private failures = 0;
  private openFor = 0;

  constructor(
    readonly module: string,
    private readonly options: BreakerOptions,
    private readonly onChange: (from: BreakerState, to: BreakerState, reason: string) => void,
  ) {}

  /** The outcome of one tick of the module; `reason` says why it failed. */
  record(ok: boolean, reason = ''): void {
    switch (this.state) {
      case 'closed':
        this.failures = ok ? 0 : this.failures + 1;
        if (this.failures >= this.options.failuresToOpen) this.move('open', `${this.failures} failures in a row: ${reason}`);
        break;
      case 'open':
        if (++this.openFor >= this.options.openTicks) this.move('half_open', `probing after ${this.openFor} ticks`);
        break;
      case 'half_open':
        if (ok) this.move('closed', 'the probe passed');
        else this.move('open', `the probe failed: ${reason}`);
        break;
    }
  }

  /** One tick passes while open with no outcome to record (a sink waiting out its cooldown). */
  advance(): void {
    if (this.state === 'open' && ++this.openFor >= this.options.openTicks) this.move('half_open', `probing after ${this.openFor} ticks`);
  }

  private move(to: BreakerState, reason: string): void {
    const from = this.state;
    this.state = to;
    this.reason = reason;
    this.failures = 0;
    this.openFor = 0;
    this.onChange(from, to, reason);
  }
}
