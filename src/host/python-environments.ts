// The Python environments the agent's own environment points at, and their
// site-packages folders, found from files alone: running `python3 -m pip
// list` would cost a subprocess and a second or more of an interpreter's
// cpu per snapshot, and would run whatever a PATH folder holds as root.
//
// - VIRTUAL_ENV (an activated venv): its lib/python3.N/site-packages, and
//   the base interpreter's when its pyvenv.cfg says
//   include-system-site-packages = true.
// - The first python3 on PATH, as a shell would find it: a venv's (a
//   pyvenv.cfg beside its bin folder); a pyenv shim (PATH holds
//   <pyenv root>/shims: the version pyenv would pick, below); else an
//   interpreter whose real path (links resolved) names its prefix and
//   version: /usr/bin/python3 → /usr/bin/python3.11 → /usr/lib/python3.11,
//   plus the user's ~/.local/lib/python3.11/site-packages, which it reads too.
// - pyenv (PYENV_ROOT, or the root of shims on PATH): the versions
//   PYENV_VERSION names, else those of <root>/version, as pyenv picks them
//   ("system" means the next python3 on PATH). A .python-version file of the
//   working folder is not read: a daemon's working folder says nothing about
//   the host's Python.
//
// Bounded: PATH folders and pyenv versions are capped here; the folders'
// contents are read with the caps of python-packages.ts.

import { accessSync, constants, existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { siteFoldersOfPrefix } from './python-packages.js';

/** PATH folders looked in for python3 (a PATH rarely has 20). */
const MAX_PATH_FOLDERS = 64;
/** pyenv versions taken from PYENV_VERSION or the version file. */
const MAX_PYENV_VERSIONS = 8;
/** pyvenv.cfg and pyenv's version file are a few lines. */
const SMALL_FILE_MAX_BYTES = 64 * 1024;

function readSmallText(file: string): string | undefined {
  try {
    if (statSync(file).size > SMALL_FILE_MAX_BYTES) return undefined;
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function isExecutableFile(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** "3.11.4", "3.12.1.final.0", "3.11" → "3.11"; undefined for anything else. */
function majorMinorOf(version: string | undefined): string | undefined {
  return version === undefined ? undefined : /^(\d+\.\d+)(?:\.|$)/.exec(version.trim())?.[1];
}

/** key = value lines of a pyvenv.cfg, keys lower-cased. */
export function parsePyvenvCfg(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) out.set(line.slice(0, at).trim().toLowerCase(), line.slice(at + 1).trim());
  }
  return out;
}

/** A venv's site-packages, and its base interpreter's when the venv sees them. */
export function venvSiteFolders(venv: string): string[] {
  const text = readSmallText(join(venv, 'pyvenv.cfg'));
  if (text === undefined) return siteFoldersOfPrefix(venv);
  const cfg = parsePyvenvCfg(text);
  const version = majorMinorOf(cfg.get('version') ?? cfg.get('version_info'));
  const folders = siteFoldersOfPrefix(venv, version);
  const home = cfg.get('home'); // the base interpreter's bin folder
  if (cfg.get('include-system-site-packages')?.toLowerCase() === 'true' && home !== undefined && home.startsWith('/')) {
    folders.push(...siteFoldersOfPrefix(dirname(home), version));
  }
  return folders;
}

/** The version names pyenv would pick: PYENV_VERSION (":"-separated), else <root>/version (one or more, by whitespace). */
function pyenvVersionsOf(root: string, env: NodeJS.ProcessEnv): string[] {
  const named = env.PYENV_VERSION !== undefined && env.PYENV_VERSION !== '' ? env.PYENV_VERSION.split(':') : (readSmallText(join(root, 'version')) ?? '').split(/\s+/);
  // A name may be "3.11.7/envs/web" (pyenv-virtualenv), never one that climbs out of versions/.
  return named.filter((v) => v !== '' && !v.startsWith('#') && !v.split('/').some((c) => c === '..' || c === '')).slice(0, MAX_PYENV_VERSIONS);
}

interface PyenvPick {
  readonly folders: string[];
  /** "system" was picked (or nothing was): pyenv runs the next python3 on PATH. */
  readonly system: boolean;
}

function pyenvSiteFolders(root: string, env: NodeJS.ProcessEnv): PyenvPick {
  const versions = pyenvVersionsOf(root, env);
  const folders: string[] = [];
  for (const v of versions) {
    if (v === 'system') continue;
    const prefix = join(root, 'versions', v);
    folders.push(...(existsSync(join(prefix, 'pyvenv.cfg')) ? venvSiteFolders(prefix) : siteFoldersOfPrefix(prefix, majorMinorOf(v))));
  }
  return { folders, system: versions.length === 0 || versions.includes('system') };
}

/** A PATH folder that is pyenv's shims: <root>/shims beside <root>/versions. */
function pyenvRootOfShims(dir: string): string | undefined {
  return basename(dir) === 'shims' && existsSync(join(dirname(dir), 'versions')) ? dirname(dir) : undefined;
}

/** The site-packages of one interpreter file that is neither a venv's nor a shim. */
function interpreterSiteFolders(file: string, env: NodeJS.ProcessEnv): string[] {
  let real: string;
  try {
    real = realpathSync(file);
  } catch {
    return [];
  }
  const version = /^python(\d+\.\d+)$/.exec(basename(real))?.[1];
  const folders = siteFoldersOfPrefix(dirname(dirname(real)), version);
  // The user site (pip install --user), as the interpreter itself adds it; a venv's interpreter does not.
  if (version !== undefined && env.HOME?.startsWith('/')) {
    const user = join(env.HOME, '.local/lib', `python${version}`, 'site-packages');
    if (existsSync(user)) folders.push(user);
  }
  return folders;
}

/**
 * The site-packages folders of the environments the agent's environment
 * points at (VIRTUAL_ENV, the first python3 on PATH, pyenv), in that order;
 * a folder may come twice (pythonPackagesIn reads it once).
 */
export function environmentSiteFolders(env: NodeJS.ProcessEnv): string[] {
  const folders: string[] = [];
  if (env.VIRTUAL_ENV?.startsWith('/')) folders.push(...venvSiteFolders(env.VIRTUAL_ENV));
  let pyenvDone = false;
  const path = (env.PATH ?? '').split(':').slice(0, MAX_PATH_FOLDERS);
  for (const dir of path) {
    // A relative PATH folder is relative to the agent's working folder: no one's Python.
    if (!dir.startsWith('/')) continue;
    const file = join(dir, 'python3');
    if (!isExecutableFile(file)) continue;
    const shimsOf = pyenvRootOfShims(dir);
    if (shimsOf !== undefined) {
      if (pyenvDone) continue;
      pyenvDone = true;
      // The shims' own root, as each shim names it (PYENV_ROOT may name another).
      const pick = pyenvSiteFolders(shimsOf, env);
      folders.push(...pick.folders);
      if (pick.system) continue; // pyenv runs the next python3 on PATH
      break;
    }
    const venv = dirname(dir);
    folders.push(...(existsSync(join(venv, 'pyvenv.cfg')) ? venvSiteFolders(venv) : interpreterSiteFolders(file, env)));
    break;
  }
  if (!pyenvDone && env.PYENV_ROOT !== undefined && env.PYENV_ROOT.startsWith('/')) folders.push(...pyenvSiteFolders(env.PYENV_ROOT, env).folders);
  return folders;
}
