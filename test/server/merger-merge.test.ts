// The merger's arithmetic, without engines: a merge of SketchEnvelopes is
// the sketch of the union of their raw values, bin for bin, across hosts
// and across scales (downscaled to the coarser), and its quantiles are
// within α of the exact ones; the guard refuses what would merge wrong;
// the bins blob round-trips.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DDSketch, mappingFor } from '../../src/sketch/ddsketch.js';
import { MergedSketch, type SketchParts } from '../../src/server/merger/merged-sketch.js';
import { guardEnvelope } from '../../src/server/merger/sketch-guard.js';
import { decodeBins, encodeBins, initBinsCodec } from '../../src/server/sketch-store/bins-codec.js';
import { sketchEnvelopeOf } from '../../src/wire/sketch-envelope.js';
import { infrawatch } from '../../src/wire/generated/infrawatch.js';
import { logNormal, rng } from './sketch-fleet.js';

function sketchOf(values: readonly number[], scale: number): DDSketch {
  const s = new DDSketch(scale, 4096);
  for (const v of values) s.add(v);
  return s;
}

/** What the merger merges: an envelope on the wire, decoded and guarded. */
function partsOf(values: readonly number[], scale: number): SketchParts {
  const bytes = infrawatch.SketchEnvelope.encode(sketchEnvelopeOf(sketchOf(values, scale), { metricName: 'cpuPercent', entityGuid: 'h', displayName: '' }, 60_000, 120_000)).finish();
  const g = guardEnvelope(infrawatch.SketchEnvelope.decode(bytes));
  if (!g.ok) throw new Error(g.detail);
  return g.parts;
}

function exactQuantile(sorted: readonly number[], q: number): number {
  return sorted[Math.floor(q * (sorted.length - 1))];
}

/** Every bin of `m` equals the agent's sketch of the union at the same scale, and no other bin has weight. */
function expectSameBins(m: MergedSketch, union: DDSketch): void {
  expect(m.scale).toBe(union.scale);
  const want = union.positive.occupied();
  const got = m.parts().positive;
  expect(got.offset).toBe(want.minIndex);
  expect(Array.from(got.counts)).toEqual(want.counts);
  const wantNeg = union.negative?.occupied() ?? { minIndex: 0, counts: [] };
  expect(Array.from(m.parts().negative.counts)).toEqual(wantNeg.counts);
  expect(m.zeroCount).toBe(union.zeroCount);
  expect(m.count).toBe(union.count);
  expect(m.min).toBe(union.min);
  expect(m.max).toBe(union.max);
}

describe('merge = the sketch of the union', () => {
  it('across 20 hosts at scale 6: bin for bin, and p50/p95/p99 within α of the exact quantiles', () => {
    const r = rng(15);
    const hosts = Array.from({ length: 20 }, (_, h) => Array.from({ length: 500 + 50 * h }, () => logNormal(r, h % 4, 1.5)));
    const m = new MergedSketch(6);
    for (const values of hosts) m.add(partsOf(values, 6));
    const all = hosts.flat();
    expectSameBins(m, sketchOf(all, 6));
    const sorted = [...all].sort((a, b) => a - b);
    const alpha = mappingFor(6).relativeAccuracy;
    for (const q of [0.5, 0.95, 0.99]) {
      const exact = exactQuantile(sorted, q);
      expect(Math.abs(m.quantile(q) - exact) / exact).toBeLessThanOrEqual(alpha + 1e-12);
    }
  });

  it('across scales (6, 4, 5, 2): downscaled to the coarsest, bin for bin the union at that scale, losslessly', () => {
    fc.assert(
      // Values within 1e5 of each other, so that no sketch's bin limit (4,096) collapses bins at scales 0 to 7: what is compared is the merge, not the limit.
      fc.property(
        fc.array(
          fc.tuple(
            fc.integer({ min: 0, max: 7 }),
            fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0.01, max: 1000, noNaN: true }), fc.double({ min: -1000, max: -0.01, noNaN: true })), { maxLength: 60 }),
          ),
          { minLength: 1, maxLength: 6 },
        ),
        (hosts) => {
          const m = new MergedSketch(hosts[0][0]);
          for (const [scale, values] of hosts) m.add(partsOf(values, scale));
          const coarsest = Math.min(...hosts.map(([s]) => s));
          const union = sketchOf(
            hosts.flatMap(([, v]) => v),
            coarsest,
          );
          expectSameBins(m, union);
          expect(m.sum).toBeCloseTo(union.sum, 0);
        },
      ),
      { numRuns: 300 },
    );
    const r = rng(4);
    const sets = [6, 4, 5, 2].map((scale) => ({ scale, values: Array.from({ length: 2000 }, () => logNormal(r, 2, 2)) }));
    const m = new MergedSketch(6);
    for (const s of sets) m.add(partsOf(s.values, s.scale));
    const all = sets.flatMap((s) => s.values);
    expectSameBins(m, sketchOf(all, 2));
    const sorted = [...all].sort((a, b) => a - b);
    const alpha = mappingFor(2).relativeAccuracy;
    for (const q of [0.5, 0.95, 0.99]) expect(Math.abs(m.quantile(q) - exactQuantile(sorted, q)) / exactQuantile(sorted, q)).toBeLessThanOrEqual(alpha + 1e-12);
  });

  it('merging in any order and grouping gives the same bins (what the fleet and hour rollups rely on)', () => {
    const r = rng(9);
    const parts = Array.from({ length: 8 }, (_, i) =>
      partsOf(
        Array.from({ length: 300 }, () => logNormal(r, i, 1)),
        6 - (i % 3),
      ),
    );
    const a = new MergedSketch(6);
    for (const p of parts) a.add(p);
    const b1 = new MergedSketch(6);
    const b2 = new MergedSketch(6);
    for (const p of [...parts].reverse().slice(0, 4)) b1.add(p);
    for (const p of [...parts].reverse().slice(4)) b2.add(p);
    b1.merge(b2);
    expect(Array.from(b1.parts().positive.counts)).toEqual(Array.from(a.parts().positive.counts));
    expect(b1.parts().positive.offset).toBe(a.parts().positive.offset);
  });
});

