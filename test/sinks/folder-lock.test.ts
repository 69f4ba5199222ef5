// One agent per spool and queue folder: a second agent on the same folders
// is refused at start with a config error naming the key, the folder and
// the holder; once the holder is dead (kill -9) the next agent takes over.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { lstatSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { lockFolder, startTimeOf } from '../../src/sinks/folder-lock.js';
import { CLI, refusingPort, FIXTURE_PROC, runAgent } from '../helpers.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'iw-lock-'));
  dirs.push(dir);
  return dir;
}
/** On a full disk the lock is a symbolic link to nothing, which existsSync would follow. */
function present(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('lockFolder', () => {
  it('is shared within one process and gone with its last holder', () => {
    const dir = tempDir();
    const a = lockFolder(dir);
    const b = lockFolder(dir);
    expect(readFileSync(a.file, 'utf8')).toBe(`${process.pid} ${startTimeOf(process.pid)}`);
    a.release();
    a.release(); // twice is once
    expect(present(b.file)).toBe(true);
    b.release();
    expect(present(b.file)).toBe(false);
  });

  it('refuses a folder whose holder lives, naming its pid', async () => {
    const dir = tempDir();
    const sleeper = spawn('sleep', ['30']);
    try {
      await once(sleeper, 'spawn');
      const holder = `${sleeper.pid} ${startTimeOf(sleeper.pid!)}`;
      writeFileSync(join(dir, '.lock'), holder);
      expect(() => lockFolder(dir)).toThrow(`${join(dir, '.lock')} is held by pid ${sleeper.pid}, another agent using this folder`);
      // The form a lock takes on a disk too full for the file's bytes.
      rmSync(join(dir, '.lock'));
      symlinkSync(holder, join(dir, '.lock'));
      expect(() => lockFolder(dir)).toThrow(`${join(dir, '.lock')} is held by pid ${sleeper.pid}, another agent using this folder`);
    } finally {
      sleeper.kill('SIGKILL');
    }
  });

  it('takes over a lock whose pid now names another process (its start time differs), or a dead one', () => {
    const dir = tempDir();
    writeFileSync(join(dir, '.lock'), `${process.ppid} 1`); // the parent lives, but did not start at tick 1
    const lock = lockFolder(dir);
    expect(lock.takenOverFrom).toBe(process.ppid);
    lock.release();
    writeFileSync(join(dir, '.lock'), 'garbage');
    const again = lockFolder(dir);
    expect(again.takenOverFrom).toBeUndefined();
    again.release();
  });
});

/** Agents of a test that failed midway are killed (vitest's workers may end without an 'exit' event). */
const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

describe('two agents on one folder', () => {
  it('the second is refused (exit 2, IW_ERR_CONFIG naming the key, the folder and the holder); after kill -9 of the first a new one starts', async () => {
    const dir = tempDir();
    const down = await refusingPort();
    onTestFinished(down.close);
    const config = (name: string, spool: string) => {
      const file = join(dir, `${name}.yaml`);
      writeFileSync(
        file,
        [`proc_root: ${FIXTURE_PROC}`, 'interval_seconds: 0.2', `spool_dir: ${join(dir, spool)}`, `queue_dir: ${join(dir, 'queue')}`,
          `api_url: http://127.0.0.1:${down.port}/api`, 'collect_snapshot: false', 'metrics_listen: ""'].join('\n') + '\n',
      );
      return file;
    };
    const first = runAgent(config('first', 'spool'));
    started.push(first.child);
    await first.waitFor(() => first.logs().some((l) => l.msg === 'agent started'), 'the first agent to start');
    const pid = first.child.pid!;

    const refused = (file: string) => spawnSync(process.execPath, [CLI, 'run', '--config', file], { encoding: 'utf8', timeout: 20_000 });
    const second = refused(config('second', 'spool'));
    expect(second.status).toBe(2);
    expect(second.stderr).toContain(
      `infrawatch: IW_ERR_CONFIG: spool_dir: ${join(dir, 'spool')}: ${join(dir, 'spool', '.lock')} is held by pid ${pid}, another agent using this folder`,
    );
    // The same queue folder through a spool folder of its own: refused on queue_dir.
    const third = refused(config('third', 'spool-3'));
    expect(third.status).toBe(2);
    expect(third.stderr).toContain(
      `infrawatch: IW_ERR_CONFIG: queue_dir: ${join(dir, 'queue')}: ${join(dir, 'queue', 'http', '.lock')} is held by pid ${pid}, another agent using this folder`,
    );
    expect(present(join(dir, 'spool-3', '.lock'))).toBe(false); // what the refused agent took, it gave back

    first.child.kill('SIGKILL');
    await once(first.child, 'exit');
    const fourth = runAgent(config('first', 'spool'));
    started.push(fourth.child);
    await fourth.waitFor(() => fourth.logs().some((l) => l.msg === 'agent started'), 'an agent after kill -9 of the holder');
    expect(fourth.logs().find((l) => l.event === 'lock_taken_over')?.msg).toBe(`${join(dir, 'queue', 'http', '.lock')}: the agent that held it (pid ${pid}) is gone; taken over`);
    expect(await fourth.stop()).toBe(0);
    expect(present(join(dir, 'spool', '.lock'))).toBe(false);
    expect(present(join(dir, 'queue', 'http', '.lock'))).toBe(false);
  }, 60_000);
});
