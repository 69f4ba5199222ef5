// The numbers of an NRQL answer by label and as lines over time, apart from
// the drawing (no DOM here): the end-to-end test reads the query API's
// answers with the same functions the pages use.

import type { AggregateResult, QueryResult } from '../../src/server/query/query-result.js';

/** A group's values by label: count, sum, average…, one per percentile ("p95"), median. */
export function valuesOf(results: readonly AggregateResult[] | undefined): [string, number | null][] {
  const out: [string, number | null][] = [];
  for (const r of results ?? [])
    for (const [k, v] of Object.entries(r)) {
      if (v !== null && typeof v === 'object') for (const [p, x] of Object.entries(v as Record<string, unknown>)) out.push([`p${p}`, x === null ? null : Number(x)]);
      else out.push([k, v === null || v === undefined ? null : Number(v)]);
    }
  return out;
}

export interface Line {
  readonly label: string;
  readonly ys: (number | null)[];
}

/** The x (bucket start, s) and the lines of a TIMESERIES answer; undefined when it is not one. */
export function linesOf(r: QueryResult): { xs: number[]; lines: Line[] } | undefined {
  if (r.timeSeries !== undefined) {
    const xs = r.timeSeries.map((b) => b.beginTimeSeconds);
    const labels = valuesOf(r.timeSeries[0]?.results).map(([l]) => l);
    return { xs, lines: labels.map((label, i) => ({ label, ys: r.timeSeries!.map((b) => valuesOf(b.results)[i]?.[1] ?? null) })) };
  }
  const facets = r.facets?.filter((f) => f.timeSeries !== undefined) ?? [];
  if (facets.length === 0) return undefined;
  const xs = facets[0].timeSeries!.map((b) => b.beginTimeSeconds);
  return { xs, lines: facets.map((f) => ({ label: String(f.name), ys: f.timeSeries!.map((b) => valuesOf(b.results)[0]?.[1] ?? null) })) };
}
