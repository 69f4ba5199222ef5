// A message's receivedMs on NATS is never earlier than the time the stream
// stored it: a publish the client held through a reconnect lands after the
// receiver gave up on it, stamped long before, and a high-water mark that
// drained the partition meanwhile must not pass it. Here the stamp is made
// an hour old on purpose, and the delivery says when it was really stored.

import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NatsTopics, natsOptionsOfUrl, storedMsOf, streamOf } from '../../src/server/topics/nats-topic.js';
import { partitionOf } from '../../src/server/topics/partition.js';
import { TOPIC_NAMES, type TopicMessage } from '../../src/server/topics/topic-message.js';
import { type RunningEngine, startNats } from './engines.js';

const P = 2;
let nats: RunningEngine;
beforeAll(async () => {
  nats = await startNats();
});
afterAll(async () => {
  await nats?.stop();
});

describe('receivedMs of a NATS delivery', () => {
  it('is the stream’s store time when the receiver’s stamp is older', async () => {
    const nc = await connect({ servers: nats.url });
    const jsm = await jetstreamManager(nc);
    for (const topic of TOPIC_NAMES) await jsm.streams.delete(streamOf(topic)).catch(() => false);
    await nc.close();
    const topics = await NatsTopics.open(natsOptionsOfUrl(nats.url, P));
    try {
      const hourAgo = Date.now() - 3_600_000;
      const message = (id: string, receivedMs: number): TopicMessage => ({
        id,
        account: 'acme',
        entity: 'h1',
        kind: 'sketch',
        partition: partitionOf('acme', 'h1', P),
        timestampMs: hourAgo,
        receivedMs,
        body: new Uint8Array([1]),
      });
      const before = Date.now();
      await topics.publish('proc.sketch.v1', [message('late', hourAgo), message('future', before + 3_600_000)]);
      const after = Date.now();
      const got = await topics.pull('proc.sketch.v1', [partitionOf('acme', 'h1', P)], 10, 1000);
      const byId = new Map(got.map((d) => [d.message.id, d.message.receivedMs]));
      // The stream's clock is this machine's: the store time lies within the publish call.
      expect(byId.get('late')).toBeGreaterThanOrEqual(before - 1);
      expect(byId.get('late')).toBeLessThanOrEqual(after + 1);
      // A stamp later than the store time (the receiver's clock ahead) is kept.
      expect(byId.get('future')).toBe(before + 3_600_000);
      await topics.ack('proc.sketch.v1', got);
    } finally {
      await topics.close();
    }
  });

  it('reads the store time from both shapes of ack subject, and none from anything else', () => {
    const ns = 1_764_000_000_123_456_789n;
    expect(storedMsOf(`$JS.ACK.S.C.1.10.9.${ns}.0`)).toBe(1_764_000_000_123);
    expect(storedMsOf(`$JS.ACK.domain.acchash.S.C.1.10.9.${ns}.0.xyz`)).toBe(1_764_000_000_123);
    expect(storedMsOf(undefined)).toBe(0);
    expect(storedMsOf('_INBOX.abc')).toBe(0);
    expect(storedMsOf('$JS.ACK.S.C.1.10.9.notanumber.0')).toBe(0);
  });
});
