// Limits before work: the body's size (after decompression, counted while
// inflating), OTLP attributes, the request's time, and back-pressure.

import { once } from 'node:events';
import { connect } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Fixture, PROCESS_ENVELOPES, processEnvelopes, startFixture, telemetryBody } from './server-fixture.js';

const MiB = 1024 * 1024;

let f: Fixture;
beforeAll(async () => {
  f = await startFixture({ config: (c) => ({ ...c, limits: { ...c.limits, headers_timeout_ms: 1000, request_timeout_ms: 1500 } }) });
});
afterAll(async () => {
  await f.close();
});

function attributes(n: number, prefix: string) {
  return Array.from({ length: n }, (_, i) => ({ key: i === 0 && prefix === 'r' ? 'host.id' : `${prefix}.${i}`, value: { stringValue: i === 0 && prefix === 'r' ? 'h1' : 'v' } }));
}

describe('body size', () => {
  it('refuses a gzip bomb (1 GiB inflated from 1 MiB) with 413, cut off while inflating', async () => {
    const member = gzipSync(Buffer.alloc(64 * MiB), { level: 9 });
    const bomb = Buffer.concat(Array.from({ length: 16 }, () => member));
    const before = await f.rows();
    const rssBefore = process.memoryUsage().rss;
    const started = performance.now();
    const res = await f.post('/api/telemetry', bomb, { headers: { 'content-encoding': 'gzip' } });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { reason: string } }).error.reason).toBe('inflated-too-large');
    // Inflating the whole GiB would take seconds and hold a GiB: it was stopped at 20 MiB.
    expect(performance.now() - started).toBeLessThan(5000);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(300 * MiB);
    expect(await f.rows()).toEqual(before);
  });

  it('refuses 20 MiB + 1 bytes with 413, by Content-Length before reading, and counted when streamed without one', async () => {
    const body = Buffer.alloc(20 * MiB + 1, 0x20);
    const declared = await f.post('/api/telemetry', body);
    expect(declared.status).toBe(413);
    const streamed = await fetch(`${f.url}/api/telemetry`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await f.token()}` },
      body: new ReadableStream({
        start(c) {
          for (let i = 0; i <= 20; i++) c.enqueue(i < 20 ? Buffer.alloc(MiB, 0x20) : Buffer.from(' '));
          c.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
  });

  it('takes a body of exactly 20 MiB', async () => {
    const json = telemetryBody('h1', '2026-03-01T00:00:00Z');
    const body = json + ' '.repeat(20 * MiB - Buffer.byteLength(json));
    expect((await f.post('/api/telemetry', body)).status).toBe(200);
  });

  it('refuses an encoding other than gzip with 415', async () => {
    expect((await f.post('/api/telemetry', '{}', { headers: { 'content-encoding': 'br' } })).status).toBe(415);
  });
});

describe('OTLP attributes', () => {
  it('keeps 2,000 attributes of a resource and of a point, drops the rest and says how many in partial_success', async () => {
    const before = await f.rows();
    const request = {
      resourceMetrics: [
        {
          resource: { attributes: attributes(2001, 'r') },
          scopeMetrics: [{ metrics: [{ name: 'wide', gauge: { dataPoints: [{ timeUnixNano: '1767225600000000000', asDouble: 1, attributes: attributes(2001, 'p') }] } }] }],
        },
      ],
    };
    const res = await f.post('/v1/metrics', JSON.stringify(request));
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { partialSuccess: { errorMessage: string } };
    expect(answer.partialSuccess.errorMessage).toContain('2 attributes dropped past the limit of 2000');
    expect((await f.rows()).MetricSample - before.MetricSample).toBe(1);
    const db = new Database(join(f.dir, 'store', 'infrawatch.db'), { readonly: true });
    const row = db.prepare("SELECT resource, attributes FROM MetricSample WHERE name = 'wide'").get() as { resource: string; attributes: string };
    db.close();
    expect(Object.keys(JSON.parse(row.resource))).toHaveLength(2000);
    expect(Object.keys(JSON.parse(row.attributes))).toHaveLength(2000);
    const text = await (await fetch(f.server.metricsUrl!)).text();
    expect(text).toContain('infrawatch_server_dropped_attributes_total{account="acme"} 2');
  });
});

describe('request time', () => {
  it('answers 408 and closes a request whose body does not come in time', async () => {
    const socket = connect(Number(new URL(f.url).port), '127.0.0.1');
    await once(socket, 'connect');
    socket.write(`POST /api/telemetry HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\nauthorization: Bearer ${await f.token()}\r\ncontent-length: 100\r\n\r\n{`);
    let answer = '';
    socket.on('data', (d) => {
      answer += d.toString();
    });
    await once(socket, 'close');
    expect(answer).toMatch(/^HTTP\/1.1 408/);
  });
});

describe('memory', () => {
  it('answers 429 while the bodies held reach limits.max_inflight_bytes, and takes requests again once they are gone', async () => {
    const g = await startFixture({ config: (c) => ({ ...c, limits: { ...c.limits, max_body_bytes: 2 * MiB, max_inflight_bytes: 2 * MiB } }) });
    try {
      // A slow client: 1.5 MiB of its 2 MiB sent, the rest held back.
      const slow = connect(Number(new URL(g.url).port), '127.0.0.1');
      await once(slow, 'connect');
      slow.write(`POST /api/telemetry HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\nauthorization: Bearer ${await g.token()}\r\ncontent-length: ${2 * MiB}\r\n\r\n`);
      slow.write(Buffer.alloc(1.5 * MiB, 0x20));
      const deadline = Date.now() + 5000;
      while (!(await (await fetch(g.server.metricsUrl!)).text()).match(/^infrawatch_server_inflight_body_bytes 1[0-9]{6}$/m)) {
        if (Date.now() > deadline) throw new Error('the slow body was not read');
        await new Promise((r) => setTimeout(r, 20));
      }
      const json = telemetryBody('h1', '2026-04-01T00:00:00Z');
      const body = json + ' '.repeat(MiB - json.length);
      const refused = await g.post('/api/telemetry', body);
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('5');
      expect(((await refused.json()) as { error: { reason: string } }).error.reason).toBe('memory');
      slow.destroy();
      const until = Date.now() + 5000;
      let status = 0;
      while (status !== 200 && Date.now() < until) {
        status = (await g.post('/api/telemetry', body)).status;
        if (status !== 200) await new Promise((r) => setTimeout(r, 50));
      }
      expect(status).toBe(200);
    } finally {
      await g.close();
    }
  });
});

describe('back-pressure', () => {
  it('answers 429 with Retry-After when the backlog is over its bound, and stores nothing of that request', async () => {
    const g = await startFixture({ config: (c) => ({ ...c, limits: { ...c.limits, max_backlog_messages: 3, retry_after_seconds: 7 } }) });
    try {
      // The writer stopped: what is published stays in the outbox.
      await g.server.writer.stop();
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        const res = await g.post('/v1/envelopes', processEnvelopes('h1', [1_767_000_000_000 + i * 10_000]), { contentType: PROCESS_ENVELOPES });
        statuses.push(res.status);
        if (res.status === 429) expect(res.headers.get('retry-after')).toBe('7');
      }
      expect(statuses).toEqual([202, 202, 202, 202, 429, 429]);
      expect(g.server.topics.backlog('proc.raw.v1').messages).toBe(4);
      const text = await (await fetch(g.server.metricsUrl!)).text();
      expect(text).toContain('reason="backlog",status="429"} 2');
    } finally {
      await g.close();
    }
  });
});
