// One agent per spool or queue folder. Two agents appending to the same
// segment files interleave their records and ack each other's; two
// rotating the same spool rename each other's files. The lock is
// <dir>/.lock, made with O_EXCL, holding its owner's pid and that
// process's start time (proc(5) /proc/<pid>/stat field 22), so a pid the
// kernel gave to another process since is not taken for a live holder.
// On a disk too full for the file's bytes the lock is a symbolic link
// whose target is that text instead (made or refused atomically too, and a
// link's target needs no data block; Emacs makes its lock files so): an
// agent restarted on a full disk still gets its lock.
//
// It is held for the owner's life: released on close and at exit, and
// stale once the holder is dead (kill -9, a crash), when the next agent
// takes it over and says so. Like PostgreSQL's postmaster.pid, a stale
// file is removed and O_EXCL tried again, a few times; two agents racing
// for one stale lock both retry and one wins.
//
// Within one process the lock is shared, counted per resolved folder: the
// agent makes a sink's new queue after closing the old one, and a new
// spool before closing the old one, on the same folder.

import { closeSync, lstatSync, openSync, readFileSync, readlinkSync, realpathSync, symlinkSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export const LOCK_FILE = '.lock';

export interface FolderLock {
  /** The lock file. */
  readonly file: string;
  /** The dead holder whose stale lock was taken over, if there was one. */
  readonly takenOverFrom: number | undefined;
  /** Gives this holder's share back; the file goes with the last one. */
  release(): void;
}

interface Held {
  file: string;
  refs: number;
  /** What this process wrote (or linked to). */
  content: string;
}

const held = new Map<string, Held>();
let exitHook = false;

/** (22) starttime, in clock ticks since boot; '' when the process is gone, a zombie, or /proc cannot tell. */
export function startTimeOf(pid: number, procRoot = '/proc'): string {
  let stat: string;
  try {
    stat = readFileSync(`${procRoot}/${pid}/stat`, 'latin1');
  } catch {
    return '';
  }
  // The comm runs to the LAST ')'; fields from (3) state on follow it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  if (fields[0] === 'Z' || fields[0] === 'X') return ''; // (3) state: dead, not yet reaped
  return fields[22 - 3] ?? '';
}

/** The holder named by a lock's target, if that process is still the one that made it. */
function liveHolder(content: string): number | undefined {
  const m = /^(\d+) (\d*)$/.exec(content);
  if (m === null) return undefined; // not one of ours: stale
  const pid = Number(m[1]);
  const now = startTimeOf(pid);
  if (now === '') return undefined;
  return m[2] === '' || m[2] === now ? pid : undefined;
}

/** A lock's text, file or link. */
function readLock(file: string): string {
  try {
    return readlinkSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EINVAL') throw err;
    return readFileSync(file, 'latin1'); // not a link: the usual file
  }
}

/** An empty lock file made a moment ago: its maker is between open and write, not dead. */
function beingMade(file: string): boolean {
  try {
    const st = lstatSync(file);
    return st.isFile() && st.size === 0 && Date.now() - st.mtimeMs < 2000;
  } catch {
    return false;
  }
}

/** Makes the lock; false if there is one already. */
function create(file: string, content: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o644);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  let whole = false;
  try {
    whole = writeSync(fd, content) === Buffer.byteLength(content);
  } catch {
    // a full disk: below
  } finally {
    closeSync(fd);
  }
  if (whole) return true;
  unlinkSync(file);
  try {
    symlinkSync(content, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false; // another agent came in between
    throw err;
  }
}

function removeIfOurs(h: Held): void {
  try {
    if (readLock(h.file) === h.content) unlinkSync(h.file);
  } catch {
    // already gone
  }
}

/**
 * Takes `dir`'s lock (the folder must exist). Throws, naming the lock file
 * and the holder's pid, when another live process holds it.
 */
export function lockFolder(dir: string): FolderLock {
  const key = realpathSync(dir);
  const mine = held.get(key);
  if (mine !== undefined) {
    mine.refs++;
    return handle(key, mine, undefined);
  }
  const file = join(key, LOCK_FILE);
  const content = `${process.pid} ${startTimeOf(process.pid)}`;
  let takenOverFrom: number | undefined;
  for (let attempt = 0; ; attempt++) {
    if (create(file, content)) break;
    if (attempt >= 5) throw new Error(`${file}: could not be taken (held and released ${attempt} times meanwhile?)`);
    let text: string;
    try {
      text = readLock(file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue; // removed meanwhile: try again
      text = ''; // not ours (a folder someone made?): stale
    }
    const holder = liveHolder(text);
    if (holder !== undefined && holder !== process.pid) {
      throw new Error(`${file} is held by pid ${holder}, another agent using this folder (one agent per folder: stop it, or give this one a folder of its own)`);
    }
    if (text === '' && beingMade(file)) {
      throw new Error(`${file} is being taken by another agent using this folder (one agent per folder: stop it, or give this one a folder of its own)`);
    }
    takenOverFrom = Number(/^\d+/.exec(text)?.[0] ?? NaN) || undefined;
    try {
      unlinkSync(file);
    } catch {
      // another agent took it over first: the next attempt sees its file
    }
  }
  const h: Held = { file, refs: 1, content };
  held.set(key, h);
  if (!exitHook) {
    exitHook = true;
    process.on('exit', () => {
      for (const each of held.values()) removeIfOurs(each);
    });
  }
  return handle(key, h, takenOverFrom);
}

function handle(key: string, h: Held, takenOverFrom: number | undefined): FolderLock {
  let released = false;
  return {
    file: h.file,
    takenOverFrom,
    release() {
      if (released) return;
      released = true;
      if (--h.refs > 0) return;
      held.delete(key);
      removeIfOurs(h);
    },
  };
}
