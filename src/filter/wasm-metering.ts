// Fuel for a WebAssembly module, injected at load, as wasmtime's fuel does:
// V8 has no fuel of its own, and a call that cannot be stopped from the
// same thread must stop itself. The module is read section by section and
// written again with:
// - one more global, the fuel (i32, exported as FUEL_EXPORT, starting full
//   so that a start function is metered too), which the host fills before
//   each call;
// - at each function's entry and each loop's header, a charge of the
//   instructions that lie in that function or loop outside any nested loop
//   (each such instruction runs at most once per entry or iteration: the
//   charge is an upper bound of what runs), and a trap when the fuel goes
//   below zero;
// - before each bulk operation (memory.fill, memory.copy, memory.init and
//   their table forms), a charge of its length / BULK_BYTES_PER_FUEL, so a
//   loop of 4 MiB fills pays for its bytes;
// - after each memory.grow, a check: a grow refused (past the module's
//   declared maximum) sets the fuel to MEMORY_EXCEEDED and traps, so the
//   host tells "exceeded its memory" from "ran out of fuel" and from a trap.
// A module with imports, without a memory maximum, with a memory maximum
// over the cap, or with instructions outside the ones read here (SIMD,
// threads, exceptions, GC) is refused with the reason.

/** The fuel global's export name; a module may not export it itself. */
export const FUEL_EXPORT = '__iw_fuel';
/** What the fuel holds after a memory.grow failed. */
export const MEMORY_EXCEEDED = -0x8000_0000;
/** Bytes of a bulk operation charged as one unit of fuel. */
const BULK_BYTES_PER_FUEL_SHIFT = 3;

export interface MeteringLimits {
  /** The most 64 KiB pages the module may declare as its memory's maximum. */
  readonly maxMemoryPages: number;
  /** The most elements a table may declare as its maximum. */
  readonly maxTableElements: number;
  /** The fuel the module starts with (its start function runs on it). */
  readonly initialFuel: number;
}

export class WasmModuleError extends Error {}

const WASM_HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

const SECTION = { custom: 0, type: 1, import: 2, function: 3, table: 4, memory: 5, global: 6, export: 7, start: 8, element: 9, code: 10, data: 11, dataCount: 12, tag: 13 } as const;
/** The order sections must come in (custom sections anywhere). */
const SECTION_ORDER = [1, 2, 3, 4, 5, 13, 6, 7, 8, 9, 12, 10, 11];

const I32 = 0x7f;

class Reader {
  pos: number;
  constructor(
    readonly bytes: Uint8Array,
    start = 0,
    readonly end = bytes.length,
  ) {
    this.pos = start;
  }
  byte(): number {
    if (this.pos >= this.end) throw new WasmModuleError(`unexpected end at byte ${this.pos}`);
    return this.bytes[this.pos++];
  }
  u32(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) break;
      shift += 7;
      if (shift > 28) throw new WasmModuleError(`a LEB128 number too long at byte ${this.pos}`);
    }
    if (result > 0xffff_ffff) throw new WasmModuleError(`a u32 out of range at byte ${this.pos}`);
    return result;
  }
  /** A signed LEB128 of up to `bits` bits, skipped. */
  skipSigned(bits: number): void {
    const most = Math.ceil(bits / 7);
    for (let i = 0; i < most; i++) if ((this.byte() & 0x80) === 0) return;
    throw new WasmModuleError(`a signed LEB128 number too long at byte ${this.pos}`);
  }
  skip(n: number): void {
    if (this.pos + n > this.end) throw new WasmModuleError(`unexpected end at byte ${this.end}`);
    this.pos += n;
  }
}

