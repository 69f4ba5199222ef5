// Query: an NRQL box; the answer as a chart and a table, the route beside.
// The query is kept in the address (#/query?nrql=…), so a link shows it again.

import type { QueryMode } from '../../src/server/query/query-result.js';
import { ApiError, nrql } from './api.js';
import { el, failed, section } from './dom.js';
import { resultView } from './result-view.js';

const EXAMPLE = 'SELECT percentile(cpuPercent, 50, 95, 99) FROM ProcessSample SINCE 1 hour ago TIMESERIES';

export async function queryPage(params: URLSearchParams): Promise<HTMLElement> {
  const text = params.get('nrql') ?? EXAMPLE;
  const mode = (params.get('mode') ?? '') as QueryMode | '';
  const form = el(
    'form',
    {
      class: 'query-form',
      onsubmit: (e: Event) => {
        e.preventDefault();
        const f = new FormData(e.target as HTMLFormElement);
        const q = new URLSearchParams({ nrql: String(f.get('nrql')) });
        if (f.get('mode') !== '') q.set('mode', String(f.get('mode')));
        q.set('run', String(Date.now()));
        location.hash = `#/query?${q}`;
      },
    },
    el('textarea', { id: 'nrql', name: 'nrql', rows: 3, spellcheck: false }, text),
    el(
      'div',
      {},
      el('select', { name: 'mode', id: 'mode' }, ...['', 'auto', 'sketch', 'raw'].map((m) => el('option', { value: m, selected: m === mode }, m === '' ? 'mode: the account’s' : m))),
      ' ',
      el('button', { id: 'run' }, 'Run'),
    ),
  );
  if (!params.has('nrql')) return section('Query', form);
  try {
    return section('Query', form, resultView(await nrql(text, mode === '' ? undefined : mode)));
  } catch (err) {
    const at = err instanceof ApiError && err.position !== undefined ? ` (at ${err.position})` : '';
    return section('Query', form, failed(`query${at}`, err));
  }
}
