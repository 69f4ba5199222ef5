// Which source the scan reads (`scanner: auto | bpf | procfs`): the BPF task
// iterator where it can be loaded or a pinned one is readable, else
// /proc/<pid>/stat. Asked once, when the Scanner is made; a failure while
// running is the Scanner's to handle (it falls back for good).

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { SystemConf } from '../procfs/system-conf.js';
import { pinTaskIterator, TASK_ITER_OBJECT } from './bpf-pin.js';
import { BpfTaskReader } from './bpf-task-reader.js';

export const SCANNER_SOURCES = ['auto', 'bpf', 'procfs'] as const;
export type ScannerSource = (typeof SCANNER_SOURCES)[number];

export interface SourceChoice {
  /** The iterator's reader, when the scan runs on BPF. */
  readonly reader?: BpfTaskReader;
  /** Why the scan runs on procfs. */
  readonly why?: string;
  /** A failure to report as a diag event: BPF was asked for, or could be loaded and then failed. */
  readonly failed: boolean;
}

/**
 * The pins this process made. A Scanner made again after a config change
 * reads the same pin: pinning runs bpftool, which holds the event loop for
 * a tenth of a second or more, and 200 live changes made ticks late.
 */
const pinnedHere = new Set<string>();

export function chooseSource(source: ScannerSource, procRoot: string, pinPath: string, system: SystemConf): SourceChoice {
  if (source === 'procfs') return { why: 'scanner: procfs', failed: false };
  if (resolve(procRoot) !== '/proc') {
    return { why: `proc_root ${procRoot} is not /proc, and the BPF iterator reads the kernel's own tasks`, failed: source === 'bpf' };
  }
  // Proves the pin can be read before the first tick relies on it.
  const readerOf = () => {
    const reader = new BpfTaskReader(pinPath, system);
    reader.read();
    return reader;
  };
  if (pinnedHere.has(pinPath)) {
    try {
      return { reader: readerOf(), failed: false };
    } catch {
      pinnedHere.delete(pinPath); // gone since: pinned again below
    }
  }
  let pinError: string | undefined;
  const canLoad = process.getuid?.() === 0 && existsSync(TASK_ITER_OBJECT);
  if (canLoad) {
    try {
      pinTaskIterator(pinPath);
      pinnedHere.add(pinPath);
    } catch (err) {
      pinError = (err as Error).message;
    }
  }
  try {
    return { reader: readerOf(), failed: false };
  } catch (err) {
    const loading = canLoad ? (pinError ?? 'pinned') : process.getuid?.() !== 0 ? 'not root, so not loaded here' : `no object at ${TASK_ITER_OBJECT}`;
    return { why: `BPF unavailable (${loading}; ${pinPath}: ${(err as Error).message})`, failed: source === 'bpf' || pinError !== undefined };
  }
}
