// A host file's path under host_root. In a container that has the host's /
// mounted at /host, the host's /etc/os-release may be a symbolic link to
// /usr/lib/os-release (NixOS: every file of /etc is a link into
// /nix/store): followed by the kernel, an absolute target leads to the
// container's own /usr/lib/os-release, and the agent would report the
// container. So the links are followed here, as a chroot to host_root would
// follow them: an absolute target starts again at host_root, `..` never
// climbs above it. With host_root "/" the kernel follows them itself.

import { lstatSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';

/** Links followed for one path, as the kernel's MAXSYMLINKS (40). */
const MAX_LINKS = 40;

/**
 * Where `path` (absolute, as the host names it) is under `hostRoot`, its
 * links followed inside hostRoot. A component that does not exist ends the
 * walk: the path is returned as named, and opening it fails as it would on
 * the host. Throws ELOOP past MAX_LINKS links.
 */
export function hostPath(hostRoot: string, path: string): string {
  if (hostRoot === '/') return path;
  const resolved: string[] = [];
  const todo = path.split('/').filter((c) => c !== '').reverse();
  let links = 0;
  while (todo.length > 0) {
    const component = todo.pop()!;
    if (component === '.') continue;
    if (component === '..') {
      resolved.pop();
      continue;
    }
    const at = join(hostRoot, ...resolved, component);
    let isLink: boolean;
    try {
      isLink = lstatSync(at).isSymbolicLink();
    } catch {
      return join(at, ...todo.reverse());
    }
    if (!isLink) {
      resolved.push(component);
      continue;
    }
    if (++links > MAX_LINKS) {
      const err: NodeJS.ErrnoException = new Error(`${join(hostRoot, path)}: more than ${MAX_LINKS} symbolic links`);
      err.code = 'ELOOP';
      throw err;
    }
    const target = readlinkSync(at);
    if (target.startsWith('/')) resolved.length = 0;
    todo.push(...target.split('/').filter((c) => c !== '').reverse());
  }
  return join(hostRoot, ...resolved);
}
