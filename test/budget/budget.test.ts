// The agent's own cost, enforced: 3,000 real sleeping processes and the real
// agent (`infrawatch run`), measured twice from /proc:
// - the default config itself (10 s interval) over 60 s, six ticks: the
//   figure the budget is about. Asserted: ≤ 1.5 % of the host's cpu (the
//   seed's bound) and RSS ≤ 100 MB, peak included. Our own target, 0.5 % of
//   one core, is printed against the figure but not met with the /proc
//   scanner on this 2-cpu machine (0.60–0.75 % measured: a tick after 10 s
//   of quiet costs ~75 ms of cpu, 40 of them the kernel formatting 3,000
//   stat files, against ~40 ms a tick at 1 s); what is asserted of it is a
//   guard against regressions, ≤ 1 % of one core;
// - a 1 s interval over 15 s, ten times harsher: a margin, printed, and its
//   peak RSS asserted too.
// The two runs also give the idle share: with cpu = ticks × c + idle × wall
// in both, two equations give a tick's cost c and the cost between ticks.
// (Dividing the 1 s figure by ten, as this test did before, assumed the
// idle cost was zero.) The test kills exactly the processes it started.

import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { readSystemConf } from '../../src/procfs/system-conf.js';
import { unitNodeFlags } from '../agent-command.js';
import { CLI, startSleepers, type Sleepers } from '../helpers.js';

const SLEEPERS = 3000;
const BUDGET_HOST_PERCENT = 1.5;
/** Our target at the default config (not met: see above), and the guard that is asserted. */
const TARGET_ONE_CORE_PERCENT = 0.5;
const GUARD_ONE_CORE_PERCENT = 1;
const BUDGET_RSS_MB = 100;

let sleepers: Sleepers | undefined;
let agent: ChildProcess | undefined;
const dir = mkdtempSync(join(tmpdir(), 'iw-budget-'));

afterAll(async () => {
  agent?.kill('SIGKILL');
  sleepers?.kill();
  rmSync(dir, { recursive: true, force: true });
});

function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]); // (14) utime + (15) stime: every thread of the process
}

function memKb(pid: number, key: string): number {
  return Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
}

interface Run {
  intervalS: number;
  wallS: number;
  ticks: number;
  cpuS: number;
  rssMb: number;
  peakMb: number;
}

/** The agent with `configLines` (plus its folders), measured over `ticks` intervals, then stopped with SIGINT. */
async function measure(name: string, intervalS: number, ticks: number, configLines: string[]): Promise<Run> {
  const config = join(dir, `${name}.yaml`);
  writeFileSync(config, [...configLines, `spool_dir: ${join(dir, name, 'spool')}`, `queue_dir: ${join(dir, name, 'queue')}`, 'metrics_listen: ""'].join('\n') + '\n');
  // Started as the systemd unit starts it (its node flags).
  agent = spawn(process.execPath, [...unitNodeFlags(), CLI, 'run', '--config', config], { stdio: 'ignore' });
  const pid = agent.pid!;
  // The scheduler ticks at start (within a second) and then every interval:
  // a window that starts half an interval after a tick holds `ticks` of them
  // (at 1 s, after the first two, with the first scan's fd opening behind).
  await sleep(Math.max(2.5, intervalS / 2) * 1000);
  const { clockTicksPerSecond } = readSystemConf();
  const t0 = performance.now();
  const c0 = cpuTicks(pid);
  await sleep(ticks * intervalS * 1000);
  const c1 = cpuTicks(pid);
  const wallS = (performance.now() - t0) / 1000;
  const run = { intervalS, wallS, ticks, cpuS: (c1 - c0) / clockTicksPerSecond, rssMb: memKb(pid, 'VmRSS') / 1024, peakMb: memKb(pid, 'VmHWM') / 1024 };
  agent.kill('SIGINT');
  const [code] = await once(agent, 'exit');
  agent = undefined;
  expect(code, `${name} run's exit code`).toBe(0);
  return run;
}

describe(`the agent's budget with ${SLEEPERS} processes`, () => {
  it(`uses ≤ ${BUDGET_HOST_PERCENT} % of the host (and ≤ ${GUARD_ONE_CORE_PERCENT} % of one core) at the default config, and ≤ ${BUDGET_RSS_MB} MB RSS`, async () => {
    sleepers = await startSleepers(SLEEPERS);
    const cores = availableParallelism();

    // The default config, only its folders moved into the test's (and no health listener: nothing scrapes it here).
    const byDefault = await measure('default', 10, 6, []);
    // The scan breaker off (budget 100 %): the 1 s run is of the agent at a true 1 s interval.
    const harsh = await measure('harsh', 1, 15, ['interval_seconds: 1', 'scan_cpu_budget_percent: 100']);

    const percentOfOneCore = (r: Run) => (100 * r.cpuS) / r.wallS;
    // cpu = ticks × c + idle × wall, for both runs.
    const idlePerS = (byDefault.cpuS * harsh.ticks - harsh.cpuS * byDefault.ticks) / (byDefault.wallS * harsh.ticks - harsh.wallS * byDefault.ticks);
    const tickCpuS = (harsh.cpuS - idlePerS * harsh.wallS) / harsh.ticks;
    const idleShare = (idlePerS * byDefault.wallS) / byDefault.cpuS;
    const line = (label: string, r: Run) =>
      `  ${label}: ${r.ticks} ticks in ${r.wallS.toFixed(1)} s, cpu ${r.cpuS.toFixed(2)} s = ${percentOfOneCore(r).toFixed(3)} % of one core = ` +
      `${(percentOfOneCore(r) / cores).toFixed(3)} % of the host (${cores} cpus); RSS ${r.rssMb.toFixed(1)} MB, peak ${r.peakMb.toFixed(1)} MB`;
    console.log(
      [
        `budget: ${SLEEPERS} sleepers`,
        line('default config (10 s)', byDefault),
        line('1 s interval', harsh),
        `  a tick ≈ ${(tickCpuS * 1000).toFixed(1)} ms of cpu; between ticks ≈ ${(idlePerS * 1000).toFixed(2)} ms of cpu a second, ` +
          `${(100 * idleShare).toFixed(1)} % of the default config's cpu (the rest is the ticks)`,
        `  at the default config: budget ${BUDGET_HOST_PERCENT} % of the host, ${BUDGET_RSS_MB} MB RSS peak; ` +
          `one core: target ${TARGET_ONE_CORE_PERCENT} % (${percentOfOneCore(byDefault) <= TARGET_ONE_CORE_PERCENT ? 'met' : 'NOT met'}), regression guard ${GUARD_ONE_CORE_PERCENT} %`,
      ].join('\n'),
    );

    expect(percentOfOneCore(byDefault) / cores).toBeLessThanOrEqual(BUDGET_HOST_PERCENT);
    expect(percentOfOneCore(byDefault)).toBeLessThanOrEqual(GUARD_ONE_CORE_PERCENT);
    expect(byDefault.peakMb).toBeLessThanOrEqual(BUDGET_RSS_MB);
    expect(harsh.peakMb).toBeLessThanOrEqual(BUDGET_RSS_MB);
  }, 120_000);
});
