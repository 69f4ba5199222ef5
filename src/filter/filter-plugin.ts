// One filter plugin: a WebAssembly module of the ABI infrawatch-filter-v1
// (README "Filter plugins"), loaded only when its detached Ed25519
// signature verifies against the local public key, with fuel and a memory
// guard injected (wasm-metering.ts), then called one field at a time.
//
// The ABI, infrawatch-filter-v1: the module imports nothing and exports
//   memory                              its memory, max ≤ 64 pages (4 MiB)
//   iw_filter_v1_input(len) -> ptr      where the agent writes the field's len bytes (UTF-8)
//   iw_filter_v1(field, len) -> result  filters them: result ≥ 0 is the length of the
//                                       replacement, at iw_filter_v1_output();
//                                       KEEP (-1) ships the field as it is; DROP (-2)
//                                       drops the row (the variable, for env_value)
//   iw_filter_v1_output() -> ptr
// A call is a pure function of (field, value). A call that traps, runs out
// of fuel, grows its memory past its maximum or answers out of its memory
// is a fault: the call's outcome is the fault, never a guess.

import type { KeyObject } from 'node:crypto';
import { basename } from 'node:path';
import { readBoundedFile } from '../read-bounded-file.js';
import { signatureOf, verifies } from './plugin-signature.js';
import { FUEL_EXPORT, MEMORY_EXCEEDED, meterModule } from './wasm-metering.js';

export const FILTER_ABI = 'infrawatch-filter-v1';

/** The fields a plugin may be handed, by the number the ABI passes. */
export const FILTER_FIELDS = {
  command_line: 1,
  command: 2,
  user_name: 3,
  command_name: 4,
  display_name: 5,
  env_value: 6,
} as const;
export type FilterField = keyof typeof FILTER_FIELDS;

export const KEEP = -1;
export const DROP = -2;

/** 4 MiB: the most memory a plugin may declare. */
export const MAX_MEMORY_PAGES = 64;
/**
 * Fuel of one call: at most ~10 ms of cpu. A unit of fuel is about one
 * instruction (wasm-metering.ts: weightOf); the slowest mix measured,
 * 64-bit divisions, runs dry in 9.6 ms of cpu, a tight empty loop in ~6 ms,
 * loads and stores in ~3 ms (bench/filter-plugin.bench.ts, `fuel`; 2 cpus,
 * load average ~10; a faster cpu takes less).
 */
export const FUEL_PER_CALL = 38_000_000;
/** The largest plugin file read. */
const MAX_PLUGIN_BYTES = 8 * 1024 * 1024;
const MAX_SIGNATURE_BYTES = 1024;
/** The longest field handed to a plugin, and the longest replacement taken back. */
export const MAX_FIELD_BYTES = 1024 * 1024;

export type FaultCause = 'trap' | 'fuel' | 'memory' | 'output';

/** A call's outcome: the replacement, or keep, drop, or a fault. */
export type FilterOutcome = { kind: 'replace'; value: string } | { kind: 'keep' } | { kind: 'drop' } | { kind: 'fault'; cause: FaultCause; reason: string };

export interface PluginSpec {
  readonly path: string;
  readonly signature: string;
  readonly fields: readonly FilterField[];
}

/** The plugin's name in events and metrics: its file's name without .wasm. */
export function pluginName(path: string): string {
  return basename(path).replace(/\.wasm$/, '');
}

interface Exports {
  memory: WebAssembly.Memory;
  input: (len: number) => number;
  filter: (field: number, len: number) => number;
  output: () => number;
  fuel: WebAssembly.Global;
}

