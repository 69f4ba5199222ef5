// The index mapping of our sketches: γ = 2^(2^-scale), and bin i holds the
// values [γ^i, γ^(i+1)): the OTLP exponential-histogram index at that scale
// and the Go/Java DDSketch index (see DESIGN.md, "Sketches"). Default scale
// 6: γ = 2^(1/64), relative accuracy α = (γ−1)/(γ+1) ≈ 0.54 %.
//
// The index needs no logarithm. For v = 2^e · m with m in [1, 2),
//   i = e · 2^scale + j,   j = floor(2^scale · log2 m),
// and j is found from the top mantissa bits: a table gives the highest
// bin boundary at or below the start of the mantissa's prefix interval, and
// since the prefix intervals (2^-(scale+2) wide) are narrower than the bins
// (≥ ln2 · 2^-scale), at most one more boundary can fall inside: one
// comparison settles it. The boundaries are the smallest doubles at or
// above 2^(j/2^scale), checked with exact integer arithmetic, so the index
// is exact for every double (a test checks a million values and every power
// of two against a BigInt oracle).

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer); // little-endian: U32[1] holds sign, exponent, top mantissa bits

export const MIN_SCALE = 0;
export const MAX_SCALE = 10;
/** Smallest value with an index: the smallest normal double. Below it, values count as zero. */
export const MIN_INDEXABLE = 2 ** -1022;

/** The smallest double ≥ 2^(j / 2^scale), for j in [0, 2^scale). */
function boundary(j: number, scale: number): number {
  const n = 2 ** scale;
  let b = 2 ** (j / n);
  // b^n ≥ 2^j exactly? b = M · 2^-52 with M a 53-bit integer: M^n ≥ 2^(j + 52n).
  const atLeast = (x: number): boolean => {
    const m = BigInt(Math.round(x * 2 ** 52));
    return m ** BigInt(n) >= 1n << BigInt(j + 52 * n);
  };
  const ulp = 2 ** -52;
  while (!atLeast(b)) b += ulp;
  while (b - ulp >= 1 && atLeast(b - ulp)) b -= ulp;
  return b;
}

export class LogMapping {
  readonly scale: number;
  readonly gamma: number;
  /** Relative accuracy: every value is within α of its bin's representative. */
  readonly relativeAccuracy: number;
  private readonly subBins: number;
  private readonly prefixBits: number;
  /** bounds[j] = smallest double ≥ 2^(j/2^scale); bounds[2^scale] = 2. */
  private readonly bounds: Float64Array;
  /** Highest j with bounds[j] ≤ the start of mantissa prefix p. */
  private readonly prefixToSub: Int32Array;

  constructor(scale = 6) {
    if (!Number.isInteger(scale) || scale < MIN_SCALE || scale > MAX_SCALE) {
      throw new RangeError(`sketch scale must be an integer from ${MIN_SCALE} to ${MAX_SCALE}, got ${scale}`);
    }
    this.scale = scale;
    this.subBins = 2 ** scale;
    this.gamma = 2 ** (2 ** -scale);
    this.relativeAccuracy = (this.gamma - 1) / (this.gamma + 1);
    this.prefixBits = scale + 2;
    this.bounds = new Float64Array(this.subBins + 1);
    for (let j = 0; j < this.subBins; j++) this.bounds[j] = boundary(j, scale);
    this.bounds[this.subBins] = 2;
    const prefixes = 2 ** this.prefixBits;
    this.prefixToSub = new Int32Array(prefixes);
    let j = 0;
    for (let p = 0; p < prefixes; p++) {
      const start = 1 + p / prefixes;
      while (this.bounds[j + 1] <= start) j++;
      this.prefixToSub[p] = j;
    }
  }

  /** The bin of a positive value ≥ MIN_INDEXABLE (finite). */
  index(value: number): number {
    F64[0] = value;
    const hi = U32[1];
    const exponent = ((hi >>> 20) & 0x7ff) - 1023;
    let j = this.prefixToSub[(hi & 0xfffff) >>> (20 - this.prefixBits)];
    // The mantissa as a double in [1, 2): the same bits with exponent 0.
    U32[1] = (hi & 0x000fffff) | 0x3ff00000;
    if (F64[0] >= this.bounds[j + 1]) j++;
    return exponent * this.subBins + j;
  }

  /** The lowest value of bin i: γ^i (as the smallest double at or above it). */
  lowerBound(index: number): number {
    const j = index & (this.subBins - 1);
    return 2 ** ((index - j) / this.subBins) * this.bounds[j];
  }

  /** The value a bin stands for: within α of every value in [γ^i, γ^(i+1)). */
  value(index: number): number {
    return (this.lowerBound(index) * 2 * this.gamma) / (1 + this.gamma);
  }
}
