// The query router: classify, rewrite, route (the seed's Query-Compatibility
// Plugin).
//
// Classify. A query is a SKETCH candidate when every SELECT item is
// percentile() or median() of a sketched metric (cpuPercent,
// memoryResidentSizeBytes) FROM ProcessSample (or DistributionMetric), its
// WHERE is a conjunction of at most one host equality (entityGuid/hostId =
// '…' or hostname = '…') and at most one processDisplayName = '…': by
// host, by display name, by both, or fleet-wide; and its FACET, if any,
// names sketch keys the WHERE does not fix (processDisplayName, hostname,
// hostId), with or without TIMESERIES. Anything else runs on the rows (RAW),
// and the reason says which part kept it there.
//
// FACET. A window is keyed by (host, display name), so any FACET of those
// two dimensions is a grouping of stored keys. The facets are the keys of
// the hourly rollups of the range's hours (sketch-reader.ts keys()): FACET
// processDisplayName alone reads the (host, name) windows of the WHERE's
// host, or the fleet's ('', name); a FACET with hostname or hostId reads
// every host's keys (its host key, the WHERE's display name's, or with
// processDisplayName too each (host, name) key), the keys of one tuple of
// facet values merged (the hosts of one registered hostname), as RAW
// groups them. Each group is routed as a query of its own keys would be
// (gaps checked against its rows), ranked over the whole range and cut as
// RAW's FACET (first aggregate descending, LIMIT, default 10), and with
// TIMESERIES answered bucket by bucket; a group with no value in the range
// is left out, as RAW has no group for it. A FACET whose tail would need
// stitching runs RAW whole: a name that appeared after the mark has no
// window to find it.
//
// Rewrite. The candidate becomes a merge of DistributionMetric windows
// (approxPercentile): the sketch key is (entity, display), entity '' the
// fleet rollup; the range is rounded inward to whole minutes; every whole
// hour inside it (and inside one TIMESERIES bucket) is read from the
// hourly rollup, the edges and any hour without a rollup from the 60 s
// windows.
//
// Route (mode auto). SKETCH when
//   - the account has a high-water mark, and the windows are trusted up to
//     it (a window counts only when its end ≤ the mark);
//   - the range is covered up to the mark, and what lies after the mark is
//     no longer than `freshnessMs` (the window still open plus the
//     merger's lateness: left out, and said so in metadata);
//   - no window is missing: a minute with no window while ProcessSample
//     holds rows of that key in it is a missing window (a minute with
//     neither is a host that was down).
// When the mark lags by more than freshnessMs (a stopped merger, a mark
// moved back), the uncovered tail is stitched from the rows (SKETCH+RAW:
// the tail's values added to the merged windows, which end where the tail
// begins, so nothing is counted twice) when those rows are raw-mode (every
// process); smart-mode rows hold the top N only and would skew the merge,
// so then the whole query runs RAW. A missing window sends the whole query
// RAW. Mode raw always runs RAW; mode sketch answers from the windows
// whatever the gaps (with warnings), and refuses a query it cannot rewrite.
//
// In smart mode the ProcessSample rows are the top N of each tick: a RAW
// percentile over them is not the host's distribution, and the metadata's
// warnings say so.

import type { AggregateItem, Condition, Query } from './nrql-ast.js';
import { MergedSketch } from './merge-windows.js';
import { MAX_LIMIT } from './nrql-parser.js';
import { type FacetEntry, type ItemValue, itemResults, type QueryAnswer, type QueryMode, rankValue, type Route, type TimeSeriesEntry, type WindowsUsed } from './query-result.js';
import { DEFAULT_FACET_LIMIT, type RawExecutor } from './raw-executor.js';
import { HOUR_MS, type HighWaterReader, MINUTE_MS, type SketchMetricName, type SketchReader, type WindowGranularityMs } from './sketch-reader.js';
import { QueryError, type TimeRange } from './time-range.js';

/** The entity of the fleet's windows (every host of the account). */
const FLEET = '';
const SKETCH_METRICS: ReadonlySet<string> = new Set<SketchMetricName>(['cpuPercent', 'memoryResidentSizeBytes']);
/** Gaps checked against the rows before the router gives up and calls the windows missing. */
const MAX_GAP_CHECKS = 16;

