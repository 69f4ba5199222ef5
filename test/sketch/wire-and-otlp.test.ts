import { fileURLToPath } from 'node:url';
import { DDSketch as DatadogSketch } from '@datadog/sketches-js';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { DDSketch } from '../../src/sketch/ddsketch.js';
import { otlpPointOf, quantileOfPoint } from '../../src/sketch/otlp-point.js';
import { infrawatch } from '../../src/wire/generated/infrawatch.js';
import { ddsketchMessageOf, SketchEnvelopeEncoder, sketchEnvelopeOf } from '../../src/wire/sketch-envelope.js';
import { DISTRIBUTIONS, exactQuantile } from './distributions.js';

const PROTO = fileURLToPath(new URL('../../proto/infrawatch.proto', import.meta.url));

function sketchOf(values: Float64Array): DDSketch {
  const s = new DDSketch();
  for (const v of values) s.add(v);
  return s;
}

describe('the OTLP exponential histogram point', () => {
  it('puts a value exactly on a bucket boundary where OTLP does: 2^e in bucket (2^e)·2^scale − 1, its upper bound', () => {
    // The OTLP data model: bucket i of scale s is (base^i, base^(i+1)],
    // base = 2^(2^-s), and a power of two 2^e falls in bucket (e << s) − 1.
    for (let e = -20; e <= 40; e++) {
      const s = new DDSketch();
      s.add(2 ** e);
      const p = otlpPointOf(s, 0, 1);
      expect(p.positive.offset, `2^${e}`).toBe(e * 2 ** p.scale - 1);
      expect(p.positive.bucketCounts).toEqual([1]);
    }
  });

  it('copies the bins: on 100 distributions, buckets equal bins, count = Σ buckets + zero count, quantiles within α', () => {
    for (const d of DISTRIBUTIONS) {
      const values = d.sample(5000);
      const s = sketchOf(values);
      const p = otlpPointOf(s, 1_000, 61_000);
      expect(p.scale).toBe(6);
      expect(p.timeUnixNano - p.startTimeUnixNano).toBe(60_000_000_000n);
      for (const [k, c] of p.positive.bucketCounts.entries()) expect(c).toBe(s.positive.weightAt(p.positive.offset + k));
      for (const [k, c] of p.negative.bucketCounts.entries()) expect(c).toBe(s.negative!.weightAt(p.negative.offset + k));
      const buckets = [...p.positive.bucketCounts, ...p.negative.bucketCounts].reduce((a, b) => a + b, 0);
      expect(buckets + p.zeroCount).toBe(p.count);
      const sorted = values.slice().sort();
      for (const q of [0.5, 0.95, 0.99]) {
        const exact = exactQuantile(sorted, q);
        expect(Math.abs(quantileOfPoint(p, q) - exact), `${d.name} q ${q}`).toBeLessThanOrEqual(s.mapping.relativeAccuracy * Math.abs(exact) * (1 + 1e-9));
      }
    }
  });
});

describe('the DDSketch message and SketchEnvelope v1', () => {
  it('decodes with @datadog/sketches-js fromProto to the same quantiles, one bin apart', () => {
    // sketches-js indexes with the ceiling (bin k = (γ^(k−1), γ^k]) where we use
    // OTLP's index (bin i = (γ^i, γ^(i+1)]): it reads our bin i as its bin i,
    // whose value is ours divided by γ. So its quantile times γ must be ours
    // (DESIGN.md, "Sketches").
    for (const d of DISTRIBUTIONS.slice(0, 30)) {
      const s = sketchOf(d.sample(3000));
      const bytes = infrawatch.DDSketch.encode(ddsketchMessageOf(s)).finish();
      const theirs = DatadogSketch.fromProto(bytes);
      expect(theirs.count).toBe(s.count);
      for (const q of [0.5, 0.9, 0.95, 0.99]) {
        const ours = s.quantile(q);
        const unclamped = ours !== s.min && ours !== s.max;
        if (unclamped) expect(theirs.getValueAtQuantile(q) * s.mapping.gamma, `${d.name} q ${q}`).toBeCloseTo(ours, Math.max(0, 9 - Math.ceil(Math.log10(Math.abs(ours) + 1))));
      }
    }
  });

  it('writes only the occupied bin range', () => {
    const s = new DDSketch();
    for (const v of [10, 11, 12, 1000]) s.add(v);
    const msg = ddsketchMessageOf(s);
    expect(msg.positiveValues!.contiguousBinIndexOffset).toBe(s.positive.minIndex);
    expect(msg.positiveValues!.contiguousBinCounts).toHaveLength(s.positive.maxIndex - s.positive.minIndex + 1);
    expect(msg.negativeValues!.contiguousBinCounts).toEqual([]);
  });

  it('decodes, with the .proto loaded by protobufjs at test time, to what was encoded', () => {
    const s = sketchOf(DISTRIBUTIONS[7].sample(2000));
    s.add(NaN);
    const bytes = new SketchEnvelopeEncoder().encodeDelimited(
      sketchEnvelopeOf(s, { metricName: 'memoryResidentSizeBytes', entityGuid: 'host-1', displayName: 'java' }, 1000, 61000),
    );
    const Envelope = protobuf.loadSync(PROTO).lookupType('infrawatch.SketchEnvelope');
    const e = Envelope.toObject(Envelope.decodeDelimited(bytes), { longs: Number }) as Record<string, any>;
    expect(e).toMatchObject({
      metricName: 'memoryResidentSizeBytes',
      sketchVersion: '1',
      entityGuid: 'host-1',
      displayName: 'java',
      windowStartMs: 1000,
      windowEndMs: 61000,
      count: 2000,
      scale: 6,
      refused: 1,
      gamma: 2 ** (1 / 64),
    });
    expect(e.min).toBe(s.min);
    expect(e.max).toBe(s.max);
    expect(e.sum).toBe(s.sum);
    expect(e.histogram.mapping.gamma).toBe(2 ** (1 / 64));
    expect(e.histogram.positiveValues.contiguousBinIndexOffset).toBe(s.positive.minIndex);
    expect(e.histogram.positiveValues.contiguousBinCounts.reduce((a: number, b: number) => a + b, 0) + (e.histogram.zeroCount ?? 0)).toBe(2000);
  });
});
