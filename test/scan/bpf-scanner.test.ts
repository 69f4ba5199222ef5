// The Scanner on the BPF source (`scanner: bpf | auto`): it scans the live
// host through the pinned iterator, and any failure, at start or while
// running, falls back to /proc/<pid>/stat on the same tick, says why once,
// and loses no tick and no process's history. Needs root and the object
// `npm run build` makes when clang, bpftool and libbpf-dev are installed.

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { scannerOptionsOf } from '../../src/agent-parts.js';
import { DEFAULT_CONFIG } from '../../src/config/schema.js';
import { EphemeralSummarizer } from '../../src/report/ephemeral-summary.js';
import type { ExitSummarizer } from '../../src/scan/ephemeral.js';
import { Scanner, type ScannerOptions } from '../../src/scan/scanner.js';
import { decodeSpool, FIXTURE_PROC } from '../helpers.js';
import { startAgent, stopInProcessAgents } from '../in-process-agent.js';
import { BPFFS, prepareBpfHost } from './bpf-test-host.js';

const open: Scanner[] = [];
let pinDir: string;
let busy: ChildProcess;
const temps: string[] = [];

function scanner(options: Partial<ScannerOptions>): Scanner {
  const s = new Scanner({ ...scannerOptionsOf({ ...DEFAULT_CONFIG, proc_root: '/proc' }), poolSize: 1, ...options });
  open.push(s);
  return s;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'iw-bpf-scanner-'));
  temps.push(dir);
  return dir;
}

