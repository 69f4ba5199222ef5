// The report of `infrawatch scan`: JSON for machines, a table for people.

import type { TickCounters, Totals } from '../sampler/cpu-sampler.js';
import type { ScanResult } from '../scan/scanner.js';
import type { ProcessRow } from './process-rows.js';

export interface ScanReport {
  intervalMs: number;
  processes: { top: ProcessRow[]; totals: Totals };
  counters: TickCounters & { keptFds: number; fallbackReads: number };
  timings: ScanResult['timings'];
}

export function scanReportOf(result: ScanResult, top: ProcessRow[], intervalMs: number): ScanReport {
  return {
    intervalMs,
    processes: { top, totals: { ...result.totals } },
    counters: { ...result.counters, keptFds: result.keptFds, fallbackReads: result.fallbackReads },
    timings: { ...result.timings },
  };
}

function pct(x: number | null): string {
  return x === null ? '-' : x.toFixed(1);
}

function mib(bytes: number): string {
  return (bytes / 1048576).toFixed(1);
}

/** Control characters in a name (a newline, an escape) would break the table. */
function printable(name: string): string {
  return name.replace(/[\x00-\x1f\x7f]/g, '?');
}

export function formatScanTable(r: ScanReport): string {
  const lines = [
    `${'PID'.padStart(8)} ${'PPID'.padStart(8)} S ${'CPU%'.padStart(7)} ${'USR%'.padStart(7)} ${'SYS%'.padStart(7)} ${'RSS MiB'.padStart(9)} ${'VSZ MiB'.padStart(10)} ${'THR'.padStart(5)}  NAME`,
  ];
  for (const p of r.processes.top) {
    lines.push(
      `${String(p.processId).padStart(8)} ${String(p.parentProcessId).padStart(8)} ${p.state} ${pct(p.cpuPercent).padStart(7)} ${pct(p.cpuUserPercent).padStart(7)} ${pct(p.cpuSystemPercent).padStart(7)} ${mib(p.memoryResidentSizeBytes).padStart(9)} ${mib(p.memoryVirtualSizeBytes).padStart(10)} ${String(p.threadCount).padStart(5)}  ${printable(p.processDisplayName)}`,
    );
  }
  const t = r.processes.totals;
  const c = r.counters;
  lines.push(
    '',
    `totals: ${t.processCount} processes (${t.kernelThreadCount} kernel threads), ${t.threadCount} threads, cpu ${t.cpuPercent.toFixed(1)}% (user ${t.cpuUserPercent.toFixed(1)}%, system ${t.cpuSystemPercent.toFixed(1)}%), rss ${mib(t.memoryResidentSizeBytes)} MiB`,
    `scan: ${c.listed} listed, ${c.scanned} scanned, ${c.vanished} vanished, ${c.denied} denied, ${c.malformed} malformed, ${c.readErrors} read errors; ${r.timings.totalMs.toFixed(1)} ms over ${r.intervalMs} ms`,
  );
  return lines.join('\n') + '\n';
}
