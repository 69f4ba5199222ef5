import { describe, expect, it } from 'vitest';
import { DDSketch } from '../../src/sketch/ddsketch.js';
import { DISTRIBUTIONS, exactQuantile, SIZES } from './distributions.js';

const QUANTILES = [0.5, 0.95, 0.99];

function expectWithin(est: number, exact: number, alpha: number, what: string): void {
  // α·|exact|, and a hair for the last bit of float arithmetic.
  expect(Math.abs(est - exact), `${what}: ${est} for ${exact}`).toBeLessThanOrEqual(alpha * Math.abs(exact) * (1 + 1e-9) + 1e-300);
}

describe('DDSketch accuracy against an exact sorted oracle', () => {
  it(`${DISTRIBUTIONS.length} distributions × sizes ${SIZES.join(', ')}: p50, p95, p99 within α`, () => {
    const sketch = new DDSketch();
    const alpha = sketch.mapping.relativeAccuracy;
    expect(alpha).toBeCloseTo(0.0054, 4);
    let checked = 0;
    for (const d of DISTRIBUTIONS) {
      for (const n of SIZES) {
        const values = d.sample(n);
        sketch.reset();
        for (let i = 0; i < n; i++) sketch.add(values[i]);
        const sorted = values.slice().sort();
        expect(sketch.count).toBe(n);
        expect(sketch.min).toBe(sorted[0]);
        expect(sketch.max).toBe(sorted[n - 1]);
        // The widest (lognormal σ 3 at 100,000 values spans 2^39) collapse
        // their lowest bins: far below p50, which stays within α.
        for (const q of QUANTILES) {
          expectWithin(sketch.quantile(q), exactQuantile(sorted, q), alpha, `${d.name}, n ${n}, q ${q}`);
          checked++;
        }
      }
    }
    expect(checked).toBe(DISTRIBUTIONS.length * SIZES.length * QUANTILES.length);
  });
});

describe('DDSketch', () => {
  it('refuses NaN and ±Infinity and counts them; tiny values count as zero', () => {
    const s = new DDSketch();
    for (const v of [NaN, Infinity, -Infinity, 1, 2, 1e-320, -1e-320, 0]) s.add(v);
    expect(s.refused).toBe(3);
    expect(s.count).toBe(5);
    expect(s.zeroCount).toBe(3);
    expect(s.sum).toBe(3);
  });

  it('merging the sketches of the parts gives the sketch of the whole', () => {
    const values = DISTRIBUTIONS[13].sample(20_000);
    const whole = new DDSketch();
    const parts = [new DDSketch(), new DDSketch(), new DDSketch()];
    values.forEach((v, i) => {
      whole.add(v);
      parts[i % 3].add(v);
    });
    const merged = new DDSketch();
    for (const p of parts) merged.merge(p);
    expect(merged.count).toBe(whole.count);
    expect(merged.min).toBe(whole.min);
    expect(merged.max).toBe(whole.max);
    expect(merged.sum).toBeCloseTo(whole.sum, 6);
    for (let i = whole.positive.minIndex; i <= whole.positive.maxIndex; i++) {
      expect(merged.positive.weightAt(i)).toBe(whole.positive.weightAt(i));
    }
    for (const q of [0, 0.1, 0.5, 0.9, 0.99, 1]) expect(merged.quantile(q)).toBe(whole.quantile(q));
  });

  it('merges sketches of different scales at the coarser one, losslessly (i >> d)', () => {
    const values = DISTRIBUTIONS[1].sample(5000);
    const fine = new DDSketch(8, 8192); // 256 bins an octave: room for the 9 octaves of the data
    const coarse = new DDSketch(5);
    const wholeAtCoarse = new DDSketch(5);
    values.forEach((v, i) => {
      (i % 2 ? fine : coarse).add(v);
      wholeAtCoarse.add(v);
    });
    expect(fine.positive.collapsed).toBe(0);
    fine.merge(coarse); // the finer one downscales itself
    expect(fine.scale).toBe(5);
    for (let i = wholeAtCoarse.positive.minIndex; i <= wholeAtCoarse.positive.maxIndex; i++) {
      expect(fine.positive.weightAt(i)).toBe(wholeAtCoarse.positive.weightAt(i));
    }
    const sorted = values.slice().sort();
    for (const q of QUANTILES) expectWithin(fine.quantile(q), exactQuantile(sorted, q), fine.mapping.relativeAccuracy, `q ${q}`);
  });

  it('keeps p95/p99 when the range outgrows the bins: the lowest bins collapse, counted', () => {
    const s = new DDSketch(6, 256); // 4 octaves of bins
    const values = new Float64Array(10_000).map((_, i) => 2 ** (i / 500)); // 20 octaves
    for (const v of values) s.add(v);
    expect(s.positive.collapsed).toBeGreaterThan(0);
    expect(s.count).toBe(10_000);
    const sorted = values.slice().sort();
    for (const q of [0.95, 0.99]) expectWithin(s.quantile(q), exactQuantile(sorted, q), s.mapping.relativeAccuracy, `q ${q}`);
  });

  it('reset empties it without new arrays', () => {
    const s = new DDSketch();
    const bins = s.positive.bins;
    for (let i = 1; i < 100; i++) s.add(i);
    s.reset();
    expect(s.positive.bins).toBe(bins);
    expect(bins.every((b) => b === 0)).toBe(true);
    expect(s.count).toBe(0);
    expect(s.quantile(0.5)).toBeNaN();
  });
});
