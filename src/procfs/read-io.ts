// /proc/<pid>/io: bytes a process made the storage layer read and write.
// Readable by the process's owner and by root (with CAP_SYS_PTRACE); where
// it is not, the row simply has no io fields.

import { unlessGoneOrDenied } from './gone-or-denied.js';
import { readTextUnderRoot } from './proc-file.js';

export interface ProcessIo {
  readonly readBytes: number;
  readonly writeBytes: number;
}

export function ioOfText(text: string): ProcessIo | undefined {
  const read = /^read_bytes:\s+(\d+)/m.exec(text);
  const write = /^write_bytes:\s+(\d+)/m.exec(text);
  if (!read || !write) return undefined;
  return { readBytes: Number(read[1]), writeBytes: Number(write[1]) };
}

/** The io counters of `pid`; undefined when gone or denied; throws on any other error. */
export function readIo(procRoot: string, pid: number): ProcessIo | undefined {
  try {
    return ioOfText(readTextUnderRoot(procRoot, `${pid}/io`, 4096));
  } catch (err) {
    return unlessGoneOrDenied(err, `${procRoot}/${pid}/io`);
  }
}
