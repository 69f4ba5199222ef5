// The bytes of request bodies the receiver holds at once (read, inflated,
// not yet published), bounded: without it, max_connections bodies of
// max_body_bytes each would be gigabytes. A request whose body would pass
// the bound is refused with 429 + Retry-After while it is read, before it
// is decoded, the way the OpenTelemetry Collector's memory limiter refuses.

export class MemoryBudget {
  private heldBytes = 0;

  constructor(readonly maxBytes: number) {}

  /** Takes `n` bytes, or nothing and false when that would pass the bound. */
  take(n: number): boolean {
    if (this.heldBytes + n > this.maxBytes) return false;
    this.heldBytes += n;
    return true;
  }

  give(n: number): void {
    this.heldBytes -= n;
  }

  get held(): number {
    return this.heldBytes;
  }
}
