// 100 seeded distributions for the sketch tests: lognormal of several
// sigmas, exponential, Pareto, uniform, bimodal, integer-valued, with zeros,
// with huge outliers (10^6 × the bulk: inside the 2^32 range that 2048 bins
// of scale 6 hold without collapsing), and with negatives.

export interface Distribution {
  name: string;
  sample(n: number): Float64Array;
}

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    // xorshift32
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return (s + 0.5) / 4294967296;
  };
}

function normal(r: () => number): number {
  return Math.sqrt(-2 * Math.log(r())) * Math.cos(2 * Math.PI * r());
}

type Gen = (r: () => number, variant: number) => number;

const families: Array<[string, Gen]> = [
  ['lognormal σ 0.5', (r) => Math.exp(0.5 * normal(r))],
  ['lognormal σ 1', (r) => Math.exp(normal(r))],
  ['lognormal σ 2', (r) => Math.exp(2 * normal(r))],
  ['lognormal σ 3 (cpu-like)', (r) => Math.exp(3 * normal(r) - 2)],
  ['exponential', (r, v) => -Math.log(r()) * (1 + v)],
  ['pareto', (r, v) => 1 / r() ** (1 / (1.1 + v / 4))],
  ['uniform', (r, v) => r() * 10 ** (v % 5)],
  ['bimodal', (r) => (r() < 0.3 ? Math.exp(0.2 * normal(r)) * 4096 : Math.exp(0.3 * normal(r)) * 2e8)],
  ['integer-valued', (r, v) => Math.floor(-Math.log(r()) * (3 + 7 * v))],
  ['zeros and huge outliers', (r) => {
    const u = r();
    if (u < 0.25) return 0;
    if (u > 0.995) return 1e6 * Math.exp(normal(r) * 0.1);
    return Math.exp(normal(r) * 0.7);
  }],
];

export const DISTRIBUTIONS: Distribution[] = [];
for (let variant = 0; variant < 10; variant++) {
  for (const [name, gen] of families) {
    const seed = 1 + DISTRIBUTIONS.length * 7919;
    const negate = variant === 9; // one variant of each family mirrored to negatives
    DISTRIBUTIONS.push({
      name: `${name} #${variant}${negate ? ' (negated)' : ''}`,
      sample(n) {
        const r = rng(seed);
        const out = new Float64Array(n);
        for (let i = 0; i < n; i++) out[i] = negate ? -gen(r, variant) : gen(r, variant);
        return out;
      },
    });
  }
}

export const SIZES = [3, 17, 100, 1000, 10_000, 100_000];

/** The element of rank floor(q·(n−1)) of the sorted values: what the sketch estimates. */
export function exactQuantile(sorted: Float64Array, q: number): number {
  return sorted[Math.floor(q * (sorted.length - 1))];
}
