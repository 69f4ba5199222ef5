// The merger role: consumes proc.sketch.v1 on the partitions it owns,
// merges every SketchEnvelope of (account, metric, entity, display name,
// window) in memory, and when a window closes commits the per-host
// DistributionMetric and its share of the fleet rollup (the store adds the
// hour rollups) in one transaction, then acks the window's messages.
//
// Windows: [floor(t / 60 s) × 60 s, +60 s) of the envelope's window start,
// per partition. A partition's watermark is the latest window start it has
// seen; a window closes when the watermark reaches its end plus the allowed
// lateness (merger.allowed_lateness_windows, default 2), or when it has
// held its oldest delivery max_hold_ms of wall clock (a partition that went
// quiet), or early when the state passes max_state_bytes (oldest first). Data for a
// window whose close the watermark already passed is late: counted, then
// merged (policy amend: the store merges it into the committed row) or
// kept aside (policy aside).
//
// Exactly once: the deliveries of an open window stay unacked until its
// commit, so a merger killed mid-window has them redelivered and rebuilds
// the window from them. On JetStream they are told in progress every third
// of the ack wait (TopicConsumer.working), so a window may be held past the
// ack wait without a redelivery, and a dead merger's come back one ack
// wait after it stopped. Every id merged is recorded by the commit, in its
// transaction; a pulled batch is checked against the recorded ids first
// (a redelivery after a crash between commit and ack is acked, not merged),
// and an id seen twice in an open window is held, not merged twice. A
// commit that finds one of its ids recorded (another owner got there)
// rolls back whole: the window is dropped and its deliveries released.
//
// High-water mark: see partition-mark.ts and high-water/high-water-mark.ts.

import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { infrawatch } from '../../wire/generated/infrawatch.js';
import type { HighWaterMark } from '../high-water/high-water-mark.js';
import { AlreadyCommittedError, type AsideEnvelope, FLEET, type MinutePartial, MINUTE_MS, type SketchStore, keyText, windowStartOf } from '../sketch-store/sketch-store.js';
import type { Delivery, TopicConsumer } from '../topics/topic-consumer.js';
import type { TopicName } from '../topics/topic-message.js';
import type { LatePolicy } from './merger-config.js';
import { DEFAULT_MAX_BINS, MergedSketch } from './merged-sketch.js';
import { PartitionClock } from './partition-mark.js';
import type { PartitionOwner } from './partition-owner.js';
import { guardEnvelope } from './sketch-guard.js';

export const SKETCH_TOPIC: TopicName = 'proc.sketch.v1';

export interface MergerOptions {
  readonly partitions: number;
  readonly windowMs?: number;
  readonly allowedLatenessWindows: number;
  readonly late: LatePolicy;
  readonly maxHoldMs: number;
  readonly maxStateBytes: number;
  readonly batchMessages: number;
  readonly pullWaitMs: number;
  readonly publishSlackMs: number;
  /** After gaining a partition, how long its mark waits for the previous owner's unacked deliveries to come back (the topic's ack wait; 0 embedded). */
  readonly takeoverGraceMs: number;
  /** How often held deliveries are told in progress (TopicConsumer.working): below the topic's ack wait (a third of it). Undefined: never (the embedded outbox). */
  readonly inProgressEveryMs?: number;
  /** How often the high-water mark is advanced (besides after each commit). */
  readonly markEveryMs?: number;
  readonly maxBins?: number;
  readonly retryPauseMs?: number;
  /** The topic's unacked messages, when the topic counts them exactly and this merger is its only consumer (the embedded outbox's backlog). */
  readonly exactBacklog?: () => number;
  readonly onError: (err: unknown, what: string) => void;
}

interface Keyed {
  readonly partial: MinutePartial['key'];
  readonly sketch: MergedSketch;
}

interface OpenWindow {
  readonly partition: number;
  readonly windowStartMs: number;
  /** Wall clock of its first delivery. */
  readonly firstHeldMs: number;
  /** When its deliveries were last told in progress (at first: its first delivery's). */
  workingAtMs: number;
  readonly keys: Map<string, Keyed>;
  readonly ids: Set<string>;
  readonly deliveries: Delivery[];
  bodyBytes: number;
}

