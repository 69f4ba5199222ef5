// The transport-free ingest core: nothing is accepted before the topic says
// it is durable, a topic that fails is a 503 (retry), and each step refuses
// before the next one works.

import { SignJWT } from 'jose';
import { createSecretKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TokenVerifier } from '../../src/server/auth/token-verifier.js';
import { IngestCore } from '../../src/server/receiver/ingest-core.js';
import type { TopicMessage, TopicName } from '../../src/server/topics/topic-message.js';
import type { TopicProducer } from '../../src/server/topics/topic-producer.js';
import { processEnvelopes } from './server-fixture.js';

const SECRET = 'x'.repeat(40);
const verifier = new TokenVerifier([{ id: 'k', account: 'acme', algorithms: ['HS256'], key: createSecretKey(Buffer.from(SECRET)), symmetric: true }], {
  issuer: 'infrawatch',
  audience: 'infrawatch-ingest',
  clockToleranceSeconds: 60,
});
const token = async (host = 'h1') =>
  `Bearer ${await new SignJWT({ acct: 'acme', sub: host }).setProtectedHeader({ alg: 'HS256', kid: 'k' }).setIssuer('infrawatch').setAudience('infrawatch-ingest').setExpirationTime('1h').sign(new TextEncoder().encode(SECRET))}`;

/** A producer whose publishes wait for the test to settle them. */
class HeldProducer implements TopicProducer {
  readonly held: Array<{ topic: TopicName; messages: readonly TopicMessage[]; resolve: () => void; reject: (e: Error) => void }> = [];
  backlogMessages = 0;
  publish(topic: TopicName, messages: readonly TopicMessage[]): Promise<void> {
    return new Promise((resolve, reject) => this.held.push({ topic, messages, resolve, reject }));
  }
  backlog() {
    return { messages: this.backlogMessages, bytes: 0 };
  }
  async close() {}
}

const limits = { maxAttributes: 2000, maxBacklogMessages: 10, maxBacklogBytes: 1 << 30, retryAfterSeconds: 3 };
const format = { envelopes: 'process' } as const;

describe('IngestCore', () => {
  it('accepts only once the publish resolved, with ids and partitions stamped', async () => {
    const producer = new HeldProducer();
    const core = new IngestCore(producer, verifier, 16, limits);
    let settled = false;
    const outcome = core.ingest({ format, authorization: await token(), body: processEnvelopes('h1', [1000, 2000]) }).then((o) => {
      settled = true;
      return o;
    });
    while (producer.held.length === 0) await new Promise((r) => setTimeout(r, 1));
    await new Promise((r) => setTimeout(r, 20));
    expect(settled).toBe(false);
    const [p] = producer.held;
    expect(p.topic).toBe('proc.raw.v1');
    expect(p.messages.map((m) => [m.account, m.entity, m.kind, m.timestampMs])).toEqual([
      ['acme', 'h1', 'process', 1000],
      ['acme', 'h1', 'process', 2000],
    ]);
    expect(new Set(p.messages.map((m) => m.partition)).size).toBe(1);
    expect(p.messages[0].id).toMatch(/^[0-9a-f]{64}$/);
    p.resolve();
    expect(await outcome).toMatchObject({ ok: true, account: 'acme', records: 10 });
  });

  it('a publish that fails is a 503 to retry, never an acceptance', async () => {
    const producer = new HeldProducer();
    const core = new IngestCore(producer, verifier, 16, limits);
    const outcome = core.ingest({ format, authorization: await token(), body: processEnvelopes('h1', [3000]) });
    while (producer.held.length === 0) await new Promise((r) => setTimeout(r, 1));
    producer.held[0].reject(new Error('disk full'));
    expect(await outcome).toMatchObject({ ok: false, kind: 'unavailable', reason: 'not-durable' });
  });

  it('refuses in order, each before the next step works: backlog, token, body, host', async () => {
    const producer = new HeldProducer();
    const core = new IngestCore(producer, verifier, 16, limits);
    producer.backlogMessages = 11;
    expect(await core.ingest({ format, authorization: undefined, body: new Uint8Array([0xff]) })).toMatchObject({ kind: 'busy', retryAfterSeconds: 3 });
    producer.backlogMessages = 0;
    expect(await core.ingest({ format, authorization: undefined, body: new Uint8Array([0xff]) })).toMatchObject({ kind: 'unauthenticated', reason: 'missing-token' });
    expect(await core.ingest({ format, authorization: await token(), body: new Uint8Array([0xff]) })).toMatchObject({ kind: 'invalid', reason: 'invalid-protobuf' });
    expect(await core.ingest({ format, authorization: await token('h2'), body: processEnvelopes('h1', [1000]) })).toMatchObject({ kind: 'forbidden', reason: 'wrong-host' });
    expect(producer.held).toEqual([]);
  });
});
