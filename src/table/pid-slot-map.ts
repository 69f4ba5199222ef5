// pid → slot hash in typed arrays: open addressing, linear probing, deletion
// by backward shift (no tombstones, so lookups never slow down with churn).
// Main thread only. Keys are pids (> 0); 0 marks an empty cell.
//
//   keys  [ 0 | 812 | 0 | 4471 | 33 | 0 | … ]   capacity: a power of two,
//   slots [ - |  5  | - |   0  |  9 | - | … ]   at most half full

const EMPTY = 0;

// Fibonacci hashing (the high bits of pid × 2^32/φ) spreads the sequential
// pids the kernel hands out over the whole table.
function hashOf(pid: number, mask: number): number {
  return Math.imul(pid, 0x9e3779b1) >>> (32 - bitsOf(mask));
}

function bitsOf(mask: number): number {
  return 32 - Math.clz32(mask);
}

export class PidSlotMap {
  private keys: Int32Array;
  private slots: Int32Array;
  private mask: number;
  private count = 0;

  constructor(initialCapacity = 1024) {
    let cap = 16;
    while (cap < initialCapacity * 2) cap *= 2;
    this.keys = new Int32Array(cap);
    this.slots = new Int32Array(cap);
    this.mask = cap - 1;
  }

  get size(): number {
    return this.count;
  }

  /** The slot of `pid`, or -1. */
  get(pid: number): number {
    const keys = this.keys;
    const mask = this.mask;
    for (let i = hashOf(pid, mask); ; i = (i + 1) & mask) {
      const k = keys[i];
      if (k === pid) return this.slots[i];
      if (k === EMPTY) return -1;
    }
  }

  set(pid: number, slot: number): void {
    if ((this.count + 1) * 2 > this.keys.length) this.rehash(this.keys.length * 2);
    const keys = this.keys;
    const mask = this.mask;
    let i = hashOf(pid, mask);
    while (keys[i] !== EMPTY && keys[i] !== pid) i = (i + 1) & mask;
    if (keys[i] === EMPTY) this.count++;
    keys[i] = pid;
    this.slots[i] = slot;
  }

  delete(pid: number): boolean {
    const keys = this.keys;
    const slots = this.slots;
    const mask = this.mask;
    let i = hashOf(pid, mask);
    while (keys[i] !== pid) {
      if (keys[i] === EMPTY) return false;
      i = (i + 1) & mask;
    }
    // Backward shift: move up every later entry of the run whose home cell
    // does not lie cyclically in (i, j].
    let j = i;
    for (;;) {
      j = (j + 1) & mask;
      const k = keys[j];
      if (k === EMPTY) break;
      const home = hashOf(k, mask);
      const between = i <= j ? home > i && home <= j : home > i || home <= j;
      if (between) continue;
      keys[i] = k;
      slots[i] = slots[j];
      i = j;
    }
    keys[i] = EMPTY;
    this.count--;
    return true;
  }

  /** Empties the map, keeping its capacity. */
  clear(): void {
    if (this.count === 0) return;
    this.keys.fill(EMPTY);
    this.count = 0;
  }

  private rehash(capacity: number): void {
    const oldKeys = this.keys;
    const oldSlots = this.slots;
    this.keys = new Int32Array(capacity);
    this.slots = new Int32Array(capacity);
    this.mask = capacity - 1;
    this.count = 0;
    for (let i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] !== EMPTY) this.set(oldKeys[i], oldSlots[i]);
    }
  }
}
