// The Infra-Watch agent's own payload, every interval: host_id, timestamp
// (UTC), cpu (% busy over all cpus since the last sample, /proc/stat),
// memory (% used, /proc/meminfo MemAvailable), disk (% used of the
// configured mount points, statfs under host_root), uptime (s,
// /proc/uptime). Read from the files, never from subprocesses. A figure that
// cannot be read is null.

import { HostCpuSampler } from '../procfs/host-cpu.js';
import { memoryPercentUsed, readMeminfo, type MemInfo } from '../procfs/meminfo.js';
import { readUptimeSeconds } from '../procfs/uptime.js';
import { combinedPercentUsed, diskUsageOf, type DiskUsage } from './disk-usage.js';
import { hiddenHostMounts } from './hidden-mounts.js';

export interface HostTelemetry {
  host_id: string;
  timestamp: string;
  cpu: number | null;
  memory: number | null;
  disk: number | null;
  uptime: number | null;
  /** Each configured mount point's use. */
  disks: DiskUsage[];
  // For OTLP's system.* metrics; the API body's schema lists the fields it
  // sends, and these are not among them.
  /** Each cpu mode's share since the last sample (CPU_MODES order), or null. */
  cpuModes: number[] | null;
  /** /proc/meminfo's figures, or null. */
  memoryBytes: MemInfo | null;
  /** When the host booted (ms since the epoch), or null. */
  bootTimeMs: number | null;
}

export class HostTelemetrySampler {
  private readonly cpu: HostCpuSampler;
  /** The configured mounts the agent cannot see under host_root (hidden-mounts.ts): left out of the figures. */
  readonly hiddenMounts: readonly string[];
  private readonly mounts: readonly string[];

  constructor(
    private readonly hostId: string,
    private readonly procRoot: string,
    mounts: readonly string[],
    private readonly hostRoot = '/',
  ) {
    this.hiddenMounts = hiddenHostMounts(hostRoot, procRoot, mounts);
    this.mounts = mounts.filter((m) => !this.hiddenMounts.includes(m));
    this.cpu = new HostCpuSampler(procRoot);
    this.cpu.sample(); // the first reading, so the first sample has a cpu%
  }

  sample(now = new Date()): HostTelemetry {
    const cpu = this.cpu.sample(); // before reading its mode shares and boot time below
    const mem = readMeminfo(this.procRoot);
    const disks = this.mounts.map((m) => diskUsageOf(m, this.hostRoot)).filter((d): d is DiskUsage => d !== undefined);
    return {
      host_id: this.hostId,
      timestamp: now.toISOString(),
      cpu: cpu ?? null,
      memory: mem ? memoryPercentUsed(mem) : null,
      disk: combinedPercentUsed(disks) ?? null,
      uptime: readUptimeSeconds(this.procRoot) ?? null,
      disks,
      cpuModes: this.cpu.modeShares ?? null,
      memoryBytes: mem ?? null,
      bootTimeMs: this.cpu.bootTimeMs ?? null,
    };
  }
}
