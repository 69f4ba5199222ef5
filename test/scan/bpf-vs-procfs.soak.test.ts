// The BPF scanner's read against procfs's, on the live host with 3,000 extra
// processes: the same moment, the same columns. Needs root and the object
// that `npm run build` makes when clang, bpftool and libbpf-dev are
// installed (.ci/run installs them): without them it fails and says so.
// A soak test (run alone): starting 3,000 processes beside the whole suite
// took minutes on this 2-core machine.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSystemConf } from '../../src/procfs/system-conf.js';
import { BpfTaskReader } from '../../src/scan/bpf-task-reader.js';
import { pinTaskIterator, TASK_ITER_OBJECT } from '../../src/scan/bpf-pin.js';
import { compareBpfWithProcfs } from '../../src/scan/bpf-procfs-agreement.js';
import { startSleepers, type Sleepers } from '../helpers.js';

const BPFFS = '/sys/fs/bpf';
const SLEEPERS = 3000;

function mountBpffs(): void {
  try {
    execFileSync('mountpoint', ['-q', BPFFS]);
  } catch {
    execFileSync('mount', ['-t', 'bpf', 'bpf', BPFFS]);
  }
}

describe('BPF task iterator against /proc', () => {
  let sleepers: Sleepers;
  let pinDir: string;

  beforeAll(async () => {
    if (!existsSync(TASK_ITER_OBJECT)) {
      throw new Error(`missing ${TASK_ITER_OBJECT}: install clang, llvm, bpftool and libbpf-dev (Debian), then npm run build`);
    }
    if (process.getuid?.() !== 0) throw new Error('loading a BPF iterator needs root (CAP_BPF, CAP_PERFMON)');
    mountBpffs();
    pinDir = mkdtempSync(join(BPFFS, 'iw-test-'));
    sleepers = await startSleepers(SLEEPERS);
  }, 180_000);

  afterAll(() => {
    sleepers?.kill();
    if (pinDir) rmSync(pinDir, { recursive: true, force: true });
  });

  it('agrees with procfs for every process: pid, ppid, comm, state, start time and rss exactly, cpu within a tick, kernel threads the same', () => {
    const pinPath = join(pinDir, 'tasks');
    pinTaskIterator(pinPath);
    const reader = new BpfTaskReader(pinPath, readSystemConf());
    const { bpf, compared, steady, mismatches } = compareBpfWithProcfs(reader);
    console.log(`BPF against procfs: ${bpf.size} processes listed, ${compared} compared, ${steady} of them held to every field, ${mismatches.length} mismatches`);
    for (const pid of sleepers.pids) expect(bpf.has(pid), `sleeper ${pid} in the BPF scan`).toBe(true);
    expect(mismatches).toEqual([]);
    expect(compared).toBeGreaterThanOrEqual(SLEEPERS);
    expect(reader.counters.trailingBytes).toBe(0);
  }, 60_000);

  it('pinning fails with a message naming what is missing', () => {
    expect(() => pinTaskIterator(join(pinDir, 'x'), '/nonexistent/task_iter.bpf.o')).toThrow(/no BPF object at \/nonexistent/);
    const notBpffs = mkdtempSync(join(tmpdir(), 'iw-not-bpffs-'));
    try {
      expect(() => pinTaskIterator(join(notBpffs, 'tasks'))).toThrow(/is not on a bpffs mount/);
    } finally {
      rmSync(notBpffs, { recursive: true, force: true });
    }
  });
});
