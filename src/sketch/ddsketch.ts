// A DDSketch over preallocated bins: a LogMapping, a DenseStore for the
// positive values (and one for the negative, made when the first negative
// value arrives), a zero count, and count, sum, min, max. add() allocates
// nothing; reset() refills. NaN and ±Infinity are refused and counted;
// values too small for the mapping (|v| < 2^-1022) count as zero.
//
// Quantile q is the value of the bin that holds the element of rank
// floor(q·(n−1)) of the sorted values, clamped to [min, max]: within the
// relative accuracy α of that element.

import { DEFAULT_BIN_LIMIT, DenseStore } from './dense-store.js';
import { LogMapping, MIN_INDEXABLE } from './log-mapping.js';

const mappings = new Map<number, LogMapping>();

/** One mapping per scale, shared by every sketch (its tables are built once). */
export function mappingFor(scale: number): LogMapping {
  let m = mappings.get(scale);
  if (m === undefined) {
    m = new LogMapping(scale);
    mappings.set(scale, m);
  }
  return m;
}

export class DDSketch {
  mapping: LogMapping;
  readonly positive: DenseStore;
  negative: DenseStore | undefined;
  zeroCount = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;
  /** NaN and ±Infinity offered to add(): not in the sketch. */
  refused = 0;

  constructor(scale = 6, readonly binLimit = DEFAULT_BIN_LIMIT) {
    this.mapping = mappingFor(scale);
    this.positive = new DenseStore(binLimit);
  }

  get scale(): number {
    return this.mapping.scale;
  }

  /** Values in the sketch: the weights of the bins and the zero count (summed on demand; add() keeps no running count). */
  get count(): number {
    return this.positive.count + (this.negative?.count ?? 0) + this.zeroCount;
  }

  add(value: number): void {
    // Positive finite values first, with one pair of comparisons: NaN fails
    // both and ±Infinity one; the rest is sorted out off the hot path.
    if (value >= MIN_INDEXABLE && value <= Number.MAX_VALUE) this.positive.add(this.mapping.index(value));
    else if (!this.addNotPositive(value)) return;
    this.sum += value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
  }

  /** Negative, zero (or too small to index) and refused values; false when refused. */
  private addNotPositive(value: number): boolean {
    if (value - value !== 0) {
      // NaN - NaN and ±Infinity - ±Infinity are NaN: the one test for all three.
      this.refused++;
      return false;
    }
    if (value <= -MIN_INDEXABLE) this.negativeStore().add(this.mapping.index(-value));
    else this.zeroCount++;
    return true;
  }

  reset(): void {
    this.positive.reset();
    this.negative?.reset();
    this.zeroCount = 0;
    this.sum = 0;
    this.min = Infinity;
    this.max = -Infinity;
    this.refused = 0;
  }

  /** The q-quantile (0 ≤ q ≤ 1); NaN when the sketch is empty. */
  quantile(q: number): number {
    const count = this.count;
    if (count === 0 || !(q >= 0 && q <= 1)) return NaN;
    return this.valueAtRank(q * (count - 1));
  }

  /**
   * The value of the bin holding 0-based rank `rank` (the first bin whose
   * cumulative weight passes it), clamped to [min, max]. quantile() asks
   * for rank q·(n−1), as sketches-js does; the fleet's query router asks
   * for the nearest rank ⌈q·n⌉ − 1, the rows' percentile_disc.
   */
  valueAtRank(rank: number): number {
    if (this.count === 0) return NaN;
    let seen = 0;
    const m = this.mapping;
    const neg = this.negative;
    if (neg !== undefined && !neg.empty) {
      for (let i = neg.maxIndex; i >= neg.minIndex; i--) {
        seen += neg.weightAt(i);
        if (seen > rank) return this.clamp(-m.value(i));
      }
    }
    seen += this.zeroCount;
    if (seen > rank) return this.clamp(0);
    const pos = this.positive;
    for (let i = pos.minIndex; i <= pos.maxIndex; i++) {
      seen += pos.weightAt(i);
      if (seen > rank) return this.clamp(m.value(i));
    }
    return this.max;
  }

  /**
   * Adds `other` into this sketch. Of two scales the coarser wins: the finer
   * sketch's bins move to index i >> d, which loses nothing beyond the
   * coarser scale's own accuracy.
   */
  merge(other: DDSketch): void {
    if (other.scale < this.scale) this.downscale(this.scale - other.scale);
    const shift = other.scale - this.scale;
    addStore(this.positive, other.positive, shift);
    if (other.negative !== undefined && !other.negative.empty) addStore(this.negativeStore(), other.negative, shift);
    this.zeroCount += other.zeroCount;
    this.sum += other.sum;
    this.refused += other.refused;
    if (other.min < this.min) this.min = other.min;
    if (other.max > this.max) this.max = other.max;
  }

  /** Coarsens this sketch by d scales in place: bin i becomes bin i >> d. */
  downscale(d: number): void {
    if (d <= 0) return;
    this.mapping = mappingFor(this.scale - d);
    rebin(this.positive, d);
    if (this.negative !== undefined) rebin(this.negative, d);
  }

  /** Adds weight to a bin of the negative values (rebuilding a sketch from its bins). */
  mergeNegativeBin(index: number, weight: number): void {
    this.negativeStore().add(index, weight);
  }

  private negativeStore(): DenseStore {
    if (this.negative === undefined) this.negative = new DenseStore(this.binLimit);
    return this.negative;
  }

  private clamp(v: number): number {
    return v < this.min ? this.min : Math.min(v, this.max);
  }
}

function addStore(into: DenseStore, from: DenseStore, shift: number): void {
  if (from.empty) return;
  for (let i = from.minIndex; i <= from.maxIndex; i++) {
    const w = from.weightAt(i);
    if (w !== 0) into.add(i >> shift, w);
  }
}

/** Moves every bin of `store` to index i >> d (at most binLimit bins: a small copy). */
function rebin(store: DenseStore, d: number): void {
  if (store.empty) return;
  const lo = store.minIndex;
  const weights = store.bins.slice(lo - store.offset, store.maxIndex - store.offset + 1);
  const collapsed = store.collapsed;
  store.reset();
  store.collapsed = collapsed;
  for (let k = 0; k < weights.length; k++) if (weights[k] !== 0) store.add((lo + k) >> d, weights[k]);
}
