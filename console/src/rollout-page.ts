// Roll-out: the account's router mode, its fleet rules and their cohorts,
// the labelled hosts, and for each rule the canary comparison (its cohort
// against the rest: canary-view.ts, the figures the runbook's gates read),
// one request a rule.

import type { CanaryView, CohortFigures } from '../../src/server/fleet/canary-view.js';
import type { Cohort, FleetRule } from '../../src/server/fleet/fleet-rule.js';
import type { ModeSource, QueryMode } from '../../src/server/query/query-result.js';
import { getJson } from './api.js';
import { el, failed, section, table } from './dom.js';
import { bytes, cpu, NONE, num, ratio, when } from './format.js';
import { RANGES_MINUTES } from './fleet-page.js';

interface Rollout {
  readonly account: string;
  readonly rules: FleetRule[];
  readonly labels: Record<string, Record<string, string>>;
  readonly routerMode: { mode: QueryMode; from: ModeSource };
}

export function cohortText(c: Cohort): string {
  if ('all' in c) return 'all hosts';
  if ('hosts' in c) return `hosts ${c.hosts.join(', ')}`;
  if ('label' in c) return `label ${c.label.key}=${c.label.value}`;
  return `${c.percent} % of hosts`;
}

/** The canary view's rows, as `infrawatch fleet canary` prints them (formatCanaryView). */
export const CANARY_ROWS: readonly [string, (f: CohortFigures) => string][] = [
  ['hosts', (f) => String(f.hosts)],
  ['hosts with the agent’s row', (f) => String(f.agent.hosts)],
  ['agent cpu (of one core)', (f) => cpu(f.agent.cpuPercent)],
  ['agent RSS', (f) => bytes(f.agent.rssBytes)],
  ['topn capture cpu: lowest, mean', (f) => `${ratio(f.capture.cpu.min)}, ${ratio(f.capture.cpu.mean)}`],
  ['topn capture RSS: lowest, mean', (f) => `${ratio(f.capture.rss.min)}, ${ratio(f.capture.rss.mean)}`],
  [
    'SKETCH vs RAW p95 / p99, worst host',
    (f) => {
      const w = f.sketchError.worst;
      if (w === null) return f.sketchError.dualWriteHosts === 0 ? `${NONE} (no host shipped both rows and sketches)` : `${NONE} (nothing merged in the range yet)`;
      return `cpu ${ratio(w.cpuP95)} / ${ratio(w.cpuP99)}, RSS ${ratio(w.rssP95)} / ${ratio(w.rssP99)} (${f.sketchError.hosts} of ${f.sketchError.dualWriteHosts} hosts)`;
    },
  ],
];

function canaryTable(v: CanaryView): HTMLElement {
  return el(
    'div',
    {},
    table(
      [
        { title: 'figure', field: 'figure', cell: (r: (typeof CANARY_ROWS)[number]) => r[0] },
        { title: 'canary', field: 'canary', cell: (r) => r[1](v.canary) },
        { title: 'rest', field: 'rest', cell: (r) => r[1](v.rest) },
      ],
      CANARY_ROWS,
      { rowAttrs: (r) => ({ 'data-figure': r[0] }) },
    ),
    el('p', { class: 'canary-delta' }, `agent delta, canary vs rest: cpu ${ratio(v.agentDelta.cpu)}, RSS ${ratio(v.agentDelta.rss)}`),
    el('p', { class: 'muted' }, `${when(v.fromMs)} to ${when(v.untilMs)}; SKETCH vs RAW up to ${when(Math.max(v.fromMs, v.sketchUntilMs))} (the high-water mark)`),
  );
}

export async function rolloutPage(params: URLSearchParams): Promise<HTMLElement> {
  const minutes = Number(params.get('minutes') ?? 60);
  let r: Rollout;
  try {
    r = await getJson<Rollout>('/api/console/rollout');
  } catch (err) {
    return section('Roll-out', failed('roll-out', err));
  }
  const controls = el(
    'form',
    {
      class: 'controls',
      onsubmit: (e: Event) => {
        e.preventDefault();
        location.hash = `#/rollout?minutes=${new FormData(e.target as HTMLFormElement).get('minutes')}`;
      },
    },
    el('label', {}, 'canary figures over ', el('select', { name: 'minutes' }, ...RANGES_MINUTES.map((m) => el('option', { value: m, selected: m === minutes }, m < 60 ? `${m} min` : `${m / 60} h`)))),
    ' ',
    el('button', {}, 'Show'),
  );
  const page = section(
    'Roll-out',
    el('p', { id: 'router-mode' }, 'query router mode: ', el('strong', {}, r.routerMode.mode), ` (from ${r.routerMode.from})`),
    el('h3', {}, 'Rules'),
    r.rules.length === 0
      ? el('p', {}, 'no fleet rules: every agent runs its local config')
      : table(
          [
            { title: 'rule', field: 'id', cell: (x: FleetRule) => x.id },
            { title: 'priority', field: 'priority', cell: (x) => num(x.priority) },
            { title: 'cohort', field: 'cohort', cell: (x) => cohortText(x.cohort) },
            { title: 'keys', field: 'keys', cell: (x) => el('code', {}, JSON.stringify(x.keys)) },
            { title: 'updated', field: 'updated', cell: (x) => when(x.updatedMs) },
          ],
          r.rules,
          { id: 'rules', rowAttrs: (x) => ({ 'data-rule': x.id }) },
        ),
    el('h3', {}, 'Labelled hosts'),
    Object.keys(r.labels).length === 0
      ? el('p', {}, 'none')
      : table(
          [
            { title: 'host', field: 'host', cell: (x: [string, Record<string, string>]) => x[0] },
            {
              title: 'labels',
              field: 'labels',
              cell: (x) =>
                Object.entries(x[1])
                  .map(([k, v]) => `${k}=${v}`)
                  .join(' '),
            },
          ],
          Object.entries(r.labels),
          { id: 'labels' },
        ),
    el('h3', {}, 'Canary comparison'),
    controls,
  );
  const views = await Promise.all(
    r.rules.map((rule) =>
      getJson<{ view: CanaryView }>('/api/console/canary', { rule: rule.id, minutes }).then(
        (x) => x.view,
        (err: unknown) => err,
      ),
    ),
  );
  r.rules.forEach((rule, i) => {
    const v = views[i];
    page.appendChild(
      el(
        'div',
        { class: 'canary', 'data-rule': rule.id },
        el('h4', {}, `rule ${rule.id}: ${cohortText(rule.cohort)} against the rest`),
        v instanceof Error ? failed(rule.id, v) : canaryTable(v as CanaryView),
      ),
    );
  });
  return page;
}
