import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { configFileForRun } from '../src/paths.js';
import { CLI, copyFixtureProc, refusingPort, FIXTURE_PROC } from './helpers.js';
import { cliAsNobody, stageCli } from './run-as-user.js';

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

describe('infrawatch scan', () => {
  it('--json reports the top rows, the per-name aggregates, the totals, the capture ratio and the counters', () => {
    const out = cli('scan', '--proc-root', FIXTURE_PROC, '--interval-ms', '20', '--top', '3', '--json');
    expect(out.status, out.stderr).toBe(0);
    const report = JSON.parse(out.stdout);
    expect(report).toMatchObject({ mode: 'smart', topN: 3 });
    expect(report.processes.top.map((r: { processId: number }) => r.processId)).toEqual([113, 117, 100]);
    expect(report.processes.top[1]).toMatchObject({
      commandName: 'java',
      processDisplayName: 'java',
      commandLine: 'java -Dpassword=******** -jar app.jar --api-key ********',
      userName: 'nobody',
      pinned: false,
    });
    expect(report.processes.aggregates).toHaveLength(10);
    expect(report.processes.aggregates[0]).toMatchObject({ processDisplayName: '(a b ) ( c d) ', processCount: 1 });
    expect(report.processes.totals).toMatchObject({ processCount: 13, kernelThreadCount: 2 });
    expect(report.topnCaptureRatio.rss).toBeGreaterThan(0.99);
    expect(report.counters).toMatchObject({ listed: 18, scanned: 13, malformed: 4, vanished: 1, newProcesses: 0 });
    // Second sample of unchanged files: every process has a cpu% of 0.
    for (const row of report.processes.top) expect(row.cpuPercent).toBe(0);
    // The host's sketches of the second sample: every scanned process.
    expect(report.sketches.cpuPercent).toMatchObject({ count: 13, sum: 0, min: 0, max: 0, p50: 0, p99: 0 });
    const rss = report.sketches.memoryResidentSizeBytes;
    expect(rss).toMatchObject({ count: 13, min: 0, max: report.processes.top[0].memoryResidentSizeBytes });
    // (Its p50 is not checked here: pid 113's 2^76 bytes stretch the range
    // past the 2^32 the bins hold, so the lowest bins collapse, by design.)
  });

  it('--raw gives every process a row and no aggregates', () => {
    const out = cli('scan', '--proc-root', FIXTURE_PROC, '--interval-ms', '10', '--top', '3', '--raw', '--json');
    expect(out.status, out.stderr).toBe(0);
    const report = JSON.parse(out.stdout);
    expect(report.mode).toBe('raw');
    expect(report.processes.top).toHaveLength(13);
    expect(report.processes.aggregates).toEqual([]);
  });

  it('a row file that fails (not gone, not denied) leaves the rows without their files, and says why', () => {
    const root = copyFixtureProc();
    dirs.push(root);
    rmSync(join(root, '113', 'cmdline'), { force: true });
    mkdirSync(join(root, '113', 'cmdline'));
    const out = cli('scan', '--proc-root', root, '--interval-ms', '10', '--top', '3', '--json');
    expect(out.status, out.stderr).toBe(0);
    expect(out.stderr).toMatch(/^infrawatch: scan: rows without command line, user and io: .*\/113\/cmdline: EISDIR/);
    const report = JSON.parse(out.stdout);
    expect(report.processes.top.map((r: { processId: number }) => r.processId)).toEqual([113, 117, 100]);
    expect(report.processes.top.every((r: { commandLine?: string }) => r.commandLine === undefined)).toBe(true);
  });

  it('prints a readable table in which a name cannot break a line', () => {
    const out = cli('scan', '--proc-root', FIXTURE_PROC, '--interval-ms', '10', '--top', '20');
    expect(out.status, out.stderr).toBe(0);
    expect(out.stdout).toMatch(/^\s+PID\s+PPID S\s+CPU%/);
    expect(out.stdout).toContain('line1?line2');
    expect(out.stdout).toMatch(/totals: 13 processes/);
    expect(out.stdout).toMatch(/18 listed, 13 scanned, 1 vanished, 0 denied, 4 malformed/);
  });

  // Root reads any file, so the denial is staged as an unprivileged user,
  // who may not enter the checkout's folder: the CLI runs from a copy.
  it.skipIf(process.getuid?.() !== 0)('counts a stat it may not read as denied, apart from the rest', () => {
    const staged = stageCli({ proc: FIXTURE_PROC });
    dirs.push(staged.dir);
    const root = join(staged.dir, 'proc');
    chmodSync(join(root, '100', 'stat'), 0o000);
    const out = cliAsNobody(staged, ['scan', '--proc-root', root, '--interval-ms', '10', '--json']);
    expect(out.status, out.stderr).toBe(0);
    const report = JSON.parse(out.stdout);
    expect(report.counters).toMatchObject({ listed: 18, scanned: 12, denied: 1, malformed: 4, vanished: 1 });
    expect(report.processes.top.map((row: { processId: number }) => row.processId)).not.toContain(100);
  });

  it.each([
    [['scan', '--top', '0'], /--top: expected an integer from 1 to 10000, got "0"/],
    [['scan', '--interval-ms', 'soon'], /--interval-ms: expected an integer/],
    [['scan', '--colour'], /Unknown option '--colour'/],
    [['launch'], /unknown command "launch"/],
  ])('exits non-zero on %j with a message that names it', (args, message) => {
    const out = cli(...args);
    expect(out.status).toBe(2);
    expect(out.stderr).toMatch(/IW_ERR_USAGE/);
    expect(out.stderr).toMatch(message);
  });
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
    writeFileSync(join(dir, 'agent.yaml'), `proc_root: ${FIXTURE_PROC}\ninterval_seconds: 0.2\nspool_dir: ${spool}\ntop_n: 3\nhost_id: host-under-test\nsketch_window_s: 1\nscan_cpu_budget_percent: 100\nmetrics_listen: ""\n`);
    const child = spawn(process.execPath, [CLI, 'run', '--config', join(dir, 'agent.yaml')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    for (let i = 0; i < 100 && (stdout.match(/"msg":"tick"/g) ?? []).length < 3; i++) await sleep(100);
    child.kill('SIGINT');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    const logs = stdout.trim().split('\n').map((l) => JSON.parse(l));
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
    const envelopes = decoded.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(envelopes).toHaveLength(ticks.length);
    expect(envelopes[1]).toMatchObject({ entityGuid: 'host-under-test', schemaVersion: '2.2' });
    const batch = envelopes[1].payload;
    expect(batch).toMatchObject({ mode: 'smart', topN: 3, intervalMs: 200 });
    expect(batch.top.map((r: { processId: number }) => r.processId)).toEqual([113, 117, 100]);
    expect(batch.aggregates).toHaveLength(10);
    expect(batch.totals.processCount).toBe(13);

    // The sketch window (0.5 s) was shipped at least once, and at the stop.
    const sketches = cli('decode', join(spool, 'sketches.ldpb'));
    expect(sketches.status, sketches.stderr).toBe(0);
    const records = sketches.stdout.trim().split('\n').map((l) => JSON.parse(l));
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

describe('infrawatch --help and --version', () => {
  it('<command> --help prints that command\'s usage and exits 0; -V, --version and version print the version; help lists every command', () => {
    for (const command of ['run', 'scan', 'decode', 'record', 'replay']) {
      for (const flag of ['--help', '-h']) {
        const out = cli(command, '--config', '/nonexistent', flag);
        expect(out.status, `${command} ${flag}: ${out.stderr}`).toBe(0);
        expect(out.stdout).toMatch(new RegExp(`^Usage: infrawatch ${command} `));
        for (const other of ['--once', '[--top N]', '--kind process', '--duration S', '--json-out FILE'].filter((_, i) => i !== ['run', 'scan', 'decode', 'record', 'replay'].indexOf(command))) {
          expect(out.stdout).not.toContain(other); // that command's lines only, not another's
        }
        expect(out.stderr).toBe('');
      }
    }
    const version = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version as string;
    for (const flag of ['-V', '--version', 'version']) expect(cli(flag).stdout).toBe(`${version}\n`);
    const help = cli('help');
    expect(help.status).toBe(0);
    for (const command of ['run', 'scan', 'decode', 'record', 'replay', 'help', 'version']) expect(help.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
  });
});

describe('the agent\'s log', () => {
  /** Runs the agent against an HTTP API nobody listens on (a warning each retry) until it has logged a tick and a retry; its stdout and stderr lines. */
  async function runLogged(env: NodeJS.ProcessEnv): Promise<{ out: string[]; err: string[] }> {
    const dir = tempDir();
    const closed = await refusingPort();
    onTestFinished(closed.close);
    const config = join(dir, 'agent.yaml');
    writeFileSync(config, [`proc_root: ${FIXTURE_PROC}`, 'interval_seconds: 0.2', `api_url: "http://127.0.0.1:${closed.port}/api"`, 'collect_snapshot: false', `spool_dir: ${join(dir, 'spool')}`, `queue_dir: ${join(dir, 'queue')}`, 'metrics_listen: ""'].join('\n') + '\n');
    const child = spawn(process.execPath, [CLI, 'run', '--config', config], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const exited = once(child, 'exit');
    let gone = false;
    void exited.then(() => (gone = true));
    // Until a tick's info line and a retry's warning have come (or 20 s: a loaded machine is slow to start node).
    for (const until = Date.now() + 20_000; !gone && Date.now() < until && !(out.includes('"msg":"tick"') && err.includes('retrying')); ) await sleep(50);
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

describe('infrawatch run\'s config file', () => {
  it('is --config, else /etc/infrawatch/agent.yaml when it exists, else none (the embedded defaults); --help says so', () => {
    expect(configFileForRun('/x/agent.yaml', () => true)).toBe('/x/agent.yaml');
    expect(configFileForRun(undefined, (f) => f === '/etc/infrawatch/agent.yaml')).toBe('/etc/infrawatch/agent.yaml');
    expect(configFileForRun(undefined, () => false)).toBeUndefined();
    expect(cli('run', '--help').stdout.replace(/\s+/g, ' ')).toContain('default config: /etc/infrawatch/agent.yaml when it exists, else the embedded defaults');
  });
});
