// process_threads on the live host: a process of five threads, one of them
// spinning, scanned through the BPF iterator with the option on; its row's
// busiest thread is the spinner, with the cpu that /proc/<pid>/task/<tid>/stat
// read around the two scans allows. Off (the default) no row carries
// threads; on procfs the option is refused once, with why. Needs root and
// the object `npm run build` makes (clang, bpftool, libbpf-dev), and cc.

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { scannerOptionsOf } from '../../src/agent-parts.js';
import { DEFAULT_CONFIG } from '../../src/config/schema.js';
import { readSystemConf } from '../../src/procfs/system-conf.js';
import { rowsOf } from '../../src/report/process-rows.js';
import { Scanner, type ScannerOptions } from '../../src/scan/scanner.js';
import { decodeSpool } from '../helpers.js';
import { startAgent, stopInProcessAgents } from '../in-process-agent.js';
import { BPFFS, prepareBpfHost } from './bpf-test-host.js';

const SOURCE = join(import.meta.dirname, 'workloads', 'threads.c');
const NAME = 'iw-threads';
const open: Scanner[] = [];
let dir: string;
let pinDir: string;
let child: ChildProcess;
let spinnerTid: number;

function scanner(options: Partial<ScannerOptions>): Scanner {
  const s = new Scanner({
    ...scannerOptionsOf({ ...DEFAULT_CONFIG, proc_root: '/proc' }),
    poolSize: 0,
    // Pinned: the row is there whatever else the host runs.
    pins: { include_names: [`^${NAME}$`], include_cmdlines: [], exclude_names: [], exclude_cmdlines: [] },
    ...options,
  });
  open.push(s);
  return s;
}

/** utime + stime of thread `tid` of `pid`, clock ticks. */
function threadTicks(pid: number, tid: number): number {
  const text = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'latin1');
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

