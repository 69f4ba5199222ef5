// /proc/<pid>/status, for the one field the stat file lacks: the real uid.

import { readFileSync } from 'node:fs';
import { unlessGoneOrDenied } from './gone-or-denied.js';

/** The real uid from a status text's "Uid:" line, or undefined. */
export function uidOfStatus(text: string): number | undefined {
  const m = /^Uid:\s+(\d+)/m.exec(text);
  return m ? Number(m[1]) : undefined;
}

/** The real uid of `pid`; undefined when gone or denied; throws on any other error. */
export function readUid(procRoot: string, pid: number): number | undefined {
  const file = `${procRoot}/${pid}/status`;
  try {
    return uidOfStatus(readFileSync(file, 'utf8'));
  } catch (err) {
    return unlessGoneOrDenied(err, file);
  }
}
