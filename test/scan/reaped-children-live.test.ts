// The procfs fallback on the live /proc: a shell runs short children one
// after another while the scanner reads every 100 ms. What the ticks report
// of the children (their rows while a scan saw them, and the cpu charged to
// the shell when it reaped them) adds up to what the shell itself measured
// of its children (bash's `times`), within the clock ticks /proc truncates.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { scannerOptionsOf } from '../../src/agent-parts.js';
import { DEFAULT_CONFIG } from '../../src/config/schema.js';
import { rowsOf } from '../../src/report/process-rows.js';
import { Scanner } from '../../src/scan/scanner.js';

const CHILDREN = 60;
// Most children spin ~10–40 ms and die between two reads; every tenth spins
// fifty times longer (~0.5 s on a quiet machine: 120,000 rounds took 0.11 s,
// under one read's interval, and no row ever had a cpu%), so that several
// reads see it and its rows report some of it.
const SCRIPT = `read go; for i in $(seq ${CHILDREN}); do n=12000; [ $((i % 10)) = 0 ] && n=600000; sh -c "i=0; while [ \\$i -lt $n ]; do i=\\$((i+1)); done"; done; times; read done`;

const open: Scanner[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

/** bash's `times`: its own user and system time, then its children's: "0m1.234s 0m0.056s". */
function childrenSeconds(times: string): number {
  const lines = times.trim().split('\n');
  const m = /^(\d+)m([\d.]+)s (\d+)m([\d.]+)s$/.exec(lines[1] ?? '');
  if (!m) throw new Error(`unexpected output of times: ${JSON.stringify(times)}`);
  return Number(m[1]) * 60 + Number(m[2]) + Number(m[3]) * 60 + Number(m[4]);
}

describe('reaped children on the live /proc (procfs)', () => {
  it("adds up the children's cpu the rows and the shell's charge report to what the shell measured", async () => {
    const shell = spawn('bash', ['-c', SCRIPT], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    shell.stdout.on('data', (b: Buffer) => {
      out += b.toString();
    });
    try {
      const scanner = new Scanner(scannerOptionsOf({ ...DEFAULT_CONFIG, scanner: 'procfs', mode: 'raw', pool_size: 0 }));
      open.push(scanner);
      const hz = scanner.system.clockTicksPerSecond;
      // Clock ticks of the shell's children: as rows (a cpu% over the read's interval) and charged to the shell.
      let asRows = 0;
      let charged = 0;
      let lastAt = 0;
      const tick = async () => {
        const at = performance.now();
        const r = await scanner.scan(at);
        const toTicks = ((at - lastAt) * hz) / 100_000;
        lastAt = at;
        for (const row of rowsOf(r, scanner.views, scanner.system, { withIo: false })) {
          if (row.processId === shell.pid && row.reapedChildrenCpuPercent !== null) charged += row.reapedChildrenCpuPercent * toTicks;
          if (row.parentProcessId === shell.pid && row.cpuPercent !== null) asRows += row.cpuPercent * toTicks;
        }
        return r;
      };
      await sleep(100);
      await tick(); // the shell's baseline, before its first child
      shell.stdin.write('go\n');
      const started = Date.now();
      while (out.split('\n').length < 3) {
        await sleep(100);
        await tick();
        if (Date.now() - started > 60_000) throw new Error(`the shell's children did not finish in 60 s; its output: ${JSON.stringify(out)}`);
      }
      await sleep(100);
      await tick(); // after the last reap
      const before = charged;
      await sleep(100);
      await tick();
      expect(charged).toBe(before); // nothing left to charge
      const measured = Math.round(childrenSeconds(out) * hz);
      expect(measured).toBeGreaterThan(CHILDREN); // the children did spin
      expect(charged, 'clock ticks charged to the shell').toBeGreaterThan(0); // most lived between two reads
      expect(asRows, 'clock ticks the rows of its children reported').toBeGreaterThan(0); // the long ones were seen
      // Each row's cpu% is whole clock ticks over its interval, and the charge is the rise of cutime + cstime: whole ticks
      // too, each truncated from the kernel's ns (bash's `times` prints getrusage's µs): at most a tick off in each.
      expect(Math.abs(asRows + charged - measured)).toBeLessThanOrEqual(2.01);
      shell.stdin.write('done\n');
      await once(shell, 'exit');
    } finally {
      shell.kill('SIGKILL');
    }
  });
});
