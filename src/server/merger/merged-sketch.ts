// The merger's sketch: the bins of many SketchEnvelopes added together, in
// a typed array as wide as the occupied index range (plus slack), never the
// agent's fixed 2,048-bin window, because the merger holds one per open
// (account, metric, entity, display name, window) and its memory is the
// bound that matters (DESIGN.md "The fleet backend": merger state).
//
// The mapping is the agent's (src/sketch/log-mapping.ts): γ = 2^(2^-scale),
// bin i = (γ^i, γ^(i+1)]. Two scales merge at the coarser: bin i of scale s
// is inside bin i >> d of scale s − d (γ_(s−d) = γ_s^(2^d)), so moving a bin
// there loses nothing the coarser sketch could have kept (the merge is the
// sketch of the union of the raw values at the coarser scale, bin for bin).

import { mappingFor } from '../../sketch/ddsketch.js';

const EMPTY = new Float64Array(0);

/** The occupied bins of one sign: counts[k] is the weight of bin offset + k. */
export interface BinRange {
  readonly offset: number;
  readonly counts: ArrayLike<number>;
}

/** The bins of one sign, as a growable dense range. */
export class Bins {
  /** Index of counts[0]. */
  private base = 0;
  private counts: Float64Array = EMPTY;
  /** Lowest and highest index with weight; lo > hi when empty. */
  lo = 1;
  hi = 0;
  /** Weight folded into the lowest kept bin because the range passed maxBins. */
  collapsed = 0;

  constructor(readonly maxBins: number) {}

  get empty(): boolean {
    return this.lo > this.hi;
  }

  /** Bytes of the typed array (the state the merger counts). */
  get byteLength(): number {
    return this.counts.byteLength;
  }

  add(index: number, weight: number): void {
    if (weight === 0) return;
    if (this.empty) {
      // The array is all zeros when empty: keep its base when the index fits (addRange placed it), else centre it.
      if (this.counts.length === 0) this.counts = new Float64Array(16);
      if (index < this.base || index >= this.base + this.counts.length) this.base = index - (this.counts.length >> 1);
      this.lo = index;
      this.hi = index;
    } else if (index < this.lo || index > this.hi) {
      index = this.widen(index, weight);
    }
    this.counts[index - this.base] += weight;
  }

  /** Makes room for `index`; returns where its weight goes (the lowest kept bin when the range is too wide). */
  private widen(index: number, weight: number): number {
    let lo = Math.min(index, this.lo);
    const hi = Math.max(index, this.hi);
    let target = index;
    if (hi - lo + 1 > this.maxBins) {
      // Too wide: keep the top maxBins indexes (the high quantiles), fold the rest into the lowest kept.
      const keepFrom = hi - this.maxBins + 1;
      let folded = 0;
      for (let i = this.lo; i < keepFrom && i <= this.hi; i++) {
        folded += this.counts[i - this.base];
        this.counts[i - this.base] = 0;
      }
      if (index < keepFrom) {
        target = keepFrom;
        this.collapsed += weight;
      }
      this.collapsed += folded;
      lo = keepFrom;
      this.fit(lo, hi);
      this.counts[keepFrom - this.base] += folded;
    } else {
      this.fit(lo, hi);
    }
    this.lo = lo;
    this.hi = hi;
    return target;
  }

  /** Reallocates (doubling, with slack on both sides) when [lo, hi] does not fit the array. */
  private fit(lo: number, hi: number): void {
    if (lo >= this.base && hi < this.base + this.counts.length) return;
    // An eighth of slack on top of the range (most adds after the first fall inside it): bytes are the merger's bound.
    const need = hi - lo + 1;
    const size = Math.min(need + Math.max(16, need >> 3), Math.max(this.maxBins, need));
    const next = new Float64Array(size);
    const base = lo - ((size - need) >> 1);
    const from = Math.max(this.lo, lo);
    const to = Math.min(this.hi, hi);
    if (!this.empty && from <= to) next.set(this.counts.subarray(from - this.base, to - this.base + 1), from - base);
    this.counts = next;
    this.base = base;
  }

  /** Adds a range of bins of a scale `shift` finer than this one (bin i → i >> shift). */
  addRange(range: BinRange, shift: number): void {
    const c = range.counts;
    if (c.length === 0) return;
    const first = range.offset >> shift;
    const last = (range.offset + c.length - 1) >> shift;
    const empty = this.empty;
    const lo = empty ? first : Math.min(first, this.lo);
    const hi = empty ? last : Math.max(last, this.hi);
    if (hi - lo + 1 > this.maxBins) {
      // Wider than the bound: bin by bin, collapsing the lowest (the rare case).
      for (let k = 0; k < c.length; k++) if (c[k] !== 0) this.add((range.offset + k) >> shift, c[k]);
      return;
    }
    // Room for the whole range at once, then one tight loop.
    if (empty) {
      const need = hi - lo + 1;
      if (this.counts.length < need) this.counts = new Float64Array(need + Math.max(16, need >> 3));
      if (lo < this.base || hi >= this.base + this.counts.length) this.base = lo - ((this.counts.length - need) >> 1);
    } else {
      this.fit(lo, hi);
    }
    const counts = this.counts;
    const at = range.offset - this.base; // shift 0: bin offset + k is counts[at + k]
    let low = Infinity;
    let high = -Infinity;
    if (shift === 0) {
      for (let k = 0; k < c.length; k++) {
        const w = c[k];
        if (w !== 0) {
          counts[at + k] += w;
          if (k < low) low = k;
          high = k;
        }
      }
      low += range.offset;
      high += range.offset;
    } else {
      for (let k = 0; k < c.length; k++) {
        const w = c[k];
        if (w !== 0) {
          const i = (range.offset + k) >> shift;
          counts[i - this.base] += w;
          if (i < low) low = i;
          high = i;
        }
      }
    }
    if (low === Infinity) return;
    this.lo = empty ? low : Math.min(this.lo, low);
    this.hi = empty ? high : Math.max(this.hi, high);
  }

