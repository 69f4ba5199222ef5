// ProcessEphemeralSummary: the processes that ended in one tick, summed per
// display name and per their parent's display name (the parent's comm as
// the kernel read it at the exit: a parent that has ended since, as a
// parent often has by the drain after its last child's exit, is named all
// the same): how many, the cpu time
// they used, their largest peak rss, their lifetimes' percentiles (one
// DDSketch per name, reused tick after tick) and how many ended with each
// exit code. Read straight from the exit tracker's buffer; the only objects
// made per tick are the summaries that leave the process.

import type { BpfExitReader } from '../scan/bpf-exit-reader.js';
import type { ExitCodeCount, ExitSummarizer, ProcessEphemeral, ProcessEphemeralSummary } from '../scan/ephemeral.js';
import { DDSketch } from '../sketch/ddsketch.js';
import type { NameTable } from '../sampler/name-table.js';

export type { ExitCodeCount, ProcessEphemeral, ProcessEphemeralSummary } from '../scan/ephemeral.js';

/** Processes killed by a signal report 128 + the signal, as shells do. */
export function exitCodeOf(waitStatus: number): number {
  const signal = waitStatus & 0x7f;
  return signal === 0 ? (waitStatus >> 8) & 0xff : 128 + signal;
}

/** What one display name gathers in one tick; kept and reset, not made again. */
class Gathered {
  count = 0;
  cpuNs = 0;
  peakRssPages = 0;
  readonly lifetimesMs = new DDSketch();
  readonly exitCodes = new Map<number, number>();

  add(cpuNs: number, rssPages: number, lifetimeMs: number, exitCode: number): void {
    this.count++;
    this.cpuNs += cpuNs;
    if (rssPages > this.peakRssPages) this.peakRssPages = rssPages;
    this.lifetimesMs.add(lifetimeMs);
    this.exitCodes.set(exitCode, (this.exitCodes.get(exitCode) ?? 0) + 1);
  }

  summary(name: string, intervalMs: number, pageSize: number): ProcessEphemeralSummary {
    const codes: ExitCodeCount[] = [];
    for (const [exitCode, count] of this.exitCodes) codes.push({ exitCode, count });
    codes.sort((a, b) => a.exitCode - b.exitCode);
    const s = this.lifetimesMs;
    return {
      processDisplayName: name,
      processCount: this.count,
      cpuPercent: intervalMs > 0 ? (this.cpuNs / 1e6 / intervalMs) * 100 : 0,
      memoryResidentPeakBytes: this.peakRssPages * pageSize,
      lifetimeP50Ms: s.quantile(0.5),
      lifetimeP95Ms: s.quantile(0.95),
      lifetimeP99Ms: s.quantile(0.99),
      lifetimeMaxMs: s.max,
      exitCodes: codes,
    };
  }

  reset(): void {
    this.count = 0;
    this.cpuNs = 0;
    this.peakRssPages = 0;
    this.lifetimesMs.reset();
    this.exitCodes.clear();
  }
}

/** The key of the processes whose parent's comm the kernel could not read. */
const NO_PARENT = -1;

class GatheredByKey {
  private readonly byKey = new Map<number, Gathered>();
  private readonly touched: number[] = [];

  of(key: number): Gathered {
    let g = this.byKey.get(key);
    if (g === undefined) {
      g = new Gathered();
      this.byKey.set(key, g);
    }
    if (g.count === 0) this.touched.push(key);
    return g;
  }

  /** This tick's summaries; resets what they were made from. */
  take(nameOf: (key: number) => string, intervalMs: number, pageSize: number): ProcessEphemeralSummary[] {
    const out: ProcessEphemeralSummary[] = [];
    for (const key of this.touched) {
      const g = this.byKey.get(key)!;
      out.push(g.summary(nameOf(key), intervalMs, pageSize));
      g.reset();
    }
    this.touched.length = 0;
    return out;
  }

  /** Display ids were handed out anew: the keys mean other names now. */
  forget(): void {
    this.byKey.clear();
  }
}

export class EphemeralSummarizer implements ExitSummarizer {
  private readonly byName = new GatheredByKey();
  private readonly byParent = new GatheredByKey();
  private displayEpoch = -1;
  private lostBefore = 0;

  constructor(private readonly pageSize: number) {}

  /** Takes a read whose records belong to no tick: only where the ring's drop count stands. */
  startFrom(reader: BpfExitReader): void {
    this.lostBefore = reader.droppedTotal;
  }

  /**
   * Sums the records of the reader's last read. `names` is the scan's of the
   * same tick; `intervalMs` the time since the previous drain.
   */
  summarize(reader: BpfExitReader, names: NameTable, intervalMs: number): ProcessEphemeral {
    if (names.displayEpoch !== this.displayEpoch) {
      this.byName.forget();
      this.byParent.forget();
      this.displayEpoch = names.displayEpoch;
    }
    const bytes = reader.bytes;
    for (let i = 0; i < reader.count; i++) {
      const displayId = names.displayIdOf(names.idOfBytes(bytes, reader.commAt(i), reader.commLen(i)));
      const parentLen = reader.parentCommLen(i);
      const parentId = parentLen > 0 ? names.displayIdOf(names.idOfBytes(bytes, reader.parentCommAt(i), parentLen)) : NO_PARENT;
      const cpuNs = reader.runtimeNs(i);
      const rss = reader.maxRssPages(i);
      const lifetimeMs = Math.max(0, reader.exitNs(i) - reader.startNs(i)) / 1e6;
      const code = exitCodeOf(reader.exitStatus(i));
      this.byName.of(displayId).add(cpuNs, rss, lifetimeMs, code);
      this.byParent.of(parentId).add(cpuNs, rss, lifetimeMs, code);
    }
    const lost = reader.droppedTotal - this.lostBefore; // the ring's count is cumulative
    this.lostBefore = reader.droppedTotal;
    const nameOf = (key: number) => (key === NO_PARENT ? '' : names.displayName(key));
    return {
      byName: this.byName.take(nameOf, intervalMs, this.pageSize),
      byParent: this.byParent.take(nameOf, intervalMs, this.pageSize),
      exits: reader.count,
      lost,
      intervalMs,
    };
  }
}