export interface SketchPlan {
  readonly metrics: readonly SketchMetricName[];
  /** The host the WHERE names, as written. */
  readonly host: { readonly by: 'hostId' | 'hostname'; readonly value: string } | undefined;
  readonly display: string | undefined;
  /** The sketch keys faceted on, in the FACET's order, when the query has one. */
  readonly facets?: readonly SketchFacet[];
}

export type SketchFacet = 'processDisplayName' | 'hostname' | 'hostId';
const SKETCH_FACETS: ReadonlySet<string> = new Set<SketchFacet>(['processDisplayName', 'hostname', 'hostId']);

export type Classification = { readonly sketch: SketchPlan } | { readonly raw: string };

/** Equalities of a conjunction, or undefined when the condition is anything else. */
function equalities(c: Condition, out: { name: string; value: string }[]): boolean {
  if (c.kind === 'and') return equalities(c.left, out) && equalities(c.right, out);
  if (c.kind === 'compare' && c.op === '=' && c.value.kind === 'string') {
    out.push({ name: c.attribute.name, value: c.value.value });
    return true;
  }
  return false;
}

export function classify(q: Query): Classification {
  if (q.from !== 'ProcessSample' && q.from !== 'DistributionMetric') return { raw: `${q.from} has no sketches` };
  const metrics: SketchMetricName[] = [];
  for (const item of q.select) {
    if (item.kind !== 'percentile' && item.kind !== 'median')
      return { raw: `${item.kind === 'attribute' || item.kind === 'star' ? 'a row query' : `${item.kind}()`} is answered from the rows (only percentile() and median() are sketched)` };
    if (!SKETCH_METRICS.has(item.attribute.name)) return { raw: `${item.attribute.name} is not sketched (cpuPercent and memoryResidentSizeBytes are)` };
    metrics.push(item.attribute.name as SketchMetricName);
  }
  const facets: SketchFacet[] = [];
  for (const f of q.facet) {
    if (!SKETCH_FACETS.has(f.name)) return { raw: `FACET ${f.name} is not a sketch key (processDisplayName, hostname, entityGuid are)` };
    facets.push(f.name as SketchFacet);
  }
  let host: SketchPlan['host'];
  let display: string | undefined;
  if (q.where !== undefined) {
    const eq: { name: string; value: string }[] = [];
    if (!equalities(q.where, eq)) return { raw: "WHERE is not a sketch key (hostId/entityGuid = '…', hostname = '…', processDisplayName = '…', joined by AND)" };
    for (const e of eq) {
      if ((e.name === 'hostId' || e.name === 'hostname') && host === undefined) host = { by: e.name, value: e.value };
      else if (e.name === 'processDisplayName' && display === undefined) display = e.value;
      else return { raw: `WHERE ${e.name} = … is not a sketch key, or names it twice` };
    }
  }
  const fixed = facets.find((f) => (f === 'processDisplayName' ? display !== undefined : host !== undefined));
  if (fixed !== undefined) return { raw: `FACET ${fixed} of a WHERE that fixes it is answered from the rows` };
  return { sketch: { metrics, host, display, ...(facets.length > 0 ? { facets } : {}) } };
}

function iso(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, '');
}

/** The query as the sketch store answers it (for metadata and logs). */
export function rewrite(q: Query, plan: SketchPlan, fromMs: number, toMs: number, bucketMs: number | undefined): string {
  const items = (q.select as AggregateItem[]).map((s) =>
    s.kind === 'percentile' ? `approxPercentile(${s.attribute.name}, ${s.percentiles.join(', ')})` : `approxPercentile(${s.kind === 'median' ? s.attribute.name : ''}, 50)`,
  );
  const where: string[] = [];
  if (plan.host) where.push(`${plan.host.by === 'hostId' ? 'entityGuid' : 'hostname'} = ${JSON.stringify(plan.host.value).replace(/^"|"$/g, "'")}`);
  if (plan.display !== undefined) where.push(`processDisplayName = '${plan.display.replaceAll("'", "''")}'`);
  const facet =
    plan.facets === undefined ? '' : ` FACET ${plan.facets.map((f) => (f === 'hostId' ? 'entityGuid' : f)).join(', ')}${q.limit === undefined ? '' : ` LIMIT ${q.limit === 'max' ? 'MAX' : q.limit}`}`;
  return `SELECT ${items.join(', ')} FROM DistributionMetric${where.length ? ` WHERE ${where.join(' AND ')}` : ''}${facet} SINCE ${fromMs} UNTIL ${toMs}${bucketMs ? ` TIMESERIES ${bucketMs / 60_000} minutes` : ''}`;
}

