// The sketches of one window: every tick's values go into the book; once
// the window is due, every key's sketches are encoded as SketchEnvelopes
// (and, when a sink takes them, as OTLP exponential-histogram points) for
// the sinks, and the book is refilled for the next window.

import type { NameTable } from '../sampler/name-table.js';
import { SketchEnvelopeEncoder, sketchEnvelopeOf } from '../wire/sketch-envelope.js';
import { otlpPointOf, type SketchPoint } from '../sketch/otlp-point.js';
import { SKETCH_METRICS, type SketchBook } from '../sketch/sketch-book.js';

/** A closed window, as the sinks take it. */
export interface SketchWindowOutput {
  /** One length-delimited SketchEnvelope per key and metric. */
  readonly records: readonly Uint8Array[];
  readonly bytes: number;
  /** The same sketches as OTLP points, made only when asked for. */
  readonly points: readonly SketchPoint[] | undefined;
  /** Per-name sketches given up to the memory budget so far. */
  readonly evictions: number;
}

/** The sketches of one window, encoded and reset. */
export class SketchWindow {
  private readonly encoder = new SketchEnvelopeEncoder();
  private names: NameTable | undefined;

  constructor(
    readonly book: SketchBook,
    private readonly entityGuid: string,
    private readonly windowMs: number,
    /** When the first window began (a replay gives the recorded time). */
    private startMs = Date.now(),
  ) {}

  add(v: Parameters<SketchBook['addTick']>[0], listed: number, names: NameTable): void {
    this.names = names;
    this.book.addTick(v, listed, names);
  }

  due(nowMs: number): boolean {
    return nowMs - this.startMs >= this.windowMs;
  }

  /** Encodes every key's sketches of the window (and their OTLP points when `withPoints`) and starts the next window at `nowMs`. */
  flush(nowMs: number, withPoints = false): SketchWindowOutput {
    const records: Uint8Array[] = [];
    let bytes = 0;
    const evictions = this.book.evictions;
    const points: SketchPoint[] | undefined = withPoints ? [] : undefined;
    this.book.forEachKey((displayId, pair) => {
      const displayName = displayId < 0 || this.names === undefined ? '' : this.names.displayName(displayId);
      pair.forEach((sketch, m) => {
        if (sketch.count === 0 && displayId >= 0) return;
        points?.push({ metricName: SKETCH_METRICS[m], displayName, point: otlpPointOf(sketch, this.startMs, nowMs) });
        const record = this.encoder.encodeDelimited(sketchEnvelopeOf(sketch, { metricName: SKETCH_METRICS[m], entityGuid: this.entityGuid, displayName }, this.startMs, nowMs));
        records.push(record);
        bytes += record.length;
      });
    });
    this.book.resetWindow();
    this.startMs = nowMs;
    return { records, bytes, points, evictions };
  }
}
