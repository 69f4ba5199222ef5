// /proc/<pid>/cmdline: the arguments, NUL-separated. Read only for rows that
// leave the process (top rows, raw rows) and for cmdline pin rules, once per
// process; never for every pid on every tick.

import { unlessGoneOrDenied } from './gone-or-denied.js';
import { readUnderRoot } from './proc-file.js';

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
  try {
    const bytes = readUnderRoot(procRoot, `${pid}/cmdline`, maxBytes);
    const truncated = bytes.length > maxBytes;
    return commandLineOf(bytes.subarray(0, truncated ? maxBytes : bytes.length), truncated);
  } catch (err) {
    return unlessGoneOrDenied(err, `${procRoot}/${pid}/cmdline`);
  }
}
