// Process names as small integers: a typed-array hash of the name bytes
// (the comm column) → a name id, kept across ticks. Per tick, every scanned
// process is looked up by its bytes (FNV-1a over at most 64 bytes, no
// string); a string is made once per distinct name, when a row carrying it
// leaves the process, and the pin rules on names are asked once per name.
//
// Each name also has a display name id: the display name rules map names to
// display names (by default a name is its own display name), and the tail is
// summed per display id, so rules can fold many names into one aggregate.
//
//   buckets [ -1 | 3 | -1 | 0 | … ]  open addressing on hash & mask → id
//   ids     0: bytes[0..64) len hash lastSeen string? pin
//           1: …

import { COMM_BYTES, PIN_UNKNOWN, READ_OK, READ_REUSED } from '../table/layout.js';
import type { TableViews } from '../table/shared-table.js';

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;
// Hashes are kept to 30 bits: a small integer (Smi) is passed between
// functions as is, while a larger one would be boxed in a new heap number
// on every call (~100 kB a tick at 3,000 processes, seen in the heap probe).
const HASH_MASK = 0x3fffffff;
const EMPTY = -1;

export class NameTable {
  private buckets: Int32Array;
  private mask: number;
  private bytes: Uint8Array;
  private lengths: Uint8Array;
  private hashes: Int32Array;
  private lastSeen: Uint32Array;
  /** Verdict of the pin rules on each name (PIN_*), 0 until asked. */
  pins: Uint8Array;
  private strings: (string | undefined)[] = [];
  /** Display id of each name; -1 until asked. */
  private display: Int32Array;
  private readonly displayIds = new Map<string, number>();
  private displayStrings: string[] = [];
  private count = 0;
  private tick = 0;
  /** Bumped when display ids are handed out anew (see compact): holders of display ids must drop them. */
  displayEpoch = 0;

  /**
   * @param displayNameOf the display name rules: a name → its display name.
   * @param maxNames past this many distinct names, names unseen for a tick are dropped.
   */
  constructor(
    private readonly displayNameOf: (name: string) => string = (name) => name,
    private readonly maxNames = 65_536,
    initial = 1024,
  ) {
    this.buckets = new Int32Array(initial * 2).fill(EMPTY);
    this.mask = initial * 2 - 1;
    this.bytes = new Uint8Array(initial * COMM_BYTES);
    this.lengths = new Uint8Array(initial);
    this.hashes = new Int32Array(initial);
    this.lastSeen = new Uint32Array(initial);
    this.pins = new Uint8Array(initial);
    this.display = new Int32Array(initial).fill(-1);
  }

  /** Display ids in use so far: every display id is below this. */
  get displayCount(): number {
    return this.displayStrings.length;
  }

  /** The display id of name `id` (the rules are asked once per name). */
  displayIdOf(id: number): number {
    let d = this.display[id];
    if (d < 0) {
      const display = this.displayNameOf(this.nameOf(id));
      d = this.displayIds.get(display) ?? -1;
      if (d < 0) {
        d = this.displayStrings.length;
        this.displayStrings.push(display);
        this.displayIds.set(display, d);
      }
      this.display[id] = d;
    }
    return d;
  }

  displayName(displayId: number): string {
    return this.displayStrings[displayId];
  }

  get size(): number {
    return this.count;
  }

  /** Starts a tick; between ticks, forgets stale names if the table is full. */
  beginTick(): void {
    if (this.count >= this.maxNames) this.compact();
    this.tick++;
  }

  /** Starts a tick and gives every scanned process of the pid list its name id. */
  assignScanned(v: TableViews, listed: number): void {
    this.beginTick();
    for (let i = 0; i < listed; i++) {
      const slot = v.slotList[i];
      const status = v.status[slot];
      if (status === READ_OK || status === READ_REUSED) this.assign(v, slot);
    }
  }

  /** Writes the name id of the process in `slot` into v.nameId[slot]. */
  assign(v: TableViews, slot: number): number {
    const at = slot * COMM_BYTES;
    const len = v.commLen[slot];
    let h = FNV_OFFSET;
    for (let i = 0; i < len; i++) h = Math.imul(h ^ v.comm[at + i], FNV_PRIME);
    const id = this.find(v.comm, at, len, h & HASH_MASK);
    this.lastSeen[id] = this.tick;
    v.nameId[slot] = id;
    return id;
  }

