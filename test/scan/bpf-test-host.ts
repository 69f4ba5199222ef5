// What a test of the BPF task iterator needs of the host, checked up front
// so that a test that cannot run fails saying what is missing: the object
// `npm run build` makes, root, and a bpffs mount (mounted when absent).

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { TASK_ITER_OBJECT } from '../../src/scan/bpf-pin.js';

export const BPFFS = '/sys/fs/bpf';

export function prepareBpfHost(): void {
  if (!existsSync(TASK_ITER_OBJECT)) throw new Error(`missing ${TASK_ITER_OBJECT}: install clang, llvm, bpftool and libbpf-dev (Debian), then npm run build`);
  if (process.getuid?.() !== 0) throw new Error('loading a BPF iterator needs root (CAP_BPF, CAP_PERFMON)');
  try {
    execFileSync('mountpoint', ['-q', BPFFS]);
  } catch {
    execFileSync('mount', ['-t', 'bpf', 'bpf', BPFFS]);
  }
}
