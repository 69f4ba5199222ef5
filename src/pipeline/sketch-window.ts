// The sketches of one window: every tick's values go into the book; once
// the window is due, every key's sketches are written as SketchEnvelopes
// (and handed, as exponential-histogram points, to the sinks that take them) and the
// book is refilled for the next window.

import type { NameTable } from '../sampler/name-table.js';
import { SketchEnvelopeEncoder, sketchEnvelopeOf } from '../wire/sketch-envelope.js';
import { otlpPointOf, type SketchPoint } from '../sketch/otlp-point.js';
import { SKETCH_METRICS, type SketchBook } from '../sketch/sketch-book.js';

/** Where the envelopes go: the spool, or a replay's counter of bytes. */
export interface RecordWriter {
  write(record: Uint8Array): void;
}

/** Takes a window's OTLP points (the OTLP sink). */
export interface SketchPointSink {
  sketches(points: readonly SketchPoint[]): void;
}

/** The sketches of one window, shipped to their spool and reset. */
export class SketchWindow {
  private readonly encoder = new SketchEnvelopeEncoder();
  private names: NameTable | undefined;

  constructor(
    readonly book: SketchBook,
    private readonly spool: RecordWriter,
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

  /** Ships every key's sketches of the window (and hands their OTLP points to `otlp`); returns envelopes and bytes written. */
  flush(nowMs: number, otlp?: SketchPointSink): { envelopes: number; bytes: number; evictions: number } {
    let envelopes = 0;
    let bytes = 0;
    const evictions = this.book.evictions;
    const points: SketchPoint[] = [];
    this.book.forEachKey((displayId, pair) => {
      const displayName = displayId < 0 || this.names === undefined ? '' : this.names.displayName(displayId);
      pair.forEach((sketch, m) => {
        if (sketch.count === 0 && displayId >= 0) return;
        if (otlp !== undefined) points.push({ metricName: SKETCH_METRICS[m], displayName, point: otlpPointOf(sketch, this.startMs, nowMs) });
        const record = this.encoder.encodeDelimited(sketchEnvelopeOf(sketch, { metricName: SKETCH_METRICS[m], entityGuid: this.entityGuid, displayName }, this.startMs, nowMs));
        this.spool.write(record);
        envelopes++;
        bytes += record.length;
      });
    });
    otlp?.sketches(points);
    this.book.resetWindow();
    this.startMs = nowMs;
    return { envelopes, bytes, evictions };
  }
}