describe('the guard', () => {
  const good = () => sketchEnvelopeOf(sketchOf([1, 2, 3], 6), { metricName: 'cpuPercent', entityGuid: 'h', displayName: '' }, 60_000, 120_000);
  it.each([
    ['sketch-version', { sketchVersion: '2' }],
    ['sketch-version', { sketchVersion: '' }],
    ['scale', { scale: 11 }],
    ['scale', { scale: -1 }],
    ['gamma', { gamma: 1.01 }],
    ['gamma', { gamma: 2 ** (2 ** -5) }],
    ['counts', { count: 4 }],
    ['window', { windowStartMs: 0 }],
  ])('refuses %s (%j)', (reason, patch) => {
    const e = infrawatch.SketchEnvelope.decode(infrawatch.SketchEnvelope.encode({ ...good(), ...patch }).finish());
    const g = guardEnvelope(e);
    expect(g.ok).toBe(false);
    if (!g.ok) expect(g.reason).toBe(reason);
  });

  it('refuses a DDSketch mapping that is not the envelope’s, and accepts the agent’s own envelope', () => {
    const e = good();
    expect(guardEnvelope(infrawatch.SketchEnvelope.decode(infrawatch.SketchEnvelope.encode(e).finish())).ok).toBe(true);
    const other = { ...e, histogram: { ...e.histogram, mapping: { gamma: 1.02, indexOffset: 0, interpolation: 0 } } };
    const g = guardEnvelope(infrawatch.SketchEnvelope.decode(infrawatch.SketchEnvelope.encode(other).finish()));
    expect(g.ok ? '' : g.reason).toBe('mapping');
  });
});

describe('the bins blob', () => {
  it('round-trips integral and fractional counts, negative offsets, and is zstd-compressed', async () => {
    await initBinsCodec();
    const r = rng(3);
    const m = new MergedSketch(6);
    m.add(
      partsOf(
        Array.from({ length: 5000 }, () => logNormal(r, 0, 3) * (r() < 0.2 ? -1 : 1)),
        6,
      ),
    );
    const p = m.parts();
    const blob = encodeBins(p.zeroCount, p.positive, p.negative);
    expect(blob.subarray(0, 4)).toEqual(Buffer.from([0x28, 0xb5, 0x2f, 0xfd])); // the zstd frame's magic
    const back = decodeBins(blob);
    expect(back.positive.offset).toBe(p.positive.offset);
    expect(Array.from(back.positive.counts)).toEqual(Array.from(p.positive.counts));
    expect(Array.from(back.negative.counts)).toEqual(Array.from(p.negative.counts));
    const frac = decodeBins(encodeBins(0.5, { offset: -70, counts: [0.25, 0, 3] }, { offset: 0, counts: [] }));
    expect(frac).toMatchObject({ zeroCount: 0.5, positive: { offset: -70 } });
    expect(Array.from(frac.positive.counts)).toEqual([0.25, 0, 3]);
  });
});
