// The BPF objects built on this machine, on Linux 6.1 (issue 18): the
// kernel before rss_stat became per-cpu counters (6.2), with an older
// verifier, booted in qemu by test/kernels/boot-kernel.sh, which runs
// test/kernels/bpf-check.mjs there (the task iterator against procfs, per
// process; the exit tracker against the parent's wait4). Needs
// qemu-system-x86 and Debian's linux-image-6.1.*-amd64 (.ci/run installs
// both): without them it fails and says which is missing. A soak test:
// boot and check took 87 s under TCG on a 2-core machine at load average
// 30–35.

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('../kernels/boot-kernel.sh', import.meta.url));
const GUEST_TIMEOUT_S = 540;

function boot(series: string): Promise<{ code: number | null; output: string }> {
  const child = spawn(SCRIPT, [series], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, IW_QEMU_TIMEOUT_S: String(GUEST_TIMEOUT_S) } });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d));
  child.stderr.on('data', (d: Buffer) => (output += d));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('the BPF objects on Linux 6.1, in qemu', () => {
  it(
    'load there; the task iterator agrees with procfs for every process, and the exit tracker sees 200 short-lived processes with their exit codes and cpu',
    async () => {
      const { code, output } = await boot('6.1');
      const report = output
        .split('\n')
        .filter((l) => l.startsWith('bpf-check:') || l.startsWith('boot-kernel:') || l.startsWith('iw-guest:'))
        .join('\n');
      console.log(report);
      expect(code, code === 0 ? '' : output.split('\n').slice(-60).join('\n')).toBe(0);
      expect(report).toMatch(/^bpf-check: kernel 6\.1\./m);
      expect(report).toMatch(/^bpf-check: pass$/m);
    },
    (GUEST_TIMEOUT_S + 60) * 1000,
  );
});
