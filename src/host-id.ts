// The host's identity in every envelope: the configured host_id, else
// /etc/machine-id (what systemd and dbus use), else the host name.

import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

export function hostIdOf(configured: string, machineIdFile = '/etc/machine-id'): string {
  if (configured !== '') return configured;
  try {
    const id = readFileSync(machineIdFile, 'utf8').trim();
    if (id !== '') return id;
  } catch {
    // no machine-id (some containers)
  }
  return hostname();
}
