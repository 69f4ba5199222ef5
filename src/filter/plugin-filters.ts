// The filter plugins of the config in force, run over what leaves the host
// once a tick: the rows (after the built-in scrubbing), the aggregates'
// names, and the snapshot's environment values; never per scanned process.
// Plugins run in the config's order, each on its own fields.
//
// Each plugin sits behind its own breaker, which one fault opens: a plugin
// that trapped, ran out of fuel or grew past its memory is out for
// breaker_open_ticks ticks, then one probe tick on a new instance. While a
// plugin is out (or was refused at start), what it would have filtered
// follows filter_plugin_failure: "hold" keeps the rows that carry its
// fields back (counted), "scrubbed" ships them with the built-in scrubbing
// only (counted). So does the rest of the tick in which it faulted. A
// tick's calls share a fuel budget of TICK_CALLS_OF_FUEL calls, so a plugin
// that burns just under its fuel on every call cannot stretch a tick past
// ~100 ms of its cpu.

import type { KeyObject } from 'node:crypto';
import { statSync } from 'node:fs';
import type { BreakerReport } from '../health/breaker-report.js';
import { type BreakerOptions, CircuitBreaker } from '../health/circuit-breaker.js';
import type { ProcessAggregateRow, ProcessRow } from '../report/process-rows.js';
import { FUEL_PER_CALL, FilterPlugin, type FaultCause, type FilterField, type PluginSpec, pluginName } from './filter-plugin.js';

export const FAILURE_POLICIES = ['hold', 'scrubbed'] as const;
export type FailurePolicy = (typeof FAILURE_POLICIES)[number];

/** Calls' worth of fuel a plugin may burn in one tick. */
const TICK_CALLS_OF_FUEL = 10;

/** A plugin's counters, kept across config changes (by plugin name). */
export interface PluginBooks {
  calls: number;
  replaced: number;
  /** Rows (or variables) the plugin dropped. */
  dropped: number;
  /** Rows (or variables) held back by filter_plugin_failure "hold" while the plugin was out. */
  held: number;
  /** Fields shipped built-in-scrubbed only by filter_plugin_failure "scrubbed" while the plugin was out. */
  unfiltered: number;
  faults: Record<FaultCause, number>;
}

export type FilterBooks = Map<string, PluginBooks>;

function newBooks(): PluginBooks {
  return { calls: 0, replaced: 0, dropped: 0, held: 0, unfiltered: 0, faults: { trap: 0, fuel: 0, memory: 0, output: 0 } };
}

/** The row's property each field is. */
const ROW_PROPERTY: Readonly<Record<Exclude<FilterField, 'env_value'>, 'commandLine' | 'command' | 'userName' | 'commandName' | 'processDisplayName'>> = {
  command_line: 'commandLine',
  command: 'command',
  user_name: 'userName',
  command_name: 'commandName',
  display_name: 'processDisplayName',
};

interface Entry {
  readonly name: string;
  readonly spec: PluginSpec;
  /** undefined: refused at start (its fields follow the failure policy). */
  readonly plugin: FilterPlugin | undefined;
  readonly breaker: CircuitBreaker;
  readonly books: PluginBooks;
  /** The fields of rows, and of aggregates, it filters. */
  readonly rowFields: readonly Exclude<FilterField, 'env_value'>[];
  readonly aggregateFields: boolean;
  readonly envValues: boolean;
  fuelLeft: number;
}

export interface Refusal {
  readonly name: string;
  readonly path: string;
  readonly reason: string;
}

export interface FilterOptions {
  readonly specs: readonly PluginSpec[];
  readonly publicKey: KeyObject | undefined;
  readonly policy: FailurePolicy;
  readonly breaker: BreakerOptions;
  readonly books: FilterBooks;
  readonly report: BreakerReport;
}

type Ran = 'ok' | 'dropped' | { cause: FaultCause; reason: string };

/** What a file was when the set was loaded (inode, size, mtime), to tell that it was replaced since. */
function stampOf(file: string): string {
  try {
    const st = statSync(file);
    return `${st.ino}:${st.size}:${st.mtimeMs}`;
  } catch {
    return 'missing';
  }
}

export class PluginFilters {
  readonly refused: readonly Refusal[];
  private readonly entries: Entry[];
  /** The plugins' and signatures' files as they were before they were read. */
  private readonly stamps: readonly [string, string][];

  /** Loads every plugin; one that is not taken is in `refused`, with why. */
  constructor(private readonly options: FilterOptions) {
    const refused: Refusal[] = [];
    this.stamps = options.specs.flatMap((s) => [s.path, s.signature]).map((f) => [f, stampOf(f)]);
    this.entries = options.specs.map((spec) => {
      const name = pluginName(spec.path);
      let plugin: FilterPlugin | undefined;
      try {
        if (options.publicKey === undefined) throw new Error('no filter_plugin_public_key to verify it against');
        plugin = FilterPlugin.load(spec, options.publicKey);
      } catch (err) {
        refused.push({ name, path: spec.path, reason: (err as Error).message });
      }
      const books = options.books.get(name) ?? newBooks();
      options.books.set(name, books);
      const module = `filter.${name}`;
      const breaker = new CircuitBreaker(module, { failuresToOpen: 1, openTicks: options.breaker.openTicks }, (from, to, reason) =>
        options.report(module, from, to, reason, options.policy === 'hold' ? 'the rows it filters are held back' : 'the rows it filters ship with the built-in scrubbing only'),
      );
      const rowFields = spec.fields.filter((f): f is Exclude<FilterField, 'env_value'> => f !== 'env_value');
      return { name, spec, plugin, breaker, books, rowFields, aggregateFields: spec.fields.includes('display_name'), envValues: spec.fields.includes('env_value'), fuelLeft: 0 };
    });
    this.refused = refused;
  }