  weightAt(index: number): number {
    const k = index - this.base;
    return k >= 0 && k < this.counts.length ? this.counts[k] : 0;
  }

  /** The occupied range (a view: copy it to keep it). */
  occupied(): BinRange {
    if (this.empty) return { offset: 0, counts: EMPTY };
    return { offset: this.lo, counts: this.counts.subarray(this.lo - this.base, this.hi - this.base + 1) };
  }

  total(): number {
    let t = 0;
    for (let i = this.lo; i <= this.hi; i++) t += this.counts[i - this.base];
    return t;
  }

  /** Moves every bin to i >> d. */
  downscale(d: number): void {
    if (d <= 0 || this.empty) return;
    const { offset, counts } = this.occupied();
    const copy = Float64Array.from(counts);
    this.counts.fill(0);
    this.lo = 1;
    this.hi = 0;
    this.addRange({ offset, counts: copy }, d);
  }
}

/** What a sketch is made of, as an envelope or a stored row carries it. */
export interface SketchParts {
  readonly scale: number;
  readonly count: number;
  readonly sum: number;
  readonly min: number;
  readonly max: number;
  readonly zeroCount: number;
  readonly positive: BinRange;
  readonly negative: BinRange;
}

export const DEFAULT_MAX_BINS = 4096;

export class MergedSketch {
  scale: number;
  readonly positive: Bins;
  readonly negative: Bins;
  zeroCount = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;
  /** Sketches merged into this one. */
  merged = 0;

  constructor(scale: number, maxBins = DEFAULT_MAX_BINS) {
    this.scale = scale;
    this.positive = new Bins(maxBins);
    this.negative = new Bins(maxBins);
  }

  static of(parts: SketchParts, maxBins = DEFAULT_MAX_BINS): MergedSketch {
    const s = new MergedSketch(parts.scale, maxBins);
    s.add(parts);
    return s;
  }

  /** Values in the sketch: the bins' weights and the zero count. */
  get count(): number {
    return this.positive.total() + this.negative.total() + this.zeroCount;
  }

  get collapsed(): number {
    return this.positive.collapsed + this.negative.collapsed;
  }

  /** State bytes: the two typed arrays and the object's fields (an estimate of V8's, for the bound). */
  get byteLength(): number {
    return this.positive.byteLength + this.negative.byteLength + 160;
  }

  /** Adds a sketch (an envelope's, or another merge's parts). Of two scales the coarser wins. */
  add(p: SketchParts): void {
    if (p.scale < this.scale) this.downscale(this.scale - p.scale);
    const shift = p.scale - this.scale;
    this.positive.addRange(p.positive, shift);
    this.negative.addRange(p.negative, shift);
    this.zeroCount += p.zeroCount;
    this.sum += p.sum;
    if (p.count > 0) {
      if (p.min < this.min) this.min = p.min;
      if (p.max > this.max) this.max = p.max;
    }
    this.merged++;
  }

  merge(other: MergedSketch): void {
    this.add(other.parts());
  }

  downscale(d: number): void {
    if (d <= 0) return;
    this.scale -= d;
    this.positive.downscale(d);
    this.negative.downscale(d);
  }

  parts(): SketchParts {
    const count = this.count;
    return {
      scale: this.scale,
      count,
      sum: this.sum,
      min: count > 0 ? this.min : 0,
      max: count > 0 ? this.max : 0,
      zeroCount: this.zeroCount,
      positive: this.positive.occupied(),
      negative: this.negative.occupied(),
    };
  }

  /** The q-quantile by the agent's rank walk (src/sketch/ddsketch.ts): within α of the exact one; NaN when empty. */
  quantile(q: number): number {
    return quantileOfParts(this.parts(), q);
  }
}

/** The q-quantile of stored or merged parts: the value of the bin holding rank floor(q·(n−1)), clamped to [min, max]. */
export function quantileOfParts(p: SketchParts, q: number): number {
  if (p.count === 0 || !(q >= 0 && q <= 1)) return NaN;
  const m = mappingFor(p.scale);
  const clamp = (v: number) => (v < p.min ? p.min : Math.min(v, p.max));
  const rank = q * (p.count - 1);
  let seen = 0;
  const neg = p.negative.counts;
  for (let k = neg.length - 1; k >= 0; k--) {
    seen += neg[k];
    if (seen > rank) return clamp(-m.value(p.negative.offset + k));
  }
  seen += p.zeroCount;
  if (seen > rank) return clamp(0);
  const pos = p.positive.counts;
  for (let k = 0; k < pos.length; k++) {
    seen += pos[k];
    if (seen > rank) return clamp(m.value(p.positive.offset + k));
  }
  return p.max;
}