class Writer {
  private chunks: number[] = [];
  byte(b: number): this {
    this.chunks.push(b);
    return this;
  }
  u32(n: number): this {
    do {
      let b = n & 0x7f;
      n = Math.floor(n / 128);
      if (n !== 0) b |= 0x80;
      this.chunks.push(b);
    } while (n !== 0);
    return this;
  }
  i32(n: number): this {
    let v = n | 0;
    for (;;) {
      const b = v & 0x7f;
      v >>= 7;
      const done = (v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0);
      this.chunks.push(done ? b : b | 0x80);
      if (done) return this;
    }
  }
  bytes(b: ArrayLike<number>): this {
    for (let i = 0; i < b.length; i++) this.chunks.push(b[i]);
    return this;
  }
  name(s: string): this {
    const b = new TextEncoder().encode(s);
    return this.u32(b.length).bytes(b);
  }
  get length(): number {
    return this.chunks.length;
  }
  finish(): Uint8Array<ArrayBuffer> {
    return Uint8Array.from(this.chunks);
  }
}

interface Section {
  id: number;
  body: Uint8Array;
}

function readSections(bytes: Uint8Array): Section[] {
  if (bytes.length < 8 || WASM_HEADER.some((b, i) => bytes[i] !== b)) throw new WasmModuleError('not a WebAssembly module (version 1)');
  const r = new Reader(bytes, 8);
  const sections: Section[] = [];
  while (r.pos < bytes.length) {
    const id = r.byte();
    const size = r.u32();
    const start = r.pos;
    r.skip(size);
    if (id > 13) throw new WasmModuleError(`unknown section ${id}`);
    sections.push({ id, body: bytes.subarray(start, start + size) });
  }
  return sections;
}

/** The limits of a memory or table type: its minimum and maximum (undefined: none). */
function readLimits(r: Reader, what: string): { min: number; max: number | undefined } {
  const flags = r.byte();
  if (flags > 1) throw new WasmModuleError(`${what}: shared or 64-bit limits (flags ${flags}) are not taken`);
  const min = r.u32();
  return { min, max: flags === 1 ? r.u32() : undefined };
}

function checkMemory(body: Uint8Array, limits: MeteringLimits): void {
  const r = new Reader(body);
  const count = r.u32();
  if (count !== 1) throw new WasmModuleError(`defines ${count} memories: exactly one is taken`);
  const { max } = readLimits(r, 'memory');
  if (max === undefined) throw new WasmModuleError(`its memory declares no maximum: one of at most ${limits.maxMemoryPages} pages (${(limits.maxMemoryPages * 64) / 1024} MiB) is required`);
  if (max > limits.maxMemoryPages)
    throw new WasmModuleError(`its memory's maximum is ${max} pages (${(max * 64) / 1024} MiB): at most ${limits.maxMemoryPages} pages (${(limits.maxMemoryPages * 64) / 1024} MiB) are taken`);
}

function checkTables(body: Uint8Array, limits: MeteringLimits): void {
  const r = new Reader(body);
  const count = r.u32();
  for (let i = 0; i < count; i++) {
    const refType = r.byte();
    if (refType !== 0x70 && refType !== 0x6f) throw new WasmModuleError(`table ${i}: reference type 0x${refType.toString(16)} is not taken`);
    const { max } = readLimits(r, `table ${i}`);
    if (max === undefined || max > limits.maxTableElements) throw new WasmModuleError(`table ${i}: a maximum of at most ${limits.maxTableElements} elements is required`);
  }
}

/** The number of parameters of each type. */
function readTypes(body: Uint8Array): number[] {
  const r = new Reader(body);
  const count = r.u32();
  const params: number[] = [];
  for (let i = 0; i < count; i++) {
    const form = r.byte();
    if (form !== 0x60) throw new WasmModuleError(`type ${i}: only function types are taken (form 0x${form.toString(16)})`);
    const n = r.u32();
    r.skip(n);
    r.skip(r.u32());
    params.push(n);
  }
  return params;
}

function readFunctionTypes(body: Uint8Array): number[] {
  const r = new Reader(body);
  const count = r.u32();
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(r.u32());
  return out;
}

/** Where a charge goes in a body and how much it charges. */
interface Frame {
  /** Offset in the body after which the charge is written (function entry: the first instruction). */
  at: number;
  count: number;
}