export interface RouterOptions {
  /** How far the range's end may run past the trusted windows and still be answered from them, the rest left out (ms). */
  readonly freshnessMs?: number;
}

export interface RoutedAnswer {
  readonly answer: QueryAnswer;
  readonly route: Route;
  readonly reason: string;
  readonly warnings: string[];
  readonly rewrittenQuery?: string;
  readonly windows?: WindowsUsed;
  readonly highWaterMarkMs?: number | null;
  readonly rawTail?: { beginMs: number; endMs: number };
  /** The classify + rewrite share of the work, ms. */
  readonly classifyMs: number;
}

interface Collected {
  /** Per TIMESERIES bucket (one without TIMESERIES), per SELECT item. */
  readonly merged: MergedSketch[][];
  minute: number;
  hour: number;
  scale: number | undefined;
  /** Minutes of the range without a window: [beginMs, endMs) runs. */
  readonly gaps: { beginMs: number; endMs: number }[];
}

const floorTo = (ms: number, step: number) => Math.floor(ms / step) * step;
const ceilTo = (ms: number, step: number) => Math.ceil(ms / step) * step;

export class QueryRouter {
  private readonly freshnessMs: number;

  constructor(
    private readonly raw: RawExecutor,
    private readonly sketches: SketchReader | undefined,
    private readonly marks: HighWaterReader | undefined,
    o: RouterOptions = {},
  ) {
    this.freshnessMs = o.freshnessMs ?? 150_000;
  }