  /** The name as a well-formed string; made once per name, where a row leaves the process. */
  nameOf(id: number): string {
    let s = this.strings[id];
    if (s === undefined) {
      const at = id * COMM_BYTES;
      s = Buffer.from(this.bytes.buffer, this.bytes.byteOffset + at, this.lengths[id]).toString('utf8').toWellFormed();
      this.strings[id] = s;
    }
    return s;
  }

  private find(src: Uint8Array, at: number, len: number, h: number): number {
    const mask = this.mask;
    for (let b = h & mask; ; b = (b + 1) & mask) {
      const id = this.buckets[b];
      if (id === EMPTY) return this.insert(b, src, at, len, h);
      if (this.hashes[id] === h && this.lengths[id] === len && this.sameBytes(id, src, at, len)) return id;
    }
  }

  private sameBytes(id: number, src: Uint8Array, at: number, len: number): boolean {
    const mine = id * COMM_BYTES;
    for (let i = 0; i < len; i++) if (this.bytes[mine + i] !== src[at + i]) return false;
    return true;
  }

  private insert(bucket: number, src: Uint8Array, at: number, len: number, h: number): number {
    if (this.count === this.lengths.length) {
      this.growEntries(this.count * 2);
      return this.find(src, at, len, h); // buckets were rebuilt
    }
    const id = this.count++;
    const mine = id * COMM_BYTES;
    for (let i = 0; i < len; i++) this.bytes[mine + i] = src[at + i];
    this.lengths[id] = len;
    this.hashes[id] = h;
    this.pins[id] = PIN_UNKNOWN;
    this.display[id] = -1;
    this.strings[id] = undefined;
    this.buckets[bucket] = id;
    return id;
  }

  private growEntries(capacity: number): void {
    const grow = <T extends Uint8Array | Uint32Array | Int32Array>(old: T, per: number): T => {
      const next = new (old.constructor as new (n: number) => T)(capacity * per);
      next.set(old);
      return next;
    };
    this.bytes = grow(this.bytes, COMM_BYTES);
    this.lengths = grow(this.lengths, 1);
    this.hashes = grow(this.hashes, 1);
    this.lastSeen = grow(this.lastSeen, 1);
    this.pins = grow(this.pins, 1);
    const display = new Int32Array(capacity).fill(-1);
    display.set(this.display);
    this.display = display;
    this.rebuildBuckets(capacity * 2);
  }

  private rebuildBuckets(size: number): void {
    this.buckets = new Int32Array(size).fill(EMPTY);
    this.mask = size - 1;
    for (let id = 0; id < this.count; id++) {
      let b = this.hashes[id] & this.mask;
      while (this.buckets[b] !== EMPTY) b = (b + 1) & this.mask;
      this.buckets[b] = id;
    }
  }

  /** Keeps only the names seen in the last tick, renumbered from 0. */
  private compact(): void {
    let kept = 0;
    for (let id = 0; id < this.count; id++) {
      if (this.lastSeen[id] !== this.tick) continue;
      if (kept !== id) {
        this.bytes.copyWithin(kept * COMM_BYTES, id * COMM_BYTES, (id + 1) * COMM_BYTES);
        this.lengths[kept] = this.lengths[id];
        this.hashes[kept] = this.hashes[id];
        this.lastSeen[kept] = this.lastSeen[id];
        this.pins[kept] = this.pins[id];
        this.strings[kept] = this.strings[id];
      }
      kept++;
    }
    this.strings.length = kept;
    this.count = kept;
    // The kept names ask for their display ids again, and get the same ones
    // back; only when the display names themselves are too many are the ids
    // handed out anew (and displayEpoch tells their holders).
    this.display.fill(-1);
    if (this.displayStrings.length >= this.maxNames) {
      this.displayIds.clear();
      this.displayStrings = [];
      this.displayEpoch++;
    }
    this.rebuildBuckets(this.buckets.length);
  }
}
