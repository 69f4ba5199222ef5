// The process table's memory: growable SharedArrayBuffers (one per column,
// see layout.ts) and the typed-array views over them. `SharedTable` is plain
// data, so it crosses to the workers as piscina's workerData; each side
// calls `attachViews`, and again whenever H_CAPACITY changed (`viewsAreStale`).

import {
  BYTES_PER_SLOT,
  COLUMNS,
  COMM_BYTES,
  H_CAPACITY,
  HEADER_WORDS,
  type ColumnName,
  type TableViews,
} from './layout.js';

// The views' type is the layout's, which the parser (procfs/, below the
// table) writes through; it is here too for the table's other users.
export type { TableViews } from './layout.js';

export interface SharedTable {
  readonly header: SharedArrayBuffer;
  /** This tick's pid list, filled by the main thread. */
  readonly pidList: SharedArrayBuffer;
  /** Slot of each pid list entry, filled by the main thread. */
  readonly slotList: SharedArrayBuffer;
  readonly columns: Readonly<Record<ColumnName, SharedArrayBuffer>>;
  readonly maxSlots: number;
}

// The kernel's PID_MAX_LIMIT on 64-bit: no host can have more live pids, so
// the growable buffers reserve address space for that many slots and never
// need to move. Only the pages actually used count towards RSS.
export const PID_MAX_LIMIT = 4_194_304;

export function createSharedTable(initialSlots: number, maxSlots = PID_MAX_LIMIT): SharedTable {
  const slots = Math.min(Math.max(initialSlots, 1), maxSlots);
  const columns = {} as Record<ColumnName, SharedArrayBuffer>;
  for (const col of COLUMNS) {
    const bytes = BYTES_PER_SLOT[col.kind];
    columns[col.name] = new SharedArrayBuffer(slots * bytes, { maxByteLength: maxSlots * bytes });
  }
  const header = new SharedArrayBuffer(HEADER_WORDS * 4);
  Atomics.store(new Int32Array(header), H_CAPACITY, slots);
  return {
    header,
    pidList: new SharedArrayBuffer(slots * 4, { maxByteLength: maxSlots * 4 }),
    slotList: new SharedArrayBuffer(slots * 4, { maxByteLength: maxSlots * 4 }),
    columns,
    maxSlots,
  };
}

/** Current capacity in slots (every column grows together). */
export function capacityOf(table: SharedTable): number {
  return table.columns.pid.byteLength / 4;
}

/** Grows every column to hold `slots` slots, in place. Main thread only; views must be made again. */
export function growSharedTable(table: SharedTable, slots: number): void {
  if (slots > table.maxSlots) {
    throw new RangeError(`process table cannot grow past ${table.maxSlots} slots (asked for ${slots})`);
  }
  for (const col of COLUMNS) {
    const sab = table.columns[col.name];
    const bytes = slots * BYTES_PER_SLOT[col.kind];
    if (sab.byteLength < bytes) sab.grow(bytes);
  }
  if (table.pidList.byteLength < slots * 4) table.pidList.grow(slots * 4);
  if (table.slotList.byteLength < slots * 4) table.slotList.grow(slots * 4);
  Atomics.store(new Int32Array(table.header), H_CAPACITY, slots);
}

/** True when the table grew since `views` were made. */
export function viewsAreStale(views: TableViews): boolean {
  return views.pid.length !== Atomics.load(views.header, H_CAPACITY);
}

/** Fixed-length views over the table as it is now (see layout.ts for why not length-tracking). */
export function attachViews(table: SharedTable): TableViews {
  const header = new Int32Array(table.header);
  const slots = Atomics.load(header, H_CAPACITY);
  const views: Record<string, ArrayBufferView> = {
    header,
    pidList: new Int32Array(table.pidList, 0, slots),
    slotList: new Int32Array(table.slotList, 0, slots),
  };
  for (const col of COLUMNS) {
    const sab = table.columns[col.name];
    switch (col.kind) {
      case 'i32':
        views[col.name] = new Int32Array(sab, 0, slots);
        break;
      case 'u32':
        views[col.name] = new Uint32Array(sab, 0, slots);
        break;
      case 'u64':
        views[col.name] = new Uint32Array(sab, 0, 2 * slots);
        break;
      case 'f64':
        views[col.name] = new Float64Array(sab, 0, slots);
        break;
      case 'u8':
        views[col.name] = new Uint8Array(sab, 0, slots);
        break;
      case 'comm':
        views[col.name] = new Uint8Array(sab, 0, slots * COMM_BYTES);
        break;
    }
  }
  return views as unknown as TableViews;
}

/** A u64 column's value as a float: exact below 2^53 (2.8 million years of clock ticks). */
export function readU64(col: Uint32Array, slot: number): number {
  return col[2 * slot + 1] * 4294967296 + col[2 * slot];
}

/** A u64 column's exact value; for the edges, where data leaves the process. */
export function readU64Exact(col: Uint32Array, slot: number): bigint {
  return (BigInt(col[2 * slot + 1]) << 32n) | BigInt(col[2 * slot]);
}

