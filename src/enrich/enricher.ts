// The costly files, read only for rows that leave the process: the command
// line (scrubbed) and the user, cached per (pid, starttime) so a process
// that stays a row is read once; io, fresh every tick (it changes).

import { readCommandLine } from '../procfs/read-cmdline.js';
import { readIo, type ProcessIo } from '../procfs/read-io.js';
import { readUid } from '../procfs/read-status.js';
import { PasswdCache } from '../procfs/passwd.js';
import type { Scrubber } from './scrub-cmdline.js';

export interface Enrichment {
  /** argv[0]: OTLP's process.command. */
  readonly command: string;
  readonly commandLine: string;
  readonly commandLineTruncated: boolean;
  readonly userName: string;
}

interface CacheEntry {
  starttime: number;
  enrichment: Enrichment;
  tick: number;
}

export interface EnricherOptions {
  readonly procRoot: string;
  readonly cmdlineMaxBytes: number;
  /** Masks secrets in command lines; undefined: scrubbing is off. */
  readonly scrub: Scrubber | undefined;
  readonly passwd?: PasswdCache;
}

export class Enricher {
  /** Keyed by table slot; the starttime tells a reused slot from the same process. */
  private readonly cache = new Map<number, CacheEntry>();
  private readonly passwd: PasswdCache;
  private tick = 0;
  /** Files read this tick (cmdline and status of processes not cached). */
  reads = 0;

  constructor(private readonly options: EnricherOptions) {
    this.passwd = options.passwd ?? new PasswdCache();
  }

  beginTick(): void {
    this.tick++;
    this.reads = 0;
    this.passwd.refresh();
  }

  enrich(slot: number, pid: number, starttime: number): Enrichment {
    const hit = this.cache.get(slot);
    if (hit !== undefined && hit.starttime === starttime) {
      hit.tick = this.tick;
      return hit.enrichment;
    }
    const o = this.options;
    const cmdline = readCommandLine(o.procRoot, pid, o.cmdlineMaxBytes);
    const uid = readUid(o.procRoot, pid);
    this.reads += 2;
    const text = cmdline?.text ?? '';
    const command = cmdline?.command ?? '';
    const enrichment: Enrichment = {
      command: o.scrub ? o.scrub(command) : command,
      commandLine: o.scrub ? o.scrub(text) : text,
      commandLineTruncated: cmdline?.truncated ?? false,
      userName: uid === undefined ? '' : this.passwd.nameOf(uid),
    };
    this.cache.set(slot, { starttime, enrichment, tick: this.tick });
    return enrichment;
  }

  io(pid: number): ProcessIo | undefined {
    return readIo(this.options.procRoot, pid);
  }

  /** Forgets the processes that were not rows this tick. */
  endTick(): void {
    for (const [slot, entry] of this.cache) if (entry.tick !== this.tick) this.cache.delete(slot);
  }
}
