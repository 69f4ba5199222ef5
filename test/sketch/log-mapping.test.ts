import { describe, expect, it } from 'vitest';
import { LogMapping, MIN_INDEXABLE } from '../../src/sketch/log-mapping.js';

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);

/** Exact: does v lie in (γ^i, γ^(i+1)] (OTLP's bucket) for γ = 2^(2^-scale)? By integers: v^(2^s) against 2^i. */
function inBin(v: number, i: number, scale: number): boolean {
  F64[0] = v;
  const e = ((U32[1] >>> 20) & 0x7ff) - 1023;
  const mantissa = BigInt(Math.round((v / 2 ** e) * 2 ** 52)); // v = mantissa · 2^(e − 52)
  const n = 2 ** scale;
  const power = mantissa ** BigInt(n); // v^n = power · 2^(n(e − 52))
  const above = (k: number) => (k < 0 ? true : power > 1n << BigInt(k)); // v^n > 2^(k + shift)
  const shift = n * (e - 52);
  return above(i - shift) && !above(i + 1 - shift);
}

describe('LogMapping', () => {
  it('puts a million random values in the exact bin (γ^i, γ^(i+1)]', () => {
    const m = new LogMapping(6);
    let seed = 12345;
    const rand = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 4294967296;
    };
    for (let k = 0; k < 1_000_000; k++) {
      // Exponents over the whole double range, mantissas uniform.
      const v = (1 + rand()) * 2 ** Math.floor(rand() * 2044 - 1022);
      const i = m.index(v);
      if (!inBin(v, i, 6)) expect.fail(`${v} put in bin ${i}`);
    }
  }, 120_000);

  it('puts every power of two, and the doubles either side of every boundary, in the exact bin', () => {
    for (const scale of [0, 3, 6, 8]) {
      const m = new LogMapping(scale);
      // OTLP's bucket is upper-inclusive: 2^e is the top of the bin below e · 2^scale.
      for (let e = -1021; e <= 1023; e++) {
        const v = 2 ** e;
        expect(m.index(v)).toBe(e * 2 ** scale - 1);
        expect(inBin(v, e * 2 ** scale - 1, scale)).toBe(true);
      }
      for (let i = -5 * 2 ** scale; i < 5 * 2 ** scale; i++) {
        const lo = m.lowerBound(i);
        const below = lo - lo * 2 ** -53; // the double just under lo
        const above = lo + lo * 2 ** -52; // the double just over lo
        for (const v of [below, lo, above]) {
          const index = m.index(v);
          if (!inBin(v, index, scale)) expect.fail(`${v} (near the bound of bin ${i} at scale ${scale}) put in bin ${index}`);
        }
        expect(m.index(above), `just over the lower bound of ${i} at scale ${scale}`).toBe(i);
        expect(m.index(below)).toBe(i - 1);
      }
    }
  });

  it('has γ = 2^(2^-scale) and α = (γ − 1)/(γ + 1): 0.54 % at scale 6', () => {
    const m = new LogMapping(6);
    expect(m.gamma).toBe(2 ** (1 / 64));
    expect(m.relativeAccuracy).toBeCloseTo(0.005415, 6);
    for (const v of [MIN_INDEXABLE, 1e-300, 0.001, 1, 3.7, 4096, 1e300]) {
      expect(Math.abs(m.value(m.index(v)) - v)).toBeLessThanOrEqual(m.relativeAccuracy * v * (1 + 1e-12));
    }
  });

  it('refuses a scale it has no table for', () => {
    expect(() => new LogMapping(11)).toThrow(/scale must be an integer from 0 to 10/);
  });
});
