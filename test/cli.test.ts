// The commands that start no agent: scan, help and version, and which
// config file run reads. (`run` itself, and decode of its spool, are in
// cli-run.test.ts.)

import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { configFileForRun } from '../src/paths.js';
import { CLI, copyFixtureProc, FIXTURE_PROC } from './helpers.js';
import { cliAsNobody, stageCli } from './run-as-user.js';

function cli(...args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 30_000 });
}

const dirs: string[] = [];
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

describe('infrawatch run\'s config file', () => {
  it('is --config, else /etc/infrawatch/agent.yaml when it exists, else none (the embedded defaults); --help says so', () => {
    expect(configFileForRun('/x/agent.yaml', () => true)).toBe('/x/agent.yaml');
    expect(configFileForRun(undefined, (f) => f === '/etc/infrawatch/agent.yaml')).toBe('/etc/infrawatch/agent.yaml');
    expect(configFileForRun(undefined, () => false)).toBeUndefined();
    expect(cli('run', '--help').stdout.replace(/\s+/g, ' ')).toContain('default config: /etc/infrawatch/agent.yaml when it exists, else the embedded defaults');
  });
});
