// Fleet: every host of the account in one request (GET /api/console/fleet:
// a fixed number of statements whatever the fleet's size), a warning on the
// hosts that stopped reporting.

import type { FleetHost, FleetHostsView } from '../../src/server/console/fleet-hosts.js';
import { getJson } from './api.js';
import { el, failed, section, table } from './dom.js';
import { ago, bytes, cpu, NONE, ratio, when } from './format.js';

export const RANGES_MINUTES = [15, 60, 360, 1440];

export async function fleetPage(params: URLSearchParams): Promise<HTMLElement> {
  const minutes = Number(params.get('minutes') ?? 15);
  const staleSeconds = Number(params.get('staleSeconds') ?? 120);
  const controls = el(
    'form',
    {
      class: 'controls',
      onsubmit: (e: Event) => {
        e.preventDefault();
        const f = new FormData(e.target as HTMLFormElement);
        location.hash = `#/fleet?minutes=${f.get('minutes')}&staleSeconds=${f.get('staleSeconds')}`;
      },
    },
    el('label', {}, 'figures over ', el('select', { name: 'minutes' }, ...RANGES_MINUTES.map((m) => el('option', { value: m, selected: m === minutes }, m < 60 ? `${m} min` : `${m / 60} h`)))),
    el('label', {}, ' stale after ', el('input', { name: 'staleSeconds', type: 'number', min: 1, value: staleSeconds, size: 5 }), ' s '),
    el('button', {}, 'Show'),
  );
  let view: FleetHostsView;
  try {
    view = await getJson<FleetHostsView>('/api/console/fleet', { minutes, staleSeconds });
  } catch (err) {
    return section('Fleet', controls, failed('fleet', err));
  }
  const stale = view.hosts.filter((h) => h.stale);
  const summary = el(
    'p',
    { id: 'fleet-summary' },
    `${view.total} hosts`,
    view.hosts.length < view.total ? ` (the ${view.hosts.length} seen last shown)` : '',
    ` · figures from ${when(view.fromMs)} to ${when(view.nowMs)}`,
  );
  const warning =
    stale.length > 0
      ? el(
          'p',
          { class: 'warning', id: 'stale-warning' },
          `⚠ ${stale.length} host${stale.length === 1 ? '' : 's'} stopped reporting: ${stale
            .map((h) => h.hostId)
            .slice(0, 10)
            .join(', ')}${stale.length > 10 ? ', …' : ''}`,
        )
      : null;
  const hosts = table<FleetHost>(
    [
      { title: 'host', field: 'hostId', cell: (h) => el('a', { href: `#/host/${encodeURIComponent(h.hostId)}` }, h.hostId) },
      { title: 'name', field: 'hostName', cell: (h) => h.hostName ?? NONE },
      { title: 'last seen', field: 'lastSeen', cell: (h) => el('span', { title: when(h.lastSeenMs) }, ago(h.lastSeenMs, view.nowMs)) },
      { title: 'agent', field: 'agentVersion', cell: (h) => h.agentVersion ?? NONE },
      { title: 'mode', field: 'mode', cell: (h) => h.mode ?? NONE },
      { title: 'agent cpu', field: 'agentCpu', cell: (h) => cpu(h.agentCpuPercent) },
      { title: 'agent RSS', field: 'agentRss', cell: (h) => bytes(h.agentRssBytes) },
      { title: 'capture cpu', field: 'captureCpu', cell: (h) => ratio(h.captureCpu) },
      { title: 'capture RSS', field: 'captureRss', cell: (h) => ratio(h.captureRss) },
      { title: 'status', field: 'status', cell: (h) => (h.stale ? el('span', { class: 'warning' }, '⚠ stopped reporting') : 'reporting') },
    ],
    view.hosts,
    { id: 'fleet-hosts', rowAttrs: (h) => ({ 'data-host': h.hostId, class: h.stale ? 'stale' : undefined }) },
  );
  return section('Fleet', controls, summary, warning, hosts);
}
