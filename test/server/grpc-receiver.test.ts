// The receiver's gRPC transport against a real embedded server on loopback,
// called by @grpc/grpc-js clients: OTLP's MetricsService/Export with a
// request built from the official opentelemetry-proto definitions, and our
// EnvelopeService with batches built from proto/infrawatch_ingest.proto
// (so the .proto is the one the server answers to). Every refusal is a
// status code, and stores nothing.

import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import protobuf from 'protobufjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { delimitedRecordsOf } from '../../src/server/receiver/grpc-receiver.js';
import { type Fixture, processEnvelope, startFixture } from './server-fixture.js';

const PROTO = fileURLToPath(new URL('../../proto/', import.meta.url));
const OTLP_PROTO = fileURLToPath(new URL('../fixtures/opentelemetry-proto/', import.meta.url));

function rootOf(dir: string, file: string): protobuf.Root {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => join(dir, target);
  root.loadSync(file, { keepCase: false });
  return root;
}
const ingest = rootOf(PROTO, 'infrawatch_ingest.proto');
const ProcessEnvelopeBatch = ingest.lookupType('infrawatch.ingest.v1.ProcessEnvelopeBatch');
const EnvelopeAck = ingest.lookupType('infrawatch.ingest.v1.EnvelopeAck');
const otlp = rootOf(OTLP_PROTO, 'opentelemetry/proto/collector/metrics/v1/metrics_service.proto');
const ExportRequest = otlp.lookupType('opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest');
const ExportResponse = otlp.lookupType('opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse');
const service = ingest.lookupService('infrawatch.ingest.v1.EnvelopeService');

interface Answer {
  error: grpc.ServiceError | null;
  value: Buffer | undefined;
}

let f: Fixture;
let client: grpc.Client;
beforeAll(async () => {
  f = await startFixture();
  client = new grpc.Client(f.server.grpcAddress!, grpc.credentials.createInsecure());
});
afterAll(async () => {
  client.close();
  await f.close();
});

function call(path: string, request: Uint8Array, token: string | undefined): Promise<Answer> {
  const metadata = new grpc.Metadata();
  if (token !== undefined) metadata.set('authorization', `Bearer ${token}`);
  return new Promise((resolve) => {
    client.makeUnaryRequest(
      path,
      (b: Buffer) => b,
      (b: Buffer) => b,
      Buffer.from(request),
      metadata,
      (error, value) => resolve({ error, value }),
    );
  });
}

const SEND_PROCESS = `/infrawatch.ingest.v1.EnvelopeService/${service.methods.SendProcessEnvelopes.name}`;
const EXPORT = '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export';

function batch(host: string, timestamps: number[]): Uint8Array {
  return ProcessEnvelopeBatch.encode(ProcessEnvelopeBatch.fromObject({ envelopes: timestamps.map((t) => processEnvelope(host, t)) })).finish();
}

