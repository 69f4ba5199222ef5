// The NRQL of each part of the host page, for a host and a range, apart
// from the page (no DOM here): the end-to-end test asks the query API the
// same queries and checks the page against the answers.

import type { QueryResult } from '../../src/server/query/query-result.js';

/** An NRQL string literal. */
export function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** The NRQL of each part of the page. */
export function hostQueries(hostId: string, minutes: number) {
  const where = `WHERE hostId = ${quote(hostId)}`;
  const since = `SINCE ${minutes} minutes ago`;
  return {
    latestTick: `SELECT max(timestamp) FROM ProcessSample ${where} ${since}`,
    tickRows: (timestampMs: number) => `SELECT * FROM ProcessSample ${where} AND timestamp = ${timestampMs} ${since} LIMIT MAX`,
    tickThreads: (timestampMs: number) => `SELECT * FROM ProcessThreadSample ${where} AND timestamp = ${timestampMs} ${since} LIMIT MAX`,
    aggregates: `SELECT average(cpuPercent), average(memoryResidentSizeBytes), max(processCount) FROM ProcessAggregateSample ${where} FACET processDisplayName ${since} LIMIT 50`,
    cpuPercentiles: `SELECT percentile(cpuPercent, 50, 95, 99) FROM ProcessSample ${where} ${since} TIMESERIES`,
    rssPercentiles: `SELECT percentile(memoryResidentSizeBytes, 50, 95, 99) FROM ProcessSample ${where} ${since} TIMESERIES`,
    telemetry: `SELECT average(cpu), average(memory), average(disk) FROM SystemSample ${where} ${since} TIMESERIES`,
    uptime: `SELECT latest(uptime), latest(cpu), latest(memory), latest(disk) FROM SystemSample ${where} ${since}`,
    accounting: `SELECT average(hostCpuPercent), average(unattributedCpuPercent), average(reapedChildrenCpuPercent) FROM ProcessTickSample ${where} ${since}`,
  };
}

/** The share of the host's busy cpu that no process accounts for (0..1), from the means of the accounting query; null when either is unknown or the host was idle. */
export function unattributedShare(hostCpuPercent: number | null, unattributedCpuPercent: number | null): number | null {
  if (hostCpuPercent === null || unattributedCpuPercent === null || hostCpuPercent <= 0) return null;
  return unattributedCpuPercent / hostCpuPercent;
}

export type Row = Record<string, unknown>;

function eventsOf(answer: QueryResult): Row[] {
  return ((answer.results?.[0] as { events?: Row[] } | undefined)?.events ?? []) as Row[];
}

/** The threads of a tick (process_threads: each row's busiest), per processId, busiest first. */
export function threadsByProcess(threads: readonly Row[]): Map<number, Row[]> {
  const out = new Map<number, Row[]>();
  for (const t of [...threads].sort((a, b) => Number(b.cpuPercent ?? 0) - Number(a.cpuPercent ?? 0))) {
    const pid = Number(t.processId);
    const list = out.get(pid);
    if (list === undefined) out.set(pid, [t]);
    else list.push(t);
  }
  return out;
}

/**
 * The rows of the host's newest tick in the range, the highest cpu first,
 * their busiest threads (none unless the agent runs process_threads), and
 * the answer that gave the rows (its route): the tick's time first, then
 * its rows (LIMIT MAX: a raw host's tick holds every process; the newest
 * rows of the range would mix ticks, or cut one).
 */
export async function latestTickRows(
  run: (nrql: string) => Promise<QueryResult>,
  hostId: string,
  minutes: number,
): Promise<{ atMs: number | null; rows: Row[]; threads: Map<number, Row[]>; answer: QueryResult }> {
  const q = hostQueries(hostId, minutes);
  const newest = await run(q.latestTick);
  const at = newest.results?.[0]?.max;
  if (typeof at !== 'number') return { atMs: null, rows: [], threads: new Map(), answer: newest };
  const [answer, threads] = await Promise.all([run(q.tickRows(at)), run(q.tickThreads(at))]);
  return { atMs: at, rows: eventsOf(answer).sort((a, b) => Number(b.cpuPercent ?? 0) - Number(a.cpuPercent ?? 0)), threads: threadsByProcess(eventsOf(threads)), answer };
}
