// The canary view: a rule's cohort (its canaries) against the rest of the
// account's hosts that reported in a range, from what the agents shipped,
// through the query router (any server: embedded or scale-out). The gates
// of the roll-out read it (README "Roll out"):
//   agent cpu and RSS   the agent's own metrics (MetricSample, OTLP from
//                       the receiver sink every self_metrics_interval_s):
//                       cpu% of one core = the growth of
//                       infrawatch.agent.cpu_seconds (user + system) over
//                       the time it grew in, per run of the agent (its
//                       startTimeUnixNano: a restart starts the counter
//                       again), RSS = the mean of
//                       infrawatch.agent.resident_memory_bytes; a host
//                       without them (an agent older than them, or one
//                       sending one point in the range) falls back to its
//                       own process row (agentSelf = 1: shipped in raw
//                       mode, or when it is among the top N, or pinned by
//                       include_names), its average. The mean over hosts,
//                       and the canaries' difference from the rest, in
//                       percent
//   topn capture        per host, the mean over its ticks of the
//                       topn_capture_ratio (cpu, RSS) the agent computed
//                       and shipped in each tick (ProcessTickSample, stored
//                       as sent: the agent's own figure over every process
//                       it scanned); the lowest host and the mean
//   sketch error        hosts that shipped both (mode raw with
//                       sketch_enable: every process a row, and the
//                       sketches): percentile(cpuPercent, RSS; 95, 99)
//                       over the minutes merged and trusted (up to the
//                       account's high-water mark: the router trusts no
//                       window past it), SKETCH against RAW (the truth)
//                       over the same minutes, relative; the worst host
// A cohort with no host, or a figure no host had, is null: nothing is made
// up. The sketch comparison is capped at SKETCH_HOSTS_MAX hosts a cohort
// (each costs four queries), the lowest host ids first, and says so.

import type { QueryMode, QueryResult } from '../query/query-result.js';
import { type Cohort, cohortMatches, type HostLabels } from './fleet-rule.js';

export type RunQuery = (nrql: string, mode?: QueryMode) => Promise<QueryResult>;

export const SKETCH_HOSTS_MAX = 20;
const MINUTE_MS = 60_000;

export interface QuantileErrors {
  readonly cpuP95: number;
  readonly cpuP99: number;
  readonly rssP95: number;
  readonly rssP99: number;
}

export interface CohortFigures {
  readonly hosts: number;
  /** `hosts` with a figure, `fromMetrics` of them from the agent's own metrics (the rest from its process row). */
  readonly agent: { readonly hosts: number; readonly fromMetrics: number; readonly cpuPercent: number | null; readonly rssBytes: number | null };
  readonly capture: { readonly cpu: { readonly min: number | null; readonly mean: number | null }; readonly rss: { readonly min: number | null; readonly mean: number | null } };
  readonly sketchError: { readonly hosts: number; readonly dualWriteHosts: number; readonly worst: QuantileErrors | null };
}

export interface CanaryView {
  readonly account: string;
  readonly cohort: Cohort;
  readonly fromMs: number;
  readonly untilMs: number;
  /** The sketch comparison's range ends here: the high-water mark, floored to the minute (≤ fromMs: nothing merged in the range yet). */
  readonly sketchUntilMs: number;
  readonly canary: CohortFigures;
  readonly rest: CohortFigures;
  /** (canary − rest) / rest of the agents' cpu and RSS; null when either side has none. */
  readonly agentDelta: { readonly cpu: number | null; readonly rss: number | null };
}

function relativeError(estimate: number, exact: number): number {
  if (exact === 0) return estimate === 0 ? 0 : 1;
  return Math.abs(estimate - exact) / Math.abs(exact);
}

/**
 * Per host, the agent's cpu% of one core from its cumulative
 * infrawatch.agent.cpu_seconds: a facet (hostId, attributes, run) holds the
 * min and max of one mode's counter in one run of the agent and the times
 * of its first and last point; the host's cpu seconds are the growth summed
 * over modes and runs, over the wall time the runs span (each run counted
 * once, whatever its modes). Hosts with no growth time are left out.
 */