export interface MergerCounts {
  envelopesMerged: number;
  duplicates: number;
  refused: number;
  refusedByReason: Record<string, number>;
  late: number;
  lateAside: number;
  windowsCommitted: number;
  windowsAmended: number;
  windowsClosedByHold: number;
  windowsClosedEarly: number;
  commitConflicts: number;
  commitFailures: number;
  rowsWritten: number;
  blobBytes: number;
  /** Wall ms from a window's end to its commit: sum, count and max (for /metrics and the bench). */
  latencySumMs: number;
  latencyMax: number;
}

const ID_BYTES = 120; // a 64-char id in a Set, as V8 keeps it (estimate)
const DELIVERY_BYTES = 200; // a Delivery, its TopicMessage and handle besides the body (estimate)

export class Merger {
  private stopped = false;
  private loop: Promise<void> | undefined;
  private readonly windows = new Map<string, OpenWindow>();
  private readonly clock: PartitionClock;
  private readonly accounts = new Set<string>();
  private readonly windowMs: number;
  private owned = new Set<number>();
  private nextMark = 0;
  /** The marks last advanced, per account (ns), for /metrics. */
  readonly marks = new Map<string, bigint>();
  readonly counts: MergerCounts = {
    envelopesMerged: 0,
    duplicates: 0,
    refused: 0,
    refusedByReason: {},
    late: 0,
    lateAside: 0,
    windowsCommitted: 0,
    windowsAmended: 0,
    windowsClosedByHold: 0,
    windowsClosedEarly: 0,
    commitConflicts: 0,
    commitFailures: 0,
    rowsWritten: 0,
    blobBytes: 0,
    latencySumMs: 0,
    latencyMax: 0,
  };
  /** Bytes of the open windows' state (bins, ids, held deliveries). */
  stateBytes = 0;

  constructor(
    private readonly consumer: TopicConsumer,
    private readonly store: SketchStore,
    private readonly mark: HighWaterMark,
    private readonly owner: PartitionOwner,
    private readonly o: MergerOptions,
  ) {
    this.windowMs = o.windowMs ?? MINUTE_MS;
    this.clock = new PartitionClock(o.publishSlackMs, o.takeoverGraceMs);
  }

  get openWindows(): number {
    return this.windows.size;
  }

