// Per owned partition, what the merger knows of time:
//   - the watermark: the latest window start seen on it (event time, the
//     agents' clocks), which closes windows;
//   - the partition's marks (ingest time, the receiver's clock, ns), as
//     high-water-mark.ts's PartitionMark: one for every account, and one
//     per account it holds deliveries of.
//
// The mark for every account is drained − publish slack: the start of the
// last pull after which the partition held nothing this merger had not
// pulled (the receiver stamps receivedMs before its publish is durable, so
// a message stamped earlier may still appear shortly after: the slack
// covers that). An account's own mark is lower when it has, on the
// partition:
//   - a delivery held uncommitted: (its oldest receivedMs) − 1 ns;
//   - a delivery released uncommitted: (its lowest receivedMs) − 1 ns, until
//     a drained pull that started after the partition's last release (it
//     has come back then, and is held).
// A partition gained from another owner reports no mark until a drained
// pull that started `graceMs` after the gain: the previous owner's unacked
// deliveries come back only after the topic's ack wait.
// The rule the property test checks (test/server/high-water.test.ts): no
// message of an account held or not yet pulled is ever at or below that
// account's reported mark.

import { nsOfMs, type PartitionMark } from '../high-water/high-water-mark.js';

interface PartitionTime {
  watermarkMs: number;
  gainedAtMs: number;
  /** Start of the last drained pull, less the slack; undefined before the first (after the grace). */
  drainedMs: number | undefined;
  /** account → receivedMs → deliveries held with it. */
  readonly held: Map<string, Map<number, number>>;
  /** account → lowest receivedMs released uncommitted (cleared by a drained pull started after `releasedAtMs`). */
  readonly released: Map<string, number>;
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
      t = { watermarkMs: 0, gainedAtMs: 0, drainedMs: undefined, held: new Map(), released: new Map(), releasedAtMs: 0 };
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

  held(p: number, account: string, receivedMs: number): void {
    const t = this.of(p);
    let h = t.held.get(account);
    if (h === undefined) {
      h = new Map();
      t.held.set(account, h);
    }
    h.set(receivedMs, (h.get(receivedMs) ?? 0) + 1);
  }

  private unhold(t: PartitionTime, account: string, receivedMs: number): void {
    const h = t.held.get(account);
    if (h === undefined) return;
    const n = (h.get(receivedMs) ?? 0) - 1;
    if (n > 0) h.set(receivedMs, n);
    else h.delete(receivedMs);
    if (h.size === 0) t.held.delete(account);
  }

  /** A held delivery was committed and acked. */
  committed(p: number, account: string, receivedMs: number): void {
    const t = this.parts.get(p);
    if (t !== undefined) this.unhold(t, account, receivedMs);
  }

  /** A held delivery was given back uncommitted: it will come again. */
  released(p: number, account: string, receivedMs: number, nowMs: number): void {
    const t = this.parts.get(p);
    if (t === undefined) return;
    this.unhold(t, account, receivedMs);
    t.released.set(account, Math.min(t.released.get(account) ?? Infinity, receivedMs));
    t.releasedAtMs = nowMs;
  }

  /** A pull that started at `pulledAtMs` left `p` with nothing unpulled. */
  drained(p: number, pulledAtMs: number): void {
    const t = this.of(p);
    if (pulledAtMs < t.gainedAtMs + this.graceMs) return;
    if (pulledAtMs > t.releasedAtMs) t.released.clear();
    const d = pulledAtMs - this.slackMs;
    if (t.drainedMs === undefined || d > t.drainedMs) t.drainedMs = d;
  }

  /** Held deliveries of `p`. */
  heldCount(p: number): number {
    let n = 0;
    for (const h of this.parts.get(p)?.held.values() ?? []) for (const c of h.values()) n += c;
    return n;
  }

  /** The marks of the partitions of `owned` that have one. */
  marks(owned: readonly number[]): Map<number, PartitionMark> {
    const out = new Map<number, PartitionMark>();
    for (const p of owned) {
      const t = this.parts.get(p);
      if (t === undefined || t.drainedMs === undefined) continue;
      const all = clamp(nsOfMs(t.drainedMs));
      const accounts = new Map<string, bigint>();
      const below = (account: string, receivedMs: number) => {
        const ns = clamp(nsOfMs(receivedMs) - 1n);
        if (ns < (accounts.get(account) ?? all)) accounts.set(account, ns);
      };
      for (const [a, h] of t.held) for (const r of h.keys()) below(a, r);
      for (const [a, r] of t.released) below(a, r);
      out.set(p, { ns: all, accounts });
    }
    return out;
  }
}

function clamp(ns: bigint): bigint {
  return ns < 0n ? 0n : ns;
}
