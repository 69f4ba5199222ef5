// The receiver end to end over real HTTP on loopback: each endpoint stores
// what it receives (rows counted in the store), and a body posted twice is
// stored once.

import { gzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import protobuf from 'protobufjs/minimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { infrawatch } from '../../src/wire/generated/infrawatch.js';
import { ACCOUNT, type Fixture, PROCESS_ENVELOPES, processEnvelopes, startFixture, telemetryBody } from './server-fixture.js';

const require = createRequire(import.meta.url);
const otlp = require('@opentelemetry/otlp-transformer/build/src/generated/root.js').opentelemetry.proto;
const OtlpRequest = otlp.collector.metrics.v1.ExportMetricsServiceRequest;
const OtlpResponse = otlp.collector.metrics.v1.ExportMetricsServiceResponse;

let f: Fixture;
beforeAll(async () => {
  f = await startFixture();
});
afterAll(async () => {
  await f.close();
});

/** An OTLP request of host `host`: a gauge, a sum (2 points), an exponential histogram and a plain histogram. */
function otlpRequest(host: string, tsNanos: string) {
  return {
    resourceMetrics: [
      {
        resource: { attributes: [{ key: 'host.id', value: { stringValue: host } }] },
        scopeMetrics: [
          {
            metrics: [
              { name: 'system.cpu.utilization', unit: '1', gauge: { dataPoints: [{ timeUnixNano: tsNanos, asDouble: 0.25, attributes: [{ key: 'cpu.mode', value: { stringValue: 'user' } }] }] } },
              {
                name: 'process.cpu.time',
                unit: 's',
                sum: {
                  aggregationTemporality: 2,
                  isMonotonic: true,
                  dataPoints: [
                    { timeUnixNano: tsNanos, asDouble: 1.5, attributes: [{ key: 'cpu.mode', value: { stringValue: 'user' } }] },
                    { timeUnixNano: tsNanos, asDouble: 0.5, attributes: [{ key: 'cpu.mode', value: { stringValue: 'system' } }] },
                  ],
                },
              },
              {
                name: 'infrawatch.process.cpu.percent',
                unit: '%',
                exponentialHistogram: {
                  aggregationTemporality: 1,
                  dataPoints: [{ startTimeUnixNano: tsNanos, timeUnixNano: tsNanos, count: 3, sum: 6, scale: 6, zeroCount: 0, positive: { offset: 10, bucketCounts: [1, 2] }, min: 1, max: 3 }],
                },
              },
              { name: 'some.histogram', unit: 'ms', histogram: { aggregationTemporality: 2, dataPoints: [{ timeUnixNano: tsNanos, count: 1, sum: 1, bucketCounts: [1], explicitBounds: [] }] } },
            ],
          },
        ],
      },
    ],
  };
}

describe('the Infra-Watch API', () => {
  it('registers a host: the registry keeps its name, agent version, first and last seen', async () => {
    const res = await f.post('/api/hosts/register', JSON.stringify({ host_id: 'h1', hostname: 'web-1', agent_version: '0.1.0', timestamp: new Date().toISOString() }));
    expect(res.status).toBe(200);
    await f.rows();
    const host = await f.server.store.host(ACCOUNT, 'h1');
    expect(host).toMatchObject({ hostName: 'web-1', agentVersion: '0.1.0' });
    expect(host!.firstSeenMs).toBeLessThanOrEqual(host!.lastSeenMs);
  });

  it('stores telemetry: a SystemSample, its top rows and aggregate rows; the same body twice is stored once', async () => {
    const before = await f.rows();
    const body = telemetryBody('h1', '2026-01-01T00:00:00.000Z', 4, 5);
    expect((await f.post('/api/telemetry', body)).status).toBe(200);
    expect((await f.post('/api/telemetry', body)).status).toBe(200);
    const after = await f.rows();
    expect(after.SystemSample - before.SystemSample).toBe(1);
    expect(after.ProcessSample - before.ProcessSample).toBe(4);
    expect(after.ProcessAggregateSample - before.ProcessAggregateSample).toBe(5);
  });

  it('takes a gzip body, and never needs one', async () => {
    const before = await f.rows();
    const res = await f.post('/api/telemetry', gzipSync(telemetryBody('h1', '2026-01-01T00:01:00.000Z')), { headers: { 'content-encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect((await f.rows()).SystemSample - before.SystemSample).toBe(1);
  });

  it('stores a snapshot', async () => {
    const before = await f.rows();
    const snapshot = { host_id: 'h1', timestamp: '2026-01-01T00:00:00.000Z', os_info: { name: 'Debian', version: '12' }, kernel: '6.1', packages: [], env_vars: {} };
    expect((await f.post('/api/snapshot', JSON.stringify(snapshot))).status).toBe(200);
    expect((await f.rows()).HostSnapshot - before.HostSnapshot).toBe(1);
  });

  it('refuses a malformed body with 400 naming what was wrong, and stores nothing', async () => {
    const before = await f.rows();
    const bad = await f.post('/api/telemetry', '{"host_id": "h1", "timestamp": ');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/invalid JSON.*byte offset 31, the end of the body/);
    const midway = await f.post('/api/telemetry', '{"host_id": h1}');
    expect(((await midway.json()) as { error: { message: string } }).error.message).toMatch(/invalid JSON: Unexpected token 'h'/);
    const noTime = await f.post('/api/telemetry', JSON.stringify({ host_id: 'h1', timestamp: 'soon' }));
    expect(noTime.status).toBe(400);
    expect(((await noTime.json()) as { error: { message: string } }).error.message).toMatch(/^timestamp:/);
    expect(await f.rows()).toEqual(before);
  });

  it('hands the agent an empty fleet config with an ETag, then 304 while it is unchanged', async () => {
    const token = await f.token();
    const first = await fetch(`${f.url}/api/agents/h1/config`, { headers: { authorization: `Bearer ${token}` } });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({});
    const etag = first.headers.get('etag')!;
    const again = await fetch(`${f.url}/api/agents/h1/config`, { headers: { authorization: `Bearer ${token}`, 'if-none-match': etag } });
    expect(again.status).toBe(304);
    const other = await fetch(`${f.url}/api/agents/h2/config`, { headers: { authorization: `Bearer ${token}` } });
    expect(other.status).toBe(403);
    const garbled = await fetch(`${f.url}/api/agents/%E0%A4%A/config`, { headers: { authorization: `Bearer ${token}` } });
    expect(garbled.status).toBe(400);
  });
});

describe('OTLP/HTTP metrics', () => {
  it('stores gauges and sums as rows and exponential histograms as sketches (protobuf); rejects histograms in partial_success', async () => {
    const before = await f.rows();
    const body = OtlpRequest.encode(OtlpRequest.fromObject(otlpRequest('h1', '1767225600000000000'))).finish();
    const res = await f.post('/v1/metrics', body, { contentType: 'application/x-protobuf' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-protobuf');
    const answer = OtlpResponse.decode(new Uint8Array(await res.arrayBuffer()));
    expect(Number(answer.partialSuccess.rejectedDataPoints)).toBe(1);
    const after = await f.rows();
    expect(after.MetricSample - before.MetricSample).toBe(3);
    expect(after.SketchSample - before.SketchSample).toBe(1);
  });

  it('takes OTLP/JSON too, and the same request twice is stored once', async () => {
    const before = await f.rows();
    const body = JSON.stringify(otlpRequest('h1', '1767225660000000000'));
    for (let i = 0; i < 2; i++) {
      const res = await f.post('/v1/metrics', body);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ partialSuccess: { rejectedDataPoints: 1 } });
    }
    const after = await f.rows();
    expect(after.MetricSample - before.MetricSample).toBe(3);
    expect(after.SketchSample - before.SketchSample).toBe(1);
    // The gauge and sum points of one resource and time travel as one message (an agent's own metrics: 57 points a minute).
    const db = new Database(join(f.dir, 'store', 'infrawatch.db'), { readonly: true });
    const stored = db.prepare('SELECT count(*) AS points, count(DISTINCT messageId) AS messages FROM MetricSample WHERE timestampMs = 1767225660000').get();
    db.close();
    expect(stored).toEqual({ points: 3, messages: 1 });
  });

  it('refuses a resource of another host (403) and a body that is not OTLP (400), storing nothing', async () => {
    const before = await f.rows();
    const other = await f.post('/v1/metrics', JSON.stringify(otlpRequest('h2', '1767225720000000000')));
    expect(other.status).toBe(403);
    const junk = await f.post('/v1/metrics', new Uint8Array([0x0a, 0xff, 0xff, 0x01]), { contentType: 'application/x-protobuf' });
    expect(junk.status).toBe(400);
    expect(await f.rows()).toEqual(before);
    expect(await f.server.store.countRows(ACCOUNT, 'h2')).toMatchObject({ MetricSample: 0 });
  });
});

describe('the agent envelopes (POST /v1/envelopes)', () => {
  it('stores length-delimited ProcessEnvelopes as rows; the same batch twice is stored once', async () => {
    const before = await f.rows();
    const body = processEnvelopes('h1', [1_767_300_000_000, 1_767_300_010_000, 1_767_300_020_000], 20, 60);
    for (let i = 0; i < 2; i++) {
      const res = await f.post('/v1/envelopes', body, { contentType: PROCESS_ENVELOPES });
      expect(res.status).toBe(202);
    }
    const after = await f.rows();
    expect(after.ProcessSample - before.ProcessSample).toBe(60);
    expect(after.ProcessAggregateSample - before.ProcessAggregateSample).toBe(180);
    expect((await f.server.store.host(ACCOUNT, 'h1'))!.mode).toBe('smart');
  });

  it('stores SketchEnvelopes and AgentDiagEvents', async () => {
    const before = await f.rows();
    const w = protobuf.Writer.create();
    infrawatch.SketchEnvelope.encodeDelimited(
      { metricName: 'cpuPercent', gamma: 2 ** (1 / 64), sketchVersion: '1', entityGuid: 'h1', windowStartMs: 1_767_400_000_000, windowEndMs: 1_767_400_060_000, count: 1, scale: 6 },
      w,
    );
    infrawatch.SketchEnvelope.encodeDelimited(
      {
        metricName: 'cpuPercent',
        gamma: 2 ** (1 / 64),
        sketchVersion: '1',
        entityGuid: 'h1',
        displayName: 'nginx',
        windowStartMs: 1_767_400_000_000,
        windowEndMs: 1_767_400_060_000,
        count: 1,
        scale: 6,
      },
      w,
    );
    expect((await f.post('/v1/envelopes', w.finish(), { contentType: 'application/x-protobuf; messageType=infrawatch.SketchEnvelope' })).status).toBe(202);
    const d = protobuf.Writer.create();
    infrawatch.AgentDiagEvent.encodeDelimited({ module: 'scan', eventType: 'breaker-open', reason: 'slow', tsNs: 1_767_400_000_000_000_000n.toString() as unknown as number }, d);
    expect((await f.post('/v1/envelopes', d.finish(), { contentType: 'application/x-protobuf; messageType="infrawatch.AgentDiagEvent"' })).status).toBe(202);
    const after = await f.rows();
    expect(after.SketchSample - before.SketchSample).toBe(2);
    expect(after.AgentDiagEvent - before.AgentDiagEvent).toBe(1);
  });

  it('refuses a cut record with 400 naming its byte offset, and stores none of the batch', async () => {
    const before = await f.rows();
    const good = processEnvelopes('h1', [1_767_500_000_000]);
    const body = new Uint8Array([...good, ...processEnvelopes('h1', [1_767_500_010_000]).subarray(0, 20)]);
    const res = await f.post('/v1/envelopes', body, { contentType: PROCESS_ENVELOPES });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain(`byte offset ${good.length}`);
    expect(await f.rows()).toEqual(before);
  });

  it('refuses an envelope stream without its message type (415)', async () => {
    const res = await f.post('/v1/envelopes', processEnvelopes('h1', [1]), { contentType: 'application/x-protobuf' });
    expect(res.status).toBe(415);
  });
});

describe('/metrics', () => {
  it('counts accepted records and refusals by account and reason', async () => {
    const text = await (await fetch(f.server.metricsUrl!)).text();
    expect(text).toMatch(/infrawatch_server_accepted_records_total\{account="acme",endpoint="\/v1\/envelopes"\} \d+/);
    expect(text).toMatch(/infrawatch_server_refused_requests_total\{account="acme",endpoint="\/v1\/metrics",reason="wrong-host",status="403"\} 1/);
    expect(text).toMatch(/infrawatch_server_refused_requests_total\{account="acme",endpoint="\/api\/telemetry",reason="invalid-json",status="400"\} 2/);
  });
});
