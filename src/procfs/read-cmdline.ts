// /proc/<pid>/cmdline: the arguments, NUL-separated. Read only for rows that
// leave the process (top rows, raw rows) and for cmdline pin rules, once per
// process; never for every pid on every tick.

import { closeSync, openSync, readSync } from 'node:fs';
import { unlessGoneOrDenied } from './gone-or-denied.js';

export interface CommandLine {
  /** Arguments joined by single spaces (NULs to spaces, trailing NULs dropped), well-formed UTF-8. */
  readonly text: string;
  /** The file held more than the byte cap. */
  readonly truncated: boolean;
}

/** Turns raw cmdline bytes into text; `truncated` when `bytes` was cut at the cap. */
export function commandLineOf(bytes: Uint8Array, truncated: boolean): CommandLine {
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--;
  const copy = Buffer.from(bytes.subarray(0, end));
  for (let i = 0; i < copy.length; i++) if (copy[i] === 0) copy[i] = 0x20;
  return { text: copy.toString('utf8').toWellFormed(), truncated };
}

/** The command line of `pid`, at most `maxBytes` of it; undefined when gone or denied; throws on any other error. */
export function readCommandLine(procRoot: string, pid: number, maxBytes: number): CommandLine | undefined {
  const file = `${procRoot}/${pid}/cmdline`;
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (err) {
    return unlessGoneOrDenied(err, file);
  }
  try {
    // One byte past the cap tells whether there was more.
    const buf = Buffer.allocUnsafe(maxBytes + 1);
    let n = 0;
    while (n < buf.length) {
      const got = readSync(fd, buf, n, buf.length - n, null);
      if (got === 0) break;
      n += got;
    }
    const truncated = n > maxBytes;
    return commandLineOf(buf.subarray(0, truncated ? maxBytes : n), truncated);
  } catch (err) {
    return unlessGoneOrDenied(err, file);
  } finally {
    closeSync(fd);
  }
}