function agentCpuPercentOf(r: QueryResult): Map<string, number> {
  const cpuSeconds = new Map<string, number>();
  const runMs = new Map<string, Map<string, number>>();
  for (const f of r.facets ?? []) {
    const [host, , run] = (f.name as unknown[]).map(String);
    const [minValue, maxValue, firstMs, lastMs] = (f.results ?? []).map((x) => Number(Object.values(x)[0]));
    cpuSeconds.set(host, (cpuSeconds.get(host) ?? 0) + (maxValue - minValue));
    const runs = runMs.get(host) ?? new Map<string, number>();
    runs.set(run, Math.max(runs.get(run) ?? 0, lastMs - firstMs));
    runMs.set(host, runs);
  }
  const out = new Map<string, number>();
  for (const [host, seconds] of cpuSeconds) {
    const wallMs = [...(runMs.get(host)?.values() ?? [])].reduce((a, b) => a + b, 0);
    if (wallMs > 0 && Number.isFinite(seconds)) out.set(host, (100 * seconds * 1000) / wallMs);
  }
  return out;
}

/** The facets of a FACET hostId query: host → its result values, in SELECT order. */
function byHost(r: QueryResult): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const f of r.facets ?? [])
    out.set(
      String(f.name),
      (f.results ?? []).map((x) => Number(Object.values(x)[0])),
    );
  return out;
}

const percentileOf = (r: QueryResult, item: number, q: string): number => Number((r.results?.[item]?.percentiles as Record<string, unknown> | undefined)?.[q]);

/**
 * A host's p95 and p99 of cpuPercent and RSS from the merged sketches
 * against its rows over [fromMs, untilMs). `truthShiftMs` moves the rows'
 * range: an agent's window holds the ticks stamped in (start, end], so a
 * fleet whose windows start on the minute compares the rows of
 * (from, until] (shift 1).
 */
export async function hostSketchError(query: RunQuery, hostId: string, fromMs: number, untilMs: number, truthShiftMs = 0): Promise<QuantileErrors> {
  const select = 'SELECT percentile(cpuPercent, 95, 99), percentile(memoryResidentSizeBytes, 95, 99) FROM ProcessSample';
  const where = `WHERE hostId = ${quote(hostId)}`;
  const sketch = await query(`${select} ${where} SINCE ${fromMs} UNTIL ${untilMs}`, 'sketch');
  const raw = await query(`${select} ${where} SINCE ${fromMs + truthShiftMs} UNTIL ${untilMs + truthShiftMs}`, 'raw');
  const e = (item: number, q: string) => relativeError(percentileOf(sketch, item, q), percentileOf(raw, item, q));
  return { cpuP95: e(0, '95'), cpuP99: e(0, '99'), rssP95: e(1, '95'), rssP99: e(1, '99') };
}

/** An NRQL string literal. */
function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function mean(xs: readonly number[]): number | null {
  return xs.length === 0 ? null : xs.reduce((s, x) => s + x, 0) / xs.length;
}

/** Per host over a range, what the agents measured of themselves and of their selection. */
export interface HostAgentFigures {
  /** A host's agent [cpu%, RSS bytes]: from its agent_* metrics when it has both, else from its own process row (agentSelf). */
  agentOf(hostId: string): { figures: number[]; fromMetrics: boolean } | undefined;
  /** A host's topn_capture_ratio [cpu, RSS], the mean of the ratios its ticks stored (ProcessTickSample). */
  captureOf: Map<string, number[]>;
}

/**
 * The agents' own figures per host over `range` (`SINCE … UNTIL …`), in a
 * fixed number of FACET hostId queries whatever the fleet: the canary view
 * and the console's fleet page read them here.
 */
