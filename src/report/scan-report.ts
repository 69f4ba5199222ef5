// The report of `infrawatch scan`: JSON for machines, a table for people.

import type { TickCounters, Totals } from '../sampler/cpu-sampler.js';
import type { ScanResult } from '../scan/scanner.js';
import type { ProcessAggregateRow, ProcessRow } from './process-rows.js';
import type { SketchSummary } from './sketch-summary.js';

export interface ScanReport {
  intervalMs: number;
  mode: 'smart' | 'raw';
  topN: number;
  processes: { top: ProcessRow[]; aggregates: ProcessAggregateRow[]; totals: Totals };
  /** Shares of all cpu and of all RSS that the top rows hold. */
  topnCaptureRatio: { cpu: number; rss: number };
  counters: TickCounters & { keptFds: number; fallbackReads: number };
  timings: ScanResult['timings'];
  /** The host key's sketches of the second sample (when sketch_enable). */
  sketches?: { cpuPercent: SketchSummary; memoryResidentSizeBytes: SketchSummary };
}

export function scanReportOf(result: ScanResult, top: ProcessRow[], aggregates: ProcessAggregateRow[], intervalMs: number): ScanReport {
  return {
    intervalMs,
    mode: result.mode,
    topN: result.topN,
    processes: { top, aggregates, totals: { ...result.totals } },
    topnCaptureRatio: { cpu: result.capture.cpu, rss: result.capture.rss },
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
  return name.replace(/\p{Cc}/gu, '?');
}

export function formatScanTable(r: ScanReport): string {
  const lines = [
    `${'PID'.padStart(8)} ${'PPID'.padStart(8)} S ${'CPU%'.padStart(7)} ${'USR%'.padStart(7)} ${'SYS%'.padStart(7)} ${'RSS MiB'.padStart(9)} ${'VSZ MiB'.padStart(10)} ${'THR'.padStart(5)}  ${'USER'.padEnd(10)} NAME`,
  ];
  for (const p of r.processes.top) {
    lines.push(
      `${String(p.processId).padStart(8)} ${String(p.parentProcessId).padStart(8)} ${p.state} ${pct(p.cpuPercent).padStart(7)} ${pct(p.cpuUserPercent).padStart(7)} ${pct(p.cpuSystemPercent).padStart(7)} ${mib(p.memoryResidentSizeBytes).padStart(9)} ${mib(p.memoryVirtualSizeBytes).padStart(10)} ${String(p.threadCount).padStart(5)}  ${(p.userName ?? '').padEnd(10)} ${printable(p.processDisplayName)}`,
    );
  }
  if (r.processes.aggregates.length > 0) {
    lines.push('', `${'COUNT'.padStart(8)} ${''.padStart(8)}   ${'CPU%'.padStart(7)} ${'USR%'.padStart(7)} ${'SYS%'.padStart(7)} ${'RSS MiB'.padStart(9)} ${'VSZ MiB'.padStart(10)} ${'THR'.padStart(5)}  NAME (the rest, by name)`);
    for (const a of r.processes.aggregates) {
      lines.push(
        `${String(a.processCount).padStart(8)} ${''.padStart(8)}   ${pct(a.cpuPercent).padStart(7)} ${pct(a.cpuUserPercent).padStart(7)} ${pct(a.cpuSystemPercent).padStart(7)} ${mib(a.memoryResidentSizeBytes).padStart(9)} ${mib(a.memoryVirtualSizeBytes).padStart(10)} ${String(a.threadCount).padStart(5)}  ${printable(a.processDisplayName)}`,
      );
    }
  }
  const t = r.processes.totals;
  const c = r.counters;
  lines.push(
    '',
    `totals: ${t.processCount} processes (${t.kernelThreadCount} kernel threads), ${t.threadCount} threads, cpu ${t.cpuPercent.toFixed(1)}% (user ${t.cpuUserPercent.toFixed(1)}%, system ${t.cpuSystemPercent.toFixed(1)}%), rss ${mib(t.memoryResidentSizeBytes)} MiB`,
    `${r.mode} mode: ${r.processes.top.length} rows (N = ${r.topN}) and ${r.processes.aggregates.length} aggregate rows; the rows hold ${(100 * r.topnCaptureRatio.cpu).toFixed(1)}% of cpu and ${(100 * r.topnCaptureRatio.rss).toFixed(1)}% of RSS`,
    `scan: ${c.listed} listed, ${c.scanned} scanned, ${c.vanished} vanished, ${c.denied} denied, ${c.malformed} malformed, ${c.readErrors} read errors; ${r.timings.totalMs.toFixed(1)} ms over ${r.intervalMs} ms`,
  );
  return lines.join('\n') + '\n';
}
