import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { combinedPercentUsed, diskUsageOf } from '../../src/host/disk-usage.js';
import { takeSnapshot } from '../../src/host/snapshot.js';
import { packageOfHeader } from '../../src/host/rpm-packages.js';
import { HostTelemetrySampler } from '../../src/host/telemetry.js';
import { cpuPercentBetween, HostCpuSampler, parseCpuTimes } from '../../src/procfs/host-cpu.js';
import { memoryPercentUsed, parseMeminfo } from '../../src/procfs/meminfo.js';
import { parseUptimeSeconds } from '../../src/procfs/uptime.js';

const HOST = fileURLToPath(new URL('../fixtures/host', import.meta.url));

describe('host telemetry from the files', () => {
  it('cpu% is the busy share of all cpus between two /proc/stat readings', () => {
    const a = parseCpuTimes('cpu  1000 0 500 8000 500 0 0 0 0 0\n')!;
    // +300 user, +100 system, +500 idle, +100 iowait: 400 busy of 1000.
    const b = parseCpuTimes('cpu  1300 0 600 8500 600 0 0 0 0 0\n')!;
    expect(cpuPercentBetween(a, b)).toBeCloseTo(40, 10);
    expect(cpuPercentBetween(a, a)).toBeUndefined();
    expect(parseCpuTimes('intr 1\n')).toBeUndefined();
  });

  it('a cpu% with no clock tick between two readings is the last figure, or the average since boot before the first', () => {
    const proc = mkdtempSync(join(tmpdir(), 'iw-host-'));
    try {
      // 1,500 busy of 10,000 ticks since boot: 15 %.
      writeFileSync(join(proc, 'stat'), 'cpu  1000 0 500 8000 500 0 0 0 0 0\n');
      const sampler = new HostCpuSampler(proc);
      expect(sampler.sample()).toBeUndefined(); // the first reading
      expect(sampler.sample()).toBeCloseTo(15, 10);
      writeFileSync(join(proc, 'stat'), 'cpu  1300 0 600 8500 600 0 0 0 0 0\n');
      expect(sampler.sample()).toBeCloseTo(40, 10);
      expect(sampler.sample()).toBeCloseTo(40, 10); // no tick since
      // +100 busy of +200 ticks since the reading of 40 %.
      writeFileSync(join(proc, 'stat'), 'cpu  1400 0 600 8600 600 0 0 0 0 0\n');
      expect(sampler.sample()).toBeCloseTo(50, 10);
      rmSync(join(proc, 'stat'));
      expect(sampler.sample()).toBeUndefined(); // unreadable: null in the body
    } finally {
      rmSync(proc, { recursive: true, force: true });
    }
  });

  it('memory% is MemTotal − MemAvailable, with MemFree + Buffers + Cached on kernels without MemAvailable', () => {
    expect(memoryPercentUsed(parseMeminfo('MemTotal: 1000 kB\nMemAvailable: 250 kB\n')!)).toBe(75);
    expect(memoryPercentUsed(parseMeminfo('MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 50 kB\nCached: 100 kB\n')!)).toBe(75);
    expect(parseMeminfo('nothing')).toBeUndefined();
  });

  it('uptime is whole seconds', () => {
    expect(parseUptimeSeconds('12345.67 23456.78\n')).toBe(12345);
    expect(parseUptimeSeconds('x')).toBeUndefined();
  });

  it('disk% is what df shows: used / (used + available)', () => {
    const root = diskUsageOf('/')!;
    expect(root.percentUsed).toBeGreaterThan(0);
    expect(root.percentUsed).toBeLessThanOrEqual(100);
    expect(diskUsageOf('/nonexistent')).toBeUndefined();
    // The root reserve counts neither as used nor as available, as in df.
    expect(combinedPercentUsed([
      { mount: 'a', usedBytes: 30, availableBytes: 70, percentUsed: 30, reservedBytes: 5 },
      { mount: 'b', usedBytes: 10, availableBytes: 90, percentUsed: 10, reservedBytes: 5 },
    ])).toBe(20);
  });

  it('samples the payload from a proc root: a cpu% from the first sample on', () => {
    const proc = mkdtempSync(join(tmpdir(), 'iw-host-'));
    try {
      cpSync(join(HOST, 'proc'), proc, { recursive: true });
      const sampler = new HostTelemetrySampler('host-1', proc, ['/']);
      writeFileSync(join(proc, 'stat'), 'cpu  1300 0 600 8500 600 0 0 0 0 0\n');
      const t = sampler.sample(new Date('2026-11-24T12:00:00Z'));
      expect(t).toMatchObject({ host_id: 'host-1', timestamp: '2026-11-24T12:00:00.000Z', memory: 75, uptime: 12345 });
      expect(t.cpu).toBeCloseTo(40, 10);
      expect(t.disk).toBe(t.disks[0].percentUsed);
    } finally {
      rmSync(proc, { recursive: true, force: true });
    }
  });
});

describe('host snapshot', () => {
  it('reads the OS, the kernel, the dpkg, rpm and Python packages, and only the whitelisted environment', async () => {
    const s = await takeSnapshot({
      hostRoot: HOST,
      procRoot: join(HOST, 'proc'),
      envWhitelist: ['APP_ENV', 'DEBUG', 'MISSING'],
      env: { APP_ENV: 'prod', DEBUG: '1', SECRET_TOKEN: 'nope', APP_ENV_2: 'no' },
    });
    expect(s.os_info).toEqual({ name: 'Infra-Watch Fixture Linux', version: '9.3 (test tree)' });
    expect(s.kernel).toBe('6.1.0-18-amd64');
    expect(s.kernel_version).toBe('#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)');
    // packages: the spec's field, the Python packages.
    expect(s.packages).toEqual([
      { name: 'PyYAML', version: '6.0.1' },
      { name: 'numpy', version: '1.26.4' },
      { name: 'requests', version: '2.31.0' },
      { name: 'six', version: '1.16.0' },
    ]);
    expect(s.os_packages).toEqual([
      { name: 'adduser', version: '3.134' },
      { name: 'bash', version: '5.2.15-2+b2' },
      // From var/lib/rpm/rpmdb.sqlite, made by rpm 4.18 (rpm -i --justdb of two built packages).
      { name: 'hello-tool', version: '2.1.0-3.el9' },
      { name: 'libfoo', version: '1.0-1' },
    ]);
    expect(s.env_vars).toEqual({ APP_ENV: 'prod', DEBUG: '1' });
  });

  it('reads this machine too', async () => {
    const s = await takeSnapshot({ hostRoot: '/', procRoot: '/proc', envWhitelist: [], env: {} });
    expect(s.os_info.name).not.toBe('');
    expect(s.kernel).not.toBe('');
    expect(s.os_packages.length).toBeGreaterThan(10);
  });
});

describe('rpm header blobs', () => {
  it('refuses what is not a header instead of throwing', () => {
    expect(packageOfHeader(new Uint8Array(0))).toBeUndefined();
    expect(packageOfHeader(Buffer.from([0, 0, 0, 9, 0, 0, 0, 1]))).toBeUndefined(); // index past the end
    const b = Buffer.alloc(8 + 16 + 4);
    b.writeUInt32BE(1, 0);
    b.writeUInt32BE(4, 4);
    b.writeUInt32BE(1000, 8); // NAME
    b.writeUInt32BE(6, 12); // STRING
    b.writeUInt32BE(0, 16);
    b.writeUInt32BE(1, 20);
    b.write('abc\0', 24);
    expect(packageOfHeader(b)).toBeUndefined(); // a name but no version
  });
});
