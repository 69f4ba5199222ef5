// Host cpu% from the first line of /proc/stat: jiffies spent per state since
// boot, so a percentage needs two reads. guest and guest_nice are already
// counted in user and nice, and are left out of the total.

import { readTextUnderRoot } from './proc-file.js';

/** The cpu modes of the OpenTelemetry conventions (cpu.mode), from the columns of /proc/stat's cpu line; interrupt = irq + softirq. */
export const CPU_MODES = ['user', 'nice', 'system', 'idle', 'iowait', 'interrupt', 'steal'] as const;
export type CpuMode = (typeof CPU_MODES)[number];

export interface CpuTimes {
  /** user + nice + system + idle + iowait + irq + softirq + steal, in clock ticks. */
  total: number;
  /** idle + iowait. */
  idle: number;
  /** Clock ticks per mode, in CPU_MODES order. */
  modes: readonly number[];
}

/** The aggregate "cpu " line of a /proc/stat text, or undefined when it has none. */
export function parseCpuTimes(statText: string): CpuTimes | undefined {
  const m = /^cpu\s+(.*)$/m.exec(statText);
  if (!m) return undefined;
  const f = m[1].trim().split(/\s+/).slice(0, 8).map(Number);
  if (f.length < 4 || f.some((x) => !Number.isFinite(x))) return undefined;
  const [user, nice, system, idle, iowait = 0, irq = 0, softirq = 0, steal = 0] = f;
  return { total: user + nice + system + idle + iowait + irq + softirq + steal, idle: idle + iowait, modes: [user, nice, system, idle, iowait, irq + softirq, steal] };
}

/** The boot time (the btime line of /proc/stat: seconds since the epoch), in ms; undefined when absent. */
export function parseBootTimeMs(statText: string): number | undefined {
  const m = /^btime\s+(\d+)\s*$/m.exec(statText);
  return m ? Number(m[1]) * 1000 : undefined;
}

/** Each mode's share of the cpu time between two readings (in CPU_MODES order, summing to 1); undefined when no time passed. */
export function cpuModeSharesBetween(before: CpuTimes, after: CpuTimes): number[] | undefined {
  const total = after.total - before.total;
  if (!(total > 0)) return undefined;
  return after.modes.map((ticks, k) => Math.min(1, Math.max(0, (ticks - before.modes[k]) / total)));
}

/** Busy share of all cpus between two readings, in percent; undefined when no time passed. */
export function cpuPercentBetween(before: CpuTimes, after: CpuTimes): number | undefined {
  const total = after.total - before.total;
  if (!(total > 0)) return undefined;
  const busy = total - (after.idle - before.idle);
  return Math.min(100, Math.max(0, (100 * busy) / total));
}

/** A reading of zero ticks in every mode: the baseline of the averages since boot. */
const SINCE_BOOT: CpuTimes = { total: 0, idle: 0, modes: CPU_MODES.map(() => 0) };

export class HostCpuSampler {
  private last: CpuTimes | undefined;
  private lastPercent: number | undefined;
  /** Each mode's share between the last two readings (CPU_MODES order), for OTLP's system.cpu.utilization. */
  modeShares: number[] | undefined;
  /** When the host booted (ms since the epoch), from the last reading: processes' start times count from it. */
  bootTimeMs: number | undefined;

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
      const text = readTextUnderRoot(this.procRoot, 'stat');
      now = parseCpuTimes(text);
      this.bootTimeMs = parseBootTimeMs(text);
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
    if (percent === undefined) {
      this.modeShares ??= cpuModeSharesBetween(SINCE_BOOT, now);
      return this.lastPercent ?? cpuPercentBetween(SINCE_BOOT, now);
    }
    this.last = now;
    this.modeShares = cpuModeSharesBetween(before, now);
    this.lastPercent = percent;
    return percent;
  }
}