  /** Whether a plugin's or a signature's file was changed or replaced since the set was loaded (a new build under the same path). */
  filesChanged(): boolean {
    return this.stamps.some(([file, stamp]) => stampOf(file) !== stamp);
  }

  /** The plugins' breakers (the agent's /healthz and agent_breaker_state). */
  breakers(): CircuitBreaker[] {
    return this.entries.map((e) => e.breaker);
  }

  /** Whether each plugin was loaded (false: refused at start, its fields follow the failure policy). */
  loaded(): [string, boolean][] {
    return this.entries.map((e) => [e.name, e.plugin !== undefined]);
  }

  /** One tick's rows and aggregates through every plugin; what is dropped or held back is left out of the arrays returned. */
  filterTick(rows: ProcessRow[], aggregates: ProcessAggregateRow[]): { rows: ProcessRow[]; aggregates: ProcessAggregateRow[] } {
    for (const e of this.entries) {
      e.fuelLeft = FUEL_PER_CALL * TICK_CALLS_OF_FUEL;
      const out = e.plugin === undefined || e.breaker.state === 'open';
      let fault: { cause: FaultCause; reason: string } | undefined;
      if (e.rowFields.length > 0) {
        const r = this.run(e, rows, e.rowFields, out);
        rows = r.kept;
        fault ??= r.fault;
      }
      if (e.aggregateFields) {
        const a = this.run(e, aggregates, ['display_name'], out || fault !== undefined);
        aggregates = a.kept;
        fault ??= a.fault;
      }
      if (e.plugin !== undefined) e.breaker.record(fault === undefined, fault?.reason);
    }
    return { rows, aggregates };
  }

  /** The snapshot's environment values through every plugin that takes env_value. */
  filterEnv(env: Record<string, string>): Record<string, string> {
    let entries = Object.entries(env).map(([name, value]) => ({ name, value }));
    for (const e of this.entries) {
      if (!e.envValues) continue;
      e.fuelLeft = FUEL_PER_CALL * TICK_CALLS_OF_FUEL;
      const out = e.plugin === undefined || e.breaker.state === 'open';
      const r = this.runEach(e, entries, out, (x) => this.filterOne(e, 'env_value', x.value, (v) => (x.value = v)));
      entries = r.kept;
      // A fault opens the breaker now; a clean snapshot is no probe (the breaker counts ticks).
      if (r.fault !== undefined) e.breaker.record(false, r.fault.reason);
    }
    return Object.fromEntries(entries.map((x) => [x.name, x.value]));
  }

  private run<T extends ProcessRow | ProcessAggregateRow>(
    e: Entry,
    items: T[],
    fields: readonly Exclude<FilterField, 'env_value'>[],
    out: boolean,
  ): { kept: T[]; fault?: { cause: FaultCause; reason: string } } {
    return this.runEach(e, items, out, (item) => {
      for (const field of fields) {
        const key = ROW_PROPERTY[field];
        const value = (item as Partial<Record<typeof key, string>>)[key];
        if (value === undefined) continue;
        const ran = this.filterOne(e, field, value, (v) => ((item as Record<typeof key, string>)[key] = v));
        if (ran !== 'ok') return ran;
      }
      return 'ok';
    });
  }

  /**
   * Runs `each` over the items until a fault; the items from the fault on
   * (and all of them when the plugin is out) follow the failure policy.
   */
  private runEach<T>(e: Entry, items: T[], out: boolean, each: (item: T) => Ran): { kept: T[]; fault?: { cause: FaultCause; reason: string } } {
    const kept: T[] = [];
    let fault: { cause: FaultCause; reason: string } | undefined;
    let i = 0;
    for (; i < items.length && !out; i++) {
      const ran = each(items[i]);
      if (ran === 'ok') kept.push(items[i]);
      else if (ran === 'dropped') e.books.dropped++;
      else {
        fault = ran;
        e.books.faults[ran.cause]++;
        break;
      }
    }
    const rest = items.length - i;
    if (rest > 0) {
      if (this.options.policy === 'hold') e.books.held += rest;
      else {
        e.books.unfiltered += rest;
        for (; i < items.length; i++) kept.push(items[i]);
      }
    }
    return { kept, fault };
  }

  private filterOne(e: Entry, field: FilterField, value: string, set: (v: string) => void): Ran {
    const fuel = Math.min(FUEL_PER_CALL, e.fuelLeft);
    if (fuel <= 0) return { cause: 'fuel', reason: `ran out of the tick's fuel (${TICK_CALLS_OF_FUEL} calls' worth)` };
    e.books.calls++;
    const outcome = e.plugin!.call(field, value, fuel);
    e.fuelLeft -= fuel - Math.max(0, e.plugin!.fuelLeft);
    switch (outcome.kind) {
      case 'keep':
        return 'ok';
      case 'replace':
        e.books.replaced++;
        set(outcome.value);
        return 'ok';
      case 'drop':
        return 'dropped';
      case 'fault':
        return { cause: outcome.cause, reason: `${e.name}: ${field}: ${outcome.reason}` };
    }
  }
}
