// An NRQL-shaped answer as a readable text table (`infrawatch query`):
// one row per result (or facet, bucket, event), a column per value, the
// route, its reason and any warning under it.

import type { AggregateResult, QueryResult } from './query-result.js';

/** {count: 5} → {count: 5}; {percentiles: {95: 1}} → {"percentile 95": 1}. */
function flatten(results: readonly AggregateResult[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const r of results) {
    for (const [k, v] of Object.entries(r)) {
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
        for (const [p, x] of Object.entries(v as Record<string, unknown>)) out[`${k === 'percentiles' ? 'percentile' : k} ${p}`] = x;
      } else out[k in out ? `${k} (${Object.keys(out).length})` : k] = v;
    }
  }
  return out;
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return '-';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
  if (Array.isArray(v)) return v.map(cell).join(', ');
  return String(v);
}

function time(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('T', ' ').slice(0, 19);
}

export function formatTable(r: QueryResult): string {
  const rows: Record<string, unknown>[] = [];
  if (r.facets) {
    for (const f of r.facets) {
      if (f.timeSeries) for (const b of f.timeSeries) rows.push({ facet: f.name, begin: time(b.beginTimeSeconds), ...flatten(b.results) });
      else rows.push({ facet: f.name, ...flatten(f.results ?? []) });
    }
  } else if (r.timeSeries) {
    for (const b of r.timeSeries) rows.push({ begin: time(b.beginTimeSeconds), end: time(b.endTimeSeconds), ...flatten(b.results) });
  } else if (r.results?.[0] && 'events' in r.results[0]) {
    for (const e of r.results[0].events as Record<string, unknown>[]) rows.push({ ...e, ...(typeof e.timestamp === 'number' ? { timestamp: new Date(e.timestamp).toISOString() } : {}) });
  } else if (r.results) {
    rows.push(flatten(r.results));
  }
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const text = rows.map((row) => columns.map((c) => cell(row[c])));
  const widths = columns.map((c, i) => Math.max(c.length, ...text.map((t) => t[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const out = [line(columns), widths.map((w) => '-'.repeat(w)).join('  '), ...text.map(line)];
  if (rows.length === 0) out.push('(no rows)');
  const m = r.metadata;
  out.push('', `route: ${m.route} (mode ${m.mode}): ${m.reason}`);
  if (m.rewrittenQuery) out.push(`rewritten: ${m.rewrittenQuery}`);
  for (const w of m.warnings) out.push(`warning: ${w}`);
  out.push(`${new Date(m.beginTimeMillis).toISOString()} – ${new Date(m.endTimeMillis).toISOString()}, ${m.elapsedMs.toFixed(1)} ms`);
  return `${out.join('\n')}\n`;
}
