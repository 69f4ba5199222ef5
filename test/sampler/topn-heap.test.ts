import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TopNHeap } from '../../src/sampler/topn-heap.js';

function oracle(primary: Float64Array, secondary: Float64Array, n: number): number[] {
  const key = (x: number) => (Number.isNaN(x) ? -Infinity : x);
  return [...primary.keys()]
    .sort((a, b) => {
      const pa = key(primary[a]);
      const pb = key(primary[b]);
      const naA = Number.isNaN(primary[a]);
      const naB = Number.isNaN(primary[b]);
      if (naA !== naB) return naA ? 1 : -1;
      if (pa !== pb) return pb - pa;
      if (secondary[a] !== secondary[b]) return secondary[b] - secondary[a];
      return a - b;
    })
    .slice(0, n);
}

describe('TopNHeap', () => {
  it('keeps the N best slots, best first, like a full sort (NaN last, ties by secondary then slot)', () => {
    const value = fc.oneof(fc.constant(Number.NaN), fc.integer({ min: 0, max: 5 }), fc.double({ min: 0, max: 400, noNaN: true }));
    fc.assert(
      fc.property(fc.array(fc.tuple(value, fc.integer({ min: 0, max: 3 })), { maxLength: 200 }), fc.integer({ min: 1, max: 30 }), (pairs, n) => {
        const primary = Float64Array.from(pairs.map((p) => p[0]));
        const secondary = Float64Array.from(pairs.map((p) => p[1]));
        const heap = new TopNHeap(n);
        heap.reset(primary, secondary);
        for (let slot = 0; slot < pairs.length; slot++) heap.offer(slot);
        const out = new Int32Array(n);
        const count = heap.drainBestFirst(out);
        expect([...out.subarray(0, count)]).toEqual(oracle(primary, secondary, n));
      }),
      { numRuns: 500 },
    );
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new TopNHeap(0)).toThrow(/positive integer/);
  });
});
