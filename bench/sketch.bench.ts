// Sketches: values added per second, ours against @datadog/sketches-js
// DDSketch.accept at the same relative accuracy, side by side on the same
// values; the heap they allocate per value; and the envelope bytes of a
// window for 3,000 processes against their raw values.

import { DDSketch as DatadogSketch } from '@datadog/sketches-js';
import { Bench } from 'tinybench';
import { DDSketch } from '../src/sketch/ddsketch.js';
import { SketchEnvelopeEncoder, sketchEnvelopeOf } from '../src/wire/sketch-envelope.js';
import { NameTable } from '../src/sampler/name-table.js';
import { SketchBook } from '../src/sketch/sketch-book.js';
import { syntheticTable } from './selection.bench.js';

/** Lognormal values (cpu-like spread), a fixed seed. */
export function sampleValues(n: number): Float64Array {
  let s = 7;
  const rand = () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s + 0.5) / 4294967296;
  };
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.exp(2 * Math.sqrt(-2 * Math.log(rand())) * Math.cos(2 * Math.PI * rand()));
  return out;
}

export async function addsPerSecond(values: Float64Array): Promise<{ ours: number; datadog: number }> {
  const ours = new DDSketch();
  const theirs = new DatadogSketch({ relativeAccuracy: ours.mapping.relativeAccuracy });
  const bench = new Bench({ time: 1000, warmup: true });
  bench.add('ours', () => {
    for (let i = 0; i < values.length; i++) ours.add(values[i]);
  });
  bench.add('datadog', () => {
    for (let i = 0; i < values.length; i++) theirs.accept(values[i]);
  });
  await bench.run();
  const perSecond = (k: number) => {
    const r = bench.tasks[k].result;
    if (r.state !== 'completed') throw new Error(`sketch bench: ${r.state}`);
    return (values.length * 1000) / r.latency.p50;
  };
  return { ours: perSecond(0), datadog: perSecond(1) };
}

/** The agent's per-tick sketching (host and per name) on a synthetic table: ns per process, and the bins' memory. */
export async function sketchBookCost(processes: number, names: number): Promise<{ nsPerProcess: number; binBytes: number; keys: number }> {
  const { v } = syntheticTable(processes, names);
  const table = new NameTable();
  table.assignScanned(v, processes);
  const book = new SketchBook({ scale: 6, hostBinLimit: 2048, keyBinLimit: 512, memoryBudgetBytes: 4 * 1024 * 1024 });
  const bench = new Bench({ time: 800, warmup: true });
  // One window's ticks keep adding (a window is reset once per sketch_window_s, not per tick).
  bench.add('sketch book', () => book.addTick(v, processes, table));
  await bench.run();
  const r = bench.tasks[0].result;
  if (r.state !== 'completed') throw new Error(`sketch book bench: ${r.state}`);
  book.addTick(v, processes, table);
  return { nsPerProcess: (r.latency.p50 * 1e6) / processes, binBytes: book.binBytes, keys: book.keysMade };
}

/** Bytes of one window's envelopes for `processes` processes × `ticks` ticks: one sketch per metric, host key. */
export function windowBytes(processes: number, ticks: number): { sketchBytes: number; rawBytes: number } {
  const cpu = new DDSketch();
  const rss = new DDSketch();
  const values = sampleValues(processes * ticks);
  for (let i = 0; i < values.length; i++) {
    cpu.add(values[i]);
    rss.add(Math.round(values[i] * 1e6) * 4096);
  }
  const encoder = new SketchEnvelopeEncoder();
  const key = (metricName: string) => ({ metricName, entityGuid: '3d1219c7c4c5404aaa1f6d2a48adfda4', displayName: '' });
  const sketchBytes =
    encoder.encodeDelimited(sketchEnvelopeOf(cpu, key('cpuPercent'), 0, 60_000)).length +
    encoder.encodeDelimited(sketchEnvelopeOf(rss, key('memoryResidentSizeBytes'), 0, 60_000)).length;
  return { sketchBytes, rawBytes: values.length * 2 * 8 };
}
