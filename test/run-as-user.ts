// Running the built CLI as another user. The checkout may live in a folder
// that user cannot enter (a clone in a 0700 home, a private TMPDIR, files
// made under umask 077), so what the CLI needs — package.json, dist/ and the
// packages it imports — is staged in a folder of its own that anyone can
// read, which the test removes after.

import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Whether a user who is neither the owner nor in the group may enter `dir` and every folder above it. */
function othersCanEnter(dir: string): boolean {
  for (let d = realpathSync(dir); ; d = dirname(d)) {
    if ((statSync(d).mode & 0o001) === 0) return false;
    if (dirname(d) === d) return true;
  }
}

/**
 * The package folders (under `root`, the package's real node_modules) of its
 * `dependencies` and theirs, as Node resolves them: a package's own nested
 * node_modules first, then each folder above it.
 */
function runtimePackages(root: string): string[] {
  const found = new Set<string>();
  const visit = (fromDir: string, name: string) => {
    for (let d = fromDir; ; d = dirname(d)) {
      const candidate = join(d, 'node_modules', name);
      if (existsSync(join(candidate, 'package.json'))) {
        if (!found.has(candidate)) {
          found.add(candidate);
          const manifest = JSON.parse(readFileSync(join(candidate, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
          for (const dep of Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies, ...manifest.peerDependencies })) visit(candidate, dep);
        }
        return;
      }
      if (d === root || dirname(d) === d) return; // an optional or peer dependency not installed
    }
  };
  const manifest = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  for (const dep of Object.keys(manifest.dependencies)) visit(root, dep);
  return [...found];
}

/** A folder that anyone may enter and list, whatever the umask. */
function mkdirOpen(dir: string): void {
  mkdirSync(dir);
  chmodSync(dir, 0o755);
}

/**
 * `from` copied to `to` for any user to read: folders 755, files made
 * readable. With `link`, a file that anyone may read already is hard-linked
 * instead (on the same disk: no bytes copied, and a link needs no way
 * through the folders above the original); without, the test may change
 * the copy. Links are followed, or with `keepLinks` copied as links.
 */
function stageTree(from: string, to: string, opts: { link: boolean; keepLinks: boolean }): void {
  const st = opts.keepLinks ? lstatSync(from) : statSync(from, { throwIfNoEntry: false });
  if (st === undefined) return; // a link to nothing
  if (st.isSymbolicLink()) {
    symlinkSync(readlinkSync(from), to);
    return;
  }
  if (st.isDirectory()) {
    mkdirOpen(to);
    for (const name of readdirSync(from)) stageTree(join(from, name), join(to, name), opts);
    return;
  }
  if (opts.link && (st.mode & 0o444) === 0o444) {
    try {
      linkSync(from, to);
      return;
    } catch {
      // another disk, or links refused (fs.protected_hardlinks): copied below
    }
  }
  copyFileSync(from, to);
  chmodSync(to, (st.mode & 0o7777) | 0o444);
}

export interface StagedCli {
  /** The folder, readable by anyone; the caller removes it. */
  readonly dir: string;
  /** Node itself: this one, or a copy when it lies in a folder others cannot enter (an nvm install in a private home). */
  readonly node: string;
  /** The staged dist/src/cli.js. */
  readonly cli: string;
}

/**
 * What `node dist/src/cli.js` needs (after `npm run build`) in a new folder
 * any user can enter and read, with each of `extra` (a name in that folder →
 * a file or folder to put there, its links kept as links).
 */
export function stageCli(extra: Record<string, string> = {}): StagedCli {
  const base = [tmpdir(), '/tmp'].find(othersCanEnter);
  if (base === undefined) throw new Error(`stageCli: neither ${tmpdir()} nor /tmp can be entered by other users`);
  const dir = mkdtempSync(join(base, 'iw-staged-'));
  try {
    chmodSync(dir, 0o755);
    const ours = { link: true, keepLinks: false };
    stageTree(join(PACKAGE_ROOT, 'package.json'), join(dir, 'package.json'), ours);
    stageTree(join(PACKAGE_ROOT, 'dist'), join(dir, 'dist'), ours);
    // node_modules may be a link (to another checkout's): the real folder is walked.
    const root = dirname(realpathSync(join(PACKAGE_ROOT, 'node_modules')));
    for (const pkg of runtimePackages(root)) {
      const rel = relative(root, pkg);
      // A package nested in another's node_modules came with that one.
      if (rel.split(sep).filter((part) => part === 'node_modules').length > 1) continue;
      let to = dir;
      for (const part of rel.split(sep)) {
        to = join(to, part);
        if (to !== join(dir, rel) && !existsSync(to)) mkdirOpen(to); // node_modules, @scope
      }
      stageTree(pkg, to, ours);
    }
    let node = process.execPath;
    if (!othersCanEnter(dirname(node))) {
      node = join(dir, 'node');
      stageTree(process.execPath, node, ours);
    }
    for (const [name, from] of Object.entries(extra)) stageTree(from, join(dir, name), { link: false, keepLinks: true });
    return { dir, node, cli: join(dir, 'dist', 'src', 'cli.js') };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/** The staged CLI with `args`, as uid and gid 65534 (nobody) with no supplementary groups; needs root. */
export function cliAsNobody(staged: StagedCli, args: string[]): SpawnSyncReturns<string> {
  return spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', '--', staged.node, staged.cli, ...args], { encoding: 'utf8', timeout: 30_000 });
}
