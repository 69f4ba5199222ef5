// Runs a tick every `intervalMs` on the main thread. Drift-corrected: tick k
// is due at start + k·interval, so a slow tick does not push every later
// one back; a tick still running when the next is due makes that one
// skipped (counted), never overlapped. The timer is unref'd: the scheduler
// alone never keeps the process alive (the `run` command holds it open).

export type TickFn = () => Promise<void>;

export class TickScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private startedAt = 0;
  private due = 0;
  private stopped = true;
  /** Ticks not run because the previous one overran their slot. */
  skipped = 0;
  /** Ticks whose function threw or rejected. */
  failed = 0;
  /**
   * How late the last tick started after it was due: the main thread's
   * event-loop delay, measured with the timer the ticks need anyway (a
   * sampling monitor of its own woke the agent 50 times a second).
   */
  lateMs = 0;

  constructor(
    private intervalMs: number,
    private readonly tick: TickFn,
    private readonly onError: (err: unknown) => void,
  ) {
    if (!(intervalMs > 0)) throw new RangeError(`interval must be > 0 ms, got ${intervalMs}`);
  }

  /** Runs the first tick now, then on the interval. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.startedAt = performance.now();
    this.due = 0;
    this.fire();
  }

  get interval(): number {
    return this.intervalMs;
  }

  /** Changes the interval from the next tick on (called from a tick: the schedule restarts from now). */
  retime(intervalMs: number): void {
    if (!(intervalMs > 0) || intervalMs === this.intervalMs) return;
    this.intervalMs = intervalMs;
    this.startedAt = performance.now();
    this.due = 0;
  }

  /** Stops the timer and waits for a tick in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private fire(): void {
    this.running = this.tick()
      .catch((err: unknown) => {
        this.failed++;
        this.onError(err);
      })
      .finally(() => {
        this.running = undefined;
        this.scheduleNext();
      });
  }

  private scheduleNext(): void {
    if (this.stopped) return;
    const now = performance.now() - this.startedAt;
    let next = this.due + 1;
    const late = Math.floor(now / this.intervalMs) - next + 1;
    if (late > 0) {
      this.skipped += late;
      next += late;
    }
    this.due = next;
    this.timer = setTimeout(() => {
      this.lateMs = Math.max(0, performance.now() - this.startedAt - this.due * this.intervalMs);
      this.fire();
    }, next * this.intervalMs - now);
    this.timer.unref();
  }
}
