// Host memory from /proc/meminfo. "Used" is what is not available: MemTotal
// − MemAvailable (the kernel's estimate of what can be had without
// swapping); kernels before 3.14 lack MemAvailable, and there MemFree +
// Buffers + Cached stands in for it.

import { readTextUnderRoot } from './proc-file.js';

export interface MemInfo {
  totalBytes: number;
  availableBytes: number;
  /** MemFree, Buffers and Cached: with used = total − the three, OTLP's system.memory.state split (summing to total). */
  freeBytes: number;
  buffersBytes: number;
  cachedBytes: number;
}

export function parseMeminfo(text: string): MemInfo | undefined {
  const kb = (key: string): number | undefined => {
    const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text);
    return m ? Number(m[1]) * 1024 : undefined;
  };
  const total = kb('MemTotal');
  if (total === undefined || total === 0) return undefined;
  const free = kb('MemFree') ?? 0;
  const buffers = kb('Buffers') ?? 0;
  const cached = kb('Cached') ?? 0;
  const available = kb('MemAvailable') ?? free + buffers + cached;
  const clamp = (v: number) => Math.min(v, total);
  return { totalBytes: total, availableBytes: clamp(available), freeBytes: clamp(free), buffersBytes: clamp(buffers), cachedBytes: clamp(cached) };
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
