// The short-lived process tracker as the scan sees it (issue 18): the BPF
// exit tracker pinned in a bpffs folder (reused when one is there, loaded
// when this process may load it), drained once a tick into
// ProcessEphemeral summaries by the summarizer it is given. Any failure, at start or while running, turns
// it off for good with a reason for the log and a diag event; the scan
// goes on without it.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { NameTable } from '../sampler/name-table.js';
import { BpfExitReader } from './bpf-exit-reader.js';
import type { ExitSummarizer, ProcessEphemeral } from './ephemeral.js';
import { EXIT_DRAIN_FILE, EXIT_TRACKER_OBJECT, pinExitTracker } from './bpf-pin.js';

export class ExitTracker {
  /** The last drain's records (the scan reads their runtimes against its table: ended-cpu.ts). */
  readonly reader: BpfExitReader;
  private lastDrainMs: number;

  /**
   * Opens the tracker pinned at `dir`, pinning one first when there is none
   * and this process is root. Throws an Error that says why it cannot run.
   * The first drain is made here and dropped: the ring may hold exits from
   * before this agent started, which belong to no tick of its.
   */
  constructor(
    dir: string,
    private readonly summarizer: ExitSummarizer,
  ) {
    const drain = join(dir, EXIT_DRAIN_FILE);
    if (!existsSync(drain)) {
      if (process.getuid?.() !== 0) throw new Error(`no exit tracker at ${dir}, and not root, so not loaded here`);
      if (!existsSync(EXIT_TRACKER_OBJECT)) throw new Error(`no exit tracker at ${dir}, and no object at ${EXIT_TRACKER_OBJECT} to load`);
      pinExitTracker(dir);
    }
    this.reader = new BpfExitReader(drain);
    this.reader.read();
    this.summarizer.startFrom(this.reader);
    this.lastDrainMs = performance.now();
  }

  /** Drains the processes that ended since the last drain (throws the read's error). */
  drain(names: NameTable): ProcessEphemeral {
    this.reader.read();
    const now = performance.now();
    const interval = now - this.lastDrainMs;
    this.lastDrainMs = now;
    return this.summarizer.summarize(this.reader, names, interval);
  }
}
