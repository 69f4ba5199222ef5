// Opening a file under proc_root without being led out of it. The agent
// runs as root and ships what it reads: a tree of symlinks planted where
// proc_root points (/proc/123/cmdline → /etc/shadow, or /proc/123 → /etc)
// would otherwise have it read and ship any file on the host.
//
// Two checks, both on the file actually opened, so no rename between a check
// and the open can slip past them: O_NOFOLLOW refuses a symlink as the last
// component (the files read here are never links in a real /proc), and the
// path the kernel gives for the open fd (/proc/self/fd/N) must lie under the
// real path of proc_root, which catches a link anywhere before it. One
// readlink per open; these opens are for the rows that leave the host and
// the host's own files, a few dozen a tick, never one per scanned process.

import { closeSync, constants, openSync, readlinkSync, readSync, realpathSync } from 'node:fs';

const OPEN_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW;

/** A host file under proc_root (/proc/stat grows with cpus and irqs) is read up to this. */
export const HOST_FILE_MAX_BYTES = 1 << 20;

const realRoots = new Map<string, string>();

function realRootOf(root: string, fresh: boolean): string {
  let real = fresh ? undefined : realRoots.get(root);
  if (real === undefined) {
    real = realpathSync(root);
    if (!real.endsWith('/')) real += '/';
    realRoots.set(root, real);
  }
  return real;
}

/** The error for a file that resolves outside proc_root: not "gone or denied", so the enrichment breaker counts it. */
function outsideRoot(path: string, target: string): NodeJS.ErrnoException {
  const err: NodeJS.ErrnoException = new Error(`${path}: resolves to ${target}, outside proc_root; not read`);
  err.code = 'IW_OUTSIDE_PROC_ROOT';
  return err;
}

/** Opens `root/rel` for reading; throws as openSync does, ELOOP for a symlink, IW_OUTSIDE_PROC_ROOT for a file outside `root`. */
export function openUnderRoot(root: string, rel: string): number {
  const path = `${root}/${rel}`;
  const fd = openSync(path, OPEN_FLAGS);
  try {
    const target = readlinkSync(`/proc/self/fd/${fd}`);
    // The real root is cached; it is looked up again before a refusal, in case proc_root itself was moved.
    if (!target.startsWith(realRootOf(root, false)) && !target.startsWith(realRootOf(root, true))) throw outsideRoot(path, target);
    return fd;
  } catch (err) {
    closeSync(fd);
    throw err;
  }
}

/** At most `maxBytes` of `root/rel` (one byte more tells the caller it was cut); throws as openUnderRoot does. */
export function readUnderRoot(root: string, rel: string, maxBytes: number): Buffer {
  const fd = openUnderRoot(root, rel);
  try {
    // Starts small and doubles: most of these files are a few KiB, the cap is for the odd huge one.
    let buf = Buffer.allocUnsafe(Math.min(4096, maxBytes + 1));
    let n = 0;
    for (;;) {
      if (n === buf.length) {
        if (buf.length > maxBytes) break;
        const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, maxBytes + 1));
        buf.copy(bigger, 0, 0, n);
        buf = bigger;
      }
      const got = readSync(fd, buf, n, buf.length - n, null);
      if (got === 0) break;
      n += got;
    }
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** The text of a small file under proc_root, cut at `maxBytes`. */
export function readTextUnderRoot(root: string, rel: string, maxBytes = HOST_FILE_MAX_BYTES): string {
  const bytes = readUnderRoot(root, rel, maxBytes);
  return bytes.subarray(0, Math.min(bytes.length, maxBytes)).toString('utf8');
}
