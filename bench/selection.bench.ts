// What smart mode costs and saves per tick, side by side:
//  - the selection itself (name ids, score, Top-N heap, tail aggregation)
//    on synthetic tables of K processes: ns per process;
//  - bytes on the wire per tick, smart against raw, for a given /proc root.

import { gzipSync } from 'node:zlib';
import { Bench } from 'tinybench';
import { enricherFor, scannerOptionsOf } from '../src/agent-parts.js';
import { DEFAULT_CONFIG, type AgentConfig } from '../src/config/schema.js';
import { aggregateRowsOf, rowsOf } from '../src/report/process-rows.js';
import { topNBatchOf } from '../src/report/tick-report.js';
import { emptyTotals, type Totals } from '../src/sampler/cpu-sampler.js';
import { NameTable } from '../src/sampler/name-table.js';
import { TailAggregator } from '../src/sampler/tail-aggregator.js';
import { TopNSelector } from '../src/sampler/top-n-selector.js';
import { Scanner } from '../src/scan/scanner.js';
import { COMM_BYTES, READ_OK } from '../src/table/layout.js';
import { attachViews, createSharedTable, type TableViews } from '../src/table/shared-table.js';
import { ProcessEnvelopeEncoder } from '../src/wire/process-envelope.js';

/** K processes with lognormal-ish cpu and RSS and `distinctNames` names; a fixed seed. */
export function syntheticTable(k: number, distinctNames: number): { v: TableViews; totals: Totals } {
  const v = attachViews(createSharedTable(k, k));
  const totals = emptyTotals();
  let seed = 42;
  const rand = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 4294967296;
  };
  for (let slot = 0; slot < k; slot++) {
    v.slotList[slot] = slot;
    v.pid[slot] = slot + 1;
    v.status[slot] = READ_OK;
    v.cpuPct[slot] = rand() < 0.9 ? 0 : Math.exp(rand() * 5) / 10;
    v.cpuUserPct[slot] = v.cpuPct[slot];
    v.cpuSystemPct[slot] = 0;
    v.rssBytes[slot] = Math.round(Math.exp(10 + rand() * 10));
    v.threads[slot] = 1;
    const name = Buffer.from(`proc-${slot % distinctNames}`);
    v.comm.set(name, slot * COMM_BYTES);
    v.commLen[slot] = name.length;
    totals.cpuPercent += v.cpuPct[slot];
    totals.memoryResidentSizeBytes += v.rssBytes[slot];
    totals.processCount++;
  }
  return { v, totals };
}

/** One tick of the smart-mode sampler on a prepared table; what Scanner.scan does after the cpu%. */
export function selectionTick(v: TableViews, k: number, totals: Totals, names: NameTable, selector: TopNSelector, aggregator: TailAggregator): void {
  names.assignScanned(v, k);
  selector.select(v, k, totals, names);
  aggregator.sumTail(v, k, names);
  selector.unmark(v);
}

export function selectionParts(): { names: NameTable; selector: TopNSelector; aggregator: TailAggregator } {
  const selector = new TopNSelector({ ...scannerOptionsOf(DEFAULT_CONFIG).selection, selfPid: -1 }, undefined, () => undefined);
  return { names: new NameTable(), selector, aggregator: new TailAggregator() };
}

export async function selectionNsPerProcess(k: number, distinctNames: number): Promise<number> {
  const { v, totals } = syntheticTable(k, distinctNames);
  const { names, selector, aggregator } = selectionParts();
  const bench = new Bench({ time: 800, warmup: true });
  bench.add('selection', () => selectionTick(v, k, totals, names, selector, aggregator));
  await bench.run();
  const result = bench.tasks[0].result;
  if (result.state !== 'completed') throw new Error(`selection: ${result.state}`);
  return (result.latency.p50 * 1e6) / k;
}

export interface WireBytes {
  rows: number;
  aggregates: number;
  bytes: number;
  gzipBytes: number;
}

async function oneTick(config: AgentConfig): Promise<WireBytes> {
  const scanner = new Scanner(scannerOptionsOf(config));
  try {
    await scanner.scan();
    await new Promise((r) => setTimeout(r, 200));
    const r = await scanner.scan();
    const top = rowsOf(r, scanner.views, scanner.system, { enricher: enricherFor(config), withIo: r.mode === 'smart' });
    const aggregates = aggregateRowsOf(r);
    const bytes = new ProcessEnvelopeEncoder('bench-host').encodeDelimited(topNBatchOf(r, top, aggregates, 10_000, Date.now()));
    return { rows: top.length, aggregates: aggregates.length, bytes: bytes.length, gzipBytes: gzipSync(bytes).length };
  } finally {
    await scanner.close();
  }
}

/** One tick's envelope in smart mode and in raw mode, on the same root. */
export async function wireBytes(procRoot: string): Promise<{ smart: WireBytes; raw: WireBytes }> {
  const base = { ...DEFAULT_CONFIG, proc_root: procRoot };
  return { smart: await oneTick({ ...base, mode: 'smart' }), raw: await oneTick({ ...base, mode: 'raw' }) };
}
