import { spawnSync } from 'node:child_process';
import { closeSync, constants, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copyFixtureProc, decodeSpool, FIXTURE_PROC, isTick, runAgent } from '../helpers.js';
import { startAgent, stopInProcessAgents } from '../in-process-agent.js';

// The sketch and enrichment breakers run in this process (startAgent); the
// watchdog's test runs a real agent: its hung worker is a thread blocked in
// open(2), which only its own process's exit is sure to end.

const dirs: string[] = [];
afterEach(async () => {
  await stopInProcessAgents();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'iw-breakers-'));
  dirs.push(d);
  return d;
}

/** The config of these tests: the fixture tree, fast ticks, breakers quick to move, the scan's budget out of the way. */
function baseConfig(dir: string, procRoot = FIXTURE_PROC): string {
  return [
    `proc_root: ${procRoot}`,
    'interval_seconds: 0.1',
    `spool_dir: ${join(dir, 'spool')}`,
    'metrics_listen: ""',
    'top_n: 3',
    'scan_cpu_budget_percent: 100',
    'breaker_failures: 2',
    'breaker_open_ticks: 2',
  ].join('\n') + '\n';
}

/** Events by "module/eventType" as decoded from diag.ldpb. */
function eventsOf(dir: string): Record<string, any>[] {
  return decodeSpool(join(dir, 'spool', 'diag.ldpb'), 'diag');
}

function countsOf(events: Record<string, any>[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const e of events) counts[`${e.module}/${e.eventType}`] = (counts[`${e.module}/${e.eventType}`] ?? 0) + 1;
  return counts;
}

describe('the sketch breaker', () => {
  it('opens on a tick over the sketches’ memory budget: rows go raw, one probe, and closes once the budget fits', async () => {
    const dir = tempDir();
    const file = join(dir, 'agent.yaml');
    // 4 KiB holds not one per-name pair (8 KiB each at 512 bins).
    writeFileSync(file, baseConfig(dir) + 'sketch_memory_budget_bytes: 4096\n');
    const agent = startAgent(file);
    const breaker = () => agent.logs().filter((l) => l.msg === 'breaker' && l.module === 'sketch');
    await agent.waitFor(() => breaker().length >= 3, 'open, half-open, open again');
    const ticks = () => agent.logs().filter((l) => l.msg === 'tick');
    expect(ticks()[0]).toMatchObject({ mode: 'smart', top: 3 });
    expect(ticks().some((t) => t.mode === 'raw' && t.top === 13 && t.aggregates === 0)).toBe(true);
    // The budget is made to fit: the next probe passes.
    writeFileSync(file, baseConfig(dir));
    await agent.waitFor(() => breaker().some((b) => b.to === 'closed'), 'the breaker to close');
    const closedAt = agent.logs().findIndex((l) => l.msg === 'breaker' && l.module === 'sketch' && l.to === 'closed');
    await agent.waitFor(() => ticks().length > closedAt + 2, 'ticks after it closed');
    const stopped = agent.logs().length;
    expect(await agent.stop()).toBe(0);
    const after = agent.logs().slice(closedAt, stopped).filter((l) => l.msg === 'tick');
    expect(after.every((t) => t.mode === 'smart' && t.top === 3)).toBe(true);

    expect(breaker().map((b) => `${b.from}→${b.to}`).slice(0, 3)).toEqual(['closed→open', 'open→half_open', 'half_open→open']);
    const events = eventsOf(dir).filter((e) => e.module === 'sketch');
    expect(events[0].eventType).toBe('breaker_open');
    expect(events[0].reason).toMatch(/2 failures in a row: \d+ values found no per-name sketch within sketch_memory_budget_bytes \(4096 B, 0 names\)/);
    expect(events[1]).toMatchObject({ eventType: 'fallback', reason: 'rows go raw (every process a row) and the sketches pause' });
    expect(events.at(-1)!.eventType).toBe('breaker_closed');
    // One event per state change, and the counters agree with the events on disk.
    expect(events.filter((e) => e.eventType.startsWith('breaker_')).length).toBe(breaker().length);
    const stop = agent.logs().find((l) => l.msg === 'agent stopped')!;
    expect(stop.diagEvents).toEqual(countsOf(eventsOf(dir)));
    // The raw ticks reached the spool as raw envelopes.
    const envelopes = decodeSpool(join(dir, 'spool', 'processes.ldpb'));
    expect(envelopes.some((e) => e.payload.mode === 'raw' && e.payload.top.length === 13)).toBe(true);
  }, 60_000);
});

