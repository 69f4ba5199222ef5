// Host: the top processes now (the rows of its latest tick, each with its
// busiest threads when the agent sent them), the aggregates by name, and over a chosen range cpu and RSS percentiles
// (p50/p95/p99: SKETCH where the merged windows cover the range), the host
// telemetry, the host's cpu accounting (the share no process accounts for),
// its latest snapshot and its agent's diag events. Each figure
// is an NRQL query through POST /api/query, shown with its route; the
// registry, snapshot and diag events come from GET /api/console/host.

import type { HostDetails } from '../../src/server/console/host-details.js';
import type { QueryResult } from '../../src/server/query/query-result.js';
import { getJson, nrql } from './api.js';
import { el, failed, section, table } from './dom.js';
import { ago, bytes, cpu, duration, NONE, num, ratio, when } from './format.js';
import { RANGES_MINUTES } from './fleet-page.js';
import { hostQueries, latestTickRows, type Row, unattributedShare } from './host-queries.js';

/** Rows of the latest tick shown: a raw host's tick holds every process. */
const TOP_SHOWN = 100;
import { lineChart, linesOf, routeBox, valuesOf } from './result-view.js';

function withRoute(title: string, r: QueryResult, body: HTMLElement): HTMLElement {
  return el('div', { class: 'panel' }, el('h3', {}, title), el('div', { class: 'result' }, el('div', { class: 'result-main' }, body), routeBox(r)));
}

function chartPanel(title: string, id: string, r: QueryResult, yFormat: (v: number) => string): HTMLElement {
  const s = linesOf(r);
  const body = s === undefined || s.xs.length === 0 ? el('p', {}, 'no data in the range') : lineChart(s.xs, s.lines, { yFormat });
  body.id = id;
  return withRoute(title, r, body);
}

