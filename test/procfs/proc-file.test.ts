// A proc_root tree of planted symlinks must not make the agent (root) read
// and ship files from elsewhere: the row files (cmdline, status, io) and the
// host files (stat, meminfo, uptime) are opened with O_NOFOLLOW and checked
// to lie under proc_root's real path.

import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readMeminfo } from '../../src/procfs/meminfo.js';
import { openUnderRoot, readTextUnderRoot } from '../../src/procfs/proc-file.js';
import { readCommandLine } from '../../src/procfs/read-cmdline.js';
import { readIo } from '../../src/procfs/read-io.js';
import { readUid } from '../../src/procfs/read-status.js';
import { CLI, copyFixtureProc } from '../helpers.js';

const MARKER = 'root:$6$PLANTED-SECRET-7f3a';
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A fixture tree with links planted in it, and the secret files they point at. */
function plantedTree(): string {
  const proc = copyFixtureProc();
  const outside = mkdtempSync(join(tmpdir(), 'iw-secret-'));
  dirs.push(proc, outside);
  writeFileSync(join(outside, 'shadow'), `${MARKER}\nUid:\t0\t0\t0\t0\nread_bytes: 1\nwrite_bytes: 2\nMemTotal: 100 kB\n`);
  // The last component a link: 100's cmdline and status, the host's meminfo.
  for (const f of ['100/cmdline', '100/status', 'meminfo']) {
    rmSync(join(proc, f), { force: true });
    symlinkSync(join(outside, 'shadow'), join(proc, f));
  }
  symlinkSync(join(outside, 'shadow'), join(proc, '101', 'io'));
  // 103's stat, read by the scan workers: a line shaped like a stat whose name is a secret.
  writeFileSync(join(outside, 'stat'), `103 (PLANTED-SECRET) S 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 100 1000 100\n`);
  rmSync(join(proc, '103', 'stat'));
  symlinkSync(join(outside, 'stat'), join(proc, '103', 'stat'));
  // A link before the last component: 102 is a folder elsewhere that holds a cmdline of secrets.
  mkdirSync(join(outside, 'pid'));
  writeFileSync(join(outside, 'pid', 'cmdline'), `${MARKER}\0`);
  writeFileSync(join(outside, 'pid', 'stat'), spawnSync('cat', [join(proc, '102', 'stat')]).stdout);
  rmSync(join(proc, '102'), { recursive: true, force: true });
  symlinkSync(join(outside, 'pid'), join(proc, '102'));
  return proc;
}

describe('files under proc_root', () => {
  it('are not read through a planted link, at the end of the path or before it', () => {
    const proc = plantedTree();
    expect(() => readCommandLine(proc, 100, 4096)).toThrow(/100\/cmdline: ELOOP/);
    expect(() => readUid(proc, 100)).toThrow(/100\/status: ELOOP/);
    expect(() => readIo(proc, 101)).toThrow(/101\/io: ELOOP/);
    expect(() => readCommandLine(proc, 102, 4096)).toThrow(/102\/cmdline: resolves to .*iw-secret-.*\/pid\/cmdline, outside proc_root; not read/);
    expect(readMeminfo(proc)).toBeUndefined();
    // What is not planted reads as before.
    expect(readCommandLine(proc, 117, 4096)?.text).toBe('java -Dpassword=hunter2 -jar app.jar --api-key k3y');
    expect(readTextUnderRoot(proc, 'uptime')).toMatch(/^\d/);
  });

  it('are read in the real /proc, where the files are not links', () => {
    expect(readCommandLine('/proc', process.pid, 4096)?.text).toContain('node');
    expect(readUid('/proc', process.pid)).toBe(process.getuid!());
    const fd = openUnderRoot('/proc', 'meminfo');
    expect(fd).toBeGreaterThan(2);
    closeSync(fd);
  });

  it('never reach what `infrawatch scan` prints', () => {
    const proc = plantedTree();
    const out = spawnSync(process.execPath, [CLI, 'scan', '--proc-root', proc, '--interval-ms', '50', '--json'], { encoding: 'utf8' });
    expect(out.status, out.stderr).toBe(0);
    expect(out.stdout).not.toContain('PLANTED-SECRET');
    expect(out.stderr).not.toContain('PLANTED-SECRET');
    expect(out.stderr).toMatch(/rows without command line, user and io: .*(ELOOP|outside proc_root)/);
  });
});