/** Bytes to write in place of the instruction at an offset, or a dynamic charge before it. */
interface Patch {
  at: number;
  /** Bytes of the original instruction replaced (0: insert before). */
  replaces: number;
  code: (w: Writer) => void;
}

/**
 * Fuel an instruction costs: 1, but for those V8 runs many times slower
 * than an add (divisions, remainders, square roots; calls), so that a unit
 * of fuel is closer to the same time whatever the mix (bench/filter-plugin.bench.ts).
 */
function weightOf(op: number): number {
  if ((op >= 0x6d && op <= 0x70) || (op >= 0x7f && op <= 0x82) || op === 0x91 || op === 0x95 || op === 0x9f || op === 0xa3) return 8;
  if (op === 0x10 || op === 0x12) return 4;
  if (op === 0x11 || op === 0x13) return 6;
  return 1;
}

function blockType(r: Reader): void {
  const b = r.bytes[r.pos];
  if (b === 0x40 || b === 0x7f || b === 0x7e || b === 0x7d || b === 0x7c || b === 0x7b || b === 0x70 || b === 0x6f) r.pos++;
  else r.skipSigned(33);
}

function memarg(r: Reader): void {
  const align = r.u32();
  if (align & 0x40) throw new WasmModuleError('multiple memories are not taken');
  r.u32();
}

function unsupported(op: string, at: number): never {
  throw new WasmModuleError(`instruction ${op} at byte ${at} of a function body is not taken (SIMD, threads, exceptions and GC are not in the filter ABI)`);
}

/**
 * Reads one function body's instructions: where each loop and the function
 * begin and how many instructions each holds outside nested loops, and the
 * bulk operations and memory.grow to guard. Returns the patches.
 */
