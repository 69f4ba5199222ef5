// A process's cpu and RSS from /proc, for the benches that run a server as
// a child process (server-ingest, scaleout-ingest, victoria-metrics).

import { readdirSync, readFileSync } from 'node:fs';

/** utime + stime of `pid`, in seconds: (14) and (15) of /proc/<pid>/stat, after the comm's last ')'. */
export function cpuSecondsOf(pid: number): number {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** VmRSS of `pid`, bytes. */
export function rssBytesOf(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}

/** `pid` and every process below it (its children, theirs, …), from each process's ppid in /proc: PostgreSQL's backends, say. */
export function processTreeOf(pid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const text = readFileSync(`/proc/${name}/stat`, 'utf8');
      parentOf.set(Number(name), Number(text.slice(text.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone since the listing
    }
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) for (const [child, parent] of parentOf) if (parent === tree[i]) tree.push(child);
  return tree;
}

/** The cpu seconds of every process of `pids` still running (0 for one that is gone). */
export function treeCpuSecondsOf(pids: readonly number[]): number {
  let sum = 0;
  for (const pid of pids) {
    try {
      sum += cpuSecondsOf(pid);
    } catch {
      // gone
    }
  }
  return sum;
}

/** The pid of the process below this one (a child, or theirs) whose comm is `comm`: an engine a bench started. */
export function childNamed(comm: string): number {
  const pid = processTreeOf(process.pid).find((p) => p !== process.pid && readFileSync(`/proc/${p}/comm`, 'utf8').trim() === comm);
  if (pid === undefined) throw new Error(`no child process named ${comm}`);
  return pid;
}