  async run(q: Query, account: string, range: TimeRange, mode: QueryMode): Promise<RoutedAnswer> {
    const t0 = performance.now();
    const c = classify(q);
    const classifyMs = performance.now() - t0;
    const rawRun = async (reason: string, extra: Partial<RoutedAnswer> = {}, warnings: string[] = []): Promise<RoutedAnswer> => {
      // DistributionMetric's percentiles, off the sketches, are ProcessSample's on the rows.
      const rq: Query = q.from === 'DistributionMetric' ? { ...q, from: 'ProcessSample' } : q;
      const answer = await this.raw.execute(rq, account, range);
      if (rq.from === 'ProcessSample' && (await this.raw.anySmartHost(account))) {
        warnings.push(
          'smart mode: ProcessSample holds only the top N processes of each tick, so this answer rests on those rows alone; a percentile over them is not the host’s distribution (the sketches are: query within the high-water mark, or mode sketch)',
        );
      }
      return { answer, route: 'RAW', reason, warnings, classifyMs, ...extra };
    };
    if (mode === 'raw') return rawRun('mode raw');
    if ('raw' in c) {
      if (mode === 'sketch') throw new QueryError(`mode sketch: this query cannot be answered from the sketches: ${c.raw}`);
      return rawRun(c.raw);
    }
    const plan = c.sketch;
    if (this.sketches === undefined || this.marks === undefined) {
      if (mode === 'sketch') throw new QueryError('mode sketch: no sketch store is configured on this server');
      return rawRun('no sketch store is configured on this server');
    }
    const sketches = this.sketches;
    let entities = [''];
    // The hostname's host ids (the store) and the account's mark (Redis, scale-out) side by side: one round trip's wait, not two, before the windows are read (bench/query.bench.ts, one host 1 h on PostgreSQL).
    const [hostIds, markBig] = await Promise.all([
      plan.host?.by === 'hostId' ? [plan.host.value] : plan.host?.by === 'hostname' ? this.raw.hostIdsNamed(account, plan.host.value) : undefined,
      this.marks.mark(account),
    ]);
    if (hostIds !== undefined) entities = hostIds;
    const mark = markBig === undefined ? undefined : Number(markBig);
    const meta = { highWaterMarkMs: mark ?? null };
    if (hostIds !== undefined && hostIds.length === 0) return rawRun(`hostname ${JSON.stringify(plan.host?.value)} names no registered host of the account`, meta);
    const sFrom = ceilTo(range.fromMs, MINUTE_MS);
    const sTo = floorTo(range.toMs, MINUTE_MS);
    if (mark === undefined) {
      if (mode === 'sketch') throw new QueryError('mode sketch: the account has no high-water mark yet (nothing merged)');
      return rawRun('no high-water mark for the account yet: nothing merged', meta);
    }
    if (sTo <= sFrom) {
      if (mode === 'sketch') throw new QueryError('mode sketch: the range holds no whole 60 s window');
      return rawRun('the range holds no whole 60 s window', meta);
    }
    const coveredEnd = Math.min(sTo, floorTo(mark, MINUTE_MS));
    const warnings: string[] = [];
    if (coveredEnd <= sFrom) {
      if (mode === 'sketch') throw new QueryError(`mode sketch: the high-water mark (${iso(mark)}) is before the range's start`);
      return rawRun(`the high-water mark (${iso(mark)}) is before the range's start: no window of it is trusted yet`, meta);
    }
    let rawTail: { beginMs: number; endMs: number } | undefined;
    const lagMs = range.toMs - coveredEnd;
    if (coveredEnd < sTo && lagMs > this.freshnessMs) {
      const tail = await this.raw.processRows(account, coveredEnd, range.toMs, hostIds, plan.display);
      if (tail.any && tail.allRaw) rawTail = { beginMs: coveredEnd, endMs: range.toMs };
      else if (tail.any && mode === 'auto') {
        return rawRun(
          `the high-water mark (${iso(mark)}) is ${Math.round(lagMs / 1000)} s behind the range's end (the merger is behind or stopped, or the mark moved back), and the rows of that tail are smart-mode top N: they cannot be stitched to the windows`,
          meta,
        );
      } else if (tail.any) warnings.push(`mode sketch: the last ${Math.round(lagMs / 1000)} s (after the high-water mark) are left out`);
    } else if (lagMs > 0) {
      warnings.push(`the last ${Math.round(lagMs / 1000)} s of the range (after the last trusted window) are not merged yet and are left out`);
    }
    if (plan.facets !== undefined) {
      if (rawTail !== undefined && mode === 'auto')
        return rawRun(
          `the high-water mark (${iso(mark)}) is ${Math.round(lagMs / 1000)} s behind the range's end, and a FACET's tail is not stitched to the windows (a facet that appeared after the mark has none)`,
          meta,
        );
      if (rawTail !== undefined) warnings.push(`mode sketch: the last ${Math.round(lagMs / 1000)} s (after the high-water mark) are left out`);
      const f = await this.facets(sketches, q, plan, plan.facets, mode, account, range, sFrom, coveredEnd, hostIds, warnings);
      if ('raw' in f) return rawRun(f.raw, meta);
      const reason =
        mode === 'sketch' ? 'mode sketch' : `percentile of a sketched metric by ${plan.facets.join(' and ')}, the range covered by windows up to the high-water mark (${iso(mark)}), none missing`;
      return { answer: f.answer, route: 'SKETCH', reason, warnings, rewrittenQuery: rewrite(q, plan, sFrom, coveredEnd, range.bucketMs), windows: f.windows, classifyMs, ...meta };
    }
    const collected = await this.collect(sketches, plan, account, entities, range, sFrom, coveredEnd);
    for (const gap of collected.gaps.slice(0, MAX_GAP_CHECKS)) {
      const rows = await this.raw.processRows(account, gap.beginMs, gap.endMs, hostIds, plan.display);
      if (!rows.any) continue;
      const why = `the window ${iso(gap.beginMs)}–${iso(gap.endMs)} is missing from the sketch store while the rows hold data of it`;
      if (mode === 'auto') return rawRun(why, meta);
      warnings.push(`mode sketch: ${why}; answered without it`);
      break;
    }
    if (collected.gaps.length > MAX_GAP_CHECKS && mode === 'auto') {
      // Too many holes to check one by one: trust the rows.
      return rawRun(`${collected.gaps.length} stretches of the range have no window`, meta);
    }
    if (rawTail !== undefined) {
      const select = q.select as AggregateItem[];
      const tailBucket = range.bucketMs === undefined ? 0 : undefined;
      for (let i = 0; i < select.length; i++) {
        const values = await this.raw.processValues(account, plan.metrics[i], rawTail.beginMs, rawTail.endMs, hostIds, plan.display);
        if (tailBucket === 0) collected.merged[0][i].addValues(values, collected.scale ?? 6);
        else await this.stitchBuckets(collected, i, account, plan, hostIds, range, rawTail);
      }
    }
    const answer = this.answer(q, range, collected);
    const windows: WindowsUsed = { minuteWindows: collected.minute, hourWindows: collected.hour, beginMs: sFrom, endMs: coveredEnd, scale: collected.scale ?? null };
    const rewrittenQuery = rewrite(q, plan, sFrom, coveredEnd, range.bucketMs);
    const reason =
      rawTail !== undefined
        ? `the high-water mark (${iso(mark)}) is ${Math.round(lagMs / 1000)} s behind the range's end: windows up to it, the raw-mode rows after it`
        : mode === 'sketch'
          ? 'mode sketch'
          : `percentile of a sketched metric, the range covered by windows up to the high-water mark (${iso(mark)}), none missing`;
    return { answer, route: rawTail ? 'SKETCH+RAW' : 'SKETCH', reason, warnings, rewrittenQuery, windows, rawTail, classifyMs, ...meta };
  }

