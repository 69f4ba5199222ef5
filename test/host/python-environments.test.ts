// Python packages of the environments the agent's environment points at: a
// fake venv, a fake base interpreter, a fake pyenv root, all in a temp tree.
// Every env given here is complete (PATH, HOME, …): nothing leads to this
// machine's own Python (which has a real pyenv).

import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { environmentSiteFolders, parsePyvenvCfg } from '../../src/host/python-environments.js';
import { pythonPackagesIn } from '../../src/host/python-packages.js';
import { takeSnapshot } from '../../src/host/snapshot.js';

const HOST = fileURLToPath(new URL('../fixtures/host', import.meta.url));

let t: string;

function file(path: string, text = '', mode = 0o644): void {
  mkdirSync(dirname(join(t, path)), { recursive: true });
  writeFileSync(join(t, path), text);
  chmodSync(join(t, path), mode);
}

function packages(site: string, ...names: string[]): void {
  for (const n of names) file(`${site}/${n}/METADATA`, 'Metadata-Version: 2.1\n');
}

function link(path: string, target: string): void {
  mkdirSync(dirname(join(t, path)), { recursive: true });
  symlinkSync(target, join(t, path));
}

beforeAll(() => {
  t = mkdtempSync(join(tmpdir(), 'iw-python-'));
  // A base interpreter: bin/python3 → python3.11; 3.10 left over beside it.
  file('base/bin/python3.11', '', 0o755);
  link('base/bin/python3', 'python3.11');
  packages('base/lib/python3.11/site-packages', 'base_pkg-1.0.dist-info', 'requests-2.28.1.dist-info');
  packages('base/lib/python3.10/site-packages', 'leftover-9.9.dist-info');
  packages('home/.local/lib/python3.11/site-packages', 'userpkg-0.1.dist-info');
  // A venv of it (python -m venv): its python3 links to the base's, absolute.
  file('venv/pyvenv.cfg', `home = ${t}/base/bin\ninclude-system-site-packages = false\nversion = 3.11.4\n`);
  link('venv/bin/python3', `${t}/base/bin/python3.11`);
  packages('venv/lib/python3.11/site-packages', 'requests-2.32.3.dist-info', 'certifi-2024.2.2.dist-info', 'pip-24.0.dist-info');
  file('venv/lib/python3.11/site-packages/_distutils_hack/__init__.py');
  // A venv that sees the base's packages too (uv writes version_info).
  file('venv-sys/pyvenv.cfg', `home = ${t}/base/bin\ninclude-system-site-packages = true\nversion_info = 3.11.4.final.0\n`);
  link('venv-sys/bin/python3', `${t}/base/bin/python3.11`);
  packages('venv-sys/lib/python3.11/site-packages', 'flask-3.0.3.dist-info');
  // A pyenv root: two versions, the version file picks 3.12.2; its shims are scripts.
  file('pyenv/shims/python3', '#!/usr/bin/env bash\nexec pyenv exec python3 "$@"\n', 0o755);
  file('pyenv/version', '3.12.2\n');
  file('pyenv/versions/3.12.2/bin/python3.12', '', 0o755);
  packages('pyenv/versions/3.12.2/lib/python3.12/site-packages', 'numpy-2.0.0.dist-info');
  packages('pyenv/versions/3.9.1/lib/python3.9/site-packages', 'oldthing-1.0.egg-info');
  // A pyenv-virtualenv env: versions/web links to a venv under 3.12.2.
  file('pyenv/versions/3.12.2/envs/web/pyvenv.cfg', `home = ${t}/pyenv/versions/3.12.2/bin\nversion = 3.12.2\n`);
  packages('pyenv/versions/3.12.2/envs/web/lib/python3.12/site-packages', 'django-5.0.6.dist-info');
  link('pyenv/versions/web', `${t}/pyenv/versions/3.12.2/envs/web`);
});

afterAll(() => rmSync(t, { recursive: true, force: true }));

/** The packages of the environments `env` points at, as "name version". */
function found(env: NodeJS.ProcessEnv): string[] {
  return pythonPackagesIn(environmentSiteFolders(env)).map((p) => `${p.name} ${p.version}`);
}

