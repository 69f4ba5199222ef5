// Issue 11 §7: `replay` of a hostile recording. A recording may come from
// anywhere; whatever it holds, the replay ends with IW_ERR_DECODE naming the
// tick and byte offset (exit 2, no stack), within bounded memory, and leaves
// no /proc tree behind under /dev/shm, Ctrl-C included.

import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { readRecording, type RecordedTick, type RecordingHeader } from '../../src/replay/recording-file.js';
import { infrawatch } from '../../src/wire/generated/infrawatch.js';
import { CLI } from '../helpers.js';

const STEADY = fileURLToPath(new URL('../fixtures/recordings/steady.iwrec.gz', import.meta.url));
const SHM = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
const MiB = 1024 * 1024;

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'iw-hostile-'));
  dirs.push(d);
  return d;
}

/** A recording file of this header and these ticks, as the recorder writes them (gzip'd length-delimited protobuf). */
function recordingOf(header: RecordingHeader, ticks: RecordedTick[], extra: Uint8Array = new Uint8Array(0)): string {
  const parts = [infrawatch.RecordingHeader.encodeDelimited(header).finish(), ...ticks.map((t) => infrawatch.RecordedTick.encodeDelimited(t).finish()), extra];
  const file = join(tempDir(), 'hostile.iwrec.gz');
  writeFileSync(file, gzipSync(Buffer.concat(parts), { level: 1 }));
  return file;
}

const trees = () => new Set(readdirSync(SHM).filter((n) => n.startsWith('iw-replay-')));

/** `infrawatch replay FILE`: exit code and stderr, and the /proc trees it left. */
function replayCli(file: string) {
  const before = trees();
  const out = spawnSync(process.execPath, [CLI, 'replay', file, '--json-out', join(tempDir(), 'out.json')], { encoding: 'utf8', timeout: 30_000 });
  const left = [...trees()].filter((n) => !before.has(n));
  return { status: out.status, stderr: out.stderr, left };
}

const steady = readRecording(STEADY);
const twoTicks = steady.ticks.slice(0, 2);

describe('replay of a hostile recording', () => {
  const cases: [string, () => string, RegExp][] = [
    [
      'a header with clockTicksPerSecond: 0',
      () => recordingOf({ ...steady.header, clockTicksPerSecond: 0 }, twoTicks),
      /byte offset 0: the header's clockTicksPerSecond is 0, expected 1 to 1000000/,
    ],
    [
      'a stat for a pid the tick does not list',
      () => recordingOf(steady.header, [twoTicks[0], { ...twoTicks[1], stats: [...(twoTicks[1].stats ?? []), { pid: 999_999, data: Buffer.from('999999 (x) S 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 1 1 1\n') }] }]),
      /byte offset \d+: tick 2: a file of stats for pid 999999, which the tick does not list/,
    ],
    [
      'a gzip bomb (257 MiB of zeros unzipped: empty ticks without end)',
      () => recordingOf(steady.header, twoTicks, new Uint8Array(257 * MiB)),
      /unzips to more than the 268435456 bytes a recording may have/,
    ],
    [
      'a /proc tree of 130 MiB (130 cmdlines of 1 MiB)',
      () => {
        const pids = Array.from({ length: 130 }, (_, i) => 1000 + i);
        const big = Buffer.alloc(MiB, 'x');
        return recordingOf(steady.header, [{ atMs: 0, unixMs: 0, pids, stats: [], cmdlines: pids.map((pid) => ({ pid, data: big })), statuses: [], ios: [] }]);
      },
      /byte offset \d+: tick 1: its \/proc tree would hold \d+ bytes, more than 134217728/,
    ],
    [
      'a pid that is not one',
      () => recordingOf(steady.header, [{ ...twoTicks[0], pids: [...(twoTicks[0].pids ?? []), -7] }]),
      /tick 1: pid -7 is not a pid/,
    ],
  ];

  it.each(cases)('%s: IW_ERR_DECODE with the offset, exit 2, no stack, no tree left', (_, make, message) => {
    const out = replayCli(make());
    expect(out.stderr).toMatch(/^infrawatch: IW_ERR_DECODE: .*hostile\.iwrec\.gz: /);
    expect(out.stderr).toMatch(message);
    expect(out.stderr).not.toMatch(/^\s+at /m);
    expect(out.status).toBe(2);
    expect(out.left).toEqual([]);
  }, 60_000);

  it('a good recording still replays, and leaves no tree', () => {
    const out = replayCli(recordingOf(steady.header, steady.ticks.slice(0, 3)));
    expect(out.stderr).toBe('');
    expect(out.status).toBe(0);
    expect(out.left).toEqual([]);
  }, 60_000);

  it('Ctrl-C during a replay removes its /proc tree and exits 130', async () => {
    const before = trees();
    const child = spawn(process.execPath, [CLI, 'replay', STEADY, '--json-out', join(tempDir(), 'out.json')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    // Wait until its tree is there, then interrupt.
    const until = Date.now() + 20_000;
    while ([...trees()].every((n) => before.has(n)) && Date.now() < until) await sleep(20);
    await sleep(300);
    child.kill('SIGINT');
    const [code] = await once(child, 'exit');
    expect(stderr).toMatch(/replay of .*steady\.iwrec\.gz: interrupted/);
    expect(code).toBe(130);
    expect([...trees()].filter((n) => !before.has(n))).toEqual([]);
  }, 60_000);
});

