// The BPF objects' check on another kernel, run inside the qemu guest that
// test/kernels/boot-kernel.sh boots (plain JS: the guest's node runs the
// repository's compiled dist/ as it is, no TypeScript step in the guest).
// Two parts, both on the code the agent runs, imported from dist/:
// 1. the task iterator, pinned as the agent pins it, read at the same
//    moment as /proc and compared per process by the live-host soak test's
//    rules (compareBpfWithProcfs), with 310 extra processes, 10 of them of
//    4 threads;
// 2. the exit tracker, loaded and pinned as the agent does (the Scanner on
//    `scanner: bpf` with the tracker), drained once a second while 200
//    short-lived processes (test/scan/workloads/short-lived.c, built by
//    the script) run: every one seen, with its exit code, and their cpu
//    time within 1 % of what their parent measured with wait4.
// Prints one `bpf-check:` line per figure; exits 0 when every claim held,
// 1 with the failures listed.
//
// Usage (in the guest): node test/kernels/bpf-check.mjs RUN_DIR

import { spawn } from 'node:child_process';
import { release } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { scannerOptionsOf } from '../../dist/src/agent-parts.js';
import { DEFAULT_CONFIG } from '../../dist/src/config/schema.js';
import { readSystemConf } from '../../dist/src/procfs/system-conf.js';
import { pinTaskIterator } from '../../dist/src/scan/bpf-pin.js';
import { compareBpfWithProcfs } from '../../dist/src/scan/bpf-procfs-agreement.js';
import { BpfTaskReader } from '../../dist/src/scan/bpf-task-reader.js';
import { Scanner } from '../../dist/src/scan/scanner.js';

const runDir = process.argv[2];
const SLEEPERS = 300;
const THREADED = 10;
const THREADS_EACH = 4;
const EXITS = 200;
const EXIT_NAME = 'iw-k-exit';
const PIN = '/sys/fs/bpf/iw/tasks';

const failures = [];
const check = (ok, what) => {
  if (!ok) failures.push(what);
};
const say = (line) => console.log(`bpf-check: ${line}`);

/**
 * SLEEPERS sleeping processes and THREADED of THREADS_EACH threads each,
 * forked by one python parent without an exec: bench/sleepers.js's bash
 * and sleep took 118 s for 300 under TCG, where a fork costs a few ms.
 */
async function startPopulation() {
  const code = [
    'import os, sys, threading, time',
    `for i in range(${SLEEPERS + THREADED}):`,
    '    pid = os.fork()',
    '    if pid == 0:',
    `        if i < ${THREADED}:`,
    `            for _ in range(${THREADS_EACH - 1}): threading.Thread(target=time.sleep, args=(3600,), daemon=True).start()`,
    '        time.sleep(3600)',
    '        os._exit(0)',
    '    print(pid, flush=True)',
    "print('ready', flush=True)",
    'time.sleep(3600)',
  ].join('\n');
  const parent = spawn('/usr/bin/python3', ['-c', code], { detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
  const pids = [];
  for await (const line of createInterface({ input: parent.stdout })) {
    if (line === 'ready') break;
    pids.push(Number(line));
  }
  return { threaded: pids.slice(0, THREADED), sleepers: pids.slice(THREADED), kill: () => process.kill(-parent.pid, 'SIGKILL') };
}

function compareTaskIterator(population) {
  pinTaskIterator(PIN);
  const reader = new BpfTaskReader(PIN, readSystemConf());
  const { bpf, compared, steady, mismatches } = compareBpfWithProcfs(reader);
  const kthreads = [...bpf.values()].filter((r) => r.kthread).length;
  say(`task iterator: ${bpf.size} processes listed (${kthreads} kernel threads), ${compared} compared with procfs, ${steady} held to every field, ${mismatches.length} mismatches`);
  for (const m of mismatches.slice(0, 40)) say(`  mismatch ${m}`);
  check(mismatches.length === 0, `${mismatches.length} fields differ between BPF and procfs`);
  check(compared >= SLEEPERS + THREADED, `only ${compared} processes compared`);
  check(kthreads > 0, 'no kernel thread flagged');
  check(reader.counters.trailingBytes === 0, `${reader.counters.trailingBytes} trailing bytes in the iterator's read`);
  const missing = population.sleepers.filter((pid) => !bpf.has(pid));
  check(missing.length === 0, `${missing.length} sleepers missing from the BPF read`);
  for (const pid of population.threaded) check(bpf.get(pid)?.threads === THREADS_EACH, `threaded process ${pid}: ${bpf.get(pid)?.threads} threads, not ${THREADS_EACH}`);
}

/** Runs the short-lived workload; resolves with what the parent measured (its JSON line). */
function runShortLived() {
  const child = spawn(join(runDir, 'short-lived'), ['fork', EXIT_NAME, '1', '1', '50', '400', `100:${EXITS}`], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`short-lived exited ${code}`))));
  });
}

