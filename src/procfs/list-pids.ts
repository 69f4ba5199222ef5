// Lists the numeric entries of the /proc root into an Int32Array.
//
// readdirSync's array of names is the one allocation per tick that grows with
// the number of pids; Node has no way to read directory entries into a
// buffer. Each name is turned into a number by its char codes, with no
// parseInt and no further string.

import { readdirSync } from 'node:fs';

const DIGIT_0 = 48;
const DIGIT_9 = 57;
const INT32_MAX = 2147483647;

/** The pid a /proc entry names, or 0 for anything else (`self`, `sys`, `01`, …). */
export function pidOfEntry(name: string): number {
  const len = name.length;
  if (len === 0 || len > 10 || name.charCodeAt(0) === DIGIT_0) return 0;
  let pid = 0;
  for (let i = 0; i < len; i++) {
    const c = name.charCodeAt(i);
    if (c < DIGIT_0 || c > DIGIT_9) return 0;
    pid = pid * 10 + (c - DIGIT_0);
  }
  return pid > INT32_MAX ? 0 : pid;
}

/** The names in the /proc root; throws (with the path) when it cannot be listed. */
export function listProcEntries(procRoot: string): string[] {
  return readdirSync(procRoot);
}

/**
 * Writes the pids among `names` into `out` from index 0; returns how many.
 * `out` must hold `names.length` entries.
 */
export function fillPidList(names: readonly string[], out: Int32Array): number {
  let count = 0;
  for (let i = 0; i < names.length; i++) {
    const pid = pidOfEntry(names[i]);
    if (pid > 0) out[count++] = pid;
  }
  return count;
}
