// Constants of the running system that the units depend on: CLK_TCK (the
// unit of utime/stime/starttime) and the page size (the unit of rss). Read
// once at start from the kernel, never assumed: first from the auxiliary
// vector the kernel gave this process (/proc/self/auxv: AT_CLKTCK, AT_PAGESZ,
// what glibc's sysconf returns), else from `getconf`.

import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { readFileSync } from 'node:fs';

const AT_NULL = 0;
const AT_PAGESZ = 6;
const AT_CLKTCK = 17;

export interface SystemConf {
  /** Clock ticks per second: the unit of utime, stime and starttime. */
  readonly clockTicksPerSecond: number;
  readonly pageSizeBytes: number;
  /** Logical CPUs of the host: the ceiling of any process's cpu% is 100 × this. */
  readonly hostCpus: number;
}

/** The AT_* entries of an auxiliary vector (pairs of native-endian u64 on 64-bit Linux). */
export function parseAuxv(bytes: Buffer): Map<number, number> {
  const entries = new Map<number, number>();
  for (let at = 0; at + 16 <= bytes.length; at += 16) {
    const type = Number(bytes.readBigUInt64LE(at));
    if (type === AT_NULL) break;
    entries.set(type, Number(bytes.readBigUInt64LE(at + 8)));
  }
  return entries;
}

function getconf(name: string): number {
  const out = execFileSync('getconf', [name], { encoding: 'utf8' }).trim();
  const value = Number(out);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`getconf ${name} printed ${JSON.stringify(out)}`);
  return value;
}

export function readSystemConf(): SystemConf {
  let auxv = new Map<number, number>();
  try {
    auxv = parseAuxv(readFileSync('/proc/self/auxv'));
  } catch {
    // Not readable (some sandboxes): getconf below.
  }
  return {
    clockTicksPerSecond: auxv.get(AT_CLKTCK) || getconf('CLK_TCK'),
    pageSizeBytes: auxv.get(AT_PAGESZ) || getconf('PAGESIZE'),
    hostCpus: Math.max(1, cpus().length),
  };
}

/**
 * The soft limit on open files from /proc/self/limits ("Max open files").
 * Node raises the soft limit to the hard one at start, so this is what the
 * process can really use. Infinity for "unlimited".
 */
export function parseOpenFileLimit(limitsText: string): number {
  const line = limitsText.split('\n').find((l) => l.startsWith('Max open files'));
  if (line === undefined) throw new Error('/proc/self/limits has no "Max open files" line');
  const soft = line.slice('Max open files'.length).trim().split(/\s+/)[0];
  if (soft === 'unlimited') return Infinity;
  const value = Number(soft);
  if (!Number.isInteger(value) || value < 0) throw new Error(`/proc/self/limits: bad open-file limit ${JSON.stringify(soft)}`);
  return value;
}

export function readOpenFileLimit(): number {
  return parseOpenFileLimit(readFileSync('/proc/self/limits', 'utf8'));
}