async function checkExitTracker() {
  const scanner = new Scanner({ ...scannerOptionsOf({ ...DEFAULT_CONFIG, proc_root: '/proc' }), source: 'bpf', bpfPinPath: PIN, exitTracker: true, poolSize: 0 });
  try {
    const first = await scanner.scan();
    check(scanner.result.scanner === 'bpf', `the Scanner runs on ${scanner.result.scanner}, not bpf`);
    if (first.exitTrackerFailure !== undefined) {
      check(false, `exit tracker: ${first.exitTrackerFailure}`);
      return;
    }
    let running = true;
    const done = runShortLived().finally(() => (running = false));
    done.catch(() => {});
    const ticks = [];
    let after = 0;
    while (running || after++ < 2) {
      await sleep(1000);
      const r = await scanner.scan();
      if (r.exitTrackerFailure !== undefined) {
        check(false, `exit tracker while running: ${r.exitTrackerFailure}`);
        return;
      }
      if (r.ephemeral !== undefined) ticks.push(r.ephemeral);
    }
    const parent = await done;
    let count = 0;
    let cpuNs = 0;
    const codes = [0, 0, 0, 0];
    for (const t of ticks) {
      for (const e of t.byName) {
        if (e.processDisplayName !== EXIT_NAME) continue;
        count += e.processCount;
        cpuNs += (e.cpuPercent / 100) * t.intervalMs * 1e6;
        for (const c of e.exitCodes) codes[c.exitCode] += c.count;
      }
    }
    const lost = ticks.reduce((n, t) => n + t.lost, 0);
    say(
      `exit tracker: parent reaped ${parent.reaped} of ${parent.started}, ${(parent.cpu_ns / 1e6).toFixed(1)} ms cpu, exit codes ${parent.codes}; tracker saw ${count} over ${ticks.length} ticks, ${(cpuNs / 1e6).toFixed(1)} ms cpu, exit codes ${codes}, lost ${lost}`,
    );
    check(parent.reaped === EXITS, `the workload reaped ${parent.reaped} of ${EXITS}`);
    check(count === parent.reaped, `the tracker saw ${count} of ${parent.reaped} processes`);
    check(lost === 0, `the tracker lost ${lost}`);
    check(JSON.stringify(codes) === JSON.stringify(parent.codes), `exit codes ${codes}, the parent's ${parent.codes}`);
    check(Math.abs(cpuNs - parent.cpu_ns) <= parent.cpu_ns * 0.01, `cpu ${(cpuNs / 1e6).toFixed(2)} ms, the parent's ${(parent.cpu_ns / 1e6).toFixed(2)} ms (more than 1 % apart)`);
  } finally {
    await scanner.close();
  }
}

say(`kernel ${release()}`);
const startedAt = performance.now();
const population = await startPopulation();
say(`started ${SLEEPERS} sleepers and ${THREADED} processes of ${THREADS_EACH} threads in ${((performance.now() - startedAt) / 1000).toFixed(1)} s`);
try {
  compareTaskIterator(population);
  await checkExitTracker();
} catch (err) {
  check(false, `threw: ${err.stack ?? err}`);
} finally {
  population.kill();
}
for (const f of failures) say(`FAIL ${f}`);
say(failures.length === 0 ? 'pass' : `${failures.length} failures`);
process.exit(failures.length === 0 ? 0 : 1);
