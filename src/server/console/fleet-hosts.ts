// The console's fleet page, one row per host of an account: the Host
// registry (last seen, agent version, mode, name) and, over a range, the
// agent's cpu and RSS (its agent_* metrics, else its own process row: read
// by canary-view.ts's hostAgentFigures, as the canary view reads them) and
// topn_capture_ratio: the share of all cpu% and RSS its ProcessSample rows
// hold against rows + aggregates (the unattributed row left out), so that
// it is there for hosts that ship JSON API bodies too, which carry no
// ratio (an envelope's is stored in ProcessTickSample).
//
// Cost does not grow in statements with the fleet: one statement on the
// registry and seven FACET hostId queries through the query service (the
// same code path as POST /api/query), whatever the number of hosts
// (bench/console.bench.ts measures it at 1,000 hosts).

import type { QueryResult } from '../query/query-result.js';
import type { SqlRunner } from '../query/sql-runner.js';
import { hostAgentFigures, type RunQuery } from '../fleet/canary-view.js';
import { UNATTRIBUTED_DISPLAY_NAME } from '../../report/process-rows.js';

/** No more hosts than this in one answer: FACET … LIMIT MAX's bound (nrql-parser.ts MAX_LIMIT). */
export const FLEET_HOSTS_MAX = 5000;
/** A host is stale when it has not reported for this many of its ticks (and at least the caller's minimum). */
const STALE_TICKS = 3;

export interface FleetHost {
  readonly hostId: string;
  readonly hostName: string | null;
  readonly firstSeenMs: number;
  readonly lastSeenMs: number;
  readonly agentVersion: string | null;
  readonly mode: string | null;
  /** The tick interval its last rows in the range said, ms; null: no rows in the range. */
  readonly intervalMs: number | null;
  /** The agent's cpu% and RSS over the range (its metrics, else its own process row); null: neither in the range. */
  readonly agentCpuPercent: number | null;
  readonly agentRssBytes: number | null;
  /** topn_capture_ratio over the range, of cpu% and of RSS (0..1); null: no rows in the range. */
  readonly captureCpu: number | null;
  readonly captureRss: number | null;
  /** It has not reported for longer than max(STALE_TICKS intervals, staleMs). */
  readonly stale: boolean;
}

export interface FleetHostsView {
  readonly account: string;
  readonly nowMs: number;
  readonly fromMs: number;
  readonly staleMs: number;
  /** Hosts in the registry; `hosts` holds at most FLEET_HOSTS_MAX of them, the most recently seen first. */
  readonly total: number;
  readonly hosts: FleetHost[];
}

/** The values of each facet of a FACET hostId query, in SELECT order. */
function byHost(r: QueryResult): Map<string, (number | null)[]> {
  const out = new Map<string, (number | null)[]>();
  for (const f of r.facets ?? [])
    out.set(
      String(f.name),
      (f.results ?? []).map((x) => {
        const v = Object.values(x)[0];
        return v === null || v === undefined ? null : Number(v);
      }),
    );
  return out;
}

function share(part: number | null | undefined, rest: number | null | undefined): number | null {
  if (part === null || part === undefined) return null;
  const all = part + (rest ?? 0);
  return all > 0 ? part / all : null;
}

export async function fleetHosts(query: RunQuery, runner: SqlRunner, o: { account: string; nowMs: number; fromMs: number; staleMs: number }): Promise<FleetHostsView> {
  const d = runner.dialect;
  const account = d.text(o.account);
  const limit = d.int(FLEET_HOSTS_MAX);
  const ph = (n: number) => d.placeholder(n);
  const range = `SINCE ${o.fromMs} UNTIL ${o.nowMs}`;
  const facet = `${range} FACET hostId LIMIT MAX`;
  const [registry, count, top, aggregates, agents] = await Promise.all([
    runner.all(
      `SELECT "hostId", "hostName", "firstSeenMs", "lastSeenMs", "agentVersion", "mode" FROM "Host" WHERE "account" = ${account.wrap(ph(1))} ORDER BY "lastSeenMs" DESC, "hostId" LIMIT ${limit.wrap(ph(2))}`,
      [account.value, limit.value],
    ),
    runner.all(`SELECT COUNT(*) AS n FROM "Host" WHERE "account" = ${account.wrap(ph(1))}`, [account.value]),
    query(`SELECT sum(cpuPercent), sum(memoryResidentSizeBytes), latest(intervalMs) FROM ProcessSample ${facet}`, 'raw'),
    query(`SELECT sum(cpuPercent), sum(memoryResidentSizeBytes) FROM ProcessAggregateSample WHERE processDisplayName != '${UNATTRIBUTED_DISPLAY_NAME}' ${facet}`, 'raw'),
    hostAgentFigures(query, range),
  ]);
  const topOf = byHost(top);
  const aggregatesOf = byHost(aggregates);
  const hosts = registry.map((r): FleetHost => {
    const hostId = String(r.hostId);
    const lastSeenMs = Number(r.lastSeenMs);
    const t = topOf.get(hostId);
    const a = aggregatesOf.get(hostId);
    const intervalMs = t?.[2] ?? null;
    const agent = agents.agentOf(hostId)?.figures;
    return {
      hostId,
      hostName: (r.hostName as string | null) ?? null,
      firstSeenMs: Number(r.firstSeenMs),
      lastSeenMs,
      agentVersion: (r.agentVersion as string | null) ?? null,
      mode: (r.mode as string | null) ?? null,
      intervalMs,
      agentCpuPercent: agent?.[0] ?? null,
      agentRssBytes: agent?.[1] ?? null,
      captureCpu: share(t?.[0], a?.[0]),
      captureRss: share(t?.[1], a?.[1]),
      stale: o.nowMs - lastSeenMs > Math.max(o.staleMs, STALE_TICKS * (intervalMs ?? 0)),
    };
  });
  return { account: o.account, nowMs: o.nowMs, fromMs: o.fromMs, staleMs: o.staleMs, total: Number(count[0]?.n ?? hosts.length), hosts };
}
