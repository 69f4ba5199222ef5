// A /proc tree on disk that a recording's ticks are played into: the real
// scanner and enrichment read it as they read /proc. Each tick writes only
// what the recording says changed; the pids no longer listed are removed.
// The scanner reads it with keep_stat_fds off: a pid reused in the
// recording gets a new file, which a kept fd would not see.

import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordedFile, RecordedTick } from './recording-file.js';

export class ProcTree {
  readonly root: string;
  private listed = new Set<number>();

  constructor() {
    // tmpfs when there is one: the tree is rewritten every tick.
    const base = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
    this.root = mkdtempSync(join(base, 'iw-replay-'));
  }

  /** Makes the tree what the scanner would have found at this tick. */
  apply(tick: RecordedTick): void {
    const now = new Set(tick.pids ?? []);
    for (const pid of this.listed) if (!now.has(pid)) rmSync(join(this.root, String(pid)), { recursive: true, force: true });
    for (const pid of now) if (!this.listed.has(pid)) mkdirSync(join(this.root, String(pid)));
    this.listed = now;
    this.write(tick.stats, 'stat');
    this.write(tick.cmdlines, 'cmdline');
    this.write(tick.statuses, 'status');
    this.write(tick.ios, 'io');
  }

  private write(files: readonly RecordedFile[] | null | undefined, name: string): void {
    for (const f of files ?? []) {
      const path = join(this.root, String(f.pid), name);
      if (f.absent) rmSync(path, { force: true });
      else writeFileSync(path, f.data ?? new Uint8Array(0));
    }
  }

  close(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
