// Brings the host to a target count of live processes (sleepers make up the
// difference) for the benches that measure at 1k–20k real processes, and
// says what stops a count from being reached: nothing here raises a limit.

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pidOfEntry } from '../src/procfs/list-pids.js';
import { packageRoot } from '../src/paths.js';
import { startForkedSleepers, startSleepers, type Sleepers } from './sleepers.js';

/** bench/sleepers-fork.c built into bench/build, or undefined without a C compiler (then bash starts them, slowly). */
function forker(): string | undefined {
  if (spawnSync('sh', ['-c', 'command -v cc']).status !== 0) return undefined;
  const dir = join(packageRoot, 'bench', 'build');
  mkdirSync(dir, { recursive: true });
  const bin = join(dir, 'sleepers-fork');
  execFileSync('cc', ['-O2', '-o', bin, join(packageRoot, 'bench', 'sleepers-fork.c')]);
  return bin;
}

/** Processes listed in /proc now. */
export function liveProcessCount(): number {
  return readdirSync('/proc').filter((n) => pidOfEntry(n) > 0).length;
}

/** Threads (every one takes a pid) the kernel has now: the total of /proc/loadavg's "running/total". */
function liveTaskCount(): number {
  return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[3].split('/')[1]);
}

function readNumber(path: string): number {
  try {
    const text = readFileSync(path, 'utf8').trim();
    return text === 'max' ? Number.POSITIVE_INFINITY : Number(text);
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/** The lowest of the limits on how many more tasks may start, each named. */
export function taskHeadroom(): { tasks: number; limitedBy: string } {
  const running = liveTaskCount();
  const cgroup = readFileSync('/proc/self/cgroup', 'utf8')
    .split('\n')
    .map((l) => l.split(':'))
    .find((f) => f[1] === 'pids' || (f[0] === '0' && f[1] === ''));
  const cgroupMax = cgroup === undefined ? Number.POSITIVE_INFINITY : Math.min(readNumber(`/sys/fs/cgroup/pids${cgroup[2]}/pids.max`), readNumber(`/sys/fs/cgroup${cgroup[2]}/pids.max`));
  const nproc = /^Max processes\s+(\d+|unlimited)/m.exec(readFileSync('/proc/self/limits', 'utf8'))?.[1];
  const limits: [string, number][] = [
    ['kernel.pid_max', readNumber('/proc/sys/kernel/pid_max')],
    ['kernel.threads-max', readNumber('/proc/sys/kernel/threads-max')],
    ['the pids cgroup (pids.max)', cgroupMax],
    // RLIMIT_NPROC does not hold root (CAP_SYS_RESOURCE).
    ['ulimit -u', process.getuid?.() === 0 || nproc === undefined || nproc === 'unlimited' ? Number.POSITIVE_INFINITY : Number(nproc)],
  ];
  const [name, limit] = limits.reduce((a, b) => (b[1] < a[1] ? b : a));
  return { tasks: limit - running, limitedBy: `${name} = ${limit}, ${running} tasks running` };
}

export interface ProcessCount {
  /** Processes in /proc when the count was reached. */
  readonly count: number;
  /** Kills the sleepers started for it and waits until they have left /proc. */
  stop(): Promise<void>;
}

/**
 * Starts sleepers until /proc lists `target` processes, within `tolerance`
 * (other processes come and go meanwhile). Throws, naming the limit, when
 * the host cannot hold that many; the caller reports the count it got.
 */
export async function reachProcessCount(target: number, tolerance = 0.03): Promise<ProcessCount> {
  const groups: Sleepers[] = [];
  const stop = async () => {
    for (const g of groups) await g.stop();
  };
  const bin = forker();
  let count = liveProcessCount();
  for (let round = 0; round < 5 && count < target * (1 - tolerance); round++) {
    const extra = target - count;
    const headroom = taskHeadroom();
    // Room for the rest of the host to go on forking meanwhile.
    if (extra > headroom.tasks - 500) {
      await stop();
      throw new Error(`${target} processes cannot be reached: ${extra} more are needed and ${headroom.limitedBy}`);
    }
    groups.push(await (bin === undefined ? startSleepers(extra) : startForkedSleepers(extra, bin)));
    count = liveProcessCount();
  }
  if (count < target * (1 - tolerance)) {
    await stop();
    throw new Error(`${target} processes not reached: ${count} after 5 rounds of sleepers`);
  }
  return { count, stop };
}
