// Generated /proc-like trees of N pids for the bench: one folder per pid
// with a realistic stat line. Kept under the system temp folder and reused
// across runs (a marker file records that a tree is complete).

import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const NAMES = ['sleep', 'bash', 'nginx: worker', 'postgres', 'java', 'python3', 'kworker/u8:1-events', 'node', 'sshd', '(sd-pam)'];

function statLine(pid: number): string {
  const name = NAMES[pid % NAMES.length];
  const utime = (pid * 7919) % 100000;
  const stime = (pid * 104729) % 20000;
  return `${pid} (${name}) S 1 ${pid} ${pid} 0 -1 4194560 ${pid * 13} 0 ${pid % 17} 0 ${utime} ${stime} 0 0 20 0 ${1 + (pid % 9)} 0 ${400000 + pid} ${3133440 + pid * 4096} ${386 + (pid % 5000)} 18446744073709551615 94861348093952 94861348113833 140721295150016 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0 94861348129840 94861348131456 94862244757504 140721295153890 140721295153910 140721295153910 140721295155179 0\n`;
}

/** A tree of `count` pids (100, 101, …); built on first use. */
export function procTree(count: number): string {
  const root = join(tmpdir(), 'infrawatch-bench-trees', String(count));
  const marker = join(root, '.complete');
  if (existsSync(marker)) return root;
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  for (let pid = 100; pid < 100 + count; pid++) {
    mkdirSync(join(root, String(pid)));
    writeFileSync(join(root, String(pid), 'stat'), statLine(pid));
  }
  mkdirSync(join(root, 'self'));
  writeFileSync(marker, '');
  return root;
}
