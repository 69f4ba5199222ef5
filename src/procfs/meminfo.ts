// Host memory from /proc/meminfo. "Used" is what is not available: MemTotal
// − MemAvailable (the kernel's estimate of what can be had without
// swapping); kernels before 3.14 lack MemAvailable, and there MemFree +
// Buffers + Cached stands in for it.

import { readTextUnderRoot } from './proc-file.js';

export interface MemInfo {
  totalBytes: number;
  availableBytes: number;
}

export function parseMeminfo(text: string): MemInfo | undefined {
  const kb = (key: string): number | undefined => {
    const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text);
    return m ? Number(m[1]) * 1024 : undefined;
  };
  const total = kb('MemTotal');
  if (total === undefined || total === 0) return undefined;
  const available = kb('MemAvailable') ?? (kb('MemFree') ?? 0) + (kb('Buffers') ?? 0) + (kb('Cached') ?? 0);
  return { totalBytes: total, availableBytes: Math.min(available, total) };
}

export function memoryPercentUsed(m: MemInfo): number {
  return (100 * (m.totalBytes - m.availableBytes)) / m.totalBytes;
}

export function readMeminfo(procRoot: string): MemInfo | undefined {
  try {
    return parseMeminfo(readTextUnderRoot(procRoot, 'meminfo'));
  } catch {
    return undefined;
  }
}
