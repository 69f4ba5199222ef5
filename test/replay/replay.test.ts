// The replay harness: a recording of the live /proc round-trips through
// record and replay, and the commands name what is wrong with their input.
// The shipped recordings: steady-recording.test.ts, churn-recording.test.ts.

import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync, gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { readRecording } from '../../src/replay/recording-file.js';
import type { ReplayReport } from '../../src/replay/replay.js';
import { CLI } from '../helpers.js';

const RECORDINGS = fileURLToPath(new URL('../fixtures/recordings/', import.meta.url));
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'iw-replay-test-'));
  dirs.push(d);
  return d;
}

describe('record and replay', () => {
  it('records the live /proc and replays it: every pid a raw row, the same count of ticks', () => {
    const dir = tempDir();
    const file = join(dir, 'live.iwrec.gz');
    const rec = spawnSync(process.execPath, [CLI, 'record', '--out', file, '--duration', '2', '--interval-ms', '500'], { encoding: 'utf8' });
    expect(rec.status, rec.stderr).toBe(0);
    expect(rec.stdout).toMatch(/live\.iwrec\.gz: 4 ticks, \d+ pids in the last, \d+ bytes/);
    const recording = readRecording(file);
    expect(recording.ticks).toHaveLength(4);
    expect(recording.header).toMatchObject({ intervalMs: 500, format: 'infrawatch-recording/1' });
    // Every pid's stat is in the first tick; later ticks hold only the changes.
    expect(recording.ticks[0].stats!.length).toBe(recording.ticks[0].pids!.length);
    expect(recording.ticks[3].stats!.length).toBeLessThan(recording.ticks[3].pids!.length);
    const out = join(dir, 'live.json');
    const rep = spawnSync(process.execPath, [CLI, 'replay', file, '--json-out', out], { encoding: 'utf8' });
    expect(rep.status, rep.stderr).toBe(0);
    expect(rep.stdout).toMatch(/^replay of .*live\.iwrec\.gz: 4 ticks at 500 ms/);
    const report = JSON.parse(readFileSync(out, 'utf8')) as ReplayReport;
    expect(report.recording.ticks).toBe(4);
    expect(report.raw.rowsPerTick.max).toBeGreaterThan(10);
    expect(report.totalsError.processCount).toBe(0);
  }, 60_000);

  it('Ctrl-C ends a recording early with a whole file', async () => {
    const dir = tempDir();
    const file = join(dir, 'early.iwrec.gz');
    const child = spawn(process.execPath, [CLI, 'record', '--out', file, '--duration', '600', '--interval-ms', '200'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    // Interrupted once two ticks are written (it logs each), however long start-up took.
    for (let i = 0; i < 400 && !/^tick 2\//m.test(err); i++) await sleep(50);
    child.kill('SIGINT');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    const ticks = readRecording(file).ticks.length;
    expect(ticks).toBeGreaterThanOrEqual(2);
    expect(ticks).toBeLessThan(20);
    expect(out).toContain(`early.iwrec.gz: ${ticks} ticks`);
  }, 30_000);

  it('names what is wrong with the command: a missing flag, an --out that cannot be written, a recording that cannot be read', () => {
    const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
    expect(run('record', '--duration', '1')).toMatchObject({ status: 2, stderr: expect.stringMatching(/record: --out FILE is required/) });
    expect(run('record', '--out', '/nonexistent/dir/x.gz', '--duration', '1')).toMatchObject({ status: 2, stderr: expect.stringMatching(/IW_ERR_RECORD: --out \/nonexistent\/dir\/x\.gz: cannot write: ENOENT/) });
    expect(run('replay', '/nonexistent.iwrec.gz')).toMatchObject({ status: 2, stderr: expect.stringMatching(/\/nonexistent\.iwrec\.gz: cannot read the recording: ENOENT/) });
    expect(run('replay')).toMatchObject({ status: 2, stderr: expect.stringMatching(/replay: expected one recording FILE/) });
  });

  it('refuses a recording that is cut, naming the byte offset', () => {
    const dir = tempDir();
    const good = gunzipSync(readFileSync(join(RECORDINGS, 'steady.iwrec.gz')));
    const file = join(dir, 'cut.iwrec.gz');
    writeFileSync(file, gzipSync(good.subarray(0, 50_000)));
    expect(() => readRecording(file)).toThrow(/cut\.iwrec\.gz: byte offset \d+: tick 1 is not a RecordedTick/);
    writeFileSync(file, 'not gzip');
    expect(() => readRecording(file)).toThrow(/not a gzip'd recording/);
  });
});
