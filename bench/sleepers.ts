// Thousands of real sleeping processes for the live-/proc bench, started in
// a process group of their own and killed as that group (never by name).

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Sleepers {
  readonly pids: number[];
  /** The shell that started them: their parent, and the leader of their process group. */
  readonly leader: number;
  kill(): void;
  /**
   * Kills them and waits until every one has left /proc: a killed process
   * stays listed until it is reaped (here by pid 1, once its shell died
   * too), and a bench that counted the next round's processes before then
   * counted thousands of the last round's (issue 18's 3k round read 2,071).
   */
  stop(timeoutMs?: number): Promise<void>;
}

const STOP_POLL_MS = 50;

/** `count` processes named sleep (tests look for the name), started by a bash loop. */
export function startSleepers(count: number): Promise<Sleepers> {
  return startGroup('bash', ['-c', `for i in $(seq ${count}); do sleep 3600 & echo $!; done; echo ready; wait`]);
}

/** `count` processes forked by `forker` (bench/sleepers-fork.c, built): thousands a second where bash starts tens. */
export function startForkedSleepers(count: number, forker: string): Promise<Sleepers> {
  return startGroup(forker, [String(count)]);
}

/** Runs a command that starts processes, prints each one's pid and then "ready", and stays their parent. */
async function startGroup(command: string, args: string[]): Promise<Sleepers> {
  const group: ChildProcess = spawn(command, args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const kill = () => {
    try {
      process.kill(-group.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  // Before the wait: a caller that gives up on a slow start (a test hook's
  // timeout) still leaves none behind when it exits.
  process.once('exit', kill);
  const pids: number[] = [];
  for await (const line of createInterface({ input: group.stdout! })) {
    if (line === 'ready') break;
    pids.push(Number(line));
  }
  const stop = async (timeoutMs = 120_000) => {
    kill();
    const deadline = Date.now() + timeoutMs;
    let left = [group.pid!, ...pids];
    while (left.length > 0) {
      left = left.filter((pid) => existsSync(`/proc/${pid}`));
      if (left.length === 0) break;
      if (Date.now() > deadline) throw new Error(`${left.length} of ${pids.length} sleepers still in /proc ${timeoutMs} ms after SIGKILL (pid ${left[0]} among them)`);
      await sleep(STOP_POLL_MS);
    }
  };
  return { pids, leader: group.pid!, kill, stop };
}
