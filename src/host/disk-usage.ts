// Disk use of mount points through statfs(2) (fs.statfsSync), counted as df
// counts it: used / (used + available to unprivileged users), so that a
// full disk reads 100 % even with the root reserve left. A mount point is
// named as the host names it and looked at under host_root.

import { statfsSync } from 'node:fs';
import { hostPath } from './host-path.js';

export interface DiskUsage {
  mount: string;
  usedBytes: number;
  availableBytes: number;
  percentUsed: number;
  /** Free but kept for root (bfree − bavail): OTLP's system.filesystem.state "reserved". */
  reservedBytes: number;
}

export function diskUsageOf(mount: string, hostRoot = '/'): DiskUsage | undefined {
  try {
    const s = statfsSync(hostPath(hostRoot, mount));
    const usedBytes = (s.blocks - s.bfree) * s.bsize;
    const availableBytes = s.bavail * s.bsize;
    const size = usedBytes + availableBytes;
    return { mount, usedBytes, availableBytes, percentUsed: size > 0 ? (100 * usedBytes) / size : 0, reservedBytes: (s.bfree - s.bavail) * s.bsize };
  } catch {
    return undefined;
  }
}

/** Percent used over several mount points together (Σ used / Σ (used + available)). */
export function combinedPercentUsed(disks: readonly DiskUsage[]): number | undefined {
  let used = 0;
  let size = 0;
  for (const d of disks) {
    used += d.usedBytes;
    size += d.usedBytes + d.availableBytes;
  }
  return size > 0 ? (100 * used) / size : undefined;
}
