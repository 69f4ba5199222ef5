// `infrawatch record`: what the scanner and the enrichment read from /proc,
// tick by tick, into a recording (see recording-file.ts). A file is recorded
// when it changes: the stat of a sleeping process is the same text tick
// after tick, so a recording of thousands of idle processes stays small.
//
// This is a development tool, not the agent: it makes a Buffer per file
// read, which the agent's scan never does.

import { closeSync, openSync, readSync } from 'node:fs';
import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { listProcEntries, pidOfEntry } from '../procfs/list-pids.js';
import type { SystemConf } from '../procfs/system-conf.js';
import { RecordingWriter, type RecordedFile } from './recording-file.js';

export interface RecordOptions {
  readonly procRoot: string;
  readonly out: string;
  readonly durationS: number;
  readonly intervalMs: number;
  readonly system: SystemConf;
  /** Bytes of a command line kept (as the enrichment keeps). */
  readonly cmdlineMaxBytes: number;
  readonly note?: string;
  /** Ends the recording early, with the ticks so far in a whole file (Ctrl-C). */
  readonly signal?: AbortSignal;
}

export interface RecordSummary {
  ticks: number;
  pidsLastTick: number;
  fileBytes: number;
  rawBytes: number;
}

const READ_CAP = 64 * 1024;
const buf = Buffer.allocUnsafe(READ_CAP);

/** The file's bytes (at most `cap`), or undefined when it cannot be read. */
function readCapped(path: string, cap = READ_CAP): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined;
  }
  try {
    let n = 0;
    while (n < cap) {
      const got = readSync(fd, buf, n, cap - n, null);
      if (got === 0) break;
      n += got;
    }
    return Buffer.from(buf.subarray(0, n));
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** Field 22 of a stat text (starttime): tells a new process from the same pid reused. */
function starttimeOf(stat: Buffer): string {
  const text = stat.toString('latin1');
  return text.slice(text.lastIndexOf(')') + 2).split(' ')[19] ?? '';
}

/** The "Uid:" line of a status file: all the enrichment reads of it. */
function uidLineOf(status: Buffer | undefined): Buffer | undefined {
  if (status === undefined) return undefined;
  const m = /^Uid:.*$/m.exec(status.toString('latin1'));
  return m ? Buffer.from(m[0] + '\n', 'latin1') : Buffer.alloc(0);
}

/** Records what changed since the last record of each pid. */
class ChangeTracker {
  private last = new Map<number, Buffer | undefined>();
  private next = new Map<number, Buffer | undefined>();

  /** The record for `pid` if its file changed (or failed, or is new); undefined when unchanged. */
  see(pid: number, data: Buffer | undefined): RecordedFile | undefined {
    const known = this.last.has(pid);
    const before = this.last.get(pid);
    this.next.set(pid, data);
    if (known && (before === undefined ? data === undefined : data !== undefined && before.equals(data))) return undefined;
    return data === undefined ? { pid, absent: true } : { pid, data };
  }

  /** Forgets the pids not seen this tick. */
  endTick(): void {
    this.last = this.next;
    this.next = new Map();
  }
}

export async function record(o: RecordOptions, log: (line: string) => void = () => {}): Promise<RecordSummary> {
  const writer = new RecordingWriter(o.out, {
    clockTicksPerSecond: o.system.clockTicksPerSecond,
    pageSizeBytes: o.system.pageSizeBytes,
    hostCpus: o.system.hostCpus,
    intervalMs: o.intervalMs,
    startedUnixMs: Date.now(),
    hostName: hostname(),
    note: o.note ?? '',
  });
  const stats = new ChangeTracker();
  const ios = new ChangeTracker();
  let processes = new Map<number, string>(); // pid → starttime of the process recorded
  const t0 = performance.now();
  const ticks = Math.max(1, Math.round((o.durationS * 1000) / o.intervalMs));
  let pidsLastTick = 0;
  let done = 0;
  for (let k = 0; k < ticks && !o.signal?.aborted; k++) {
    const wait = t0 + k * o.intervalMs - performance.now();
    if (wait > 0) await sleep(wait, undefined, { signal: o.signal }).catch(() => {});
    if (o.signal?.aborted) break;
    const atMs = performance.now() - t0;
    const unixMs = Date.now();
    const pids = listProcEntries(o.procRoot).map(pidOfEntry).filter((p) => p > 0);
    const tick = { atMs, unixMs, pids, stats: [] as RecordedFile[], cmdlines: [] as RecordedFile[], statuses: [] as RecordedFile[], ios: [] as RecordedFile[] };
    const seen = new Map<number, string>();
    for (const pid of pids) {
      const dir = `${o.procRoot}/${pid}`;
      const stat = readCapped(`${dir}/stat`);
      const changed = stats.see(pid, stat);
      if (changed) tick.stats.push(changed);
      if (stat === undefined) continue;
      const start = starttimeOf(stat);
      seen.set(pid, start);
      if (processes.get(pid) !== start) {
        const cmdline = readCapped(`${dir}/cmdline`, o.cmdlineMaxBytes + 1);
        tick.cmdlines.push(cmdline === undefined ? { pid, absent: true } : { pid, data: cmdline });
        const uid = uidLineOf(readCapped(`${dir}/status`));
        tick.statuses.push(uid === undefined ? { pid, absent: true } : { pid, data: uid });
      }
      const io = ios.see(pid, readCapped(`${dir}/io`));
      if (io) tick.ios.push(io);
    }
    stats.endTick();
    ios.endTick();
    processes = seen;
    writer.tick(tick);
    done++;
    pidsLastTick = pids.length;
    log(`tick ${k + 1}/${ticks}: ${pids.length} pids, ${tick.stats.length} stat changes, ${tick.cmdlines.length} new processes`);
  }
  const fileBytes = await writer.close();
  return { ticks: done, pidsLastTick, fileBytes, rawBytes: writer.rawBytes };
}
