// A host's mount point that the agent cannot see under host_root. The host's
// / bound at /host brings the mounts below it only when the bind is
// recursive (docker -v and a Kubernetes hostPath are) and, for a mount made
// after the container started, only with mount propagation
// (HostToContainer); without it /host/data is the empty folder under the
// host's /data mount, and statfs of it gives the figures of the host's /,
// under the name /data. Such a mount is left out of the disk figures rather
// than reported wrong: it is a mount point in the host's table (pid 1's, under
// proc_root) and not in the agent's own.

import { readFileSync, realpathSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { readTextUnderRoot } from '../procfs/proc-file.js';

/** The mount points of a mounts table (proc_pid_mounts(5): the second field, with \040-style octal escapes). */
export function mountPointsOf(text: string): Set<string> {
  const points = new Set<string>();
  for (const line of text.split('\n')) {
    const field = line.split(' ')[1];
    if (field !== undefined) points.add(field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8))));
  }
  return points;
}

/**
 * The mounts of `mounts` (host paths) that are mount points on the host but
 * not under `hostRoot` in the agent's mount table. [] under host_root "/",
 * and when either table cannot be read (nothing to tell them apart by).
 */
export function hiddenHostMounts(hostRoot: string, procRoot: string, mounts: readonly string[], ownMountsFile = '/proc/self/mounts'): string[] {
  if (hostRoot === '/') return [];
  let host: Set<string>;
  let own: Set<string>;
  let realRoot: string;
  try {
    host = mountPointsOf(readTextUnderRoot(procRoot, '1/mounts'));
    own = mountPointsOf(readFileSync(ownMountsFile, 'utf8'));
    realRoot = realpathSync(hostRoot);
  } catch {
    return [];
  }
  return mounts.filter((m) => {
    const point = normalize(m).replace(/(.)\/$/, '$1');
    return point !== '/' && host.has(point) && !own.has(join(realRoot, point));
  });
}
