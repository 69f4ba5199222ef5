// The host's configuration snapshot, read from files (no subprocess), in
// the shapes of the original Infra-Watch API spec: `os_info` (name and
// version, /etc/os-release), `kernel` (the release, as uname -r prints it),
// `packages` (the installed Python packages: their *.dist-info /
// *.egg-info entries in the site-packages folders), `env_vars` (the
// variables named in env_whitelist, exact names). What the spec has no
// field for goes beside them, never in place of them: `kernel_version`
// (the build, as uname -v prints it) and `os_packages` (the dpkg and rpm
// databases: rpm-packages.ts). Values of environment variables go into the
// snapshot only, never a log.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { readTextUnderRoot } from '../procfs/proc-file.js';
import { join } from 'node:path';
import { hostPath } from './host-path.js';
import { readRpmPackages } from './rpm-packages.js';

export interface PackageVersion {
  name: string;
  version: string;
}

export interface HostSnapshot {
  os_info: { name: string; version: string };
  /** The kernel release (uname -r): "6.1.0-18-amd64". */
  kernel: string;
  /** The kernel's build (uname -v): "#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)". */
  kernel_version: string;
  /** The installed Python packages. */
  packages: PackageVersion[];
  /** The OS's packages (dpkg, rpm). */
  os_packages: PackageVersion[];
  env_vars: Record<string, string>;
}

/** KEY=value lines of os-release(5); values may be quoted. */
export function parseOsRelease(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (!m) continue;
    out[m[1]] = m[2].replace(/^(["'])(.*)\1$/, '$2').replace(/\\(["'$`\\])/g, '$1');
  }
  return out;
}

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

/** name-version.dist-info and name-version[-pyX.Y].egg-info entries of site-packages folders. */
export function pythonPackagesIn(dirs: readonly string[]): PackageVersion[] {
  const found = new Map<string, string>();
  for (const dir of dirs) {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      continue;
    }
    for (const entry of entries) {
      const m = /^([A-Za-z0-9_.]+?)-([0-9][^-]*?)(?:-py\d+(?:\.\d+)*)?\.(?:dist-info|egg-info)$/.exec(entry);
      if (m && !found.has(m[1])) found.set(m[1], m[2]);
    }
  }
  return [...found].map(([name, version]) => ({ name, version })).sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** The system's site-packages folders under a root: usr/lib/python3.N/dist-packages, site-packages, and the same under usr/local/lib. */
export function siteFoldersUnder(root: string): string[] {
  const dirs: string[] = [];
  for (const lib of ['/usr/lib', '/usr/local/lib']) {
    let names: string[];
    const libDir = hostPath(root, lib);
    try {
      names = readdirSync(libDir);
    } catch {
      continue;
    }
    for (const name of names.filter((n) => /^python3(\.\d+)?$/.test(n)).sort()) {
      for (const sub of ['dist-packages', 'site-packages']) {
        const dir = join(libDir, name, sub);
        if (existsSync(dir)) dirs.push(dir);
      }
    }
  }
  return dirs;
}

/** A host file's text, read under host_root (host-path.ts); '' when it cannot be read. */
function readHostText(hostRoot: string, path: string): string {
  try {
    return readFileSync(hostPath(hostRoot, path), 'utf8');
  } catch {
    return '';
  }
}

/** A kernel file under proc_root, never followed out of it; '' when it cannot be read. */
function readProcText(procRoot: string, rel: string): string {
  try {
    return readTextUnderRoot(procRoot, rel, 64 * 1024);
  } catch {
    return '';
  }
}

export interface SnapshotSources {
  /** host_root: where the host's / is (/etc, /usr, /var); "/" unless the agent runs in a container. */
  readonly hostRoot: string;
  readonly procRoot: string;
  readonly envWhitelist: readonly string[];
  readonly env: NodeJS.ProcessEnv;
}

export async function takeSnapshot(s: SnapshotSources): Promise<HostSnapshot> {
  const os = parseOsRelease(readHostText(s.hostRoot, '/etc/os-release') || readHostText(s.hostRoot, '/usr/lib/os-release'));
  const env: Record<string, string> = {};
  for (const name of s.envWhitelist) {
    const value = s.env[name];
    if (value !== undefined) env[name] = value;
  }
  return {
    os_info: { name: os.NAME ?? '', version: os.VERSION ?? os.VERSION_ID ?? '' },
    kernel: readProcText(s.procRoot, 'sys/kernel/osrelease').trim(),
    kernel_version: readProcText(s.procRoot, 'sys/kernel/version').trim(),
    packages: pythonPackagesIn(siteFoldersUnder(s.hostRoot)),
    os_packages: [...parseDpkgStatus(readHostText(s.hostRoot, '/var/lib/dpkg/status')), ...(await readRpmPackages(s.hostRoot))],
    env_vars: env,
  };
}
