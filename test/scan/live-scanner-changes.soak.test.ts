// Live changes of the keys that rebuild the scanner (proc_root, pool_size,
// keep_stat_fds, fd_reserve, scan_worker_timeout_seconds), many of them, on
// a host with thousands of processes. Each change makes a new scan pool and
// table and closes the old ones; every kept stat fd must be closed once, by
// its one owner. The bug this guards against: the workers' exit closed the
// fds they had opened, then the table closed the same numbers again, by
// then reused by a new worker or a socket, and the agent aborted (exit 134)
// within a few dozen changes.
//
// Processes also come and go, as on any host: a stat fd closed by the
// table's sweep stayed on its worker's list of fds to close at exit, and
// was closed then under whoever held the number by that time.
//
// These keys may be set only in the config file (CONFIG_SCOPE 'local'), so
// the changes are made the way an operator makes them: the file rewritten,
// then SIGHUP.

import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readlinkSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isTick, runAgent, startSleepers } from '../helpers.js';
import { parseExposition } from '../health/exposition-parser.js';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const SLEEPERS = 3000;
const CHANGES = 200;
const INTERVAL_MS = 400;

interface ScanKeys {
  proc_root: string;
  pool_size: number;
  keep_stat_fds: boolean;
  fd_reserve: number;
  scan_worker_timeout_seconds: number;
}

/** The agent's open fds: the kept /proc/<pid>/stat ones (by pid) and the count of all others. */
function fdsOf(pid: number): { statPids: number[]; others: number } {
  const statPids: number[] = [];
  let others = 0;
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    let target: string;
    try {
      target = readlinkSync(`/proc/${pid}/fd/${fd}`);
    } catch {
      continue; // closed while listed
    }
    const m = /^\/proc\/(\d+)\/stat$/.exec(target);
    if (m) statPids.push(Number(m[1]));
    else others++;
  }
  return { statPids, others };
}

