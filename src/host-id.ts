// The host's identity in every envelope: the configured host_id, else the
// machine id (what systemd and dbus use), else the host's name; all read
// under host_root, so that an agent in a container names the host it
// watches, not its container.

import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { hostPath } from './host/host-path.js';

/** The first line of a small host file, trimmed; '' when it is missing or empty. */
function firstLineOf(hostRoot: string, path: string): string {
  try {
    return readFileSync(hostPath(hostRoot, path), 'utf8').split('\n', 1)[0].trim();
  } catch {
    return '';
  }
}

/**
 * The host's name. Under host_root "/", the kernel's (uname -n). Under
 * another, the host's /etc/hostname first: a container's own name is its
 * pod's or a random id (unless it shares the host's UTS namespace).
 */
export function hostNameOf(hostRoot = '/'): string {
  return (hostRoot !== '/' ? firstLineOf(hostRoot, '/etc/hostname') : '') || hostname();
}

export function hostIdOf(configured: string, hostRoot = '/'): string {
  if (configured !== '') return configured;
  // dbus's copy, for hosts without systemd's; neither in some containers and minimal images.
  return firstLineOf(hostRoot, '/etc/machine-id') || firstLineOf(hostRoot, '/var/lib/dbus/machine-id') || hostNameOf(hostRoot);
}