export async function hostAgentFigures(query: RunQuery, range: string): Promise<HostAgentFigures> {
  const facet = `FACET hostId ${range} LIMIT MAX`;
  const [self, agentCpu, agentRss, capture] = await Promise.all([
    query(`SELECT average(cpuPercent), average(memoryResidentSizeBytes) FROM ProcessSample WHERE agentSelf = 1 ${facet}`, 'raw'),
    query(
      `SELECT min(value), max(value), min(timestamp), max(timestamp) FROM MetricSample WHERE name = 'infrawatch.agent.cpu_seconds' FACET hostId, attributes, startTimeUnixNano ${range} LIMIT MAX`,
      'raw',
    ),
    query(`SELECT average(value) FROM MetricSample WHERE name = 'infrawatch.agent.resident_memory_bytes' ${facet}`, 'raw'),
    query(`SELECT average(topnCaptureRatioCpu), average(topnCaptureRatioRss) FROM ProcessTickSample ${facet}`, 'raw'),
  ]);
  const selfOf = byHost(self);
  const cpuOf = agentCpuPercentOf(agentCpu);
  const rssOf = byHost(agentRss);
  return {
    agentOf: (h) => {
      const cpu = cpuOf.get(h);
      const rss = rssOf.get(h)?.[0];
      if (cpu !== undefined && rss !== undefined) return { figures: [cpu, rss], fromMetrics: true };
      const row = selfOf.get(h);
      return row === undefined ? undefined : { figures: row, fromMetrics: false };
    },
    captureOf: byHost(capture),
  };
}

export async function canaryView(query: RunQuery, o: { account: string; cohort: Cohort; labelsOf: (hostId: string) => HostLabels; fromMs: number; untilMs: number }): Promise<CanaryView> {
  // The whole minutes that hold the range: the sketches are merged by the minute, and an agent's window
  // (sketch_window_s from its start, not on the minute) is merged into the minute it began in.
  const fromMs = Math.floor(o.fromMs / MINUTE_MS) * MINUTE_MS;
  const untilMs = Math.ceil(o.untilMs / MINUTE_MS) * MINUTE_MS;
  const range = `SINCE ${fromMs} UNTIL ${untilMs}`;
  const facet = `FACET hostId ${range} LIMIT MAX`;
  const [probe, seen, raw, perHost] = await Promise.all([
    // A sketch candidate, for the mark in its metadata.
    query(`SELECT median(cpuPercent) FROM ProcessSample ${range}`, 'auto'),
    query(`SELECT count(*) FROM ProcessSample ${facet}`, 'raw'),
    query(`SELECT count(*) FROM ProcessSample WHERE mode = 'raw' ${facet}`, 'raw'),
    hostAgentFigures(query, range),
  ]);
  const { agentOf, captureOf } = perHost;
  const dualWrite = byHost(raw);
  const mark = probe.metadata.highWaterMarkMs;
  const sketchUntilMs = mark === undefined || mark === null ? fromMs : Math.min(untilMs, Math.floor(mark / MINUTE_MS) * MINUTE_MS);
  const hosts = [...byHost(seen).keys()].sort();
  const canaries = hosts.filter((h) => cohortMatches(o.cohort, o.account, h, o.labelsOf(h)));
  const inCohort = new Set(canaries);
  const rest = hosts.filter((h) => !inCohort.has(h));

  const figures = async (members: readonly string[]): Promise<CohortFigures> => {
    const found = members.flatMap((h) => agentOf(h) ?? []);
    const agents = found.map((a) => a.figures);
    const share = (h: string, i: number): number[] => {
      const ratio = captureOf.get(h)?.[i];
      return ratio === undefined || !Number.isFinite(ratio) ? [] : [ratio];
    };
    const cpu = members.flatMap((h) => share(h, 0));
    const rss = members.flatMap((h) => share(h, 1));
    const both = members.filter((h) => dualWrite.has(h));
    const compared = sketchUntilMs > fromMs ? both.slice(0, SKETCH_HOSTS_MAX) : [];
    let worst: QuantileErrors | null = null;
    for (const h of compared) {
      const e = await hostSketchError(query, h, fromMs, sketchUntilMs);
      worst =
        worst === null ? e : { cpuP95: Math.max(worst.cpuP95, e.cpuP95), cpuP99: Math.max(worst.cpuP99, e.cpuP99), rssP95: Math.max(worst.rssP95, e.rssP95), rssP99: Math.max(worst.rssP99, e.rssP99) };
    }
    return {
      hosts: members.length,
      agent: { hosts: agents.length, fromMetrics: found.filter((a) => a.fromMetrics).length, cpuPercent: mean(agents.map((a) => a[0])), rssBytes: mean(agents.map((a) => a[1])) },
      capture: { cpu: { min: cpu.length === 0 ? null : Math.min(...cpu), mean: mean(cpu) }, rss: { min: rss.length === 0 ? null : Math.min(...rss), mean: mean(rss) } },
      sketchError: { hosts: compared.length, dualWriteHosts: both.length, worst },
    };
  };
  const c = await figures(canaries);
  const r = await figures(rest);
  const delta = (a: number | null, b: number | null) => (a === null || b === null || b === 0 ? null : (a - b) / b);
  return {
    account: o.account,
    cohort: o.cohort,
    fromMs,
    untilMs,
    sketchUntilMs,
    canary: c,
    rest: r,
    agentDelta: { cpu: delta(c.agent.cpuPercent, r.agent.cpuPercent), rss: delta(c.agent.rssBytes, r.agent.rssBytes) },
  };
}

