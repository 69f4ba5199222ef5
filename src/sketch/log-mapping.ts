// The index mapping of our sketches: γ = 2^(2^-scale), and bin i holds the
// values (γ^i, γ^(i+1)]: the OTLP exponential-histogram bucket at that scale,
// upper bound inclusive, so that a sketch exports to OTLP as a copy exact
// for every value (DESIGN.md, "Units and meanings"). DataDog's Go/Java
// decoders bound bin i as [γ^i, γ^(i+1)): they read a value exactly on a
// boundary one bin higher than we do, within α. Default scale 6:
// γ = 2^(1/64), relative accuracy α = (γ−1)/(γ+1) ≈ 0.54 %.
//
// The index needs no logarithm. For v = 2^e · m with m in [1, 2),
//   i = e · 2^scale + j,   j = ceil(2^scale · log2 m) − 1.
// Inside (1, 2) no boundary 2^(k/2^scale) (0 < k < 2^scale) is a double (it
// is irrational), so there ceil − 1 equals floor, and
//   j = floor(2^scale · log2 m)   for m > 1,   j = −1 for m = 1:
// a power of two is the top of the bin below it, the one case where the
// two conventions part. The floor is found from the top mantissa bits: a table gives the highest
// bin boundary at or below the start of the mantissa's prefix interval, and
// since the prefix intervals (2^-(scale+4) wide) are narrower than the bins
// (≥ ln2 · 2^-scale), at most one more boundary can fall inside: one
// integer comparison of mantissa bits settles it. (Prefixes of scale+4 bits
// leave a boundary in one interval of 16, so the comparison is nearly always
// predicted: 3.1 ns an index against 4.3 with scale+2 bits; the sketch bench
// side by side with @datadog/sketches-js, which takes Math.log2.) The
// boundaries are the smallest doubles at or above 2^(j/2^scale), checked
// with exact integer arithmetic, so the index is exact for every double (a
// test checks a million values, every power of two and the doubles either
// side of every boundary against a BigInt oracle).

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
  /** Per mantissa prefix p: the highest j with bounds[j] ≤ the prefix's start… */
  private readonly prefixToSub: Int32Array;
  /** …and the mantissa bits (high 20, low 32) of bounds[j + 1], the one boundary that may lie inside it. */
  private readonly nextHi: Int32Array;
  private readonly nextLo: Uint32Array;

  constructor(scale = 6) {
    if (!Number.isInteger(scale) || scale < MIN_SCALE || scale > MAX_SCALE) {
      throw new RangeError(`sketch scale must be an integer from ${MIN_SCALE} to ${MAX_SCALE}, got ${scale}`);
    }
    this.scale = scale;
    this.subBins = 2 ** scale;
    this.gamma = 2 ** (2 ** -scale);
    this.relativeAccuracy = (this.gamma - 1) / (this.gamma + 1);
    this.prefixBits = scale + 4;
    this.bounds = new Float64Array(this.subBins + 1);
    for (let j = 0; j < this.subBins; j++) this.bounds[j] = boundary(j, scale);
    this.bounds[this.subBins] = 2;
    const prefixes = 2 ** this.prefixBits;
    this.prefixToSub = new Int32Array(prefixes);
    this.nextHi = new Int32Array(prefixes);
    this.nextLo = new Uint32Array(prefixes);
    let j = 0;
    for (let p = 0; p < prefixes; p++) {
      const start = 1 + p / prefixes;
      while (this.bounds[j + 1] <= start) j++;
      this.prefixToSub[p] = j;
      if (j + 1 === this.subBins) {
        this.nextHi[p] = 0x100000; // the next boundary is 2.0: above every mantissa
      } else {
        F64[0] = this.bounds[j + 1];
        this.nextHi[p] = U32[1] & 0xfffff;
        this.nextLo[p] = U32[0];
      }
    }
  }

  /** The bin (γ^i, γ^(i+1)] of a positive value ≥ MIN_INDEXABLE (finite). */
  index(value: number): number {
    F64[0] = value;
    const hi = U32[1];
    const mantissaHi = hi & 0xfffff;
    const exponent = (hi >>> 20) - 1023; // the sign bit is 0: value > 0
    const p = mantissaHi >>> (20 - this.prefixBits);
    // One more boundary may lie inside the prefix interval: compare the
    // mantissa's bits with its bits, as integers; the three lookups depend
    // only on p, not on each other.
    const nextHi = this.nextHi[p];
    const above = mantissaHi > nextHi || (mantissaHi === nextHi && U32[0] >= this.nextLo[p]) ? 1 : 0;
    // m = 1 exactly (v a power of two): the upper bound of the bin below.
    const powerOfTwo = (mantissaHi | U32[0]) === 0 ? 1 : 0;
    return (exponent << this.scale) + this.prefixToSub[p] + above - powerOfTwo;
  }

  /** Bin i's lower bound γ^i, which the bin excludes, as the smallest double at or above it (γ^i itself when it is a power of two). */
  lowerBound(index: number): number {
    const j = index & (this.subBins - 1);
    return 2 ** ((index - j) / this.subBins) * this.bounds[j];
  }

  /** The value a bin stands for: within α of every value in (γ^i, γ^(i+1)]. */
  value(index: number): number {
    return (this.lowerBound(index) * 2 * this.gamma) / (1 + this.gamma);
  }
}
