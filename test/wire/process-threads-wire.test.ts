// A row's busiest threads (process_threads, ProcessEnvelope v2.4) on every
// wire: the ProcessEnvelope (decoded by an independent decoder of the
// .proto), the JSON API body and the receiver's re-encoding of it, and OTLP.

import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { scannerOptionsOf } from '../../src/agent-parts.js';
import { DEFAULT_CONFIG } from '../../src/config/schema.js';
import { aggregateRowsOf, rowsOf, type ThreadRow } from '../../src/report/process-rows.js';
import { topNBatchOf } from '../../src/report/tick-report.js';
import { Scanner } from '../../src/scan/scanner.js';
import { decodeApiBody } from '../../src/server/receiver/decode-api-body.js';
import { stringifyTelemetry } from '../../src/sinks/api-bodies.js';
import { tickRequest } from '../../src/sinks/otlp-metrics.js';
import { ProcessEnvelopeEncoder } from '../../src/wire/process-envelope.js';
import { FIXTURE_PROC } from '../helpers.js';

const PROTO = fileURLToPath(new URL('../../proto/infrawatch.proto', import.meta.url));
const THREADS: ThreadRow[] = [
  { threadId: 4242, name: 'spinner', state: 'R', cpuPercent: 97.5 },
  { threadId: 4240, name: 'ünïcode', state: 'S', cpuPercent: 0.25 },
];

/** A tick of the fixture tree whose first row carries THREADS (a fixture tree is never BPF's, so they are set here). */
async function batchWithThreads() {
  const s = new Scanner(scannerOptionsOf({ ...DEFAULT_CONFIG, proc_root: FIXTURE_PROC, top_n: 2 }));
  try {
    await s.scan();
    const r = await s.scan();
    const top = rowsOf(r, s.views, s.system, { withIo: false });
    top[0].threads = THREADS;
    return topNBatchOf(r, top, aggregateRowsOf(r), 10_000, 1_795_000_000_000);
  } finally {
    await s.close();
  }
}

describe('ProcessSample.threads', () => {
  it('round-trips through the ProcessEnvelope, v2.4', async () => {
    const batch = await batchWithThreads();
    const Envelope = protobuf.loadSync(PROTO).lookupType('infrawatch.ProcessEnvelope');
    const decoded = Envelope.toObject(Envelope.decodeDelimited(new ProcessEnvelopeEncoder('g').encodeDelimited(batch)), { longs: Number }) as Record<string, any>;
    expect(decoded.schemaVersion).toBe('2.4');
    expect(decoded.payload.top[0].threads).toEqual(THREADS);
    expect(decoded.payload.top[1].threads).toBeUndefined();
  });

  it('round-trips through the JSON API body and the receiver re-encodes it as v2.4; a bad list is named', async () => {
    const batch = await batchWithThreads();
    const body = {
      host_id: 'h1',
      timestamp: new Date(batch.timestampMs).toISOString(),
      cpu: 1,
      memory: 1,
      disk: 1,
      uptime: 1,
      cpuModes: null,
      memoryBytes: null,
      bootTimeMs: null,
      disks: [],
      processes: { top: batch.top, aggregates: batch.aggregates, totals: batch.totals },
    };
    const json = stringifyTelemetry(body);
    expect(JSON.parse(json).processes.top[0].threads).toEqual(THREADS);
    const got = decodeApiBody('telemetry', new TextEncoder().encode(json));
    if (!got.ok) throw new Error(got.message);
    const Envelope = protobuf.loadSync(PROTO).lookupType('infrawatch.ProcessEnvelope');
    const again = Envelope.toObject(Envelope.decode(got.drafts.find((d) => d.kind === 'process')!.body), { longs: Number }) as Record<string, any>;
    expect(again.schemaVersion).toBe('2.4');
    expect(again.payload.top[0].threads).toEqual(THREADS);
    const bad = decodeApiBody('telemetry', new TextEncoder().encode(JSON.stringify({ host_id: 'h1', timestamp: '2026-12-02T00:00:00Z', processes: { top: [{ processId: 1, threads: [3] }] } })));
    expect(bad).toMatchObject({ ok: false, message: expect.stringContaining('processes.top[0].threads: expected a list of objects') });
  });

  it("goes over OTLP as infrawatch.process.thread.cpu.utilization on the row's resource, a point per thread", async () => {
    const batch = await batchWithThreads();
    const req = tickRequest({ hostId: 'h1', hostName: 'h', nodeArch: 'x64', serviceVersion: '0' }, batch.top, [], undefined, 2, batch.timestampMs) as any;
    const resources = req.resourceMetrics as {
      resource: { attributes: { key: string; value: any }[] };
      scopeMetrics: { metrics: { name: string; unit: string; gauge?: { dataPoints: any[] } }[] }[];
    }[];
    const pidOf = (r: (typeof resources)[number]) => r.resource.attributes.find((a) => a.key === 'process.pid')?.value.intValue;
    const metricOf = (r: (typeof resources)[number]) => r.scopeMetrics[0].metrics.find((m) => m.name === 'infrawatch.process.thread.cpu.utilization');
    const row0 = resources.find((r) => pidOf(r) === batch.top[0].processId)!;
    const row1 = resources.find((r) => pidOf(r) === batch.top[1].processId)!;
    const m = metricOf(row0)!;
    expect(m.unit).toBe('1');
    expect(m.gauge!.dataPoints.map((p) => [p.asDouble, Object.fromEntries(p.attributes.map((a: { key: string; value: any }) => [a.key, a.value.intValue ?? a.value.stringValue]))])).toEqual([
      [0.4875, { 'thread.id': 4242, 'thread.name': 'spinner' }], // 97.5 % of one core over 2 cpus
      [0.00125, { 'thread.id': 4240, 'thread.name': 'ünïcode' }],
    ]);
    expect(metricOf(row1), 'no threads, no metric').toBeUndefined();
  });
});
