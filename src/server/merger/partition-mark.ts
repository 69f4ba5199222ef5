// Per owned partition, what the merger knows of time:
//   - the watermark: the latest window start seen on it (event time, the
//     agents' clocks), which closes windows;
//   - the partition mark (ingest time, the receiver's clock, ns): every
//     message of the partition received at or before it is committed.
//
// The mark is the lowest of:
//   - drained − publish slack: the start of the last pull after which the
//     partition held nothing this merger had not pulled (the receiver
//     stamps receivedMs before its publish is durable, so a message stamped
//     earlier may still appear shortly after: the slack covers that);
//   - (oldest receivedMs held uncommitted) − 1 ns;
//   - (oldest receivedMs released uncommitted) − 1 ns, until a drained pull
//     that started after the release (it has come back then, and is held).
// A partition gained from another owner reports no mark until a drained
// pull that started `graceMs` after the gain: the previous owner's unacked
// deliveries come back only after the topic's ack wait.
// The rule the property test checks (test/server/high-water.test.ts): no
// message held or not yet pulled is ever at or below a reported mark.

import { nsOfMs } from '../high-water/high-water-mark.js';

interface PartitionTime {
  watermarkMs: number;
  gainedAtMs: number;
  /** Start of the last drained pull, less the slack; undefined before the first (after the grace). */
  drainedMs: number | undefined;
  /** receivedMs → deliveries held with it. */
  readonly held: Map<number, number>;
  /** Lowest receivedMs released uncommitted, and when (cleared by a drained pull started after). */
  releasedFloorMs: number;
  releasedAtMs: number;
}

export class PartitionClock {
  private readonly parts = new Map<number, PartitionTime>();

  constructor(
    private readonly slackMs: number,
    private readonly graceMs: number,
  ) {}

  private of(p: number): PartitionTime {
    let t = this.parts.get(p);
    if (t === undefined) {
      t = { watermarkMs: 0, gainedAtMs: 0, drainedMs: undefined, held: new Map(), releasedFloorMs: Infinity, releasedAtMs: 0 };
      this.parts.set(p, t);
    }
    return t;
  }

  gained(p: number, nowMs: number): void {
    this.parts.delete(p);
    this.of(p).gainedAtMs = nowMs;
  }

  lost(p: number): void {
    this.parts.delete(p);
  }

  event(p: number, windowStartMs: number): void {
    const t = this.of(p);
    if (windowStartMs > t.watermarkMs) t.watermarkMs = windowStartMs;
  }

  watermark(p: number): number {
    return this.parts.get(p)?.watermarkMs ?? 0;
  }

  held(p: number, receivedMs: number): void {
    const h = this.of(p).held;
    h.set(receivedMs, (h.get(receivedMs) ?? 0) + 1);
  }

  private unhold(t: PartitionTime, receivedMs: number): void {
    const n = (t.held.get(receivedMs) ?? 0) - 1;
    if (n > 0) t.held.set(receivedMs, n);
    else t.held.delete(receivedMs);
  }

  /** A held delivery was committed and acked. */
  committed(p: number, receivedMs: number): void {
    const t = this.parts.get(p);
    if (t !== undefined) this.unhold(t, receivedMs);
  }

  /** A held delivery was given back uncommitted: it will come again. */
  released(p: number, receivedMs: number, nowMs: number): void {
    const t = this.parts.get(p);
    if (t === undefined) return;
    this.unhold(t, receivedMs);
    t.releasedFloorMs = Math.min(t.releasedFloorMs, receivedMs);
    t.releasedAtMs = nowMs;
  }

  /** A pull that started at `pulledAtMs` left `p` with nothing unpulled. */
  drained(p: number, pulledAtMs: number): void {
    const t = this.of(p);
    if (pulledAtMs < t.gainedAtMs + this.graceMs) return;
    if (pulledAtMs > t.releasedAtMs) t.releasedFloorMs = Infinity;
    const d = pulledAtMs - this.slackMs;
    if (t.drainedMs === undefined || d > t.drainedMs) t.drainedMs = d;
  }

  /** Held deliveries of `p`. */
  heldCount(p: number): number {
    let n = 0;
    for (const c of this.parts.get(p)?.held.values() ?? []) n += c;
    return n;
  }

  /** The marks (ns) of the partitions of `owned` that have one. */
  marks(owned: readonly number[]): Map<number, bigint> {
    const out = new Map<number, bigint>();
    for (const p of owned) {
      const t = this.parts.get(p);
      if (t === undefined || t.drainedMs === undefined) continue;
      let low = nsOfMs(t.drainedMs);
      let oldest = t.releasedFloorMs;
      for (const r of t.held.keys()) if (r < oldest) oldest = r;
      if (oldest !== Infinity) {
        const below = nsOfMs(oldest) - 1n;
        if (below < low) low = below;
      }
      out.set(p, low < 0n ? 0n : low);
    }
    return out;
  }
}
