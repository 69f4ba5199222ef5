// Installed packages from the dpkg database (Debian, Ubuntu):
// var/lib/dpkg/status under host_root, one stanza per package, read as text.

import { readFileSync } from 'node:fs';
import { hostPath } from './host-path.js';
import type { PackageVersion } from './package-version.js';

/** Installed packages of a dpkg status file: stanzas whose Status is "install ok installed". */
export function parseDpkgStatus(text: string): PackageVersion[] {
  const packages: PackageVersion[] = [];
  for (const stanza of text.split(/\n\s*\n/)) {
    const field = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'm').exec(stanza)?.[1].trim();
    const name = field('Package');
    const version = field('Version');
    if (name && version && field('Status') === 'install ok installed') packages.push({ name, version });
  }
  return packages.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The host's dpkg packages, by name; [] on a host without dpkg. */
export function readDpkgPackages(hostRoot: string): PackageVersion[] {
  let text: string;
  try {
    text = readFileSync(hostPath(hostRoot, '/var/lib/dpkg/status'), 'utf8');
  } catch {
    return [];
  }
  return parseDpkgStatus(text);
}
