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
  /** The first argument (argv[0]), well-formed UTF-8. */
  readonly command: string;
}

/** Turns raw cmdline bytes into text; `truncated` when `bytes` was cut at the cap. */
export function commandLineOf(bytes: Uint8Array, truncated: boolean): CommandLine {
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--;
  const copy = Buffer.from(bytes.subarray(0, end));
  let argv0End = -1;
  for (let i = 0; i < copy.length; i++) {
    if (copy[i] !== 0) continue;
    if (argv0End < 0) argv0End = i;
    copy[i] = 0x20;
  }
  const command = copy.toString('utf8', 0, argv0End < 0 ? copy.length : argv0End).toWellFormed();
  return { text: copy.toString('utf8').toWellFormed(), truncated, command };
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
