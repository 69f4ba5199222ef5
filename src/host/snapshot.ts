// The host's configuration snapshot, read from files (no subprocess), in
// the shapes of the original Infra-Watch API spec: `os_info` (name and
// version, /etc/os-release), `kernel` (the release, as uname -r prints it),
// `packages` (the installed Python packages: the system's site-packages
// folders under host_root and, under host_root "/", those of the
// environments the agent's PATH, VIRTUAL_ENV and pyenv point at:
// python-environments.ts), `env_vars` (the variables named in
// env_whitelist, exact names). What the spec has no field for goes beside
// them, never in place of them: `kernel_version` (the build, as uname -v
// prints it) and `os_packages` (dpkg-packages.ts, rpm-packages.ts). Values
// of environment variables go into the snapshot only, never a log.

import { readFileSync } from 'node:fs';
import { readTextUnderRoot } from '../procfs/proc-file.js';
import { readDpkgPackages } from './dpkg-packages.js';
import { hostPath } from './host-path.js';
import type { PackageVersion } from './package-version.js';
import { environmentSiteFolders } from './python-environments.js';
import { pythonPackagesIn, siteFoldersUnder, type PythonReadLimits } from './python-packages.js';
import { readRpmPackages } from './rpm-packages.js';

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
  /** The agent's environment: env_vars, and where its PATH, VIRTUAL_ENV and pyenv lead. */
  readonly env: NodeJS.ProcessEnv;
  readonly pythonLimits?: PythonReadLimits;
  /** Hears each limit that cut the Python packages (python-packages.ts). */
  readonly onLimit?: (what: string) => void;
}

/**
 * The system's site-packages under host_root and, under "/" only, the
 * agent's environments': in a container (host_root "/host") the agent's
 * PATH and VIRTUAL_ENV name the container's interpreters, not the host's.
 */
function pythonSiteFolders(s: SnapshotSources): string[] {
  const system = siteFoldersUnder(s.hostRoot);
  return s.hostRoot === '/' ? [...environmentSiteFolders(s.env), ...system] : system;
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
    packages: pythonPackagesIn(pythonSiteFolders(s), s.pythonLimits, s.onLimit),
    os_packages: [...readDpkgPackages(s.hostRoot), ...(await readRpmPackages(s.hostRoot))],
    env_vars: env,
  };
}