describe('the enrichment breaker', () => {
  it('opens when a row’s file fails: rows ship without command line and user until a probe passes', async () => {
    const dir = tempDir();
    const root = copyFixtureProc();
    dirs.push(root);
    // A directory where the cmdline file should be: reading it fails with EISDIR (not gone, not denied).
    rmSync(join(root, '113', 'cmdline'), { force: true });
    mkdirSync(join(root, '113', 'cmdline'));
    const file = join(dir, 'agent.yaml');
    writeFileSync(file, baseConfig(dir, root).replace('metrics_listen: ""', 'metrics_listen: "127.0.0.1:0"'));
    const agent = startAgent(file);
    const breaker = () => agent.logs().filter((l) => l.msg === 'breaker' && l.module === 'enrich');
    await agent.waitFor(() => breaker().length >= 3, 'open, half-open, open again');
    const healthz = `http://127.0.0.1:${agent.logs().find((l) => l.msg === 'health listening')!.port}/healthz`;
    const failing = await fetch(healthz);
    expect(failing.status).toBe(503);
    expect(await failing.text()).toMatch(/^failing: enrich: breaker (open|half_open): /);
    // The file is mended: the next probe passes.
    rmSync(join(root, '113', 'cmdline'), { recursive: true });
    writeFileSync(join(root, '113', 'cmdline'), 'mended\0');
    await agent.waitFor(() => breaker().some((b) => b.to === 'closed'), 'the breaker to close');
    await agent.waitFor(() => agent.logs().filter((l) => l.msg === 'tick').length > 12, 'more ticks');
    const healthy = await fetch(healthz);
    expect([healthy.status, await healthy.text()]).toEqual([200, 'ok\n']);
    expect(await agent.stop()).toBe(0);

    const events = eventsOf(dir).filter((e) => e.module === 'enrich');
    expect(events[0].eventType).toBe('breaker_open');
    expect(events[0].reason).toMatch(/a row's file failed: .*\/113\/cmdline: EISDIR/);
    expect(events[1]).toMatchObject({ eventType: 'fallback', reason: 'rows ship without command line, user and io' });
    const envelopes = decodeSpool(join(dir, 'spool', 'processes.ldpb')).map((e) => e.payload.top as Record<string, any>[]);
    // Every tick shipped its rows; while open, without the files' fields; once mended, with them.
    expect(envelopes.every((top) => top.length === 3)).toBe(true);
    expect(envelopes.some((top) => top.every((r) => r.commandLine === undefined && r.userName === undefined))).toBe(true);
    expect(envelopes.at(-1)!.find((r) => r.processId === 113)!.commandLine).toBe('mended');
  }, 60_000);
});

describe('the watchdog in the agent', () => {
  it('reports a hung scan worker, replaces it, and the tick marks its processes missing', async () => {
    const dir = tempDir();
    const root = copyFixtureProc();
    dirs.push(root);
    mkdirSync(join(root, '200'));
    const fifo = join(root, '200', 'stat');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const file = join(dir, 'agent.yaml');
    writeFileSync(file, baseConfig(dir, root) + 'keep_stat_fds: false\nscan_worker_timeout_seconds: 0.3\n');
    const agent = runAgent(file);
    await agent.waitFor(() => agent.logs().filter((l) => isTick(l) && (l.missing ?? 0) > 0).length >= 2, 'two ticks with missing processes');
    // Let the blocked workers go (opening the FIFO for writing ends their open()), then stop. O_RDWR, which
    // Linux allows on a FIFO (fifo(7)), neither blocks nor fails with ENXIO when no reader is in its open() right now.
    const w = openSync(fifo, constants.O_RDWR);
    writeSync(w, 'x');
    closeSync(w);
    rmSync(fifo);
    writeFileSync(fifo, readFileSync(join(root, '100', 'stat'), 'utf8').replace(/^100 /, '200 '));
    expect(await agent.stop()).toBe(0);
    const hung = eventsOf(dir).filter((e) => e.module === 'scan.worker');
    expect(hung.length).toBeGreaterThanOrEqual(2);
    expect(hung[0].eventType).toBe('worker_hung');
    expect(hung[0].reason).toMatch(/^scan worker hung on pid list entries \[0, 19\) \(no answer within 300 ms\); replaced; processes marked missing this tick: [1-9]\d*$/);
    const envelopes = decodeSpool(join(dir, 'spool', 'processes.ldpb'));
    expect(envelopes.some((e) => e.payload.counters.missing > 0)).toBe(true);
  }, 60_000);
});
