import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { makeDirectory } from '../src/make-directory.js';
import { CLI } from './helpers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('makeDirectory', () => {
  it('makes every missing level, and is content with a folder that exists', () => {
    const root = mkdtempSync(join(tmpdir(), 'iw-mkdir-'));
    dirs.push(root);
    makeDirectory(join(root, 'a', 'b', 'c'));
    expect(statSync(join(root, 'a', 'b', 'c')).isDirectory()).toBe(true);
    makeDirectory(join(root, 'a', 'b', 'c'));
    writeFileSync(join(root, 'file'), '');
    expect(() => makeDirectory(join(root, 'file'))).toThrow(/EEXIST/);
    expect(() => makeDirectory(join(root, 'file', 'x'))).toThrow(/ENOTDIR/);
  });

  it('throws, and does not loop, where mkdir fails with ENOENT under a parent that exists (/proc)', () => {
    // fs.mkdirSync('/proc/…/x', { recursive: true }) never returns on Node 20.
    expect(() => makeDirectory('/proc/iw-not-a-folder/queue')).toThrow(/ENOENT: no such file or directory, mkdir '\/proc\/iw-not-a-folder'/);
  });

  it('a spool folder that cannot be made stops the agent at start with the config key named', () => {
    const root = mkdtempSync(join(tmpdir(), 'iw-mkdir-'));
    dirs.push(root);
    writeFileSync(join(root, 'agent.yaml'), 'spool_dir: /proc/iw-not-a-folder\nmetrics_listen: ""\n');
    const out = spawnSync(process.execPath, [CLI, 'run', '--config', join(root, 'agent.yaml')], { encoding: 'utf8', timeout: 30_000 });
    expect(out.status).toBe(2);
    expect(out.stderr).toMatch(/^infrawatch: IW_ERR_CONFIG: spool_dir: \/proc\/iw-not-a-folder: ENOENT/);
  });
});
