import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { scannerOptionsOf, enricherFor } from '../../src/agent-parts.js';
import { DEFAULT_CONFIG } from '../../src/config/schema.js';
import { aggregateRowsOf, OTLP_ONLY_ROW_FIELDS, rowsOf } from '../../src/report/process-rows.js';
import { topNBatchOf } from '../../src/report/tick-report.js';
import { Scanner } from '../../src/scan/scanner.js';
import { decodeEnvelopes } from '../../src/wire/decode-envelopes.js';
import { PROCESS_SCHEMA_VERSION, ProcessEnvelopeEncoder } from '../../src/wire/process-envelope.js';
import { FIXTURE_PROC } from '../helpers.js';

const PROTO = fileURLToPath(new URL('../../proto/infrawatch.proto', import.meta.url));

async function fixtureBatch(topN: number) {
  const config = { ...DEFAULT_CONFIG, proc_root: FIXTURE_PROC, top_n: topN };
  const s = new Scanner(scannerOptionsOf(config));
  try {
    await s.scan();
    const r = await s.scan();
    const top = rowsOf(r, s.views, s.system, { enricher: enricherFor(config), withIo: true });
    return topNBatchOf(r, top, aggregateRowsOf(r), 10_000, 1_795_000_000_000);
  } finally {
    await s.close();
  }
}

describe('ProcessEnvelope v2.4', () => {
  it('decodes, with the .proto loaded by an independent protobufjs decoder, to what was encoded', async () => {
    const batch = await fixtureBatch(3);
    const bytes = new ProcessEnvelopeEncoder('guid-1').encodeDelimited(batch);
    const root = protobuf.loadSync(PROTO);
    const Envelope = root.lookupType('infrawatch.ProcessEnvelope');
    const decoded = Envelope.toObject(Envelope.decodeDelimited(bytes), { longs: Number }) as Record<string, any>;
    expect(decoded.entityGuid).toBe('guid-1');
    expect(decoded.schemaVersion).toBe(PROCESS_SCHEMA_VERSION);
    const p = decoded.payload;
    expect(p.timestampMs).toBe(batch.timestampMs);
    expect(p.intervalMs).toBe(10_000);
    expect(p.mode).toBe('smart');
    expect(p.topN).toBe(3);
    expect(p.top).toHaveLength(3);
    // Every row field the agent set comes back (the u64 maxima of pid 113 aside: doubles).
    for (let i = 1; i < 3; i++) {
      const sent = batch.top[i];
      for (const [key, value] of Object.entries(sent)) {
        if (value === null || value === false || value === 0 || value === '') continue; // proto3 leaves defaults out
        if ((OTLP_ONLY_ROW_FIELDS as readonly string[]).includes(key)) continue;
        expect(p.top[i][key], key).toEqual(value);
      }
    }
    expect(p.top[1]).toMatchObject({ processId: 117, commandLine: 'java -Dpassword=******** -jar app.jar --api-key ********', userName: 'nobody', ioTotalReadBytes: 4096, ioTotalWriteBytes: 8192 });
    expect(p.top[2]).toMatchObject({ processId: 100, commandLine: 'bash -c echo hi', userName: 'root' });
    expect(p.aggregates).toHaveLength(batch.aggregates.length);
    for (let i = 0; i < batch.aggregates.length; i++) {
      expect(p.aggregates[i].processDisplayName).toBe(batch.aggregates[i].processDisplayName);
      expect(p.aggregates[i].processCount).toBe(batch.aggregates[i].processCount);
      expect(p.aggregates[i].memoryResidentSizeBytes ?? 0).toBe(batch.aggregates[i].memoryResidentSizeBytes);
    }
    expect(p.totals.processCount).toBe(13);
    expect(p.counters).toMatchObject({ listed: 18, scanned: 13, malformed: 4, vanished: 1, scanner: 'procfs' }); // a fixture tree is never BPF's
  });

  it('one reused writer gives each tick its own complete record', async () => {
    const encoder = new ProcessEnvelopeEncoder('guid-2');
    const big = await fixtureBatch(20);
    const small = await fixtureBatch(1);
    const a = encoder.encodeDelimited(big);
    const b = encoder.encodeDelimited(small);
    const c = encoder.encodeDelimited(big);
    expect(Buffer.from(c)).toEqual(Buffer.from(a));
    const { records, error } = decodeEnvelopes(Buffer.concat([a, b, c]), 'test');
    expect(error).toBeUndefined();
    expect(records.map((r) => ((r.envelope.payload as { top: unknown[] }).top.length))).toEqual([13, 1, 13]);
    expect(records.map((r) => r.offset)).toEqual([0, a.length, a.length + b.length]);
  });

  it('defines AgentDiagEvent with its four fields', () => {
    const root = protobuf.loadSync(PROTO);
    const Diag = root.lookupType('infrawatch.AgentDiagEvent');
    expect(Object.keys(Diag.fields)).toEqual(['module', 'eventType', 'reason', 'tsNs']);
  });
});
