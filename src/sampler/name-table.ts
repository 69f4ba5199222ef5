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
//   ids     0: bytes[0..64) len hash lastSeen string? pin display
//           1: …
//
// Memory is bounded in count and in bytes, whatever the processes call
// themselves: a process may rename itself every millisecond (a new name
// each tick). Between ticks, names not seen for idleTicks ticks are
// forgotten (counted in `evictions`), and sooner, least recently seen first,
// when the names hold more than half of maxBytes (their columns and
// strings) or more than maxNames; the display names have the other half.
// Within one tick every scanned process's name is held: the names of a tick
// are at most its processes. Name ids are renumbered then, which no one
// holds across ticks.
//
// Display ids are held across ticks (the sketch book keys a window's
// sketches by them), so a forgotten name leaves its display name in place
// (it gets the same id back if it returns); only when the display names
// themselves are over the bounds are the live ones numbered anew, and
// displayEpoch tells the holders to drop theirs.

import { COMM_BYTES, PIN_UNKNOWN, READ_OK, READ_REUSED } from '../table/layout.js';
import type { TableViews } from '../table/shared-table.js';

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;
// Hashes are kept to 30 bits: a small integer (Smi) is passed between
// functions as is, while a larger one would be boxed in a new heap number
// on every call (~100 kB a tick at 3,000 processes, seen in the heap probe).
const HASH_MASK = 0x3fffffff;
const EMPTY = -1;

// Bytes held per name, as counted against maxBytes: its columns (bytes,
// length, hash, lastSeen, pin, display id), two hash buckets and its slot in
// `strings`.
const NAME_ENTRY_BYTES = COMM_BYTES + 1 + 4 + 4 + 1 + 4 + 2 * 4 + 8;
// Per display name: its slot in displayStrings, its Map entry, and the
// holders' columns indexed by display id (the tail's 7 float64 sums and
// the sketch book's key index).
const DISPLAY_ENTRY_BYTES = 8 + 48 + 7 * 8 + 4;

/** V8's size of a string, rounded up: a header and at most two bytes a character. */
function stringBytes(s: string): number {
  return 24 + 2 * s.length;
}

export interface NameTableOptions {
  /** Distinct names (and display names) held across ticks. */
  readonly maxNames?: number;
  /** Bytes the names and display names may hold across ticks (columns and strings, see NAME_ENTRY_BYTES). */
  readonly maxBytes?: number;
  /** A name not seen for this many ticks is forgotten. */
  readonly idleTicks?: number;
  /** Names to make room for at first; the columns grow (and shrink back) as needed. */
  readonly initial?: number;
}

