// Top-N selection over table slots with a typed-array min-heap: O(k log N)
// for k candidates, no objects. The root is the weakest of the kept slots, so
// a candidate either loses to it in one comparison or replaces it.
//
// Order: `primary` descending, then `secondary` descending, then the lower
// slot (so that equal keys give the same rows on every run). NaN in
// `primary` ranks below every number.

export class TopNHeap {
  private readonly heap: Int32Array;
  private size = 0;
  private primary: Float64Array = new Float64Array(0);
  private secondary: Float64Array = new Float64Array(0);

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`top-n capacity must be a positive integer, got ${capacity}`);
    this.heap = new Int32Array(capacity);
  }

  /** Starts a selection ranked by the given per-slot keys. */
  reset(primary: Float64Array, secondary: Float64Array): void {
    this.size = 0;
    this.primary = primary;
    this.secondary = secondary;
  }

  offer(slot: number): void {
    const heap = this.heap;
    if (this.size < this.capacity) {
      let i = this.size++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!this.below(slot, heap[parent])) break;
        heap[i] = heap[parent];
        i = parent;
      }
      heap[i] = slot;
    } else if (this.below(heap[0], slot)) {
      this.siftDown(slot, this.size);
    }
  }

  /** Writes the kept slots, best first, into `out`; returns how many. Empties the heap. */
  drainBestFirst(out: Int32Array): number {
    const n = this.size;
    for (let k = n - 1; k >= 0; k--) {
      out[k] = this.heap[0];
      const last = this.heap[k];
      this.size = k;
      if (k > 0) this.siftDown(last, k);
    }
    return n;
  }

  /** Places `slot` at the root and restores heap order over `size` entries. */
  private siftDown(slot: number, size: number): void {
    const heap = this.heap;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= size) break;
      if (child + 1 < size && this.below(heap[child + 1], heap[child])) child++;
      if (!this.below(heap[child], slot)) break;
      heap[i] = heap[child];
      i = child;
    }
    heap[i] = slot;
  }

  /** True when slot a ranks below slot b. */
  private below(a: number, b: number): boolean {
    const pa = this.primary[a];
    const pb = this.primary[b];
    const aIsNaN = Number.isNaN(pa);
    const bIsNaN = Number.isNaN(pb);
    if (aIsNaN || bIsNaN) {
      if (aIsNaN !== bIsNaN) return aIsNaN; // NaN ranks lowest
    } else if (pa !== pb) {
      return pa < pb;
    }
    const sa = this.secondary[a];
    const sb = this.secondary[b];
    if (sa !== sb) return sa < sb;
    return a > b;
  }
}
