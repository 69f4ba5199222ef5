// Parser for /proc/<pid>/stat, from bytes straight into the process table.
//
// Runs once per pid per tick in the scan workers, so it allocates nothing:
// no string, no split(), no object, no closure. A cursor walks the bytes as
// htop's LinuxProcessTable.c does; any surprise makes it return
// READ_MALFORMED (never throw), and the caller counts it.
//
// Format, proc(5): `pid (comm) state ppid pgrp session tty_nr tpgid flags
// minflt cminflt majflt cmajflt utime stime cutime cstime priority nice
// num_threads itrealvalue starttime vsize rss …`. The name runs from the first
// `(` to the LAST `)`: it may itself hold spaces, parentheses and newlines,
// and no field after it can hold a `)`.

import { COMM_BYTES, READ_MALFORMED, READ_OK } from '../table/layout.js';
import type { TableViews } from '../table/shared-table.js';

const SPACE = 0x20;
const NEWLINE = 0x0a;
const OPEN_PAREN = 0x28;
const CLOSE_PAREN = 0x29;
const MINUS = 0x2d;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const TWO_POW_32 = 4294967296;
const INT32_MAX = 2147483647;
const UINT32_MAX = 4294967295;

// Small integers come back through this module-level slot instead of an
// object, so a field parse returns only the cursor.
let parsedInt = 0;

/** Parses decimal digits up to `max` into `parsedInt`; returns the cursor after them, or -1. */
function parseUint(buf: Uint8Array, pos: number, end: number, max: number): number {
  const start = pos;
  let value = 0;
  while (pos < end) {
    const c = buf[pos];
    if (c < DIGIT_0 || c > DIGIT_9) break;
    value = value * 10 + (c - DIGIT_0);
    if (value > max) return -1;
    pos++;
  }
  if (pos === start) return -1;
  parsedInt = value;
  return pos;
}

/**
 * Parses an unsigned 64-bit decimal into `col` as two little-endian u32 words
 * (exact up to 2^64 - 1, with no BigInt); returns the cursor after it, or -1.
 */
function parseU64Into(buf: Uint8Array, pos: number, end: number, col: Uint32Array, slot: number): number {
  const start = pos;
  let lo = 0;
  let hi = 0;
  while (pos < end) {
    const c = buf[pos];
    if (c < DIGIT_0 || c > DIGIT_9) break;
    // lo < 2^32 and hi < 2^32 before each step, so both products stay
    // below 2^36 and are exact in a double.
    lo = lo * 10 + (c - DIGIT_0);
    hi = hi * 10;
    if (lo >= TWO_POW_32) {
      const carry = Math.floor(lo / TWO_POW_32);
      lo -= carry * TWO_POW_32;
      hi += carry;
    }
    if (hi >= TWO_POW_32) return -1; // does not fit in 64 bits
    pos++;
  }
  if (pos === start) return -1;
  col[2 * slot] = lo;
  col[2 * slot + 1] = hi;
  return pos;
}

/** Skips a signed decimal field we do not keep; returns the cursor after it, or -1 (also for pos -1). */
function skipInt(buf: Uint8Array, pos: number, end: number): number {
  if (pos < 0) return -1;
  if (pos < end && buf[pos] === MINUS) pos++;
  const start = pos;
  while (pos < end) {
    const c = buf[pos];
    if (c < DIGIT_0 || c > DIGIT_9) break;
    pos++;
  }
  return pos === start ? -1 : pos;
}

/** Expects one space at `pos`; returns the cursor after it, or -1. */
function space(buf: Uint8Array, pos: number, end: number): number {
  return pos >= 0 && pos < end && buf[pos] === SPACE ? pos + 1 : -1;
}

/**
 * Parses `len` bytes of a stat file into `slot` of the table.
 * `expectedPid` is the pid whose folder the bytes came from (0: don't check).
 * Returns READ_OK or READ_MALFORMED; on READ_MALFORMED some columns of the
 * slot may have been overwritten, and the caller must treat the slot as
 * having no history.
 *
 * Finding the last `)`: the kernel prints at most 63 bytes of name, and no
 * field after the name holds a `)`, so the last `)` within COMM_BYTES + 1
 * bytes of the `(` is the last one in the file. Looking there first instead
 * of walking back over the ~250 bytes of trailing fields saves ~0.13 µs a
 * pid (the parse costs ~0.35 µs; figures from the scan bench's live /proc).
 * A longer, forged name falls back to the walk back from the end.
 */
