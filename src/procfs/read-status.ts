// /proc/<pid>/status, for the one field the stat file lacks: the real uid.

import { readFileSync } from 'node:fs';

/** The real uid from a status text's "Uid:" line, or undefined. */
export function uidOfStatus(text: string): number | undefined {
  const m = /^Uid:\s+(\d+)/m.exec(text);
  return m ? Number(m[1]) : undefined;
}

export function readUid(procRoot: string, pid: number): number | undefined {
  try {
    return uidOfStatus(readFileSync(`${procRoot}/${pid}/status`, 'utf8'));
  } catch {
    return undefined;
  }
}
