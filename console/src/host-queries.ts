// The NRQL of each part of the host page, for a host and a range, apart
// from the page (no DOM here): the end-to-end test asks the query API the
// same queries and checks the page against the answers.

import type { QueryResult } from '../../src/server/query/query-result.js';

/** An NRQL string literal. */
export function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** Rows read for "now": enough for the top N of a tick (the agent's top_n is at most this in practice). */
const LATEST_ROWS = 200;

/** The NRQL of each part of the page. */
export function hostQueries(hostId: string, minutes: number) {
  const where = `WHERE hostId = ${quote(hostId)}`;
  const since = `SINCE ${minutes} minutes ago`;
  return {
    latest: `SELECT * FROM ProcessSample ${where} ${since} LIMIT ${LATEST_ROWS}`,
    aggregates: `SELECT average(cpuPercent), average(memoryResidentSizeBytes), max(processCount) FROM ProcessAggregateSample ${where} FACET processDisplayName ${since} LIMIT 50`,
    cpuPercentiles: `SELECT percentile(cpuPercent, 50, 95, 99) FROM ProcessSample ${where} ${since} TIMESERIES`,
    rssPercentiles: `SELECT percentile(memoryResidentSizeBytes, 50, 95, 99) FROM ProcessSample ${where} ${since} TIMESERIES`,
    telemetry: `SELECT average(cpu), average(memory), average(disk) FROM SystemSample ${where} ${since} TIMESERIES`,
    uptime: `SELECT latest(uptime), latest(cpu), latest(memory), latest(disk) FROM SystemSample ${where} ${since}`,
  };
}

export type Row = Record<string, unknown>;

/** The rows of the newest tick among `r`'s events (newest first). */
export function latestTick(r: QueryResult): Row[] {
  const events = ((r.results?.[0] as { events?: Row[] } | undefined)?.events ?? []) as Row[];
  const t = events[0]?.timestamp;
  return events.filter((e) => e.timestamp === t).sort((a, b) => Number(b.cpuPercent ?? 0) - Number(a.cpuPercent ?? 0));
}
