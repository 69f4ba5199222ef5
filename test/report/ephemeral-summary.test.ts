// The exit tracker's records as the agent reads them (a drain file laid out
// as bpf/exit_tracker.bpf.c writes it) and what leaves the process: the
// per-tick ProcessEphemeral summaries, in the ProcessEnvelope (decoded by an
// independent protobufjs from the .proto), the JSON API body the receiver
// re-encodes, and OTLP. No BPF here: test/scan/exit-tracker.soak.test.ts
// runs the real tracker.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scannerOptionsOf } from '../../src/agent-parts.js';
import { DEFAULT_CONFIG } from '../../src/config/schema.js';
import { EphemeralSummarizer, exitCodeOf, type ProcessEphemeral } from '../../src/report/ephemeral-summary.js';
import { topNBatchOf } from '../../src/report/tick-report.js';
import { BpfExitReader } from '../../src/scan/bpf-exit-reader.js';
import { EXIT_RECORD_BYTES } from '../../src/scan/bpf-exit-record.js';
import { Scanner } from '../../src/scan/scanner.js';
import { decodeApiBody } from '../../src/server/receiver/decode-api-body.js';
import { stringifyTelemetry } from '../../src/sinks/api-bodies.js';
import { tickRequest } from '../../src/sinks/otlp-metrics.js';
import { ProcessEnvelopeEncoder } from '../../src/wire/process-envelope.js';
import { FIXTURE_PROC } from '../helpers.js';

const PROTO = fileURLToPath(new URL('../../proto/infrawatch.proto', import.meta.url));
const PAGE = 4096;

interface Exit {
  pid: number;
  ppid: number;
  comm: string;
  /** The parent's comm at the exit, as the kernel read it ('' when it could not). */
  parentComm: string;
  lifetimeMs: number;
  cpuMs: number;
  rssPages: number;
  /** As wait4 reports it. */
  status: number;
}

/** A drain file: the ring's header (written, dropped), then one record per exit. */
function drainBytes(exits: Exit[], written: number, dropped: number): Buffer {
  const b = Buffer.alloc((exits.length + 1) * EXIT_RECORD_BYTES);
  b.writeBigUInt64LE(0xffffffffffffffffn, 0);
  b.writeBigUInt64LE(BigInt(written), 8);
  b.writeBigUInt64LE(BigInt(dropped), 16);
  exits.forEach((e, i) => {
    const at = (i + 1) * EXIT_RECORD_BYTES;
    const start = 1_000_000_000_000n + BigInt(i) * 1_000_000n;
    b.writeBigUInt64LE(BigInt(i + 1), at);
    b.writeBigUInt64LE(start, at + 8);
    b.writeBigUInt64LE(start + BigInt(Math.round(e.lifetimeMs * 1e6)), at + 16);
    b.writeBigUInt64LE(BigInt(Math.round(e.cpuMs * 1e6)), at + 24);
    b.writeBigUInt64LE(BigInt(e.rssPages), at + 32);
    b.writeUInt32LE(e.pid, at + 40);
    b.writeUInt32LE(e.ppid, at + 44);
    b.writeUInt32LE(e.status, at + 48);
    b.write(e.comm, at + 56, 'latin1');
    b.write(e.parentComm, at + 72, 'latin1');
  });
  return b;
}

let dir: string;
let scanner: Scanner;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'iw-ephemeral-'));
  scanner = new Scanner(scannerOptionsOf({ ...DEFAULT_CONFIG, proc_root: FIXTURE_PROC, scanner: 'procfs' }));
  await scanner.scan();
});