function scanBody(body: Uint8Array, codeStart: number, fuel: number, scratch: () => number): Patch[] {
  const r = new Reader(body, codeStart);
  const entry: Frame = { at: codeStart, count: 0 };
  const counted: Frame[] = [];
  const patches: Patch[] = [];
  // Open blocks, each marked with the loop frame it charges.
  const blocks: Frame[] = [entry];
  const charge = (cost: number) => (w: Writer) => {
    w.byte(0x23).u32(fuel).byte(0x41).i32(cost).byte(0x6b).byte(0x24).u32(fuel);
    w.byte(0x23).u32(fuel).byte(0x41).byte(0x00).byte(0x48).byte(0x04).byte(0x40).byte(0x00).byte(0x0b);
  };
  // Charges the length on top of the stack before a bulk operation, and puts it back.
  const bulkCharge = (w: Writer) => {
    const l = scratch();
    w.byte(0x21).u32(l).byte(0x23).u32(fuel).byte(0x20).u32(l).byte(0x41).i32(BULK_BYTES_PER_FUEL_SHIFT).byte(0x76).byte(0x6b).byte(0x24).u32(fuel);
    w.byte(0x23).u32(fuel).byte(0x41).byte(0x00).byte(0x48).byte(0x04).byte(0x40).byte(0x00).byte(0x0b).byte(0x20).u32(l);
  };
  while (r.pos < r.end) {
    const at = r.pos;
    const op = r.byte();
    if (blocks.length === 0) throw new WasmModuleError('a function body goes on past its end');
    blocks[blocks.length - 1].count += weightOf(op);
    switch (op) {
      case 0x00:
      case 0x01:
      case 0x0f:
      case 0x1a:
      case 0x1b:
      case 0xd1:
        break;
      case 0x02:
      case 0x04:
        blockType(r);
        blocks.push(blocks[blocks.length - 1]);
        break;
      case 0x03: {
        blockType(r);
        const loop: Frame = { at: r.pos, count: 0 };
        blocks.push(loop);
        counted.push(loop);
        break;
      }
      case 0x05:
        break;
      case 0x0b:
        blocks.pop();
        break;
      case 0x0c:
      case 0x0d:
      case 0x10:
      case 0x12:
      case 0x20:
      case 0x21:
      case 0x22:
      case 0x23:
      case 0x25:
      case 0x26:
      case 0xd2:
        r.u32();
        break;
      case 0x24: {
        const g = r.u32();
        if (g === fuel) throw new WasmModuleError('the module sets the fuel global');
        break;
      }
      case 0x0e: {
        const n = r.u32();
        for (let i = 0; i <= n; i++) r.u32();
        break;
      }
      case 0x11:
      case 0x13:
        r.u32();
        r.u32();
        break;
      case 0x1c:
        r.skip(r.u32());
        break;
      case 0x3f:
        r.byte();
        break;
      case 0x40:
        r.byte();
        patches.push({
          at,
          replaces: r.pos - at,
          code: (w) => {
            const l = scratch();
            w.byte(0x40).byte(0x00).byte(0x22).u32(l).byte(0x41).i32(-1).byte(0x46).byte(0x04).byte(0x40);
            w.byte(0x41).i32(MEMORY_EXCEEDED).byte(0x24).u32(fuel).byte(0x00).byte(0x0b).byte(0x20).u32(l);
          },
        });
        break;
      case 0x41:
        r.skipSigned(32);
        break;
      case 0x42:
        r.skipSigned(64);
        break;
      case 0x43:
        r.skip(4);
        break;
      case 0x44:
        r.skip(8);
        break;
      case 0xd0:
        r.byte();
        break;
      case 0xfc: {
        const sub = r.u32();
        if (sub <= 7) break;
        if (sub === 8 || sub === 12) {
          r.u32();
          if (sub === 8) r.byte();
          else r.u32();
        } else if (sub === 9 || sub === 13 || sub === 15 || sub === 16 || sub === 17) r.u32();
        else if (sub === 10) r.skip(2);
        else if (sub === 11) r.byte();
        else if (sub === 14) {
          r.u32();
          r.u32();
        } else unsupported(`0xfc ${sub}`, at);
        // The operations whose cost grows with their length operand (on top of the stack).
        if (sub === 8 || sub === 10 || sub === 11 || sub === 12 || sub === 14 || sub === 15 || sub === 17) patches.push({ at, replaces: 0, code: bulkCharge });
        break;
      }
      default:
        if (op >= 0x28 && op <= 0x3e) memarg(r);
        else if (!(op >= 0x45 && op <= 0xc4)) unsupported(`0x${op.toString(16)}`, at);
    }
  }
  if (blocks.length !== 0) throw new WasmModuleError('a function body does not end where its size says');
  for (const f of [entry, ...counted]) patches.push({ at: f.at, replaces: 0, code: charge(f.count) });
  // At one offset, the insertions (charges) go before the instruction's replacement.
  return patches.sort((a, b) => a.at - b.at || a.replaces - b.replaces);
}

function instrumentCode(body: Uint8Array, paramsOfFunction: (i: number) => number, fuel: number): Uint8Array {
  const r = new Reader(body);
  const count = r.u32();
  const out = new Writer().u32(count);
  for (let i = 0; i < count; i++) {
    const size = r.u32();
    const start = r.pos;
    const end = start + size;
    r.skip(size);
    const b = new Reader(body, start, end);
    const groups = b.u32();
    let locals = 0;
    for (let g = 0; g < groups; g++) {
      locals += b.u32();
      b.byte();
    }
    const codeStart = b.pos;
    let scratchUsed = false;
    const scratchIndex = paramsOfFunction(i) + locals;
    const patches = scanBody(body.subarray(0, end), codeStart, fuel, () => {
      scratchUsed = true;
      return scratchIndex;
    });
    const code = new Writer();
    let pos = codeStart;
    for (const p of patches) {
      code.bytes(body.subarray(pos, p.at));
      p.code(code);
      pos = p.at + p.replaces;
    }
    code.bytes(body.subarray(pos, end));
    const fn = new Writer().u32(groups + (scratchUsed ? 1 : 0)).bytes(body.subarray(start + lebLength(body, start), codeStart));
    if (scratchUsed) fn.u32(1).byte(I32);
    const all = fn.bytes(code.finish()).finish();
    out.u32(all.length).bytes(all);
  }
  return out.finish();
}