export function parseStatInto(
  buf: Uint8Array,
  len: number,
  expectedPid: number,
  slot: number,
  t: TableViews,
): number {
  const end = len < buf.length ? len : buf.length;

  // (1) pid, then " ("
  const pos = parseUint(buf, 0, end, INT32_MAX);
  if (pos < 0 || (expectedPid > 0 && parsedInt !== expectedPid)) return READ_MALFORMED;
  if (pos + 1 >= end || buf[pos] !== SPACE || buf[pos + 1] !== OPEN_PAREN) return READ_MALFORMED;
  const nameStart = pos + 2;

  // (2) comm: up to the last ')'
  const windowEnd = nameStart + COMM_BYTES + 1 < end ? nameStart + COMM_BYTES + 1 : end;
  let close = -1;
  for (let i = nameStart; i < windowEnd; i++) if (buf[i] === CLOSE_PAREN) close = i;
  if (close >= 0 && parseFromName(buf, end, nameStart, close, slot, t) === READ_OK) return READ_OK;
  if (windowEnd === end) return READ_MALFORMED; // the window was the whole file
  let last = end - 1;
  while (last >= windowEnd && buf[last] !== CLOSE_PAREN) last--;
  if (last < windowEnd) return READ_MALFORMED;
  return parseFromName(buf, end, nameStart, last, slot, t);
}

/** Parses the name [nameStart, close) and fields (3)–(24) after it. */
function parseFromName(buf: Uint8Array, end: number, nameStart: number, close: number, slot: number, t: TableViews): number {
  const nameLen = close - nameStart;
  const kept = nameLen < COMM_BYTES ? nameLen : COMM_BYTES;
  const commAt = slot * COMM_BYTES;
  for (let i = 0; i < kept; i++) t.comm[commAt + i] = buf[nameStart + i];
  t.commLen[slot] = kept;
  t.commTruncated[slot] = nameLen > COMM_BYTES ? 1 : 0;

  // (3) state: one letter between single spaces
  let pos = space(buf, close + 1, end);
  if (pos < 0 || pos >= end) return READ_MALFORMED;
  const state = buf[pos];
  if (!((state >= 0x41 && state <= 0x5a) || (state >= 0x61 && state <= 0x7a))) return READ_MALFORMED;
  t.state[slot] = state;
  pos = space(buf, pos + 1, end);

  // (4) ppid
  if (pos >= 0) pos = parseUint(buf, pos, end, INT32_MAX);
  if (pos < 0) return READ_MALFORMED;
  t.ppid[slot] = parsedInt;
  // (5) pgrp (6) session (7) tty_nr (8) tpgid
  pos = skipInt(buf, space(buf, pos, end), end);
  if (pos >= 0) pos = skipInt(buf, space(buf, pos, end), end);
  if (pos >= 0) pos = skipInt(buf, space(buf, pos, end), end);
  if (pos >= 0) pos = skipInt(buf, space(buf, pos, end), end);
  if (pos < 0) return READ_MALFORMED;
  // (9) flags
  pos = space(buf, pos, end);
  if (pos >= 0) pos = parseUint(buf, pos, end, UINT32_MAX);
  if (pos < 0) return READ_MALFORMED;
  t.flags[slot] = parsedInt;
  // (10) minflt (11) cminflt (12) majflt (13) cmajflt
  pos = space(buf, pos, end);
  if (pos >= 0) pos = parseU64Into(buf, pos, end, t.minflt, slot);
  if (pos >= 0) pos = skipInt(buf, space(buf, pos, end), end);
  if (pos >= 0) pos = space(buf, pos, end);
  if (pos >= 0) pos = parseU64Into(buf, pos, end, t.majflt, slot);
  if (pos >= 0) pos = skipInt(buf, space(buf, pos, end), end);
  // (14) utime (15) stime, in clock ticks
  if (pos >= 0) pos = space(buf, pos, end);
  if (pos >= 0) pos = parseU64Into(buf, pos, end, t.utime, slot);
  if (pos >= 0) pos = space(buf, pos, end);
  if (pos >= 0) pos = parseU64Into(buf, pos, end, t.stime, slot);
  // (16) cutime (17) cstime (18) priority (19) nice
  if (pos >= 0) pos = skipInt(buf, space(buf, pos, end), end);
  if (pos >= 0) pos = skipInt(buf, space(buf, pos, end), end);
  if (pos >= 0) pos = skipInt(buf, space(buf, pos, end), end);
  if (pos >= 0) pos = skipInt(buf, space(buf, pos, end), end);
  if (pos < 0) return READ_MALFORMED;
  // (20) num_threads
  pos = space(buf, pos, end);
  if (pos >= 0) pos = parseUint(buf, pos, end, INT32_MAX);
  if (pos < 0) return READ_MALFORMED;
  t.threads[slot] = parsedInt;
  // (21) itrealvalue
  pos = skipInt(buf, space(buf, pos, end), end);
  // (22) starttime (23) vsize, in bytes (24) rss, in pages
  if (pos >= 0) pos = space(buf, pos, end);
  if (pos >= 0) pos = parseU64Into(buf, pos, end, t.starttime, slot);
  if (pos >= 0) pos = space(buf, pos, end);
  if (pos >= 0) pos = parseU64Into(buf, pos, end, t.vsize, slot);
  if (pos >= 0) pos = space(buf, pos, end);
  if (pos >= 0) pos = parseU64Into(buf, pos, end, t.rssPages, slot);
  if (pos < 0) return READ_MALFORMED;
  // rss must be a whole field: what follows is a space, the newline or the end.
  if (pos < end && buf[pos] !== SPACE && buf[pos] !== NEWLINE) return READ_MALFORMED;
  return READ_OK;
}