describe('live changes of the scanner’s keys', () => {
  it(`takes ${CHANGES} of them with ${SLEEPERS} processes: the agent lives, every kept fd is closed once, no tick is lost`, async () => {
    const sleepers = await startSleepers(SLEEPERS);
    cleanups.push(sleepers.kill);
    // About 50 short-lived processes a second, in a process group of their own.
    const churn = spawn('bash', ['-c', 'while :; do for i in 1 2 3 4 5; do sleep 0.3 & done; sleep 0.1; done'], { detached: true, stdio: 'ignore' });
    cleanups.push(() => {
      try {
        process.kill(-churn.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    });
    const dir = mkdtempSync(join(tmpdir(), 'iw-live-scan-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    // A second path to the same, real proc tree.
    const procLink = join(dir, 'proc');
    symlinkSync('/proc', procLink);

    const file = join(dir, 'agent.yaml');
    const base: ScanKeys = { proc_root: '/proc', pool_size: 1, keep_stat_fds: true, fd_reserve: 256, scan_worker_timeout_seconds: 10 };
    const write = (keys: ScanKeys) => {
      const text = [
        // The procfs scanner: its pool and kept fds are what the changes rebuild (BPF keeps none).
        'scanner: procfs',
        `interval_seconds: ${INTERVAL_MS / 1000}`, `spool_dir: ${join(dir, 'spool')}`, 'metrics_listen: "127.0.0.1:0"', 'scan_cpu_budget_percent: 100',
        ...Object.entries(keys).map(([k, v]) => `${k}: ${v}`),
      ].join('\n');
      // Whole or not at all: the file poll must never read half a file.
      writeFileSync(file + '.tmp', text + '\n');
      renameSync(file + '.tmp', file);
    };
    write(base);
    const agent = runAgent(file);
    // stop() waits for an exit that already happened when the agent died of a signal.
    const exited = () => agent.child.exitCode !== null || agent.child.signalCode !== null;
    cleanups.push(() => void (exited() ? undefined : agent.stop()));
    let stderrText = '';
    agent.child.stderr!.on('data', (d: Buffer) => (stderrText += d.toString()));
    const pid = agent.child.pid!;
    const ticks = () => agent.logs().filter(isTick);
    const generation = () => agent.logs().filter((l) => l.msg === 'config reloaded').at(-1)?.generation ?? 1;
    await agent.waitFor(() => ticks().length >= 3, 'three ticks');
    const port = agent.logs().find((l) => l.msg === 'health listening')!.port as number;

    /** The fds once a tick has passed, and the table's own count of its kept fds. */
    const settledFds = async () => {
      const n = ticks().length;
      await agent.waitFor(() => ticks().length >= n + 2, 'two more ticks');
      const metrics = parseExposition(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text());
      const kept = metrics.get('agent_stat_fds_kept')!.samples[0].value;
      return { ...fdsOf(pid), kept };
    };
    const before = await settledFds();

    const keys = { ...base };
    const POOL_SIZES = [2, 0, 1];
    const change: ((i: number) => void)[] = [
      () => (keys.proc_root = keys.proc_root === '/proc' ? procLink : '/proc'),
      (i) => (keys.pool_size = POOL_SIZES[Math.floor(i / 5) % 3]),
      () => (keys.keep_stat_fds = !keys.keep_stat_fds),
      () => (keys.fd_reserve = keys.fd_reserve === 256 ? 300 : 256),
      () => (keys.scan_worker_timeout_seconds = keys.scan_worker_timeout_seconds === 10 ? 5 : 10),
    ];
    // Every tick slot from here on must be accounted for: run (a 'tick' line) or counted skipped.
    const slotsSoFar = () => ticks().length + ticks().at(-1)!.skipped;
    const slotsBefore = slotsSoFar();
    const skippedBefore = ticks().at(-1)!.skipped;
    const t0 = Date.now();
    let made = 0;
    for (let i = 0; i < CHANGES; i++) {
      change[i % change.length](i);
      write(keys);
      const g = generation();
      agent.child.kill('SIGHUP');
      await agent.waitFor(() => generation() > g || exited(), `change ${i + 1} taken`);
      expect(exited(), `agent exited (${agent.child.exitCode ?? agent.child.signalCode}) after ${made} changes; stderr:\n${stderrText.slice(-2000)}`).toBe(false);
      made++;
    }
    const stormMs = Date.now() - t0;
    // Back to where it started, then settled.
    write(base);
    agent.child.kill('SIGHUP');
    await agent.waitFor(() => agent.logs().filter((l) => l.msg === 'config reloaded').length >= CHANGES + 1 || exited(), 'the last change');
    expect(exited()).toBe(false);
    const after = await settledFds();
    const slots = slotsSoFar() - slotsBefore;
    const slotsDue = (Date.now() - t0) / INTERVAL_MS;

    const skipped = ticks().at(-1)!.skipped - skippedBefore;
    console.log(
      `${made} changes in ${stormMs} ms (${(stormMs / made).toFixed(0)} ms each); ${slots} tick slots of ${INTERVAL_MS} ms in ${slotsDue.toFixed(1)} intervals: ${slots - skipped} ticks, ${skipped} skipped; ` +
        `fds before: ${before.others} + ${before.statPids.length} stat (${before.kept} kept by the table), after: ${after.others} + ${after.statPids.length} stat (${after.kept} kept)`,
    );
    // Every fd that is not a stat file is back: nothing leaked, nothing of another owner's was closed (it would have been reopened or lost).
    expect(Math.abs(after.others - before.others)).toBeLessThanOrEqual(3);
    // One kept fd per process, each in the table: no scanner's fds outlived it.
    expect(new Set(after.statPids).size).toBe(after.statPids.length);
    for (const p of sleepers.pids.slice(0, 50)) expect(after.statPids).toContain(p);
    // Processes of the host may come and go between the tick and the listing.
    expect(Math.abs(after.statPids.length - after.kept)).toBeLessThanOrEqual(20);
    // No tick lost: every interval's tick ran or was counted skipped (a
    // rebuild with thousands of processes may outlast a slot), none failed.
    // A tick's line comes at its end: the last ones may still be running.
    expect(slots).toBeGreaterThanOrEqual(Math.floor(slotsDue) - 3);
    expect(slots).toBeLessThanOrEqual(Math.ceil(slotsDue) + 1);
    expect(agent.logs().filter((l) => l.msg === 'tick failed')).toEqual([]);
    // No fd closed twice: a close that fails is reported on stderr.
    expect(stderrText).not.toMatch(/EBADF|IW_WARN_FD_OWNER/);
    expect(await agent.stop()).toBe(0);
  }, 180_000);
});