function lebLength(bytes: Uint8Array, at: number): number {
  let n = 1;
  while (bytes[at + n - 1] & 0x80) n++;
  return n;
}

function withGlobal(body: Uint8Array | undefined, initialFuel: number): { body: Uint8Array; index: number } {
  const r = new Reader(body ?? new Uint8Array([0]));
  const count = r.u32();
  const w = new Writer()
    .u32(count + 1)
    .bytes((body ?? new Uint8Array([0])).subarray(r.pos))
    .byte(I32)
    .byte(0x01)
    .byte(0x41)
    .i32(initialFuel)
    .byte(0x0b);
  return { body: w.finish(), index: count };
}

function withExport(body: Uint8Array | undefined, fuel: number): Uint8Array {
  const r = new Reader(body ?? new Uint8Array([0]));
  const count = r.u32();
  const names = new Reader(body ?? new Uint8Array([0]), r.pos);
  for (let i = 0; i < count; i++) {
    const n = names.u32();
    const name = new TextDecoder().decode(names.bytes.subarray(names.pos, names.pos + n));
    if (name === FUEL_EXPORT) throw new WasmModuleError(`exports ${FUEL_EXPORT}, a name the agent keeps for itself`);
    names.skip(n);
    names.byte();
    names.u32();
  }
  return new Writer()
    .u32(count + 1)
    .bytes((body ?? new Uint8Array([0])).subarray(r.pos))
    .name(FUEL_EXPORT)
    .byte(0x03)
    .u32(fuel)
    .finish();
}

/** The module with fuel and a memory guard injected; throws WasmModuleError saying why a module is not taken. */
export function meterModule(bytes: Uint8Array, limits: MeteringLimits): Uint8Array<ArrayBuffer> {
  const sections = readSections(bytes);
  const find = (id: number) => sections.find((s) => s.id === id);
  const imports = find(SECTION.import);
  if (imports !== undefined && new Reader(imports.body).u32() > 0) throw new WasmModuleError('it imports: a filter plugin may import nothing');
  const memory = find(SECTION.memory);
  if (memory === undefined) throw new WasmModuleError('it defines no memory');
  checkMemory(memory.body, limits);
  const tables = find(SECTION.table);
  if (tables !== undefined) checkTables(tables.body, limits);
  const global = withGlobal(find(SECTION.global)?.body, limits.initialFuel);
  const types = readTypes(find(SECTION.type)?.body ?? new Uint8Array([0]));
  const functionTypes = readFunctionTypes(find(SECTION.function)?.body ?? new Uint8Array([0]));
  const params = (i: number) => {
    const t = functionTypes[i];
    if (t === undefined || types[t] === undefined) throw new WasmModuleError(`function ${i} has no type`);
    return types[t];
  };
  const replaced = new Map<number, Uint8Array>([
    [SECTION.global, global.body],
    [SECTION.export, withExport(find(SECTION.export)?.body, global.index)],
  ]);
  const code = find(SECTION.code);
  if (code !== undefined) replaced.set(SECTION.code, instrumentCode(code.body, params, global.index));
  // Sections in their order, the global and export sections added where they belong when missing.
  const present = new Set(sections.map((s) => s.id));
  const out = new Writer().bytes(WASM_HEADER);
  const emit = (id: number, body: Uint8Array) => out.byte(id).u32(body.length).bytes(body);
  const rank = (id: number) => SECTION_ORDER.indexOf(id);
  const missing = [SECTION.global, SECTION.export].filter((id) => !present.has(id));
  for (const s of sections) {
    if (s.id !== SECTION.custom) {
      while (missing.length > 0 && rank(missing[0]) < rank(s.id)) {
        const id = missing.shift()!;
        emit(id, replaced.get(id)!);
      }
    }
    emit(s.id, replaced.get(s.id) ?? s.body);
  }
  for (const id of missing) emit(id, replaced.get(id)!);
  return out.finish();
}