/** utime + stime of `pid`, clock ticks, from /proc/<pid>/stat. */
function ticksOf(pid: number): number {
  const text = readFileSync(`/proc/${pid}/stat`, 'latin1');
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/** cpu% of `pid` in the last scan, or undefined when it is not there. */
function cpuOf(s: Scanner, count: number, pid: number): number | undefined {
  const v = s.views;
  for (let i = 0; i < count; i++) if (v.pidList[i] === pid) return v.cpuPct[v.slotList[i]];
  return undefined;
}

beforeAll(() => {
  prepareBpfHost();
  pinDir = mkdtempSync(join(BPFFS, 'iw-scanner-test-'));
  // One process that spins: its cpu% tells whether history carried over.
  busy = spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' });
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
  await stopInProcessAgents();
});

afterAll(() => {
  busy?.kill('SIGKILL');
  if (pinDir) rmSync(pinDir, { recursive: true, force: true });
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

describe('Scanner on BPF', () => {
  it('scans the live host through the iterator, with cpu% from the second tick', async () => {
    const s = scanner({ source: 'bpf', bpfPinPath: join(pinDir, 'a') });
    const pid = busy.pid!;
    // The spinner's ticks from /proc around each scan bound what the scan
    // may find, however loaded the machine is.
    const a0 = { ticks: ticksOf(pid), ms: performance.now() };
    const first = await s.scan();
    const a1 = { ticks: ticksOf(pid), ms: performance.now() };
    expect(first.scanner).toBe('bpf');
    expect(first.bpfFallback).toBeUndefined();
    expect(first.counters.scanned).toBeGreaterThan(10);
    await sleep(500);
    const b0 = { ticks: ticksOf(pid), ms: performance.now() };
    const second = await s.scan();
    const b1 = { ticks: ticksOf(pid), ms: performance.now() };
    const cpu = cpuOf(s, second.counters.listed, pid)!;
    const perTick = 100_000 / s.system.clockTicksPerSecond; // % · ms per tick
    expect(cpu).toBeGreaterThanOrEqual(Math.max(0, ((b0.ticks - a1.ticks - 2) * perTick) / (b1.ms - a0.ms)));
    expect(cpu).toBeLessThanOrEqual(((b1.ticks - a0.ticks + 2) * perTick) / (b0.ms - a1.ms));
    expect(cpu).toBeGreaterThan(0);
  });

  it('falls back at start when the iterator cannot be loaded: the first tick scans /proc and says why, once', async () => {
    const s = scanner({ source: 'bpf', bpfPinPath: join(tempDir(), 'tasks') });
    const first = await s.scan();
    expect(first.scanner).toBe('procfs');
    expect(first.bpfFallback).toMatch(/is not on a bpffs mount/);
    expect(first.bpfFallbacks).toBe(1);
    expect(first.counters.scanned).toBeGreaterThan(10);
    const second = await s.scan();
    expect(second.bpfFallback).toBeUndefined();
  });

  it('falls back while running, on the same tick, keeping every process history (cpu% on the fallback tick)', async () => {
    const pin = join(pinDir, 'b');
    const s = scanner({ source: 'bpf', bpfPinPath: pin });
    expect((await s.scan()).scanner).toBe('bpf');
    await sleep(300);
    rmSync(pin); // the pin goes away under a running agent
    const r = await s.scan();
    expect(r.scanner).toBe('procfs');
    expect(r.bpfFallback).toMatch(/the BPF scan failed .*ENOENT/);
    expect(r.bpfFallbacks).toBe(1);
    expect(cpuOf(s, r.counters.listed, busy.pid!)).toBeGreaterThan(0); // NaN on a process's first tick
  });

  it('drains the exit tracker each tick, and when its pin goes away stops it with a reason, once, the scan going on', async () => {
    const dir = join(pinDir, 'x');
    const s = scanner({ source: 'bpf', bpfPinPath: join(dir, 'tasks'), exitTracker: true });
    const first = await s.scan();
    expect(first.exitTrackerFailure).toBeUndefined();
    expect(first.ephemeral).toBeDefined();
    // A name no other process on the host has: the tracker records every exit.
    const bin = join(tempDir(), 'iw-tracked');
    copyFileSync('/bin/true', bin);
    for (let i = 0; i < 3; i++) execFileSync(bin);
    await sleep(100); // a reaped child may not have made its last switch yet, where it is recorded
    const second = await s.scan();
    expect(second.ephemeral!.byName.find((e) => e.processDisplayName === 'iw-tracked')).toMatchObject({ processCount: 3, exitCodes: [{ exitCode: 0, count: 3 }] });
    rmSync(join(dir, 'exit_tracker'), { recursive: true }); // the tracker goes away under a running agent
    const third = await s.scan();
    expect(third.scanner).toBe('bpf');
    expect(third.ephemeral).toBeUndefined();
    expect(third.exitTrackerFailure).toMatch(/exit tracker off: .*ENOENT/);
    const fourth = await s.scan();
    expect(fourth.exitTrackerFailure).toBeUndefined();
    expect(fourth.counters.scanned).toBeGreaterThan(10);
  });

  it("counts an ended process's cpu from its last read: the tracker's record finds the slot the iterator filled (pid and start time)", async () => {
    const dir = join(pinDir, 'e');
    let record: { lastTicks: number; runtimeNs: number } | undefined;
    let spinner = -1;
    const summarizer = (page: number): ExitSummarizer => {
      const inner = new EphemeralSummarizer(page);
      return {
        startFrom: (reader) => inner.startFrom(reader),
        summarize: (reader, names, intervalMs) => {
          const nsPerTick = 1e9 / s.system.clockTicksPerSecond;
          for (let i = 0; i < reader.count; i++) {
            if (reader.pid(i) === spinner) record = { lastTicks: s.table.lastReadTicksOf(spinner, Math.floor(reader.startNs(i) / nsPerTick)), runtimeNs: reader.runtimeNs(i) };
          }
          return inner.summarize(reader, names, intervalMs);
        },
      };
    };
    const s = scanner({ source: 'bpf', bpfPinPath: join(dir, 'tasks'), exitTracker: true, exitSummarizer: summarizer });
    await s.scan();
    const child = spawn(process.execPath, ['-e', 'for (const end = Date.now() + 1500; Date.now() < end; );'], { stdio: 'ignore' });
    spinner = child.pid!;
    const ended = new Promise((resolve) => child.on('exit', resolve));
    await sleep(400);
    await s.scan(); // its first read
    await sleep(400);
    const before = ticksOf(spinner);
    await s.scan(); // its last read
    const after = ticksOf(spinner);
    await ended;
    await sleep(100); // its last switch, where the tracker records it
    const r = await s.scan();
    expect(record).toBeDefined();
    // Found as the process the iterator read, with the ticks of that read (procfs's around it bound them).
    expect(record!.lastTicks).toBeGreaterThanOrEqual(before - 1);
    expect(record!.lastTicks).toBeLessThanOrEqual(after + 1);
    const unreportedNs = Math.max(0, record!.runtimeNs - (record!.lastTicks * 1e9) / s.system.clockTicksPerSecond);
    // It spun on after that read: more than nothing, less than its whole life.
    expect(unreportedNs).toBeGreaterThan(0);
    expect(unreportedNs).toBeLessThan(record!.runtimeNs);
    // The tick's ended share holds it (and whatever else ended on the host), and is taken from the host's.
    expect(r.totals.endedCpuPercent).toBeGreaterThanOrEqual((unreportedNs / 1e6 / r.ephemeral!.intervalMs) * 100 - 1e-9);
    expect(r.totals.unattributedCpuPercent!).toBeLessThanOrEqual(Math.max(0, r.totals.hostCpuPercent! - r.totals.cpuPercent - r.totals.endedCpuPercent) + 1e-9);
  }, 30_000);

  it('auto stays on procfs, without a fallback to report, for a proc_root that is not /proc', async () => {
    const s = scanner({ source: 'auto', procRoot: FIXTURE_PROC, bpfPinPath: join(pinDir, 'c') });
    const r = await s.scan();
    expect(r.scanner).toBe('procfs');
    expect(r.bpfFallback).toBeUndefined();
    expect(s.sourceWhy).toMatch(/is not \/proc/);
  });

  it('the agent reports a fallback as an AgentDiagEvent and its scanner on /metrics', async () => {
    const dir = tempDir();
    const file = join(dir, 'agent.yaml');
    writeFileSync(
      file,
      [
        'scanner: bpf',
        `bpf_pin_path: ${join(dir, 'not-bpffs', 'tasks')}`,
        'interval_seconds: 0.2',
        `spool_dir: ${join(dir, 'spool')}`,
        'metrics_listen: "127.0.0.1:0"',
        'scan_cpu_budget_percent: 100',
      ].join('\n') + '\n',
    );
    const agent = startAgent(file);
    await agent.waitFor(() => agent.logs().filter((l) => l.msg === 'tick').length >= 2, 'two ticks');
    const started = agent.logs().find((l) => l.msg === 'agent started')!;
    expect(started.scanner).toBe('procfs');
    expect(started.scannerWhy).toMatch(/not on a bpffs mount/);
    const listening = agent.logs().find((l) => l.msg === 'health listening')!;
    const metrics = await (await fetch(`http://127.0.0.1:${listening.port as number}/metrics`)).text();
    expect(metrics).toMatch(/^agent_scanner_info\{scanner="procfs"\} 1$/m);
    expect(await agent.stop()).toBe(0);
    const events = decodeSpool(join(dir, 'spool', 'diag.ldpb'), 'diag').filter((e) => e.module === 'scan.bpf');
    expect(events.map((e) => e.eventType)).toEqual(['bpf_fallback']);
    expect(events[0].reason).toMatch(/not on a bpffs mount/);
  }, 60_000);
});
