// Rows that leave the process: the one place a scanned process becomes an
// object with strings, and only for the rows being shipped (the top rows),
// never for every scanned pid. Field names are those of today's
// ProcessSample rows, so that existing dashboards keep working.

import { COMM_BYTES } from '../table/layout.js';
import { readU64, type TableViews } from '../table/shared-table.js';
import type { SystemConf } from '../procfs/system-conf.js';
import type { ScanResult } from '../scan/scanner.js';

export interface ProcessRow {
  processId: number;
  parentProcessId: number;
  commandName: string;
  processDisplayName: string;
  /** One letter of proc(5): R, S, D, Z, T, t, X, I, … */
  state: string;
  /** Percent of one core; null on a process's first tick. */
  cpuPercent: number | null;
  cpuUserPercent: number | null;
  cpuSystemPercent: number | null;
  memoryResidentSizeBytes: number;
  memoryVirtualSizeBytes: number;
  threadCount: number;
}

/**
 * The process name as well-formed UTF-8. The kernel keeps 15 bytes of it and
 * may cut a multi-byte character: invalid sequences become U+FFFD.
 */
export function commOf(v: TableViews, slot: number): string {
  const start = slot * COMM_BYTES;
  return Buffer.from(v.comm.buffer, v.comm.byteOffset + start, v.commLen[slot]).toString('utf8').toWellFormed();
}

function percentOrNull(value: number): number | null {
  return Number.isNaN(value) ? null : value;
}

export function processRowOf(v: TableViews, slot: number, system: SystemConf): ProcessRow {
  const name = commOf(v, slot);
  return {
    processId: v.pid[slot],
    parentProcessId: v.ppid[slot],
    commandName: name,
    processDisplayName: name,
    state: String.fromCharCode(v.state[slot]),
    cpuPercent: percentOrNull(v.cpuPct[slot]),
    cpuUserPercent: percentOrNull(v.cpuUserPct[slot]),
    cpuSystemPercent: percentOrNull(v.cpuSystemPct[slot]),
    memoryResidentSizeBytes: readU64(v.rssPages, slot) * system.pageSizeBytes,
    memoryVirtualSizeBytes: readU64(v.vsize, slot),
    threadCount: v.threads[slot],
  };
}

export function topRowsOf(result: ScanResult, v: TableViews, system: SystemConf): ProcessRow[] {
  const rows: ProcessRow[] = [];
  for (let i = 0; i < result.topCount; i++) rows.push(processRowOf(v, result.topSlots[i], system));
  return rows;
}