  /**
   * The FACET of a sketch plan: the facets' values of each sketch key, the
   * keys of one tuple of values merged into one group, one collect per
   * group, ranked over the whole range and cut as RAW's FACET (with
   * TIMESERIES, each group's buckets); or why it must run RAW.
   */
  private async facets(
    sketches: SketchReader,
    q: Query,
    plan: SketchPlan,
    facets: readonly SketchFacet[],
    mode: QueryMode,
    account: string,
    range: TimeRange,
    sFrom: number,
    sTo: number,
    hostIds: string[] | undefined,
    warnings: string[],
  ): Promise<{ answer: QueryAnswer; windows: WindowsUsed } | { raw: string }> {
    const metric = plan.metrics[0];
    const hoursFrom = floorTo(sFrom, HOUR_MS);
    const groups = new Map<string, { name: unknown; entities: string[]; display: string | undefined; hostIds: string[] | undefined }>();
    const byHost = facets.some((f) => f !== 'processDisplayName');
    if (!byHost) {
      // By display name alone: the (host, name) keys of the WHERE's hosts merged, or the fleet's ('', name).
      const entities = hostIds ?? [FLEET];
      for (const entity of entities) {
        for (const k of await sketches.keys(account, metric, { entity }, hoursFrom, sTo)) {
          if (k.display !== undefined) groups.set(JSON.stringify(facets.map(() => k.display)), { name: this.facetName(facets.map(() => k.display)), entities, display: k.display, hostIds });
        }
      }
    } else {
      // By host (and display name): every host's key, hosts of one tuple of values (one registered hostname) merged, as RAW groups them.
      const byDisplay = facets.includes('processDisplayName');
      const names = facets.includes('hostname') ? await this.raw.hostNames(account) : undefined;
      for (const k of await sketches.keys(account, metric, { display: byDisplay ? undefined : (plan.display ?? null) }, hoursFrom, sTo)) {
        if (k.entity === FLEET || (byDisplay && k.display === undefined)) continue;
        const values = facets.map((f) => (f === 'processDisplayName' ? k.display : f === 'hostId' ? k.entity : (names?.get(k.entity) ?? null)));
        const key = JSON.stringify(values);
        const g = groups.get(key);
        if (g === undefined) groups.set(key, { name: this.facetName(values), entities: [k.entity], display: byDisplay ? k.display : plan.display, hostIds: [k.entity] });
        else {
          g.entities.push(k.entity);
          g.hostIds?.push(k.entity);
        }
      }
    }
    const select = q.select as AggregateItem[];
    const ranked: { key: string; entry: FacetEntry; rank: number }[] = [];
    const windows = { minuteWindows: 0, hourWindows: 0, beginMs: sFrom, endMs: sTo, scale: null as number | null };
    let gapChecks = 0;
    for (const [key, g] of groups) {
      const collected = await this.collect(sketches, { ...plan, display: g.display }, account, g.entities, range, sFrom, sTo);
      for (const gap of collected.gaps) {
        if (++gapChecks > MAX_GAP_CHECKS) {
          if (mode === 'auto') return { raw: `more than ${MAX_GAP_CHECKS} stretches of the facets' ranges have no window` };
          break;
        }
        if (!(await this.raw.processRows(account, gap.beginMs, gap.endMs, g.hostIds, g.display)).any) continue;
        const why = `the window ${iso(gap.beginMs)}–${iso(gap.endMs)} of ${facets.join(', ')} ${JSON.stringify(g.name)} is missing from the sketch store while the rows hold data of it`;
        if (mode === 'auto') return { raw: why };
        warnings.push(`mode sketch: ${why}; answered without it`);
        break;
      }
      // The group's whole range: its rank (with TIMESERIES, the buckets merged).
      const whole = collected.merged.length === 1 ? collected.merged[0] : select.map((_, i) => MergedSketch.ofMany(collected.merged.map((row) => row[i])));
      if (whole.every((m) => m.count === 0)) continue;
      windows.minuteWindows += collected.minute;
      windows.hourWindows += collected.hour;
      if (collected.scale !== undefined && (windows.scale === null || collected.scale < windows.scale)) windows.scale = collected.scale;
      const results = itemResults(select, quantilesOf(select, whole));
      const entry: FacetEntry = range.bucketMs === undefined ? { name: g.name, results } : { name: g.name, timeSeries: seriesOf(select, range, collected.merged) };
      ranked.push({ key, entry, rank: rankValue(results) });
    }
    ranked.sort((a, b) => b.rank - a.rank || a.key.localeCompare(b.key));
    const limit = q.limit === 'max' ? MAX_LIMIT : (q.limit ?? DEFAULT_FACET_LIMIT);
    return { answer: { facets: ranked.slice(0, limit).map((r) => r.entry) }, windows };
  }

