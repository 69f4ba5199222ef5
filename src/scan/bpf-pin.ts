// Loading the BPF task iterator and pinning it as a file, with Debian's
// bpftool (`bpftool iter pin OBJ PATH`): libbpf inside bpftool does the CO-RE
// relocation against the running kernel's BTF, so the agent needs no native
// addon and no libbpf binding of its own. Loading needs CAP_BPF and
// CAP_PERFMON (root); reading the pinned file afterwards needs only
// permission on it, so a systemd unit can pin in ExecStartPre with those
// capabilities and run the agent without them.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, statfsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { distRoot } from '../paths.js';

/** The object scripts/build-bpf.sh builds. */
export const TASK_ITER_OBJECT = join(distRoot, 'bpf', 'task_iter.bpf.o');

const BPFTOOL_TIMEOUT_MS = 10_000;
const BPF_FS_MAGIC = 0xcafe4a11;

/**
 * Whether `dir`, or the nearest folder above it that exists, is on a bpffs
 * mount. Asked before bpftool runs: bpftool mounts a bpffs of its own on a
 * pin folder that is not on one, and the agent does not mount filesystems.
 */
function onBpffs(dir: string): boolean {
  let d = dir;
  while (!existsSync(d) && dirname(d) !== d) d = dirname(d);
  return statfsSync(d).type === BPF_FS_MAGIC;
}

/**
 * Pins a fresh iterator from `object` at `pinPath` (replacing one already
 * there: it may come from an older object). Throws an Error that says what
 * is missing: the object (the toolchain was absent at build), bpftool, the
 * bpffs mount, or the permission to load.
 */
export function pinTaskIterator(pinPath: string, object = TASK_ITER_OBJECT): void {
  if (!existsSync(object)) throw new Error(`no BPF object at ${object} (built by scripts/build-bpf.sh when clang, bpftool and libbpf-dev are installed)`);
  if (!onBpffs(dirname(pinPath))) throw new Error(`${dirname(pinPath)} is not on a bpffs mount (mount -t bpf bpf /sys/fs/bpf)`);
  mkdirSync(dirname(pinPath), { recursive: true });
  // Pinned under a name of its own, then renamed over the old pin: another
  // agent reading the old one (tests run several) never finds it missing.
  const fresh = `${pinPath}_${process.pid}_new`; // bpffs refuses names with dots
  try {
    execFileSync('bpftool', ['iter', 'pin', object, fresh], { timeout: BPFTOOL_TIMEOUT_MS, stdio: ['ignore', 'ignore', 'pipe'] });
    renameSync(fresh, pinPath);
  } catch (err) {
    rmSync(fresh, { force: true });
    const e = err as NodeJS.ErrnoException & { stderr?: Buffer };
    if (e.code === 'ENOENT') throw new Error('bpftool is not installed (Debian package bpftool)');
    const why = e.stderr?.toString().trim().split('\n').slice(-2).join(' ') || e.message;
    throw new Error(`bpftool iter pin ${object} ${pinPath} failed: ${why} (loading needs CAP_BPF and CAP_PERFMON)`);
  }
}

/** The exit tracker's object and its libbpf loader, built by scripts/build-bpf.sh. */
export const EXIT_TRACKER_OBJECT = join(distRoot, 'bpf', 'exit_tracker.bpf.o');
export const EXIT_TRACKER_LOADER = join(distRoot, 'bpf', 'exit-tracker-pin');

/** The file the agent reads the tracker's exits from, in the tracker's folder. */
export const EXIT_DRAIN_FILE = 'exits';

/**
 * Loads the exit tracker, attaches it and pins it as the folder `dir`
 * (its links, and the drain file `dir/exits`), with the loader
 * exit-tracker-pin: Debian's bpftool 7.1 cannot pin a tracing program's
 * link. `dir` must not exist: a second tracker would record every exit
 * again, so the caller reuses one that is there. Throws an Error that says
 * what is missing.
 */
export function pinExitTracker(dir: string, object = EXIT_TRACKER_OBJECT, loader = EXIT_TRACKER_LOADER): void {
  if (!existsSync(object) || !existsSync(loader)) throw new Error(`no exit tracker at ${object} (built by scripts/build-bpf.sh when clang, bpftool, cc and libbpf-dev are installed)`);
  if (!onBpffs(dirname(dir))) throw new Error(`${dirname(dir)} is not on a bpffs mount (mount -t bpf bpf /sys/fs/bpf)`);
  mkdirSync(dirname(dir), { recursive: true });
  rmSync(`${dir}_new`, { recursive: true, force: true }); // a load cut short before its rename
  try {
    execFileSync(loader, [object, dir], { timeout: BPFTOOL_TIMEOUT_MS, stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (err) {
    rmSync(`${dir}_new`, { recursive: true, force: true });
    const e = err as NodeJS.ErrnoException & { stderr?: Buffer };
    const why = e.stderr?.toString().trim().split('\n').slice(-2).join(' ') || e.message;
    throw new Error(`exit-tracker-pin ${object} ${dir} failed: ${why}`);
  }
}