export const NAME_TABLE_DEFAULTS = { maxNames: 65_536, maxBytes: 4 * 1024 * 1024, idleTicks: 64, initial: 1024 } as const;

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
  private displayIds = new Map<string, number>();
  private displayStrings: string[] = [];
  private count = 0;
  private tick = 0;
  /** Bytes held by the names' entries and strings, and by the display names. */
  private nameBytes = 0;
  private displayBytes = 0;
  private readonly maxNames: number;
  private readonly maxBytes: number;
  private readonly idleTicks: number;
  private readonly initial: number;
  /** Ticks between two sweeps for idle names; the tick of the next one. */
  private readonly sweepEvery: number;
  private nextSweep: number;
  /** Distinct names seen this tick. */
  private seen = 0;
  /** The display names are over their bounds but mostly in use: numbering them anew waits for the next sweep. */
  private displaysStuck = false;
  /** Names forgotten since the table was made (idle, or over the bounds). */
  evictions = 0;
  /** Bumped when display ids are handed out anew: holders of display ids must drop them. */
  displayEpoch = 0;

  /** @param displayNameOf the display name rules: a name → its display name. */
  constructor(
    private readonly displayNameOf: (name: string) => string = (name) => name,
    options: NameTableOptions = {},
  ) {
    const o = { ...NAME_TABLE_DEFAULTS, ...options };
    for (const key of ['maxNames', 'maxBytes', 'idleTicks', 'initial'] as const) {
      if (!Number.isInteger(o[key]) || o[key] < 1) throw new RangeError(`NameTable: ${key} must be a positive integer (got ${o[key]})`);
    }
    this.maxNames = o.maxNames;
    this.maxBytes = o.maxBytes;
    this.idleTicks = o.idleTicks;
    this.sweepEvery = Math.max(1, o.idleTicks >> 3);
    this.nextSweep = this.sweepEvery;
    // A power of two: the buckets' mask.
    const initial = 2 ** Math.ceil(Math.log2(o.initial));
    this.initial = initial;
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
        this.displayBytes += DISPLAY_ENTRY_BYTES + stringBytes(display);
      }
      this.display[id] = d;
    }
    return d;
  }

  displayName(displayId: number): string {
    return this.displayStrings[displayId];
  }

  /** Distinct names held. */
  get size(): number {
    return this.count;
  }

  /** Bytes the names and display names hold, as counted against maxBytes. */
  get bytesHeld(): number {
    return this.nameBytes + this.displayBytes;
  }

  /** Starts a tick; between ticks, forgets idle names, and more when over the bounds. */
  beginTick(): void {
    const overNames = this.nameBytes > this.maxBytes / 2 || this.count > this.maxNames;
    // Over the bounds, a sweep comes at once if some name was not seen in the last tick.
    if (this.tick >= this.nextSweep || (overNames && this.seen < this.count) || (!this.displaysStuck && this.overDisplays())) this.sweep();
    this.seen = 0;
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
    const id = this.idOfBytes(v.comm, slot * COMM_BYTES, v.commLen[slot]);
    v.nameId[slot] = id;
    return id;
  }

  /** The id of the name in src[at, at + len) (held from now on, seen this tick), without a string. */
  idOfBytes(src: Uint8Array, at: number, len: number): number {
    let h = FNV_OFFSET;
    for (let i = 0; i < len; i++) h = Math.imul(h ^ src[at + i], FNV_PRIME);
    const id = this.find(src, at, len, h & HASH_MASK);
    if (this.lastSeen[id] !== this.tick) {
      this.lastSeen[id] = this.tick;
      this.seen++;
    }
    return id;
  }

  /** The name as a well-formed string; made once per name, where a row leaves the process. */
  nameOf(id: number): string {
    let s = this.strings[id];
    if (s === undefined) {
      const at = id * COMM_BYTES;
      s = Buffer.from(this.bytes.buffer, this.bytes.byteOffset + at, this.lengths[id]).toString('utf8').toWellFormed();
      this.strings[id] = s;
      this.nameBytes += stringBytes(s);
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
      this.resize(this.count * 2);
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
    this.nameBytes += NAME_ENTRY_BYTES;
    return id;
  }

  /** New columns of `capacity` names holding the first `count` (to grow, or to shrink after a sweep). */
  private resize(capacity: number): void {
    const copy = <T extends Uint8Array | Uint32Array | Int32Array>(old: T, per: number): T => {
      const next = new (old.constructor as new (n: number) => T)(capacity * per);
      next.set(old.subarray(0, this.count * per));
      return next;
    };
    this.bytes = copy(this.bytes, COMM_BYTES);
    this.lengths = copy(this.lengths, 1);
    this.hashes = copy(this.hashes, 1);
    this.lastSeen = copy(this.lastSeen, 1);
    this.pins = copy(this.pins, 1);
    const display = new Int32Array(capacity).fill(-1);
    display.set(this.display.subarray(0, this.count));
    this.display = display;
    this.rebuildBuckets(capacity * 2);
  }

  private rebuildBuckets(size: number): void {
    if (this.buckets.length === size) this.buckets.fill(EMPTY);
    else this.buckets = new Int32Array(size).fill(EMPTY);
    this.mask = size - 1;
    for (let id = 0; id < this.count; id++) {
      let b = this.hashes[id] & this.mask;
      while (this.buckets[b] !== EMPTY) b = (b + 1) & this.mask;
      this.buckets[b] = id;
    }
  }

  /** Half of maxBytes is the names', half the display names'. */
  private overBounds(): boolean {
    return this.nameBytes > this.maxBytes / 2 || this.count > this.maxNames || this.overDisplays();
  }

  private overDisplays(): boolean {
    return this.displayBytes > this.maxBytes / 2 || this.displayStrings.length > this.maxNames;
  }

  /**
   * Forgets the names not seen for idleTicks ticks. Over the bounds, also
   * those not seen for fewer, oldest first (down to the names of the last
   * tick), until the rest fits in 3/4 of the names' bounds, so that a table
   * at its bound does not sweep every tick; and numbers the display names
   * anew when they are over theirs.
   */
  private sweep(): void {
    this.nextSweep = this.tick + this.sweepEvery;
    const over = this.overBounds();
    const count = this.count;
    // Names and their bytes by age in powers of two: 1 (not seen in the last
    // tick), 2–3, 4–7, …, up to idleTicks (forgotten in any case).
    const classes = 32 - Math.clz32(this.idleTicks);
    const namesAged = new Float64Array(classes + 1);
    const bytesAged = new Float64Array(classes + 1);
    let idle = 0;
    let idleBytes = 0;
    for (let id = 0; id < count; id++) {
      const age = this.tick - this.lastSeen[id];
      if (age === 0) continue;
      const s = this.strings[id];
      const bytes = NAME_ENTRY_BYTES + (s === undefined ? 0 : stringBytes(s));
      if (age >= this.idleTicks) {
        idle++;
        idleBytes += bytes;
      } else {
        const c = 32 - Math.clz32(age);
        namesAged[c]++;
        bytesAged[c] += bytes;
      }
    }
    let minAge = this.idleTicks;
    let names = count - idle;
    let bytes = this.nameBytes - idleBytes;
    if (over) {
      for (let c = classes; c >= 1 && (names > (this.maxNames * 3) / 4 || bytes > (this.maxBytes * 3) / 8); c--) {
        names -= namesAged[c];
        bytes -= bytesAged[c];
        minAge = 1 << (c - 1);
      }
    }
    if (names < count) this.forgetNames(minAge);
    if (this.overDisplays()) this.renumberDisplays();
    this.displaysStuck = this.overDisplays();
  }

  /** Keeps only the names seen less than `minAge` ticks ago, renumbered from 0. */
  private forgetNames(minAge: number): void {
    let kept = 0;
    let nameBytes = 0;
    for (let id = 0; id < this.count; id++) {
      if (this.tick - this.lastSeen[id] >= minAge) continue;
      if (kept !== id) {
        this.bytes.copyWithin(kept * COMM_BYTES, id * COMM_BYTES, (id + 1) * COMM_BYTES);
        this.lengths[kept] = this.lengths[id];
        this.hashes[kept] = this.hashes[id];
        this.lastSeen[kept] = this.lastSeen[id];
        this.pins[kept] = this.pins[id];
        this.display[kept] = this.display[id];
        this.strings[kept] = this.strings[id];
      }
      const s = this.strings[kept];
      nameBytes += NAME_ENTRY_BYTES + (s === undefined ? 0 : stringBytes(s));
      kept++;
    }
    this.evictions += this.count - kept;
    this.strings.length = kept;
    this.display.fill(-1, kept);
    this.count = kept;
    this.nameBytes = nameBytes;
    // After a burst (a tick of many new names), the columns shrink back.
    const capacity = this.lengths.length;
    if (capacity > this.initial && kept * 4 < capacity) this.resize(Math.max(this.initial, capacity >> 1));
    else this.rebuildBuckets(this.buckets.length);
  }

  /**
   * The display names of the names held, numbered anew from 0 in their old
   * order; the others are forgotten. Holders of display ids (the sketch
   * book) drop theirs on the new displayEpoch.
   */
  private renumberDisplays(): void {
    const old = this.displayStrings;
    const remap = new Int32Array(old.length).fill(-1);
    let live = 0;
    for (let id = 0; id < this.count; id++) {
      const d = this.display[id];
      if (d >= 0 && remap[d] < 0) {
        remap[d] = 0;
        live++;
      }
    }
    // Mostly in use: numbering them anew would drop every holder's keys for little.
    if (live * 4 > old.length * 3) return;
    const strings: string[] = [];
    const ids = new Map<string, number>();
    let bytes = 0;
    for (let d = 0; d < old.length; d++) {
      if (remap[d] < 0) continue;
      remap[d] = strings.length;
      ids.set(old[d], strings.length);
      strings.push(old[d]);
      bytes += DISPLAY_ENTRY_BYTES + stringBytes(old[d]);
    }
    for (let id = 0; id < this.count; id++) if (this.display[id] >= 0) this.display[id] = remap[this.display[id]];
    this.displayStrings = strings;
    this.displayIds = ids;
    this.displayBytes = bytes;
    this.displayEpoch++;
  }
}