  /** A facet's name as RAW gives it: the value, or the values of FACET a, b. */
  private facetName(values: readonly unknown[]): unknown {
    return values.length === 1 ? values[0] : values;
  }

  private async stitchBuckets(
    collected: Collected,
    item: number,
    account: string,
    plan: SketchPlan,
    hostIds: string[] | undefined,
    range: TimeRange,
    tail: { beginMs: number; endMs: number },
  ): Promise<void> {
    const bucketMs = range.bucketMs as number;
    for (let b = 0; b < collected.merged.length; b++) {
      const begin = Math.max(range.fromMs + b * bucketMs, tail.beginMs);
      const end = Math.min(range.fromMs + (b + 1) * bucketMs, tail.endMs);
      if (begin >= end) continue;
      const values = await this.raw.processValues(account, plan.metrics[item], begin, end, hostIds, plan.display);
      collected.merged[b][item].addValues(values, collected.scale ?? 6);
    }
  }

  /** Reads the windows of [sFrom, sTo) of every entity, hourly rollups where they fit, into one merge per bucket and item. */
  private async collect(sketches: SketchReader, plan: SketchPlan, account: string, entities: string[], range: TimeRange, sFrom: number, sTo: number): Promise<Collected> {
    const buckets = range.bucketMs === undefined ? 1 : Math.ceil((range.toMs - range.fromMs) / range.bucketMs);
    const bucketOf = (ms: number) => (range.bucketMs === undefined ? 0 : Math.min(buckets - 1, Math.floor((ms - range.fromMs) / range.bucketMs)));
    const merged = Array.from({ length: buckets }, () => plan.metrics.map(() => new MergedSketch()));
    const out: Collected = { merged, minute: 0, hour: 0, scale: undefined, gaps: [] };
    // Whole hours inside the range (and inside one bucket): the rollup's candidates.
    const hours: number[] = [];
    for (let h = ceilTo(sFrom, HOUR_MS); h + HOUR_MS <= sTo; h += HOUR_MS) if (bucketOf(h) === bucketOf(h + HOUR_MS - 1)) hours.push(h);
    const hourSet = new Set(hours);
    const minuteOf = (ms: number) => (ms - sFrom) / MINUTE_MS;
    const metricsRead = [...new Set(plan.metrics)];
    for (const metric of metricsRead) {
      const items = plan.metrics.flatMap((m, i) => (m === metric ? [i] : []));
      // The minutes of [sFrom, sTo) some window of an entity covers, for the gaps: one byte a minute (a Set of 1,440 minute starts a day was ~17 % of a one-host 24 h query's cpu profile, bench/query.bench.ts).
      const covered = new Uint8Array(minuteOf(sTo));
      for (const entity of entities) {
        const hourHit = new Set<number>();
        if (hours.length > 0) {
          for await (const w of sketches.windows(account, metric, entity, plan.display, hours[0], hours[hours.length - 1] + 1, HOUR_MS as WindowGranularityMs)) {
            if (!hourSet.has(w.startMs) || w.endMs > sTo) continue;
            hourHit.add(w.startMs);
            for (const i of items) merged[bucketOf(w.startMs)][i].addWindow(w);
            out.hour++;
          }
        }
        // Minute windows for the rest: the spans between the hours read from rollups.
        const spans: [number, number][] = [];
        let at = sFrom;
        for (const h of [...hourHit].sort((a, b) => a - b)) {
          if (h > at) spans.push([at, h]);
          at = h + HOUR_MS;
        }
        if (at < sTo) spans.push([at, sTo]);
        for (const h of hourHit) covered.fill(1, minuteOf(h), minuteOf(h + HOUR_MS));
        for (const [from, to] of spans) {
          for await (const w of sketches.windows(account, metric, entity, plan.display, from, to, MINUTE_MS as WindowGranularityMs)) {
            if (w.endMs > sTo) continue;
            covered[minuteOf(w.startMs)] = 1;
            for (const i of items) merged[bucketOf(w.startMs)][i].addWindow(w);
            out.minute++;
          }
        }
      }
      let gapStart: number | undefined;
      for (let k = 0; k <= covered.length; k++) {
        const hole = k < covered.length && covered[k] === 0;
        if (hole && gapStart === undefined) gapStart = k;
        if (!hole && gapStart !== undefined) {
          out.gaps.push({ beginMs: sFrom + gapStart * MINUTE_MS, endMs: sFrom + k * MINUTE_MS });
          gapStart = undefined;
        }
      }
    }
    for (const row of merged) for (const m of row) if (m.scale !== undefined && (out.scale === undefined || m.scale < out.scale)) out.scale = m.scale;
    return out;
  }

  private answer(q: Query, range: TimeRange, c: Collected): QueryAnswer {
    const select = q.select as AggregateItem[];
    if (range.bucketMs === undefined) return { results: itemResults(select, quantilesOf(select, c.merged[0])) };
    return { timeSeries: seriesOf(select, range, c.merged) };
  }
}

/** Each SELECT item's quantiles (median: the 50th) from its merge. */
function quantilesOf(select: readonly AggregateItem[], row: readonly MergedSketch[]): ItemValue[] {
  return select.map((item, i) => row[i].quantiles((item.kind === 'percentile' ? item.percentiles : [50]).map((p) => p / 100)));
}

/** The TIMESERIES buckets of the range from their merges (one row per bucket, as collect() fills them). */
function seriesOf(select: readonly AggregateItem[], range: TimeRange, merged: readonly (readonly MergedSketch[])[]): TimeSeriesEntry[] {
  const bucketMs = range.bucketMs as number;
  return merged.map((row, b) => ({
    beginTimeSeconds: (range.fromMs + b * bucketMs) / 1000,
    endTimeSeconds: Math.min(range.fromMs + (b + 1) * bucketMs, range.toMs) / 1000,
    results: itemResults(select, quantilesOf(select, row)),
  }));
}
