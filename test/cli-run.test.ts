// `infrawatch run` as a user starts it: ticks, the spool, decode of what it
// wrote, a clean stop on SIGINT, and where its log lines go. (The commands
// that start no agent are in cli.test.ts.)

import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { CLI, FIXTURE_PROC, refusingPort } from './helpers.js';

function cli(...args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 30_000 });
}

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'iw-cli-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('infrawatch run', () => {
  it('refuses a bad config, naming the field', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'agent.yaml'), 'interval_seconds: -1\n');
    const out = cli('run', '--config', join(dir, 'agent.yaml'));
    expect(out.status).toBe(2);
    expect(out.stderr).toMatch(/IW_ERR_CONFIG: .*agent.yaml: interval_seconds: .*\(got -1\)/);
  });

  it('ticks, spools an envelope per tick, logs a summary per tick, stops cleanly on SIGINT, and decode reads the spool', async () => {
    const dir = tempDir();
    const spool = join(dir, 'spool');
    writeFileSync(
      join(dir, 'agent.yaml'),
      `proc_root: ${FIXTURE_PROC}\ninterval_seconds: 0.2\nspool_dir: ${spool}\ntop_n: 3\nhost_id: host-under-test\nsketch_window_s: 1\nscan_cpu_budget_percent: 100\nmetrics_listen: ""\n`,
    );
    const child = spawn(process.execPath, [CLI, 'run', '--config', join(dir, 'agent.yaml')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    for (let i = 0; i < 100 && (stdout.match(/"msg":"tick"/g) ?? []).length < 3; i++) await sleep(100);
    child.kill('SIGINT');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    const logs = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const ticks = logs.filter((l) => l.msg === 'tick');
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    expect(ticks[0]).toMatchObject({ pids: 18, scanned: 13, top: 3, aggregates: 10 });
    expect(typeof ticks[0].tickMs).toBe('number');
    expect(logs.at(-1)).toMatchObject({ msg: 'agent stopped', ticks: ticks.length, spooled: ticks.length });

    // Everything the agent logged as ticked is on disk, and decode prints it.
    const file = join(spool, 'processes.ldpb');
    expect(existsSync(file)).toBe(true);
    const decoded = cli('decode', file);
    expect(decoded.status, decoded.stderr).toBe(0);
    const envelopes = decoded.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(envelopes).toHaveLength(ticks.length);
    expect(envelopes[1]).toMatchObject({ entityGuid: 'host-under-test', schemaVersion: '2.3' });
    const batch = envelopes[1].payload;
    expect(batch).toMatchObject({ mode: 'smart', topN: 3, intervalMs: 200 });
    expect(batch.top.map((r: { processId: number }) => r.processId)).toEqual([113, 117, 100]);
    expect(batch.aggregates).toHaveLength(10);
    expect(batch.totals.processCount).toBe(13);

    // The sketch window (0.5 s) was shipped at least once, and at the stop.
    const sketches = cli('decode', join(spool, 'sketches.ldpb'));
    expect(sketches.status, sketches.stderr).toBe(0);
    const records = sketches.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const host = records.filter((r) => r.displayName === undefined || r.displayName === '');
    expect(host.length).toBeGreaterThanOrEqual(2);
    expect(host[1]).toMatchObject({ metricName: 'memoryResidentSizeBytes', sketchVersion: '1', scale: 6, entityGuid: 'host-under-test' });
    expect(host[1].quantiles.count).toBe(host[1].count);
    expect(records.some((r) => r.displayName === 'java' && r.metricName === 'cpuPercent')).toBe(true);
  });

  it('decode names the byte offset of a cut record and still prints the ones before it', async () => {
    const dir = tempDir();
    const spool = join(dir, 'spool');
    writeFileSync(join(dir, 'agent.yaml'), `proc_root: ${FIXTURE_PROC}\ninterval_seconds: 0.1\nspool_dir: ${spool}\nmetrics_listen: ""\n`);
    const child = spawn(process.execPath, [CLI, 'run', '--config', join(dir, 'agent.yaml')], { stdio: 'ignore' });
    const file = join(spool, 'processes.ldpb');
    for (let i = 0; i < 100 && !(existsSync(file) && readFileSync(file).length > 0); i++) await sleep(100);
    child.kill('SIGINT');
    await once(child, 'exit');
    const whole = readFileSync(file);
    writeFileSync(file, Buffer.concat([whole, whole.subarray(0, 5)])); // a record cut after 5 bytes
    const out = cli('decode', file);
    expect(out.status).toBe(2);
    expect(out.stderr).toMatch(new RegExp(`IW_ERR_DECODE: .*processes.ldpb: byte offset ${whole.length}: `));
    expect(out.stdout.trim().split('\n').length).toBeGreaterThanOrEqual(1);
  });
});

