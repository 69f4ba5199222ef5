// /proc/<pid>/status, for the one field the stat file lacks: the real uid.

import { unlessGoneOrDenied } from './gone-or-denied.js';
import { readTextUnderRoot } from './proc-file.js';

/** The Uid: line is the ninth; a status file is ~1.5 KiB. */
const STATUS_MAX_BYTES = 64 * 1024;

/** The real uid from a status text's "Uid:" line, or undefined. */
export function uidOfStatus(text: string): number | undefined {
  const m = /^Uid:\s+(\d+)/m.exec(text);
  return m ? Number(m[1]) : undefined;
}

/** The real uid of `pid`; undefined when gone or denied; throws on any other error. */
export function readUid(procRoot: string, pid: number): number | undefined {
  try {
    return uidOfStatus(readTextUnderRoot(procRoot, `${pid}/status`, STATUS_MAX_BYTES));
  } catch (err) {
    return unlessGoneOrDenied(err, `${procRoot}/${pid}/status`);
  }
}
