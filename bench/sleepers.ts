// Thousands of real sleeping processes for the live-/proc bench, started in
// a process group of their own and killed as that group (never by name).

import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface Sleepers {
  readonly pids: number[];
  /** The shell that started them: their parent, and the leader of their process group. */
  readonly leader: number;
  kill(): void;
}

export async function startSleepers(count: number): Promise<Sleepers> {
  const group: ChildProcess = spawn('bash', ['-c', `for i in $(seq ${count}); do sleep 3600 & echo $!; done; echo ready; wait`], {
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
  return { pids, leader: group.pid!, kill };
}