describe('a signal while the agent starts', () => {
  it('is held until the start is done, then stops the agent cleanly (exit 0, "agent stopped"), not killed', async () => {
    const dir = tempDir();
    const config = join(dir, 'agent.yaml');
    writeFileSync(config, [`proc_root: ${FIXTURE_PROC}`, 'interval_seconds: 0.2', `spool_dir: ${join(dir, 'spool')}`, 'metrics_listen: ""'].join('\n') + '\n');
    const child = spawn(process.execPath, [CLI, 'run', '--config', config], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let signalled = false;
    child.stdout.on('data', (d) => {
      out += d;
      // At the first line that says it started: before run's start() has returned.
      if (!signalled && out.includes('"msg":"agent started"')) {
        signalled = true;
        child.kill('SIGINT');
      }
    });
    const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
    expect(signalled).toBe(true);
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(out).toContain('"msg":"agent stopped"');
  });
});

describe("the agent's log", () => {
  /** Runs the agent for a second and a half or more against an HTTP API nobody listens on (a warning each retry); its stdout and stderr lines. */
  async function runLogged(env: NodeJS.ProcessEnv): Promise<{ out: string[]; err: string[] }> {
    const dir = tempDir();
    const closed = await refusingPort();
    onTestFinished(closed.close);
    const config = join(dir, 'agent.yaml');
    writeFileSync(
      config,
      [
        `proc_root: ${FIXTURE_PROC}`,
        'interval_seconds: 0.2',
        `api_url: "http://127.0.0.1:${closed.port}/api"`,
        'collect_snapshot: false',
        `spool_dir: ${join(dir, 'spool')}`,
        `queue_dir: ${join(dir, 'queue')}`,
        'metrics_listen: ""',
      ].join('\n') + '\n',
    );
    const child = spawn(process.execPath, [CLI, 'run', '--config', config], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const exited = once(child, 'exit');
    // A second and a half of it, and at least a tick and a warning however long start-up took.
    const until = Date.now() + 20_000;
    await Promise.race([sleep(1500), exited]);
    while (!(out.includes('"msg":"tick"') && err.includes('\n')) && child.exitCode === null && Date.now() < until) await sleep(50);
    child.kill('SIGINT');
    await exited;
    const lines = (s: string) => s.split('\n').filter((l) => l !== '');
    return { out: lines(out), err: lines(err) };
  }
  const levelOf = (line: string) => JSON.parse(line.replace(/^<\d>/, '')).level as number;

  it('writes info lines to stdout and warnings and errors to stderr', async () => {
    const { out, err } = await runLogged({ JOURNAL_STREAM: undefined });
    expect(out.length).toBeGreaterThan(0);
    expect(err.length).toBeGreaterThan(0);
    expect(out.map(levelOf).filter((l) => l >= 40)).toEqual([]);
    expect(err.map(levelOf).filter((l) => l < 40)).toEqual([]);
    expect([...out, ...err].filter((l) => l.startsWith('<'))).toEqual([]); // no journal prefixes on a terminal
  });

  it('under systemd (JOURNAL_STREAM set) starts every line with its syslog priority, so journalctl -p warning shows only warnings and errors', async () => {
    const { out, err } = await runLogged({ JOURNAL_STREAM: '8:12345' });
    for (const line of out) expect(line, line).toMatch(levelOf(line) === 30 ? /^<6>\{/ : /^<7>\{/);
    for (const line of err) expect(line, line).toMatch(levelOf(line) === 40 ? /^<4>\{/ : levelOf(line) === 50 ? /^<3>\{/ : /^<2>\{/);
    expect(err.length).toBeGreaterThan(0);
    const fatal = spawnSync(process.execPath, [CLI, 'run', '--config', '/nonexistent/agent.yaml'], { encoding: 'utf8', env: { ...process.env, JOURNAL_STREAM: '8:12345' } });
    expect(fatal.status).toBe(2);
    expect(fatal.stderr).toMatch(/^<3>infrawatch: IW_ERR_CONFIG: \/nonexistent\/agent.yaml/);
  });
});