const REQUIRED_EXPORTS: ReadonlyArray<readonly [string, WebAssembly.ImportExportKind]> = [
  ['memory', 'memory'],
  ['iw_filter_v1_input', 'function'],
  ['iw_filter_v1', 'function'],
  ['iw_filter_v1_output', 'function'],
];

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class FilterPlugin {
  private instance: Exports | undefined;
  /** A call that faulted leaves the instance as it was at the fault: the next call gets a new one. */
  private spoiled = false;

  private constructor(
    readonly name: string,
    readonly spec: PluginSpec,
    private readonly module: WebAssembly.Module,
  ) {}

  /**
   * Reads, verifies, meters and compiles the plugin; throws, saying why,
   * when it is not taken. The signature is checked on the bytes compiled:
   * a file changed after signing is refused, and nothing read later counts.
   */
  static load(spec: PluginSpec, publicKey: KeyObject): FilterPlugin {
    let bytes: Buffer;
    let signature: Buffer;
    try {
      bytes = readBoundedFile(spec.path, MAX_PLUGIN_BYTES, 'a plugin');
    } catch (err) {
      throw new Error(`${spec.path}: cannot read the plugin: ${(err as Error).message}`);
    }
    try {
      signature = signatureOf(readBoundedFile(spec.signature, MAX_SIGNATURE_BYTES, 'a signature').toString('latin1'));
    } catch (err) {
      throw new Error(`${spec.signature}: the plugin's signature: ${(err as Error).message}`);
    }
    if (!verifies(bytes, signature, publicKey))
      throw new Error(`${spec.path}: its signature ${spec.signature} does not verify against filter_plugin_public_key (a changed file, or signed with another key)`);
    let module: WebAssembly.Module;
    try {
      module = new WebAssembly.Module(meterModule(bytes, { maxMemoryPages: MAX_MEMORY_PAGES, maxTableElements: 65_536, initialFuel: FUEL_PER_CALL }));
    } catch (err) {
      throw new Error(`${spec.path}: not taken: ${(err as Error).message}`);
    }
    const exports = new Map(WebAssembly.Module.exports(module).map((e) => [e.name, e.kind]));
    const missing = REQUIRED_EXPORTS.filter(([name, kind]) => exports.get(name) !== kind).map(([name, kind]) => `${name} (${kind})`);
    if (missing.length > 0) throw new Error(`${spec.path}: not a ${FILTER_ABI} plugin: it does not export ${missing.join(', ')}`);
    const plugin = new FilterPlugin(pluginName(spec.path), spec, module);
    try {
      plugin.instantiate();
    } catch (err) {
      // Its start function runs on one call's fuel.
      throw new Error(`${spec.path}: its start function did not finish (out of fuel, or a trap): ${(err as Error).message}`);
    }
    return plugin;
  }

  private instantiate(): Exports {
    const e = new WebAssembly.Instance(this.module, {}).exports;
    this.instance = {
      memory: e.memory as WebAssembly.Memory,
      input: e.iw_filter_v1_input as Exports['input'],
      filter: e.iw_filter_v1 as Exports['filter'],
      output: e.iw_filter_v1_output as Exports['output'],
      fuel: e[FUEL_EXPORT] as WebAssembly.Global,
    };
    this.spoiled = false;
    return this.instance;
  }

  /** Fuel left after the last call (for the bench: fuel burnt per call). */
  get fuelLeft(): number {
    return this.instance === undefined ? 0 : (this.instance.fuel.value as number);
  }

  /** One field through the plugin. Never throws: a fault is an outcome. */
  call(field: FilterField, value: string, fuel = FUEL_PER_CALL): FilterOutcome {
    let x: Exports;
    try {
      x = this.spoiled || this.instance === undefined ? this.instantiate() : this.instance;
    } catch (err) {
      return this.fault(err);
    }
    try {
      x.fuel.value = fuel;
      const bytes = encoder.encode(value);
      if (bytes.length > MAX_FIELD_BYTES) return { kind: 'fault', cause: 'output', reason: `a ${field} of ${bytes.length} bytes is longer than the ${MAX_FIELD_BYTES} handed to a plugin` };
      const at = x.input(bytes.length) >>> 0;
      if (at === 0 || at + bytes.length > x.memory.buffer.byteLength) return this.bad(`iw_filter_v1_input(${bytes.length}) answered ${at}, not room in its memory`);
      new Uint8Array(x.memory.buffer, at, bytes.length).set(bytes);
      const result = x.filter(FILTER_FIELDS[field], bytes.length);
      if (result === KEEP) return { kind: 'keep' };
      if (result === DROP) return { kind: 'drop' };
      if (result < 0 || result > MAX_FIELD_BYTES) return this.bad(`iw_filter_v1 answered ${result}: neither a length (at most ${MAX_FIELD_BYTES}), KEEP (-1) nor DROP (-2)`);
      const out = x.output() >>> 0;
      if (out + result > x.memory.buffer.byteLength) return this.bad(`its replacement of ${result} bytes at ${out} lies outside its memory`);
      return { kind: 'replace', value: decoder.decode(new Uint8Array(x.memory.buffer, out, result)) };
    } catch (err) {
      return this.fault(err);
    }
  }

  private bad(reason: string): FilterOutcome {
    this.spoiled = true;
    return { kind: 'fault', cause: 'output', reason };
  }

  /** What a thrown call was: out of fuel, past its memory, or a trap (a stack overflow among them). */
  private fault(err: unknown): FilterOutcome {
    this.spoiled = true;
    const fuel = this.instance?.fuel.value as number | undefined;
    const message = (err as Error).message;
    if (fuel === MEMORY_EXCEEDED) return { kind: 'fault', cause: 'memory', reason: `grew its memory past its maximum (${MAX_MEMORY_PAGES * 64} KiB at most)` };
    if (fuel !== undefined && fuel < 0) return { kind: 'fault', cause: 'fuel', reason: `ran out of fuel (${FUEL_PER_CALL} a call, about 10 ms of cpu)` };
    return { kind: 'fault', cause: 'trap', reason: `trapped: ${message}` };
  }
}
