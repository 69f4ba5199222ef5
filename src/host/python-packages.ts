// The installed Python packages of site-packages folders: the
// name-version.dist-info folders pip and every modern installer write, and
// the name-version[-pyX.Y].egg-info entries of older setuptools. Read as
// folder names only (no METADATA is opened), and bounded: a host's
// snapshot must not cost the agent's memory budget however many
// environments it has.

import { existsSync, opendirSync, readdirSync, realpathSync, type Dir } from 'node:fs';
import { join } from 'node:path';
import { hostPath } from './host-path.js';
import type { PackageVersion } from './package-version.js';

export interface PythonReadLimits {
  /** site-packages folders read in all (a host with a venv per service has dozens; past this they are not read). */
  readonly maxFolders: number;
  /** Entries read from one folder (a site-packages of 2,000 packages has ~4,000). */
  readonly maxEntriesPerFolder: number;
  /** Packages kept in all: the snapshot body stays under ~1 MB. */
  readonly maxPackages: number;
}

export const PYTHON_READ_LIMITS: PythonReadLimits = { maxFolders: 32, maxEntriesPerFolder: 10_000, maxPackages: 20_000 };

const PACKAGE_ENTRY = /^([A-Za-z0-9_.]+?)-([0-9][^-]*?)(?:-py\d+(?:\.\d+)*)?\.(?:dist-info|egg-info)$/;

/**
 * The packages of `dirs`, each (name, version) once, sorted by name: two
 * environments with two versions of a package both have it installed. A
 * folder reached twice (a link, or found as the system's and as the PATH
 * interpreter's) is read once. `onLimit` hears which limit cut the list.
 */
export function pythonPackagesIn(dirs: readonly string[], limits: PythonReadLimits = PYTHON_READ_LIMITS, onLimit?: (what: string) => void): PackageVersion[] {
  const found = new Map<string, PackageVersion>();
  const seen = new Set<string>();
  for (const dir of dirs) {
    let real: string;
    try {
      real = realpathSync(dir);
    } catch {
      continue;
    }
    if (seen.has(real)) continue;
    if (seen.size === limits.maxFolders) {
      onLimit?.(`more than ${limits.maxFolders} site-packages folders; ${dir} and the rest not read`);
      break;
    }
    seen.add(real);
    let folder: Dir;
    try {
      folder = opendirSync(real);
    } catch {
      continue;
    }
    try {
      for (let n = 0; ; n++) {
        const entry = folder.readSync();
        if (entry === null) break;
        if (n === limits.maxEntriesPerFolder) {
          onLimit?.(`${dir}: more than ${limits.maxEntriesPerFolder} entries; the rest not read`);
          break;
        }
        const m = PACKAGE_ENTRY.exec(entry.name);
        if (m === null) continue;
        const key = `${m[1]}\0${m[2]}`;
        if (found.has(key)) continue;
        if (found.size === limits.maxPackages) {
          onLimit?.(`more than ${limits.maxPackages} Python packages; the rest not listed`);
          return sorted(found);
        }
        found.set(key, { name: m[1], version: m[2] });
      }
    } finally {
      folder.closeSync();
    }
  }
  return sorted(found);
}

function sorted(found: Map<string, PackageVersion>): PackageVersion[] {
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...found.values()].sort((a, b) => cmp(a.name, b.name) || cmp(a.version, b.version));
}

/**
 * The site-packages folders of an installation prefix: lib/python3.N and
 * lib/python3 (Debian's version-free dist-packages), under lib and lib64
 * (Red Hat puts compiled packages there), each with site-packages and
 * dist-packages. With `version` ("3.11"), that version's folders only.
 */
export function siteFoldersOfPrefix(prefix: string, version?: string): string[] {
  return ['lib', 'lib64'].flatMap((lib) => siteFoldersOfLib(join(prefix, lib), version));
}

function siteFoldersOfLib(libDir: string, version?: string): string[] {
  let names: string[];
  try {
    names = readdirSync(libDir);
  } catch {
    return [];
  }
  const wanted = (n: string) => (version === undefined ? /^python3(\.\d+)?$/.test(n) : n === 'python3' || n === `python${version}`);
  const dirs: string[] = [];
  for (const name of names.filter(wanted).sort()) {
    for (const sub of ['dist-packages', 'site-packages']) {
      const dir = join(libDir, name, sub);
      if (existsSync(dir)) dirs.push(dir);
    }
  }
  return dirs;
}

/** The system's site-packages folders under host_root: those of the /usr and /usr/local prefixes. */
export function siteFoldersUnder(hostRoot: string): string[] {
  return ['/usr/lib', '/usr/lib64', '/usr/local/lib', '/usr/local/lib64'].flatMap((lib) => siteFoldersOfLib(hostPath(hostRoot, lib)));
}
