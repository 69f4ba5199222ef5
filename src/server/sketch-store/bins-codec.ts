// The bins of a DistributionMetric as a blob: a compact encoding, then
// zstd level 3, by @bokuweb/zstd-wasm (zstd compiled to WebAssembly, the
// .wasm inside the npm package). Why not zstd-napi: its install downloads a
// prebuilt binary from outside the npm registry, which fails here, then
// compiles zstd from source with node-gyp (about a minute of `npm ci`, and a
// C toolchain on every machine); both write the same bytes (same zstd, same
// level), and on real bins (bench/merger.bench.ts, nproc 2) the native one
// compresses in ~11 µs a blob against ~20 µs, the WebAssembly one
// decompresses in ~10 µs against ~13 µs: a few ms per window commit either
// way. initBinsCodec() must have resolved before the first encode/decode
// (the stores' open() awaits it).
//
// Encoding (before zstd), little-endian, version 1:
//   u8     version (1)
//   f64    zeroCount
//   per store, positive then negative:
//     varint   zigzag(offset)     index of the first bin
//     varint   n                  bins
//     u8       0: counts are n unsigned varints (every count an integer < 2^53)
//              1: counts are n f64 (a weighted or fractional count)
// Integral counts are the rule (values counted once each), so a bin is
// mostly one byte before zstd; runs of zeros and small counts compress well.

import { compress, decompress, init } from '@bokuweb/zstd-wasm';
import type { BinRange } from '../merger/merged-sketch.js';

export const ZSTD_LEVEL = 3;
const VERSION = 1;

let ready: Promise<void> | undefined;
let initialised = false;

/** Loads the WebAssembly module once (idempotent). */
export function initBinsCodec(): Promise<void> {
  ready ??= init().then(() => {
    initialised = true;
  });
  return ready;
}

function needInit(): void {
  if (!initialised) throw new Error('bins codec: initBinsCodec() has not resolved');
}

export interface DecodedBins {
  readonly zeroCount: number;
  readonly positive: BinRange;
  readonly negative: BinRange;
}

class Writer {
  buf = Buffer.allocUnsafe(256);
  n = 0;
  private room(k: number): void {
    if (this.n + k <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.n + k));
    this.buf.copy(next, 0, 0, this.n);
    this.buf = next;
  }
  u8(v: number): void {
    this.room(1);
    this.buf[this.n++] = v;
  }
  f64(v: number): void {
    this.room(8);
    this.buf.writeDoubleLE(v, this.n);
    this.n += 8;
  }
  /** An unsigned integer < 2^53 as a LEB128 varint. */
  varint(v: number): void {
    this.room(8);
    while (v >= 0x80) {
      this.buf[this.n++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.n++] = v;
  }
}

function writeStore(w: Writer, s: BinRange): void {
  w.varint(s.offset >= 0 ? s.offset * 2 : -s.offset * 2 - 1);
  const c = s.counts;
  w.varint(c.length);
  let integral = true;
  for (let k = 0; k < c.length && integral; k++) integral = Number.isSafeInteger(c[k]) && c[k] >= 0;
  w.u8(integral ? 0 : 1);
  for (let k = 0; k < c.length; k++) {
    if (integral) w.varint(c[k]);
    else w.f64(c[k]);
  }
}

/** The encoding before compression (for the bench's comparison of compressors). */
export function encodeBinsRaw(zeroCount: number, positive: BinRange, negative: BinRange): Buffer {
  const w = new Writer();
  w.u8(VERSION);
  w.f64(zeroCount);
  writeStore(w, positive);
  writeStore(w, negative);
  return w.buf.subarray(0, w.n);
}

/** The blob of a DistributionMetric's bins: the encoding, zstd level 3. */
export function encodeBins(zeroCount: number, positive: BinRange, negative: BinRange): Buffer {
  needInit();
  const c = compress(encodeBinsRaw(zeroCount, positive, negative), ZSTD_LEVEL);
  return Buffer.from(c.buffer, c.byteOffset, c.byteLength);
}

export function decodeBinsRaw(b: Uint8Array): DecodedBins {
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  let at = 0;
  const varint = (): number => {
    let v = 0;
    let mul = 1;
    for (;;) {
      if (at >= buf.length) throw new Error('sketch bins: truncated');
      const byte = buf[at++];
      v += (byte & 0x7f) * mul;
      if (byte < 0x80) return v;
      mul *= 0x80;
    }
  };
  if (buf[at++] !== VERSION) throw new Error(`sketch bins: unknown version ${buf[0]}`);
  const zeroCount = buf.readDoubleLE(at);
  at += 8;
  const store = (): BinRange => {
    const z = varint();
    const offset = z % 2 === 0 ? z / 2 : -(z + 1) / 2;
    const n = varint();
    const kind = buf[at++];
    const counts = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      if (kind === 0) counts[k] = varint();
      else {
        counts[k] = buf.readDoubleLE(at);
        at += 8;
      }
    }
    return { offset, counts };
  };
  const positive = store();
  const negative = store();
  return { zeroCount, positive, negative };
}

export function decodeBins(blob: Uint8Array): DecodedBins {
  needInit();
  return decodeBinsRaw(decompress(blob));
}
