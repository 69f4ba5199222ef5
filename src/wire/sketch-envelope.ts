// SketchEnvelope v1 on the wire: a DDSketch message with the field numbers
// of DataDog's ddsketch.proto (only the occupied bin range is written, as
// contiguous bins), and beside it what that message lacks: count, sum, min,
// max, scale, and the key and window. And back: `decode` rebuilds the
// sketch of an envelope to print its quantiles.

import protobuf from 'protobufjs/minimal.js';
import { infrawatch } from './generated/infrawatch.js';
import { DDSketch } from '../sketch/ddsketch.js';
import type { DenseStore } from '../sketch/dense-store.js';

export const SKETCH_VERSION = '1';

export interface SketchKey {
  metricName: string;
  entityGuid: string;
  /** The display name; empty for the host key. */
  displayName: string;
}

function storeMessage(store: DenseStore | undefined): infrawatch.IStore {
  const bins = store?.occupied() ?? { minIndex: 0, counts: [] };
  return { contiguousBinCounts: bins.counts, contiguousBinIndexOffset: bins.minIndex };
}

/** The DataDog DDSketch message of a sketch: bin i = (γ^i, γ^(i+1)] (OTLP's; Go/Java decoders read a power of two one bin high), indexOffset 0, interpolation NONE. */
export function ddsketchMessageOf(sketch: DDSketch): infrawatch.IDDSketch {
  return {
    mapping: { gamma: sketch.mapping.gamma, indexOffset: 0, interpolation: infrawatch.IndexMapping.Interpolation.NONE },
    positiveValues: storeMessage(sketch.positive),
    negativeValues: storeMessage(sketch.negative),
    zeroCount: sketch.zeroCount,
  };
}

export function sketchEnvelopeOf(sketch: DDSketch, key: SketchKey, windowStartMs: number, windowEndMs: number): infrawatch.ISketchEnvelope {
  return {
    metricName: key.metricName,
    gamma: sketch.mapping.gamma,
    sketchVersion: SKETCH_VERSION,
    histogram: ddsketchMessageOf(sketch),
    entityGuid: key.entityGuid,
    displayName: key.displayName,
    windowStartMs,
    windowEndMs,
    count: sketch.count,
    sum: sketch.sum,
    min: sketch.count > 0 ? sketch.min : 0,
    max: sketch.count > 0 ? sketch.max : 0,
    scale: sketch.scale,
    refused: sketch.refused,
    collapsed: sketch.positive.collapsed + (sketch.negative?.collapsed ?? 0),
  };
}

export class SketchEnvelopeEncoder {
  private readonly writer = protobuf.Writer.create();

  /** One envelope, length-delimited; the writer is reused (reset, then finish copies the bytes out). */
  encodeDelimited(envelope: infrawatch.ISketchEnvelope): Uint8Array {
    this.writer.reset();
    return infrawatch.SketchEnvelope.encodeDelimited(envelope, this.writer).finish();
  }
}

/** A sketch rebuilt from a decoded SketchEnvelope (its bins, counts and extremes). */
export function sketchOfEnvelope(e: infrawatch.ISketchEnvelope): DDSketch {
  const s = new DDSketch(e.scale ?? 6, 65_536);
  const h = e.histogram;
  const addStore = (store: infrawatch.IStore | null | undefined, add: (i: number, w: number) => void) => {
    const bins = store?.contiguousBinCounts ?? [];
    const offset = store?.contiguousBinIndexOffset ?? 0;
    bins.forEach((w, k) => {
      if (w !== 0) add(offset + k, w);
    });
  };
  addStore(h?.positiveValues, (i, w) => s.positive.add(i, w));
  addStore(h?.negativeValues, (i, w) => s.mergeNegativeBin(i, w));
  s.zeroCount = h?.zeroCount ?? 0;
  s.sum = e.sum ?? 0;
  const empty = (e.count ?? 0) === 0;
  s.min = empty ? Infinity : (e.min ?? 0);
  s.max = empty ? -Infinity : (e.max ?? 0);
  return s;
}
