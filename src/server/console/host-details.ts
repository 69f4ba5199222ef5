// What the console's host page needs that NRQL does not reach: the host's
// registry entry, its latest snapshot (OS, kernel, packages: the body the
// agent sent, kept whole) and its agent's diag events, newest first. The
// rest of the page (rows, aggregates, percentiles, telemetry) is NRQL
// through POST /api/query. Read through the SqlRunner of either store
// (SQLite or PostgreSQL: the identifiers are quoted as both store them).

import type { SqlRunner } from '../query/sql-runner.js';

/** Diag events in one answer, newest first. */
export const DIAG_EVENTS_MAX = 100;

export interface HostDetails {
  readonly hostId: string;
  readonly registry: { hostName: string | null; firstSeenMs: number; lastSeenMs: number; agentVersion: string | null; mode: string | null } | null;
  readonly snapshot: { timestampMs: number; osName: string | null; osVersion: string | null; kernel: string | null; body: unknown } | null;
  readonly diagEvents: { timestampMs: number; module: string | null; eventType: string | null; reason: string | null }[];
}

export async function hostDetails(runner: SqlRunner, account: string, hostId: string): Promise<HostDetails> {
  const d = runner.dialect;
  const a = d.text(account);
  const h = d.text(hostId);
  const where = `"account" = ${a.wrap(d.placeholder(1))} AND "hostId" = ${h.wrap(d.placeholder(2))}`;
  const limit = d.int(DIAG_EVENTS_MAX);
  const [registry, snapshot, diag] = await Promise.all([
    runner.all(`SELECT "hostName", "firstSeenMs", "lastSeenMs", "agentVersion", "mode" FROM "Host" WHERE ${where}`, [a.value, h.value]),
    runner.all(`SELECT "timestampMs", "osName", "osVersion", "kernel", "body" FROM "HostSnapshot" WHERE ${where} ORDER BY "timestampMs" DESC LIMIT 1`, [a.value, h.value]),
    runner.all(`SELECT "timestampMs", "module", "eventType", "reason" FROM "AgentDiagEvent" WHERE ${where} ORDER BY "timestampMs" DESC, "tsNs" DESC LIMIT ${limit.wrap(d.placeholder(3))}`, [
      a.value,
      h.value,
      limit.value,
    ]),
  ]);
  const r = registry[0];
  const s = snapshot[0];
  const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return {
    hostId,
    registry: r === undefined ? null : { hostName: text(r.hostName), firstSeenMs: Number(r.firstSeenMs), lastSeenMs: Number(r.lastSeenMs), agentVersion: text(r.agentVersion), mode: text(r.mode) },
    snapshot:
      s === undefined
        ? null
        : { timestampMs: Number(s.timestampMs), osName: text(s.osName), osVersion: text(s.osVersion), kernel: text(s.kernel), body: typeof s.body === 'string' ? JSON.parse(s.body) : s.body },
    diagEvents: diag.map((e) => ({ timestampMs: Number(e.timestampMs), module: text(e.module), eventType: text(e.eventType), reason: text(e.reason) })),
  };
}
