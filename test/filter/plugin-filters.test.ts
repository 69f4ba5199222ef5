// The plugins of a config over a tick's rows, aggregates and snapshot
// values: what each plugin changes and drops, and what happens to the rows
// a plugin would have filtered once it faulted (held back or shipped
// built-in-scrubbed, as filter_plugin_failure says), counted; its breaker
// brings it back on a new instance after breaker_open_ticks.

import { describe, expect, it } from 'vitest';
import type { FilterField } from '../../src/filter/filter-plugin.js';
import { type FailurePolicy, type FilterBooks, PluginFilters } from '../../src/filter/plugin-filters.js';
import type { ProcessAggregateRow, ProcessRow } from '../../src/report/process-rows.js';
import { PUBLIC_KEY, signedCopy, tempDir } from './plugin-fixture.js';

function row(pid: number, commandLine: string, userName = 'app'): ProcessRow {
  return {
    processId: pid,
    parentProcessId: 1,
    commandName: 'worker',
    processDisplayName: 'worker',
    state: 'S',
    cpuPercent: 1,
    cpuUserPercent: 1,
    cpuSystemPercent: 0,
    reapedChildrenCpuPercent: null,
    memoryResidentSizeBytes: 1,
    memoryVirtualSizeBytes: 1,
    threadCount: 1,
    minorPageFaults: 0,
    majorPageFaults: 0,
    cpuUserSeconds: 0,
    cpuSystemSeconds: 0,
    startedAfterBootSeconds: 0,
    commandLine,
    userName,
  };
}

function aggregate(name: string): ProcessAggregateRow {
  return {
    processDisplayName: name,
    processCount: 1,
    cpuPercent: 0,
    cpuUserPercent: 0,
    cpuSystemPercent: 0,
    memoryResidentSizeBytes: 0,
    memoryVirtualSizeBytes: 0,
    threadCount: 1,
    reapedChildrenCpuPercent: 0,
  };
}

function filters(plugins: { name: string; fields: FilterField[] }[], policy: FailurePolicy = 'hold', openTicks = 2) {
  const dir = tempDir();
  const books: FilterBooks = new Map();
  const reports: string[] = [];
  const f = new PluginFilters({
    specs: plugins.map((p) => ({ ...signedCopy(dir, p.name), fields: p.fields })),
    publicKey: PUBLIC_KEY,
    policy,
    breaker: { failuresToOpen: 1, openTicks },
    books,
    report: (module, _from, to) => reports.push(`${module} ${to}`),
  });
  return { f, books, reports };
}

describe('the filter plugins over a tick', () => {
  it('change exactly the fields they are given, drop the rows they say, and count both', () => {
    const { f, books } = filters([{ name: 'redact-tenant', fields: ['command_line', 'display_name'] }]);
    const rows = [row(1, 'svc --tenant-acme7 --password=********', 'tenant-ops'), row(2, 'backup --iw-private'), row(3, 'nginx: worker')];
    const out = f.filterTick(rows, [aggregate('tenant-blue'), aggregate('sshd')]);
    // user_name is not among its fields: tenant-ops stays.
    expect(out.rows.map((r) => [r.processId, r.commandLine, r.userName])).toEqual([
      [1, 'svc --tenant-**** --password=********', 'tenant-ops'],
      [3, 'nginx: worker', 'app'],
    ]);
    expect(out.aggregates.map((a) => a.processDisplayName)).toEqual(['tenant-****', 'sshd']);
    expect(books.get('redact-tenant')).toMatchObject({ replaced: 2, dropped: 1, held: 0, unfiltered: 0 });
    expect(f.filterEnv({ TENANT: 'tenant-acme', HOME: '/root' })).toEqual({ TENANT: 'tenant-acme', HOME: '/root' }); // env_value not among its fields
  });

  it('hold: a plugin that faults keeps back the rows it would filter, until its probe passes on a new instance', () => {
    const { f, books, reports } = filters([{ name: 'trap', fields: ['command_line'] }], 'hold', 2);
    const rows = () => [row(1, 'a'), row(2, 'b')];
    expect(f.filterTick(rows(), [aggregate('x')])).toEqual({ rows: [], aggregates: [aggregate('x')] });
    expect(books.get('trap')).toMatchObject({ calls: 1, held: 2, faults: { trap: 1 } });
    expect(reports).toEqual(['filter.trap open']);
    // Out: no call is made, the rows are held.
    f.filterTick(rows(), []);
    expect(books.get('trap')).toMatchObject({ calls: 1, held: 4 });
    f.filterTick(rows(), []); // the second open tick: half-open next
    expect(reports).toEqual(['filter.trap open', 'filter.trap half_open']);
    f.filterTick(rows(), []); // the probe: it traps again
    expect(books.get('trap')).toMatchObject({ calls: 2, held: 8, faults: { trap: 2 } });
    expect(reports.at(-1)).toBe('filter.trap open');
  });

  it('scrubbed: the rows of a plugin that runs out of fuel ship as the built-in scrubbing left them, counted', () => {
    const { f, books } = filters([{ name: 'loop-forever', fields: ['command_line', 'env_value'] }], 'scrubbed');
    const out = f.filterTick([row(1, 'svc --password=********'), row(2, 'b')], []);
    expect(out.rows.map((r) => r.commandLine)).toEqual(['svc --password=********', 'b']);
    expect(books.get('loop-forever')).toMatchObject({ calls: 1, unfiltered: 2, faults: { fuel: 1 } });
    expect(f.filterEnv({ A: '1' })).toEqual({ A: '1' });
    expect(books.get('loop-forever')).toMatchObject({ unfiltered: 3 });
  });

  it('a plugin that grows past its memory is out, and the plugins after it still run', () => {
    const { f, books } = filters(
      [
        { name: 'grow-memory', fields: ['user_name'] },
        { name: 'redact-tenant', fields: ['command_line'] },
      ],
      'scrubbed',
    );
    const out = f.filterTick([row(1, 'x tenant-a1', 'tenant-ops')], []);
    expect(out.rows.map((r) => [r.commandLine, r.userName])).toEqual([['x tenant-****', 'tenant-ops']]);
    expect(books.get('grow-memory')).toMatchObject({ faults: { memory: 1 }, unfiltered: 1 });
  });
});