  start(): void {
    this.loop = this.run();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.turn();
      } catch (err) {
        this.o.onError(err, 'merger turn');
        await sleep(this.o.retryPauseMs ?? 1000);
      }
      await nextTurn();
    }
  }

  /** One pull, its merge, the windows due closed, the mark advanced when due. */
  async turn(): Promise<void> {
    await this.owner.refresh();
    this.followOwnership();
    const owned = [...this.owned];
    if (owned.length === 0) {
      await sleep(this.o.pullWaitMs);
      return;
    }
    const pulledAt = Date.now();
    const deliveries = await this.consumer.pull(SKETCH_TOPIC, owned, this.o.batchMessages, this.o.pullWaitMs);
    if (this.stopped) {
      this.consumer.release(SKETCH_TOPIC, deliveries);
      return;
    }
    await this.ingest(deliveries);
    if (this.drained(deliveries.length, owned)) for (const p of owned) this.clock.drained(p, pulledAt);
    const committed = await this.closeDue(false);
    this.keepHeld();
    if (committed || Date.now() >= this.nextMark) await this.advanceMark();
  }

  /** The open windows' deliveries told in progress when due: their ack wait starts again. */
  private keepHeld(): void {
    const every = this.o.inProgressEveryMs;
    if (every === undefined || this.consumer.working === undefined) return;
    const now = Date.now();
    for (const w of this.windows.values()) {
      if (now - w.workingAtMs < every) continue;
      w.workingAtMs = now;
      this.consumer.working(SKETCH_TOPIC, w.deliveries);
    }
  }

  /**
   * Whether the pull left the owned partitions with nothing unpulled. With
   * `exactBacklog` (the embedded outbox, whose only consumer of this topic
   * is this merger): the topic's unacked messages are exactly those held.
   * Otherwise (JetStream: a no_wait pull returns every deliverable message
   * up to the batch): fewer than a batch came.
   */
  private drained(pulled: number, owned: readonly number[]): boolean {
    if (this.o.exactBacklog === undefined) return pulled < this.o.batchMessages;
    let held = 0;
    for (const p of owned) held += this.clock.heldCount(p);
    return this.o.exactBacklog() === held;
  }

  /** Drops the windows of partitions no longer owned (their deliveries released: the new owner gets them). */
  private followOwnership(): void {
    const now = new Set(this.owner.owned());
    for (const p of now) if (!this.owned.has(p)) this.clock.gained(p, Date.now());
    for (const p of this.owned) if (!now.has(p)) this.clock.lost(p);
    this.owned = now;
    for (const [k, w] of this.windows) {
      if (!now.has(w.partition)) this.drop(k, w);
    }
  }

  private drop(k: string, w: OpenWindow): void {
    this.windows.delete(k);
    this.stateBytes -= this.bytesOf(w);
    this.consumer.release(SKETCH_TOPIC, w.deliveries);
    const now = Date.now();
    for (const d of w.deliveries) this.clock.released(d.message.partition, d.message.account, d.message.receivedMs, now);
  }

  private bytesOf(w: OpenWindow): number {
    let b = w.bodyBytes + w.deliveries.length * DELIVERY_BYTES + w.ids.size * ID_BYTES;
    for (const k of w.keys.values()) b += k.sketch.byteLength + 200;
    return b;
  }

  private async ingest(deliveries: readonly Delivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    const aside: AsideEnvelope[] = [];
    const asideDeliveries: Delivery[] = [];
    const mergeable: { d: Delivery; env: infrawatch.SketchEnvelope; parts: ReturnType<typeof guardEnvelope> & { ok: true } }[] = [];
    const setAside = (d: Delivery, reason: string, detail: string) => {
      const m = d.message;
      aside.push({ account: m.account, entity: m.entity, messageId: m.id, reason, detail, partition: m.partition, timestampMs: m.timestampMs, receivedMs: m.receivedMs, body: m.body });
      asideDeliveries.push(d);
    };
    const refuse = (d: Delivery, reason: string, detail: string) => {
      this.counts.refused++;
      this.counts.refusedByReason[reason] = (this.counts.refusedByReason[reason] ?? 0) + 1;
      setAside(d, reason, detail);
    };
    for (const d of deliveries) {
      if (!this.owned.has(d.message.partition)) {
        this.consumer.release(SKETCH_TOPIC, [d]);
        continue;
      }
      this.accounts.add(d.message.account);
      if (d.message.kind !== 'sketch') {
        refuse(d, 'undecodable', `kind ${d.message.kind} on ${SKETCH_TOPIC}`);
        continue;
      }
      let env: infrawatch.SketchEnvelope;
      try {
        env = infrawatch.SketchEnvelope.decode(d.message.body);
      } catch (err) {
        refuse(d, 'undecodable', `not a SketchEnvelope (${(err as Error).message})`);
        continue;
      }
      const g = guardEnvelope(env);
      if (!g.ok) {
        refuse(d, g.reason, g.detail);
        continue;
      }
      mergeable.push({ d, env, parts: g });
    }
    // A redelivery of what a commit already recorded: acked, never merged again.
    let committed: Set<string>;
    try {
      committed = await this.store.committedIds(mergeable.map((x) => x.d.message.id));
    } catch (err) {
      // The store did not answer (PostgreSQL restarting): nothing of this pull is merged. Given back, and the clock
      // told so: pulled and neither held nor released, they were invisible to it, and the next drained pull took the
      // mark past them while they waited for their ack wait (the fault table's PostgreSQL restart: 38 and 55 sketches).
      const now = Date.now();
      for (const { d } of mergeable) {
        this.clock.held(d.message.partition, d.message.account, d.message.receivedMs);
        this.clock.released(d.message.partition, d.message.account, d.message.receivedMs, now);
      }
      this.consumer.release(SKETCH_TOPIC, [...mergeable.map((x) => x.d), ...asideDeliveries]);
      throw err;
    }
    const ackNow: Delivery[] = [];
    const lateness = this.o.allowedLatenessWindows * this.windowMs;
    for (const { d, env, parts } of mergeable) {
      const m = d.message;
      if (committed.has(m.id)) {
        this.counts.duplicates++;
        ackNow.push(d);
        continue;
      }
      const ws = windowStartOf(parts.windowStartMs, this.windowMs);
      const wk = `${m.partition}\0${ws}`;
      let w = this.windows.get(wk);
      if (w === undefined && ws + this.windowMs + lateness <= this.clock.watermark(m.partition)) {
        this.counts.late++;
        if (this.o.late === 'aside') {
          this.counts.lateAside++;
          setAside(d, 'late', `window ${new Date(ws).toISOString()} closed (watermark ${new Date(this.clock.watermark(m.partition)).toISOString()})`);
          continue;
        }
      }
      if (w === undefined) {
        const now = Date.now();
        w = { partition: m.partition, windowStartMs: ws, firstHeldMs: now, workingAtMs: now, keys: new Map(), ids: new Set(), deliveries: [], bodyBytes: 0 };
        this.windows.set(wk, w);
      }
      const before = this.bytesOf(w);
      w.deliveries.push(d);
      w.bodyBytes += m.body.length;
      this.clock.held(m.partition, m.account, m.receivedMs);
      if (w.ids.has(m.id)) {
        this.counts.duplicates++;
      } else {
        w.ids.add(m.id);
        const metric = env.metricName ?? '';
        const displayName = env.displayName ?? '';
        for (const entity of [m.entity, FLEET]) {
          const key = { account: m.account, metric, entity, displayName, granularityMs: MINUTE_MS, windowStartMs: ws } as const;
          const t = keyText(key);
          const k = w.keys.get(t);
          if (k === undefined) w.keys.set(t, { partial: key, sketch: MergedSketch.of(parts.parts, this.o.maxBins ?? DEFAULT_MAX_BINS) });
          else k.sketch.add(parts.parts);
        }
        this.counts.envelopesMerged++;
      }
      this.clock.event(m.partition, ws);
      this.stateBytes += this.bytesOf(w) - before;
    }
    if (aside.length > 0) {
      await this.store.keepAside(aside);
      ackNow.push(...asideDeliveries);
    }
    if (ackNow.length > 0) await this.consumer.ack(SKETCH_TOPIC, ackNow);
  }

  /** Commits the windows due (all open ones when `all`); true when one was committed. */
  async closeDue(all: boolean): Promise<boolean> {
    // A lease that lapsed during this turn (a slow pull or commit, a pause): its partition may have a new owner, so its windows are given back, not committed.
    const live = new Set(this.owner.owned());
    for (const [k, w] of this.windows) if (!live.has(w.partition)) this.drop(k, w);
    const now = Date.now();
    const lateness = this.o.allowedLatenessWindows * this.windowMs;
    const due: [string, OpenWindow][] = [];
    for (const [k, w] of this.windows) {
      const end = w.windowStartMs + this.windowMs;
      if (all || end + lateness <= this.clock.watermark(w.partition)) due.push([k, w]);
      else if (now - w.firstHeldMs >= this.o.maxHoldMs) {
        this.counts.windowsClosedByHold++;
        due.push([k, w]);
      }
    }
    if (this.stateBytes > this.o.maxStateBytes) {
      // Over the bound: the oldest windows close early until it holds.
      const rest = [...this.windows].filter(([k]) => !due.some(([d]) => d === k)).sort((a, b) => a[1].windowStartMs - b[1].windowStartMs);
      let bytes = this.stateBytes - due.reduce((s, [, w]) => s + this.bytesOf(w), 0);
      for (const [k, w] of rest) {
        if (bytes <= this.o.maxStateBytes) break;
        bytes -= this.bytesOf(w);
        this.counts.windowsClosedEarly++;
        due.push([k, w]);
      }
    }
    if (due.length === 0) return false;
    // One transaction for every window due: the fleet and hour rows they share are read, merged and written once.
    if (due.length > 1 && (await this.commitWindows(due))) return true;
    let any = false;
    for (const [k, w] of due) if (await this.commitWindow(k, w)) any = true;
    return any;
  }

  /** Commits `due` in one transaction; false when it failed (each is then tried alone: a conflict is one window's). */
  private async commitWindows(due: readonly [string, OpenWindow][]): Promise<boolean> {
    const combined = new Map<string, Keyed>();
    const ids: string[] = [];
    for (const [, w] of due) {
      for (const id of w.ids) ids.push(id);
      for (const [t, x] of w.keys) {
        const c = combined.get(t);
        if (c === undefined) combined.set(t, { partial: x.partial, sketch: MergedSketch.of(x.sketch.parts(), this.o.maxBins ?? DEFAULT_MAX_BINS) });
        else c.sketch.merge(x.sketch);
      }
    }
    try {
      const r = await this.store.commit({ messageIds: ids, partials: [...combined.values()].map((x) => ({ key: x.partial, sketch: x.sketch.parts() })) });
      this.counts.rowsWritten += r.rows;
      this.counts.blobBytes += r.blobBytes;
      if (r.amended > 0) this.counts.windowsAmended++;
    } catch {
      return false;
    }
    for (const [k, w] of due) await this.committed(k, w);
    return true;
  }

  /** After its commit: the window's accounting, its acks. */
  private async committed(k: string, w: OpenWindow): Promise<void> {
    this.counts.windowsCommitted++;
    const latency = Date.now() - (w.windowStartMs + this.windowMs);
    this.counts.latencySumMs += latency;
    this.counts.latencyMax = Math.max(this.counts.latencyMax, latency);
    this.windows.delete(k);
    this.stateBytes -= this.bytesOf(w);
    for (const d of w.deliveries) this.clock.committed(d.message.partition, d.message.account, d.message.receivedMs);
    try {
      await this.consumer.ack(SKETCH_TOPIC, w.deliveries);
    } catch (err) {
      // Committed: a redelivery of these is acked by the recorded ids.
      this.o.onError(err, 'ack after commit');
    }
  }

  private async commitWindow(k: string, w: OpenWindow): Promise<boolean> {
    const partials: MinutePartial[] = [...w.keys.values()].map((x) => ({ key: x.partial, sketch: x.sketch.parts() }));
    try {
      const r = await this.store.commit({ messageIds: [...w.ids], partials });
      if (r.amended > 0) this.counts.windowsAmended++;
      this.counts.rowsWritten += r.rows;
      this.counts.blobBytes += r.blobBytes;
    } catch (err) {
      if (err instanceof AlreadyCommittedError) {
        // Another owner committed some of these: start over from the redelivery, which the recorded ids filter.
        this.counts.commitConflicts++;
        this.drop(k, w);
        return false;
      }
      this.counts.commitFailures++;
      this.o.onError(err, 'window commit (kept open, retried)');
      return false;
    }
    await this.committed(k, w);
    return true;
  }

  /** Advances the accounts' high-water marks from the owned partitions' marks. */
  async advanceMark(): Promise<void> {
    this.nextMark = Date.now() + (this.o.markEveryMs ?? 1000);
    const marks = this.clock.marks([...this.owned]);
    if (marks.size === 0 && this.accounts.size === 0) return;
    try {
      const after = await this.mark.advance(marks, [...this.accounts]);
      for (const [a, ns] of after) this.marks.set(a, ns);
    } catch (err) {
      this.o.onError(err, 'high-water mark');
    }
  }

  /** What a kill -9 leaves (tests): the loop stops, nothing is released, acked or given back; the state is forgotten. */
  async abandon(): Promise<void> {
    this.stopped = true;
    await this.loop;
    this.windows.clear();
    this.stateBytes = 0;
  }

  /** Stops pulling; every open window's deliveries are released (a restart rebuilds them); leases given back. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
    for (const [k, w] of this.windows) this.drop(k, w);
    await this.owner.close();
  }
}