describe('Python packages of the environments the agent points at', () => {
  it('the first python3 on PATH: a venv\'s reads the venv only; a plain interpreter its version\'s prefix and the user site', () => {
    expect(found({ PATH: `${t}/venv/bin:${t}/base/bin` })).toEqual(['certifi 2024.2.2', 'pip 24.0', 'requests 2.32.3']);
    // /base/bin/python3 → python3.11: lib/python3.11 of its prefix, not the 3.10 left over; the user site of HOME.
    expect(found({ PATH: `/nonexistent:relative/bin:${t}/base/bin:${t}/venv/bin`, HOME: `${t}/home` })).toEqual(['base_pkg 1.0', 'requests 2.28.1', 'userpkg 0.1']);
    expect(found({ PATH: '' })).toEqual([]);
    expect(found({})).toEqual([]);
  });

  it('VIRTUAL_ENV: the venv, and its base interpreter\'s packages when pyvenv.cfg includes them; both versions of a package are listed', () => {
    expect(found({ VIRTUAL_ENV: `${t}/venv-sys`, PATH: '/nonexistent' })).toEqual(['base_pkg 1.0', 'flask 3.0.3', 'requests 2.28.1']);
    expect(found({ VIRTUAL_ENV: `${t}/venv`, PATH: `${t}/base/bin` })).toEqual(['base_pkg 1.0', 'certifi 2024.2.2', 'pip 24.0', 'requests 2.28.1', 'requests 2.32.3']);
    expect(parsePyvenvCfg('home = /usr/bin\nInclude-System-Site-Packages = TRUE\n')).toEqual(new Map([['home', '/usr/bin'], ['include-system-site-packages', 'TRUE']]));
  });

  it('pyenv: the version its shims would run (PYENV_VERSION, else the version file), "system" the next python3 on PATH', () => {
    const shims = `${t}/pyenv/shims`;
    expect(found({ PATH: `${shims}:${t}/base/bin` })).toEqual(['numpy 2.0.0']);
    expect(found({ PATH: `${shims}:${t}/base/bin`, PYENV_VERSION: 'system' })).toEqual(['base_pkg 1.0', 'requests 2.28.1']);
    expect(found({ PATH: shims, PYENV_VERSION: '3.9.1:3.12.2' })).toEqual(['numpy 2.0.0', 'oldthing 1.0']);
    // A pyenv-virtualenv env is a venv under versions/.
    expect(found({ PATH: shims, PYENV_VERSION: 'web' })).toEqual(['django 5.0.6']);
    // PYENV_ROOT without the shims on PATH: pyenv's pick beside the PATH interpreter.
    expect(found({ PATH: `${t}/base/bin`, PYENV_ROOT: `${t}/pyenv` })).toEqual(['base_pkg 1.0', 'numpy 2.0.0', 'requests 2.28.1']);
    // A version name never leads out of versions/.
    expect(found({ PATH: shims, PYENV_VERSION: '../../venv' })).toEqual([]);
  });
});

describe('reading site-packages is bounded', () => {
  it('stops at the folder, entry and package limits and says which one cut the list', () => {
    const limits: string[] = [];
    const dirs = [`${t}/venv/lib/python3.11/site-packages`, `${t}/base/lib/python3.11/site-packages`, `${t}/pyenv/versions/3.12.2/lib/python3.12/site-packages`];
    expect(pythonPackagesIn(dirs, { maxFolders: 2, maxEntriesPerFolder: 100, maxPackages: 100 }, (w) => limits.push(w)).map((p) => p.name)).not.toContain('numpy');
    expect(limits).toEqual([expect.stringMatching(/^more than 2 site-packages folders; .*3\.12\.2.* and the rest not read$/)]);
    limits.length = 0;
    // The venv's folder has 4 entries: 2 are read.
    expect(pythonPackagesIn(dirs.slice(0, 1), { maxFolders: 8, maxEntriesPerFolder: 2, maxPackages: 100 }, (w) => limits.push(w)).length).toBeLessThanOrEqual(2);
    expect(limits).toEqual([expect.stringMatching(/site-packages: more than 2 entries; the rest not read$/)]);
    limits.length = 0;
    expect(pythonPackagesIn(dirs, { maxFolders: 8, maxEntriesPerFolder: 100, maxPackages: 3 }, (w) => limits.push(w))).toHaveLength(3);
    expect(limits).toEqual(['more than 3 Python packages; the rest not listed']);
  });

  it('reads a folder reached twice once', () => {
    const limits: string[] = [];
    link('venv-link', `${t}/venv`);
    const dirs = [`${t}/venv/lib/python3.11/site-packages`, `${t}/venv-link/lib/python3.11/site-packages`, `${t}/base/lib/python3.11/site-packages`];
    expect(pythonPackagesIn(dirs, { maxFolders: 2, maxEntriesPerFolder: 100, maxPackages: 100 }, (w) => limits.push(w))).toHaveLength(5);
    expect(limits).toEqual([]);
  });
});

describe('the snapshot\'s packages', () => {
  it('include the agent\'s environments under host_root "/", and only the host\'s system folders under another root', async () => {
    const env = { PATH: `${t}/venv/bin`, VIRTUAL_ENV: `${t}/venv` };
    const onThisHost = await takeSnapshot({ hostRoot: '/', procRoot: '/proc', envWhitelist: [], env });
    expect(onThisHost.packages).toEqual(expect.arrayContaining([{ name: 'certifi', version: '2024.2.2' }, { name: 'requests', version: '2.32.3' }]));
    // In a container (host_root /host) its PATH and VIRTUAL_ENV name the container's Python, not the host's.
    const inContainer = await takeSnapshot({ hostRoot: HOST, procRoot: join(HOST, 'proc'), envWhitelist: [], env });
    expect(inContainer.packages.map((p) => p.name)).toEqual(['PyYAML', 'numpy', 'requests', 'six']);
  });
});
