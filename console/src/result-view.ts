// An NRQL answer (query-result.ts's shapes) as a person reads it:
//   TIMESERIES (with or without FACET)  lines (uPlot), and the buckets as a table
//   FACET                               bars of the first value, and a table
//   aggregates                          a table of item → value
//   rows (SELECT *, attributes)         a table of events
// and the route the router took, with its reason, beside it.

import uPlot from 'uplot';
import type { QueryResult } from '../../src/server/query/query-result.js';
import { el, table } from './dom.js';
import { num, when } from './format.js';
import { type Line, linesOf, valuesOf } from './result-values.js';

export { linesOf, valuesOf };

const COLOURS = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#4b5563'];
/** Lines drawn at most: a FACET … TIMESERIES of many facets shows the first (the largest). */
const MAX_LINES = COLOURS.length;

/** Lines on a time axis; `yFormat` writes the axis' values. */
export function lineChart(xs: number[], lines: readonly Line[], o: { title?: string; yFormat?: (v: number) => string; width?: number; height?: number } = {}): HTMLElement {
  const box = el('div', { class: 'chart', 'data-lines': Math.min(lines.length, MAX_LINES) });
  const shown = lines.slice(0, MAX_LINES);
  const yFormat = o.yFormat ?? ((v: number) => num(v));
  const opts: uPlot.Options = {
    title: o.title,
    width: o.width ?? 560,
    height: o.height ?? 220,
    series: [{}, ...shown.map((l, i) => ({ label: l.label, stroke: COLOURS[i], width: 1.5, spanGaps: true, value: (_u: uPlot, v: number | null) => (v === null ? '–' : yFormat(v)) }))],
    axes: [{}, { size: 70, values: (_u: uPlot, vals: number[]) => vals.map((v) => yFormat(v)) }],
  };
  // uPlot measures its box: draw once it is in the document.
  queueMicrotask(() => new uPlot(opts, [xs, ...shown.map((l) => l.ys)] as uPlot.AlignedData, box));
  return box;
}

/** Bars of each facet's first value, the largest first (the router's FACET order). */
export function barChart(r: QueryResult): HTMLElement {
  const bars = (r.facets ?? []).map((f) => ({ name: String(f.name), value: valuesOf(f.results)[0]?.[1] ?? null }));
  const max = Math.max(0, ...bars.map((b) => b.value ?? 0));
  return el(
    'div',
    { class: 'bars' },
    ...bars.map((b) =>
      el(
        'div',
        { class: 'bar-row', 'data-facet': b.name },
        el('span', { class: 'bar-name' }, b.name),
        el('span', { class: 'bar-track' }, el('span', { class: 'bar', style: `width: ${max > 0 && b.value !== null ? Math.max(0.5, (b.value / max) * 100) : 0}%` })),
        el('span', { class: 'bar-value' }, num(b.value)),
      ),
    ),
  );
}

/** The route taken and why, the mode and where it came from, the time the query took. */
export function routeBox(r: QueryResult): HTMLElement {
  const m = r.metadata;
  return el(
    'aside',
    { class: 'route', 'data-route': m.route },
    el('div', {}, el('strong', { class: 'route-name' }, m.route), ` mode ${m.mode} (from ${m.modeFrom})`),
    el('div', { class: 'route-reason' }, m.reason),
    m.rewrittenQuery !== undefined ? el('code', { class: 'rewritten' }, m.rewrittenQuery) : null,
    ...m.warnings.map((w) => el('div', { class: 'warning' }, w)),
    el('div', { class: 'muted' }, `${num(m.elapsedMs)} ms · ${when(m.beginTimeMillis)} to ${when(m.endTimeMillis)}`),
  );
}

/** The answer as a chart (when it has one) and a table. */
export function resultView(r: QueryResult): HTMLElement {
  const parts: HTMLElement[] = [];
  const series = linesOf(r);
  if (series !== undefined) {
    parts.push(lineChart(series.xs, series.lines, { width: 760, height: 300 }));
    parts.push(
      table(
        [{ title: 'begin', field: 'begin', cell: (i: number) => when(series.xs[i] * 1000) }, ...series.lines.map((l) => ({ title: l.label, cell: (i: number) => num(l.ys[i]) }))],
        series.xs.map((_, i) => i),
        { id: 'result-table' },
      ),
    );
  } else if (r.facets !== undefined) {
    parts.push(barChart(r));
    const labels = valuesOf(r.facets[0]?.results).map(([l]) => l);
    parts.push(
      table(
        [
          { title: r.metadata.facet?.join(', ') ?? 'facet', field: 'facet', cell: (f: (typeof r.facets)[number]) => String(f.name) },
          ...labels.map((l, i) => ({ title: l, cell: (f: (typeof r.facets)[number]) => num(valuesOf(f.results)[i]?.[1]) })),
        ],
        r.facets,
        { id: 'result-table' },
      ),
    );
  } else {
    const events = (r.results?.[0] as { events?: Record<string, unknown>[] } | undefined)?.events;
    if (events !== undefined) {
      const keys = Object.keys(events[0] ?? {});
      parts.push(
        table(
          keys.map((k) => ({ title: k, cell: (e: Record<string, unknown>) => (typeof e[k] === 'number' ? num(e[k]) : String(e[k] ?? '')) })),
          events,
          { id: 'result-table' },
        ),
      );
    } else
      parts.push(
        table(
          [
            { title: 'item', field: 'item', cell: (v: [string, number | null]) => v[0] },
            { title: 'value', field: 'value', cell: (v: [string, number | null]) => num(v[1]) },
          ],
          valuesOf(r.results),
          { id: 'result-table' },
        ),
      );
  }
  return el('div', { class: 'result' }, el('div', { class: 'result-main' }, ...parts), routeBox(r));
}
