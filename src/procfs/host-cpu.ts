// Host cpu% from the first line of /proc/stat: jiffies spent per state since
// boot, so a percentage needs two reads. guest and guest_nice are already
// counted in user and nice, and are left out of the total.

import { readTextUnderRoot } from './proc-file.js';

export interface CpuTimes {
  /** user + nice + system + idle + iowait + irq + softirq + steal, in clock ticks. */
  total: number;
  /** idle + iowait. */
  idle: number;
}

/** The aggregate "cpu " line of a /proc/stat text, or undefined when it has none. */
export function parseCpuTimes(statText: string): CpuTimes | undefined {
  const m = /^cpu\s+(.*)$/m.exec(statText);
  if (!m) return undefined;
  const f = m[1].trim().split(/\s+/).slice(0, 8).map(Number);
  if (f.length < 4 || f.some((x) => !Number.isFinite(x))) return undefined;
  const [user, nice, system, idle, iowait = 0, irq = 0, softirq = 0, steal = 0] = f;
  return { total: user + nice + system + idle + iowait + irq + softirq + steal, idle: idle + iowait };
}

/** Busy share of all cpus between two readings, in percent; undefined when no time passed. */
export function cpuPercentBetween(before: CpuTimes, after: CpuTimes): number | undefined {
  const total = after.total - before.total;
  if (!(total > 0)) return undefined;
  const busy = total - (after.idle - before.idle);
  return Math.min(100, Math.max(0, (100 * busy) / total));
}

export class HostCpuSampler {
  private last: CpuTimes | undefined;
  private lastPercent: number | undefined;

  constructor(private readonly procRoot: string) {}

  /**
   * Reads /proc/stat; the cpu% since the previous call (undefined on the
   * first, or when unreadable). When no clock tick passed since then (the
   * agent's first tick comes right after the first reading; a tick is 5 ms
   * of 2 cpus at 100 Hz), the previous figure, or the average since boot
   * when there is none yet: the spec's cpu is a number, and a null in the
   * first telemetry body said "unreadable" of a file that was read.
   */
  sample(): number | undefined {
    let now: CpuTimes | undefined;
    try {
      now = parseCpuTimes(readTextUnderRoot(this.procRoot, 'stat'));
    } catch {
      now = undefined;
    }
    if (now === undefined) return undefined;
    const before = this.last;
    if (before === undefined) {
      this.last = now;
      return undefined;
    }
    const percent = cpuPercentBetween(before, now);
    // The older reading stays the baseline until a tick has passed.
    if (percent === undefined) return this.lastPercent ?? cpuPercentBetween({ total: 0, idle: 0 }, now);
    this.last = now;
    this.lastPercent = percent;
    return percent;
  }
}
