// The stat parser alone, on stat texts captured once from the live /proc:
// ns per pid. As in the scan, each text is parsed from one reused buffer
// (copied in first, ~300 bytes, part of the figure), so the bytes are in L1
// as they are after a read. Importable with another parser for before/after
// runs, side by side in one process.

import { readdirSync, readFileSync } from 'node:fs';
import { Bench } from 'tinybench';
import type { parseStatInto } from '../src/procfs/parse-stat.js';
import { attachViews, createSharedTable, type TableViews } from '../src/table/shared-table.js';

export type StatParser = typeof parseStatInto;

export interface CapturedStats {
  /** Each text exactly (no spare bytes). */
  readonly texts: Uint8Array[];
  readonly pids: Int32Array;
}

export function captureStats(root: string): CapturedStats {
  const texts: Uint8Array[] = [];
  const pids: number[] = [];
  for (const name of readdirSync(root)) {
    if (!/^[1-9]\d*$/.test(name)) continue;
    try {
      texts.push(new Uint8Array(readFileSync(`${root}/${name}/stat`)));
      pids.push(Number(name));
    } catch {
      // exited
    }
  }
  return { texts, pids: Int32Array.from(pids) };
}

export async function parseNsPerPid(stats: CapturedStats, parsers: Record<string, StatParser>): Promise<Record<string, number>> {
  const n = stats.texts.length;
  const v: TableViews = attachViews(createSharedTable(n, n));
  const buf = new Uint8Array(4096);
  const bench = new Bench({ time: 1000, warmup: true });
  for (const [name, parse] of Object.entries(parsers)) {
    bench.add(name, () => {
      for (let i = 0; i < n; i++) {
        const text = stats.texts[i];
        buf.set(text);
        parse(buf, text.length, stats.pids[i], i, v);
      }
    });
  }
  await bench.run();
  const out: Record<string, number> = {};
  for (const task of bench.tasks) {
    if (task.result.state !== 'completed') throw new Error(`${task.name}: ${task.result.state}`);
    out[task.name] = (task.result.latency.p50 * 1e6) / n;
  }
  return out;
}
