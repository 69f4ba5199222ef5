// A process's cpu and RSS from /proc, for the benches that run a server as
// a child process (server-ingest, victoria-metrics).

import { readFileSync } from 'node:fs';

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