afterAll(async () => {
  await scanner?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** One tick of the summarizer over `exits`. */
function summarize(summarizer: EphemeralSummarizer, exits: Exit[], written: number, dropped: number, intervalMs = 1000): ProcessEphemeral {
  const file = join(dir, 'exits');
  writeFileSync(file, drainBytes(exits, written, dropped));
  const reader = new BpfExitReader(file);
  reader.read();
  return summarizer.summarize(reader, scanner.result.names, intervalMs);
}

const curls: Exit[] = Array.from({ length: 100 }, (_, i) => ({
  pid: 5000 + i,
  ppid: i < 60 ? 100 : 117,
  comm: 'curl',
  parentComm: i < 60 ? 'bash' : 'java',
  lifetimeMs: i + 1, // 1 … 100 ms
  cpuMs: 2,
  rssPages: 100 + i,
  status: i < 90 ? 0 : i < 95 ? 7 << 8 : 9, // 90 exit 0, 5 exit 7, 5 killed by SIGKILL
}));
// Parents that have ended by the drain: named by the comm the record carries (one the kernel could not read: '').
const orphans: Exit[] = [
  { pid: 6000, ppid: 999_999, comm: 'sh', parentComm: 'make', lifetimeMs: 5, cpuMs: 1, rssPages: 50, status: 0 },
  { pid: 6001, ppid: 999_998, comm: 'sh', parentComm: '', lifetimeMs: 5, cpuMs: 1, rssPages: 50, status: 0 },
];

describe('ProcessEphemeral', () => {
  it('sums a tick per display name and per parent: count, cpu% of the tick, peak rss, lifetime percentiles, exit codes', () => {
    const e = summarize(new EphemeralSummarizer(PAGE), [...curls, ...orphans], 102, 0, 500);
    expect(e.exits).toBe(102);
    expect(e.lost).toBe(0);
    const curl = e.byName.find((s) => s.processDisplayName === 'curl')!;
    expect(curl.processCount).toBe(100);
    expect(curl.cpuPercent).toBeCloseTo(((100 * 2) / 500) * 100, 9); // 200 ms of cpu in a 500 ms tick: 40 % of a core
    expect(curl.memoryResidentPeakBytes).toBe(199 * PAGE);
    // DDSketch quantiles: within 1 % of the element of rank floor(q·(n−1)).
    expect(curl.lifetimeP50Ms).toBeGreaterThanOrEqual(50 * 0.99);
    expect(curl.lifetimeP50Ms).toBeLessThanOrEqual(50 * 1.01);
    expect(curl.lifetimeP95Ms).toBeGreaterThanOrEqual(95 * 0.99);
    expect(curl.lifetimeP95Ms).toBeLessThanOrEqual(95 * 1.01);
    expect(curl.lifetimeP99Ms).toBeGreaterThanOrEqual(99 * 0.99);
    expect(curl.lifetimeMaxMs).toBeCloseTo(100, 6);
    expect(curl.exitCodes).toEqual([
      { exitCode: 0, count: 90 },
      { exitCode: 7, count: 5 },
      { exitCode: 137, count: 5 },
    ]);
    expect(Object.fromEntries(e.byParent.map((s) => [s.processDisplayName, s.processCount]))).toEqual({ bash: 60, java: 40, make: 1, '': 1 });
  });

  it('counts the ring drops of each tick from the cumulative header, and starts from where it stood', () => {
    const s = new EphemeralSummarizer(PAGE);
    const file = join(dir, 'exits');
    writeFileSync(file, drainBytes([], 500, 30));
    const reader = new BpfExitReader(file);
    reader.read();
    s.startFrom(reader); // drops from before the agent started belong to no tick
    expect(summarize(s, orphans, 501, 30).lost).toBe(0);
    expect(summarize(s, orphans, 520, 42).lost).toBe(12);
  });

  it('reuses its per-name state: a name with no exits this tick has no summary', () => {
    const s = new EphemeralSummarizer(PAGE);
    expect(summarize(s, curls, 100, 0).byName.map((x) => x.processDisplayName)).toEqual(['curl']);
    const next = summarize(s, orphans, 101, 0);
    expect(next.byName.map((x) => [x.processDisplayName, x.processCount])).toEqual([['sh', 2]]);
    expect(summarize(s, [], 101, 0)).toMatchObject({ byName: [], byParent: [], exits: 0 });
  });

  it('maps wait statuses to exit codes as a shell does', () => {
    expect(exitCodeOf(0)).toBe(0);
    expect(exitCodeOf(3 << 8)).toBe(3);
    expect(exitCodeOf(15)).toBe(143);
    expect(exitCodeOf(0x80 | 11)).toBe(139); // core dumped
  });

  it('refuses a file that is not a drain (no ring header)', () => {
    const file = join(dir, 'not-a-drain');
    writeFileSync(file, Buffer.alloc(EXIT_RECORD_BYTES * 2));
    expect(() => new BpfExitReader(file).read()).toThrow(/no ring header/);
  });

  it('travels in the ProcessEnvelope (v2.3), the JSON API body and OTLP', async () => {
    const r = await scanner.scan();
    const e = summarize(new EphemeralSummarizer(PAGE), [...curls, ...orphans], 102, 3);
    const batch = { ...topNBatchOf(r, [], [], 10_000, 1_795_000_000_000), ephemeral: e };
    const Envelope = protobuf.loadSync(PROTO).lookupType('infrawatch.ProcessEnvelope');
    const decoded = Envelope.toObject(Envelope.decodeDelimited(new ProcessEnvelopeEncoder('guid').encodeDelimited(batch)), { longs: Number }) as Record<string, any>;
    expect(decoded.schemaVersion).toBe('2.4');
    const wire = decoded.payload.ephemeral;
    expect(wire.exits).toBe(102);
    expect(wire.lost).toBe(3);
    const curl = wire.byName.find((s: { processDisplayName: string }) => s.processDisplayName === 'curl');
    expect(curl).toMatchObject({ processCount: 100, memoryResidentPeakBytes: 199 * PAGE, exitCodes: [{ count: 90 }, { exitCode: 7, count: 5 }, { exitCode: 137, count: 5 }] });
    expect(curl.lifetimeP95Ms).toBe(e.byName[0].lifetimeP95Ms);

    // The JSON API body, and the receiver's re-encoding of it.
    const json = stringifyTelemetry({
      host_id: 'h1',
      timestamp: new Date(1_795_000_000_000).toISOString(),
      cpu: 1,
      memory: 1,
      disk: 1,
      uptime: 1,
      cpuModes: null,
      memoryBytes: null,
      bootTimeMs: null,
      disks: [],
      processes: { top: [], aggregates: [], totals: r.totals, ephemeral: e },
    });
    expect(JSON.parse(json).processes.ephemeral.byName[0].exitCodes).toEqual(e.byName[0].exitCodes);
    const got = decodeApiBody('telemetry', new TextEncoder().encode(json));
    if (!got.ok) throw new Error(got.message);
    const process = got.drafts.find((d) => d.kind === 'process')!;
    const again = Envelope.toObject(Envelope.decode(process.body), { longs: Number }) as Record<string, any>;
    expect(again.schemaVersion).toBe('2.4');
    expect(again.payload.ephemeral.byParent.map((s: { processDisplayName?: string }) => s.processDisplayName ?? '')).toEqual(e.byParent.map((s) => s.processDisplayName));
    const bad = decodeApiBody('telemetry', new TextEncoder().encode(JSON.stringify({ host_id: 'h1', timestamp: '2026-12-02T00:00:00Z', processes: { ephemeral: { byName: [{ exitCodes: 3 }] } } })));
    expect(bad).toMatchObject({ ok: false, message: expect.stringContaining('processes.ephemeral.byName[0]') });

    // OTLP: infrawatch.process_ephemeral.* on the host's resource.
    const req = tickRequest({ hostId: 'h1', hostName: 'h', nodeArch: 'x64', serviceVersion: '0' }, [], [], undefined, 2, 1_795_000_000_000, e) as any;
    const metrics = req.resourceMetrics[0].scopeMetrics[0].metrics as { name: string; gauge: { dataPoints: { asInt?: number; asDouble?: number; attributes: { key: string; value: any }[] }[] } }[];
    const byName = Object.fromEntries(metrics.map((m) => [m.name, m]));
    expect(byName['infrawatch.process_ephemeral.count'].gauge.dataPoints.map((p) => p.asInt)).toEqual([100, 2]);
    expect(byName['infrawatch.process_ephemeral.cpu.utilization'].gauge.dataPoints[0].asDouble).toBeCloseTo((0.2 / 2) * 1, 9); // 200 ms in 1 s over 2 cpus
    expect(byName['infrawatch.process_ephemeral.lost'].gauge.dataPoints[0].asInt).toBe(3);
    const exits = byName['infrawatch.process_ephemeral.exits'].gauge.dataPoints.filter((p) => p.attributes.some((a) => a.key === 'process.exit.code' && a.value.intValue === 137));
    expect(exits.map((p) => p.asInt)).toEqual([5]);
    expect(
      Object.keys(byName)
        .filter((n) => n.startsWith('infrawatch.process_ephemeral.'))
        .sort(),
    ).toEqual(
      ['by_parent.count', 'by_parent.cpu.utilization', 'count', 'cpu.utilization', 'exits', 'lifetime.max', 'lifetime.p50', 'lifetime.p95', 'lifetime.p99', 'lost', 'memory.peak'].map(
        (n) => `infrawatch.process_ephemeral.${n}`,
      ),
    );
  });
});