describe('the gRPC receiver', () => {
  it('takes ProcessEnvelope batches of our service, durable before OK, each envelope once however often it is sent', async () => {
    const before = await f.rows('g1');
    const token = await f.token({}, { host: 'g1' });
    const body = batch('g1', [1_767_100_000_000, 1_767_100_010_000]);
    const first = await call(SEND_PROCESS, body, token);
    expect(first.error).toBeNull();
    expect(Number(EnvelopeAck.toObject(EnvelopeAck.decode(first.value!), { longs: Number }).records)).toBe(10); // 2 × (2 rows + 3 aggregates)
    const again = await call(SEND_PROCESS, body, token);
    expect(again.error).toBeNull();
    const after = await f.rows('g1');
    expect(after.ProcessSample - before.ProcessSample).toBe(4);
    expect(after.ProcessAggregateSample - before.ProcessAggregateSample).toBe(6);
  });

  it('takes OTLP Export with the official request, gauges stored as rows, and answers an ExportMetricsServiceResponse', async () => {
    const token = await f.token({}, { host: 'g2' });
    const nowNs = String(BigInt(Date.now()) * 1_000_000n);
    const request = ExportRequest.fromObject({
      resourceMetrics: [
        {
          resource: { attributes: [{ key: 'host.id', value: { stringValue: 'g2' } }] },
          scopeMetrics: [{ metrics: [{ name: 'system.uptime', unit: 's', gauge: { dataPoints: [{ timeUnixNano: nowNs, asDouble: 12 }] } }] }],
        },
      ],
    });
    const a = await call(EXPORT, ExportRequest.encode(request).finish(), token);
    expect(a.error).toBeNull();
    expect(ExportResponse.toObject(ExportResponse.decode(a.value!))).toEqual({});
    expect((await f.rows('g2')).MetricSample).toBe(1);
  });

  it('refuses with the status code of each refusal and stores nothing: no token, another host, a malformed batch', async () => {
    const before = await f.rows('g3');
    const body = batch('g3', [1_767_200_000_000]);
    expect((await call(SEND_PROCESS, body, undefined)).error?.code).toBe(grpc.status.UNAUTHENTICATED);
    const other = await call(SEND_PROCESS, body, await f.token({}, { host: 'not-g3' }));
    expect(other.error?.code).toBe(grpc.status.PERMISSION_DENIED);
    const cut = await call(SEND_PROCESS, body.subarray(0, body.length - 3), await f.token({}, { host: 'g3' }));
    expect(cut.error?.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(cut.error?.details).toMatch(/^byte 0: /);
    expect(await f.rows('g3')).toEqual(before);
    const text = await (await fetch(f.server.metricsUrl!)).text();
    expect(text).toMatch(/infrawatch_server_refused_requests_total\{account="acme",endpoint="\/infrawatch\.ingest\.v1\.EnvelopeService\/SendProcessEnvelopes",reason="wrong-host",status="403"\} 1/);
  });
});

describe('the gRPC limits', () => {
  it('answers RESOURCE_EXHAUSTED with a RetryInfo when the backlog is over its bound, and refuses a message past the size limit', async () => {
    const g = await startFixture({ config: (c) => ({ ...c, limits: { ...c.limits, max_backlog_messages: 1, retry_after_seconds: 7, max_body_bytes: 64 * 1024 } }) });
    const c = new grpc.Client(g.server.grpcAddress!, grpc.credentials.createInsecure());
    try {
      await g.server.writer.stop(); // what is published stays in the outbox
      const token = await g.token({}, { host: 'h1' });
      const send = (body: Uint8Array) =>
        new Promise<Answer>((resolve) => {
          const m = new grpc.Metadata();
          m.set('authorization', `Bearer ${token}`);
          c.makeUnaryRequest(
            SEND_PROCESS,
            (b: Buffer) => b,
            (b: Buffer) => b,
            Buffer.from(body),
            m,
            (error, value) => resolve({ error, value }),
          );
        });
      expect((await send(batch('h1', [1_767_300_000_000, 1_767_300_010_000]))).error).toBeNull();
      const busy = await send(batch('h1', [1_767_300_020_000]));
      expect(busy.error?.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
      // google.rpc.Status → details[0]: Any(google.rpc.RetryInfo { retry_delay { seconds: 7 } })
      const status = busy.error!.metadata.get('grpc-status-details-bin')[0] as Buffer;
      const r = protobuf.Reader.create(status);
      const fields: Record<number, Uint8Array | number> = {};
      while (r.pos < r.len) {
        const tag = r.uint32();
        fields[tag >>> 3] = (tag & 7) === 2 ? r.bytes() : r.int32();
      }
      expect(fields[1]).toBe(grpc.status.RESOURCE_EXHAUSTED);
      const any = Buffer.from(fields[3] as Uint8Array);
      expect(any.toString('latin1')).toContain('type.googleapis.com/google.rpc.RetryInfo');
      expect(any.subarray(any.length - 4)).toEqual(Buffer.from([0x0a, 0x02, 0x08, 0x07]));
      const huge = await send(
        batch(
          'h1',
          Array.from({ length: 3000 }, (_, i) => 1_767_400_000_000 + i),
        ),
      );
      expect(huge.error?.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
      expect(huge.error?.details).toMatch(/larger than max|exceeds/i);
    } finally {
      c.close();
      await g.close();
    }
  });
});

describe('a batch as length-delimited records', () => {
  it('keeps field 1 in order, skips other fields, and names the offset of a field 1 that is not length-delimited', () => {
    const w = protobuf.Writer.create();
    w.uint32(10).bytes(new Uint8Array([1, 2]));
    w.uint32(16).uint32(5); // field 2, varint: a newer client's, skipped
    w.uint32(10).bytes(new Uint8Array([3]));
    expect([...(delimitedRecordsOf(w.finish()) as Uint8Array)]).toEqual([2, 1, 2, 1, 3]);
    expect(delimitedRecordsOf(new Uint8Array([8, 1]))).toBe('byte 0: field 1 is not length-delimited (wire type 0)');
  });
});