/** The view as a table: a row a figure, the canaries beside the rest. */
export function formatCanaryView(v: CanaryView, title: string): string {
  const pct = (x: number | null) => (x === null || !Number.isFinite(x) ? '-' : `${(x * 100).toFixed(2)} %`);
  const num = (x: number | null, d: number) => (x === null ? '-' : x.toFixed(d));
  const mib = (x: number | null) => (x === null ? '-' : `${(x / 1024 / 1024).toFixed(1)} MiB`);
  const errors = (f: CohortFigures) => {
    const w = f.sketchError.worst;
    if (w === null) return f.sketchError.dualWriteHosts === 0 ? '- (no host shipped both rows and sketches)' : '- (nothing merged in the range yet)';
    const capped = f.sketchError.hosts < f.sketchError.dualWriteHosts ? ` (first ${f.sketchError.hosts} of ${f.sketchError.dualWriteHosts})` : '';
    return `cpu ${pct(w.cpuP95)} / ${pct(w.cpuP99)}, RSS ${pct(w.rssP95)} / ${pct(w.rssP99)}, ${f.sketchError.hosts} hosts${capped}`;
  };
  const rows: [string, (f: CohortFigures) => string][] = [
    ['hosts', (f) => String(f.hosts)],
    ['agent cpu % (of one core)', (f) => `${num(f.agent.cpuPercent, 3)} (${f.agent.hosts} hosts: ${f.agent.fromMetrics} from the agent's metrics, the rest from its row)`],
    ['agent RSS', (f) => mib(f.agent.rssBytes)],
    ['topn capture cpu: lowest host, mean', (f) => `${pct(f.capture.cpu.min)}, ${pct(f.capture.cpu.mean)}`],
    ['topn capture RSS: lowest host, mean', (f) => `${pct(f.capture.rss.min)}, ${pct(f.capture.rss.mean)}`],
    ['SKETCH vs RAW p95 / p99, worst host', errors],
  ];
  const width = Math.max(...rows.map(([l]) => l.length));
  const lines = [
    title,
    `${new Date(v.fromMs).toISOString()} to ${new Date(v.untilMs).toISOString()} (SKETCH vs RAW to ${new Date(Math.max(v.fromMs, v.sketchUntilMs)).toISOString()}: the high-water mark)`,
    `${''.padEnd(width)}  canary  |  rest`,
    ...rows.map(([label, cell]) => `${label.padEnd(width)}  ${cell(v.canary)}  |  ${cell(v.rest)}`),
    `agent delta, canary vs rest: cpu ${pct(v.agentDelta.cpu)}, RSS ${pct(v.agentDelta.rss)}`,
  ];
  return `${lines.join('\n')}\n`;
}