beforeAll(async () => {
  prepareBpfHost();
  dir = mkdtempSync(join(tmpdir(), 'iw-threads-'));
  pinDir = mkdtempSync(join(BPFFS, 'iw-threads-test-'));
  const program = join(dir, NAME);
  try {
    execFileSync('cc', ['-O2', '-pthread', '-o', program, SOURCE], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (err) {
    throw new Error(`cc could not build ${SOURCE} (Debian package gcc): ${(err as Error).message}`);
  }
  child = spawn(program, [], { stdio: ['ignore', 'pipe', 'ignore'] });
  const line = await new Promise<string>((resolve, reject) => {
    child.stdout!.once('data', (b: Buffer) => resolve(b.toString()));
    child.once('exit', (code) => reject(new Error(`${program} exited (${code}) before its threads ran`)));
  });
  spinnerTid = Number(line.trim());
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
  await stopInProcessAgents();
});

/** An agent's config file in a folder of its own: a tick every 0.2 s into its spool. */
function agentConfig(name: string, lines: string[]): { file: string; spool: string } {
  const folder = mkdtempSync(join(dir, `${name}-`));
  const file = join(folder, 'agent.yaml');
  const spool = join(folder, 'spool');
  writeFileSync(file, [...lines, 'interval_seconds: 0.2', `spool_dir: ${spool}`, 'metrics_listen: ""', 'scan_cpu_budget_percent: 100', `include_names: ["^${NAME}$"]`].join('\n') + '\n');
  return { file, spool };
}

afterAll(() => {
  child?.kill('SIGKILL');
  if (pinDir) rmSync(pinDir, { recursive: true, force: true });
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('process_threads', () => {
  it("gives a row its busiest threads, the spinner first, with the cpu /proc's task stat allows", async () => {
    const system = readSystemConf();
    const s = scanner({ source: 'bpf', bpfPinPath: join(pinDir, 'a'), threadsTop: 2 });
    expect(s.result.scanner).toBe('bpf');
    const pid = child.pid!;
    const before1 = threadTicks(pid, spinnerTid);
    const at1 = performance.now();
    await s.scan(at1);
    const after1 = threadTicks(pid, spinnerTid);
    await sleep(1000);
    const before2 = threadTicks(pid, spinnerTid);
    const at2 = performance.now();
    const r = await s.scan(at2);
    const after2 = threadTicks(pid, spinnerTid);

    const row = rowsOf(r, s.views, system, { withIo: false, selfPid: s.selfPid }).find((x) => x.processId === pid);
    expect(row, 'the pinned process is a row').toBeDefined();
    expect(row!.threadCount).toBe(5);
    const threads = row!.threads!;
    expect(threads).toHaveLength(2);
    expect(threads[0]).toMatchObject({ threadId: spinnerTid, name: 'spinner', state: 'R' });
    // The spinner's runtime between the two reads lies between what /proc
    // counted from after the first scan to before the second and from
    // before the first to after the second, a tick either way.
    const runtimeMs = (threads[0].cpuPercent / 100) * (at2 - at1);
    const msPerTick = 1000 / system.clockTicksPerSecond;
    expect(runtimeMs).toBeGreaterThanOrEqual((before2 - after1 - 1) * msPerTick);
    expect(runtimeMs).toBeLessThanOrEqual((after2 - before1 + 1) * msPerTick);
    expect(runtimeMs, 'the spinner ran').toBeGreaterThan(0);
    // The rest sleep: the second is one of them, next to nothing.
    expect(threads[1].threadId).not.toBe(spinnerTid);
    expect(threads[1].cpuPercent).toBeLessThan(threads[0].cpuPercent);
    expect(threads[1].cpuPercent).toBeLessThan(5);
    // The row's own cpu% is the process's, the spinner in it: the threads are not a second count of memory or rows.
    expect(row!.cpuPercent!).toBeGreaterThanOrEqual(threads[0].cpuPercent * 0.5);
    expect(r.rowSlots.subarray(0, r.rowCount).filter((slot) => s.views.pid[slot] === pid)).toHaveLength(1);
  });

  it('is off by default: no row carries threads', async () => {
    const system = readSystemConf();
    const s = scanner({ source: 'bpf', bpfPinPath: join(pinDir, 'b') });
    await s.scan();
    await sleep(100);
    const r = await s.scan();
    expect(r.scanner).toBe('bpf');
    expect(r.threads).toBeUndefined();
    expect(r.threadsUnavailable).toBeUndefined();
    const rows = rowsOf(r, s.views, system, { withIo: false, selfPid: s.selfPid });
    expect(rows.some((x) => x.processId === child.pid)).toBe(true);
    expect(rows.filter((x) => x.threads !== undefined)).toEqual([]);
  });

  it('on procfs says once that it needs BPF, and rows carry no threads', async () => {
    const s = scanner({ source: 'procfs', threadsTop: 3 });
    const first = await s.scan();
    expect(first.threadsUnavailable).toMatch(/^process_threads: needs the BPF scanner/);
    expect(first.threads).toBeUndefined();
    const second = await s.scan();
    expect(second.threadsUnavailable).toBeUndefined();
    expect(second.threads).toBeUndefined();
  });

  it('an agent ships them in its envelopes on BPF; on procfs it says once, in its log and a diag event, that they need BPF', async () => {
    const bpf = agentConfig('bpf', ['scanner: bpf', `bpf_pin_path: ${join(pinDir, 'agent')}`, 'process_threads: { top: 3 }']);
    const procfs = agentConfig('procfs', ['scanner: procfs', 'process_threads: { top: 3 }']);
    const a = startAgent(bpf.file);
    const b = startAgent(procfs.file);
    const ticks = (x: typeof a) => x.logs().filter((l) => l.msg === 'tick').length;
    await a.waitFor(() => ticks(a) >= 3, 'three ticks on BPF');
    await b.waitFor(() => ticks(b) >= 3, 'three ticks on procfs');
    expect(await a.stop()).toBe(0);
    expect(await b.stop()).toBe(0);
    const rows = decodeSpool(join(bpf.spool, 'processes.ldpb')).flatMap((e) => e.payload.top.filter((r: { processId: number }) => r.processId === child.pid));
    const withThreads = rows.filter((r) => r.threads !== undefined);
    expect(withThreads.length, 'every tick after the first').toBeGreaterThanOrEqual(rows.length - 1);
    expect(withThreads.at(-1).threads[0]).toMatchObject({ threadId: spinnerTid, name: 'spinner' });
    expect(withThreads.at(-1).threads.length).toBeLessThanOrEqual(3);
    expect(a.logs().filter((l) => l.module === 'scan.threads')).toEqual([]);
    const warned = b.logs().filter((l) => l.module === 'scan.threads');
    expect(warned).toHaveLength(1);
    expect(warned[0].msg).toMatch(/^process_threads: needs the BPF scanner/);
    const events = decodeSpool(join(procfs.spool, 'diag.ldpb'), 'diag').filter((e) => e.module === 'scan.threads');
    expect(events.map((e) => e.eventType)).toEqual(['threads_need_bpf']);
    expect(decodeSpool(join(procfs.spool, 'processes.ldpb')).every((e) => e.payload.top.every((r: { threads?: unknown }) => r.threads === undefined))).toBe(true);
  }, 60_000);

  it('turned on while running, gives threads from the tick after', async () => {
    const s = scanner({ source: 'bpf', bpfPinPath: join(pinDir, 'c') });
    await s.scan();
    s.reconfigure({
      ...scannerOptionsOf({ ...DEFAULT_CONFIG, proc_root: '/proc', process_threads: { top: 1 } }),
      poolSize: 0,
      pins: { include_names: [`^${NAME}$`], include_cmdlines: [], exclude_names: [], exclude_cmdlines: [] },
    });
    const first = await s.scan();
    expect(first.threads).toBeDefined();
    await sleep(200);
    const r = await s.scan();
    const system = readSystemConf();
    const row = rowsOf(r, s.views, system, { withIo: false, selfPid: s.selfPid }).find((x) => x.processId === child.pid);
    expect(row!.threads).toEqual([expect.objectContaining({ threadId: spinnerTid, name: 'spinner' })]);
  });
});