export async function hostPage(hostId: string, params: URLSearchParams): Promise<HTMLElement> {
  const minutes = Number(params.get('minutes') ?? 60);
  const q = hostQueries(hostId, minutes);
  const controls = el(
    'form',
    {
      class: 'controls',
      onsubmit: (e: Event) => {
        e.preventDefault();
        location.hash = `#/host/${encodeURIComponent(hostId)}?minutes=${new FormData(e.target as HTMLFormElement).get('minutes')}`;
      },
    },
    el('label', {}, 'range ', el('select', { name: 'minutes' }, ...RANGES_MINUTES.map((m) => el('option', { value: m, selected: m === minutes }, m < 60 ? `${m} min` : `${m / 60} h`)))),
    ' ',
    el('button', {}, 'Show'),
  );
  const settle = <T>(p: Promise<T>) =>
    p.then(
      (v) => ({ ok: true as const, v }),
      (err: unknown) => ({ ok: false as const, err }),
    );
  const [details, latest, aggregates, cpuP, rssP, telemetry, uptime, accounting] = await Promise.all([
    settle(getJson<HostDetails>('/api/console/host', { hostId })),
    settle(latestTickRows((text) => nrql(text), hostId, minutes)),
    settle(nrql(q.aggregates)),
    settle(nrql(q.cpuPercentiles)),
    settle(nrql(q.rssPercentiles)),
    settle(nrql(q.telemetry)),
    settle(nrql(q.uptime)),
    settle(nrql(q.accounting)),
  ]);
  const page = el('section', {}, el('h2', {}, `Host ${hostId}`), controls);
  const add = <T>(what: string, r: { ok: true; v: T } | { ok: false; err: unknown }, view: (v: T) => HTMLElement) => page.appendChild(r.ok ? view(r.v) : failed(what, r.err));

  add('host', details, (d) => {
    const r = d.registry;
    if (r === null) return el('p', { class: 'warning' }, `no host ${hostId} in this account`);
    return el(
      'dl',
      { id: 'host-registry' },
      ...[
        ['name', r.hostName ?? NONE],
        ['last seen', `${ago(r.lastSeenMs, Date.now())} (${when(r.lastSeenMs)})`],
        ['first seen', when(r.firstSeenMs)],
        ['agent', r.agentVersion ?? NONE],
        ['mode', r.mode ?? NONE],
      ].flatMap(([k, v]) => [el('dt', {}, k), el('dd', { 'data-field': k }, v)]),
    );
  });
  add('top processes', latest, ({ atMs, rows, threads, answer }) => {
    return withRoute(
      `Top processes now${atMs === null ? ': no rows in the range' : ` (tick of ${when(atMs)}${rows.length > TOP_SHOWN ? `: the ${TOP_SHOWN} of highest cpu of ${rows.length} rows` : ''})`}`,
      answer,
      table<Row>(
        [
          { title: 'pid', field: 'processId', cell: (e) => num(e.processId) },
          { title: 'name', field: 'processDisplayName', cell: (e) => String(e.processDisplayName ?? NONE) },
          { title: 'user', field: 'userName', cell: (e) => String(e.userName ?? NONE) },
          { title: 'cpu', field: 'cpuPercent', cell: (e) => cpu(e.cpuPercent as number | null) },
          { title: 'RSS', field: 'rss', cell: (e) => bytes(e.memoryResidentSizeBytes as number | null) },
          { title: 'threads', field: 'threadCount', cell: (e) => num(e.threadCount) },
          { title: 'busiest threads', field: 'busiestThreads', cell: (e) => busiestThreads(threads.get(Number(e.processId))) },
          { title: 'command line', field: 'commandLine', cell: (e) => el('code', {}, String(e.commandLine ?? '')) },
        ],
        rows.slice(0, TOP_SHOWN),
        { id: 'top-processes', rowAttrs: (e) => ({ 'data-pid': String(e.processId) }) },
      ),
    );
  });
  add('aggregates', aggregates, (r) =>
    withRoute(
      'Aggregates by name (the processes not in the top N)',
      r,
      table(
        [
          { title: 'name', field: 'name', cell: (f: NonNullable<QueryResult['facets']>[number]) => String(f.name) },
          { title: 'average cpu', field: 'cpu', cell: (f) => cpu(valuesOf(f.results)[0][1]) },
          { title: 'average RSS', field: 'rss', cell: (f) => bytes(valuesOf(f.results)[1][1]) },
          { title: 'processes (max)', field: 'processes', cell: (f) => num(valuesOf(f.results)[2][1]) },
        ],
        r.facets ?? [],
        { id: 'aggregates', rowAttrs: (f) => ({ 'data-name': String(f.name) }) },
      ),
    ),
  );
  const charts = el('div', { class: 'charts' });
  page.appendChild(el('h3', {}, `Over the last ${minutes < 60 ? `${minutes} min` : `${minutes / 60} h`}`));
  page.appendChild(charts);
  const chart = <T>(what: string, r: { ok: true; v: T } | { ok: false; err: unknown }, view: (v: T) => HTMLElement) => charts.appendChild(r.ok ? view(r.v) : failed(what, r.err));
  chart('cpu percentiles', cpuP, (r) => chartPanel('cpu % of a process: p50, p95, p99', 'chart-cpu', r, (v) => cpu(v)));
  chart('RSS percentiles', rssP, (r) => chartPanel('RSS of a process: p50, p95, p99', 'chart-rss', r, (v) => bytes(v)));
  chart('telemetry', telemetry, (r) => chartPanel('host cpu, memory, disk (% used)', 'chart-telemetry', r, (v) => `${num(v)} %`));
  add('uptime', uptime, (r) => {
    const [up, c, m, d] = valuesOf(r.results).map(([, v]) => v);
    return withRoute(
      'Host telemetry, latest',
      r,
      el(
        'dl',
        { id: 'host-telemetry' },
        ...[
          ['uptime', duration(up)],
          ['cpu', c === null ? NONE : `${num(c)} %`],
          ['memory', m === null ? NONE : `${num(m)} %`],
          ['disk', d === null ? NONE : `${num(d)} %`],
        ].flatMap(([k, v]) => [el('dt', {}, k), el('dd', { 'data-field': k }, v)]),
      ),
    );
  });
  add('cpu accounting', accounting, (r) => {
    const [host, unattributed, reaped] = valuesOf(r.results).map(([, v]) => v);
    return withRoute(
      'Host cpu accounting, mean over the ticks (% of one core)',
      r,
      el(
        'dl',
        { id: 'host-accounting' },
        ...[
          ['busy', cpu(host)],
          ['unattributed', cpu(unattributed)],
          ['unattributed share', ratio(unattributedShare(host, unattributed))],
          ['reaped children', cpu(reaped)],
        ].flatMap(([k, v]) => [el('dt', {}, k), el('dd', { 'data-field': k }, v)]),
      ),
    );
  });
  add('snapshot', details, (d) => snapshotView(d));
  add('diag events', details, (d) =>
    section(
      'Agent diag events',
      d.diagEvents.length === 0
        ? el('p', {}, 'none')
        : table(
            [
              { title: 'when', field: 'when', cell: (e: HostDetails['diagEvents'][number]) => when(e.timestampMs) },
              { title: 'module', field: 'module', cell: (e) => e.module ?? NONE },
              { title: 'event', field: 'eventType', cell: (e) => e.eventType ?? NONE },
              { title: 'reason', field: 'reason', cell: (e) => e.reason ?? NONE },
            ],
            d.diagEvents,
            { id: 'diag-events' },
          ),
    ),
  );
  return page;
}

/** A row's busiest threads, one a line: name, tid, cpu; empty when the agent sent none (process_threads off, or not on BPF). */
function busiestThreads(threads: readonly Row[] | undefined): HTMLElement {
  return el('span', {}, ...(threads ?? []).flatMap((t, i) => [...(i > 0 ? [el('br')] : []), `${String(t.name ?? NONE)} (${num(t.threadId)}) ${cpu(t.cpuPercent as number | null)}`]));
}

function snapshotView(d: HostDetails): HTMLElement {
  const s = d.snapshot;
  if (s === null) return section('Snapshot', el('p', {}, 'no snapshot from this host (collect_snapshot is off, or none was sent yet)'));
  const body = (s.body ?? {}) as { packages?: unknown; os_packages?: unknown };
  const count = (list: unknown) => (Array.isArray(list) ? String(list.length) : NONE);
  return section(
    'Snapshot',
    el(
      'dl',
      { id: 'host-snapshot' },
      ...[
        ['taken', when(s.timestampMs)],
        ['OS', [s.osName, s.osVersion].filter((x) => x !== null && x !== '').join(' ') || NONE],
        ['kernel', s.kernel || NONE],
        ['OS packages', count(body.os_packages)],
        ['Python packages', count(body.packages)],
      ].flatMap(([k, v]) => [el('dt', {}, k), el('dd', { 'data-field': k }, v)]),
    ),
    el('details', {}, el('summary', {}, 'the whole snapshot'), el('pre', {}, JSON.stringify(s.body, null, 2))),
  );
}
