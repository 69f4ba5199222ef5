// The topics' contract (topic-producer.ts, topic-consumer.ts) as one suite,
// to run against every implementation: the embedded outbox now, JetStream
// next (STYLE.md: a seam is an interface with two implementations side by
// side, tested by one shared suite).

import { describe, expect, it } from 'vitest';
import { partitionOf } from '../../../src/server/topics/partition.js';
import type { TopicConsumer } from '../../../src/server/topics/topic-consumer.js';
import { messageIdOf, type TopicMessage } from '../../../src/server/topics/topic-message.js';
import type { TopicProducer } from '../../../src/server/topics/topic-producer.js';

export interface TopicsUnderTest {
  readonly producer: TopicProducer;
  /** A consumer as a freshly started process would have it (nothing in flight). */
  consumer(): TopicConsumer;
  readonly partitions: number;
  close(): Promise<void>;
}

export function message(entity: string, timestampMs: number, partitions: number, account = 'acme'): TopicMessage {
  return {
    id: messageIdOf(account, entity, 'system', timestampMs, ''),
    account,
    entity,
    kind: 'system',
    partition: partitionOf(account, entity, partitions),
    timestampMs,
    body: new TextEncoder().encode(JSON.stringify({ host_id: entity, timestamp: new Date(timestampMs).toISOString(), cpu: 1, memory: 2, disk: 3, uptime: 4, extra: {} })),
    receivedMs: Date.now(),
  };
}

const ALL = (p: number) => Array.from({ length: p }, (_, i) => i);

export function describeTopicContract(name: string, make: () => Promise<TopicsUnderTest>): void {
  describe(`topics contract: ${name}`, () => {
    it('publish resolves once the messages are there; a message published again is not a second one', async () => {
      const t = await make();
      try {
        const ms = [message('h1', 1000, t.partitions), message('h1', 2000, t.partitions)];
        await t.producer.publish('proc.raw.v1', ms);
        await t.producer.publish('proc.raw.v1', [ms[0]]);
        expect(t.producer.backlog('proc.raw.v1').messages).toBe(2);
        expect(t.producer.backlog('proc.raw.v1').bytes).toBe(ms[0].body.length + ms[1].body.length);
        expect(t.producer.backlog('proc.sketch.v1').messages).toBe(0);
        const got = await t.consumer().pull('proc.raw.v1', ALL(t.partitions), 10, 0);
        expect(got.map((d) => d.message.id)).toEqual(ms.map((m) => m.id));
        expect(Buffer.from(got[0].message.body)).toEqual(Buffer.from(ms[0].body));
      } finally {
        await t.close();
      }
    });

    it('delivers a partition oldest first, only the partitions asked for, and not what is out with the consumer', async () => {
      const t = await make();
      try {
        const hosts = Array.from({ length: 8 }, (_, i) => `host-${i}`);
        const ms = hosts.flatMap((h) => [message(h, 1000, t.partitions), message(h, 2000, t.partitions)]);
        await t.producer.publish('proc.raw.v1', ms);
        const c = t.consumer();
        const p0 = ms[0].partition;
        const first = await c.pull('proc.raw.v1', [p0], 100, 0);
        expect(first.every((d) => d.message.partition === p0)).toBe(true);
        expect(first.filter((d) => d.message.entity === 'host-0').map((d) => d.message.timestampMs)).toEqual([1000, 2000]);
        const rest = await c.pull('proc.raw.v1', ALL(t.partitions), 100, 0);
        expect(rest.length + first.length).toBe(ms.length);
        expect(await c.pull('proc.raw.v1', ALL(t.partitions), 100, 0)).toEqual([]);
      } finally {
        await t.close();
      }
    });

    it('an ack is final; a release, or a restart before the ack, delivers again', async () => {
      const t = await make();
      try {
        const ms = [1, 2, 3].map((k) => message('h1', k * 1000, t.partitions));
        await t.producer.publish('proc.raw.v1', ms);
        const c = t.consumer();
        const [a, b, cc] = await c.pull('proc.raw.v1', ALL(t.partitions), 10, 0);
        await c.ack('proc.raw.v1', [a]);
        expect(t.producer.backlog('proc.raw.v1').messages).toBe(2);
        c.release('proc.raw.v1', [b]);
        expect((await c.pull('proc.raw.v1', ALL(t.partitions), 10, 0)).map((d) => d.message.id)).toEqual([b.message.id]);
        // A new consumer: what the old one held unacked (b, c) comes again; a is gone.
        const restarted = t.consumer();
        expect((await restarted.pull('proc.raw.v1', ALL(t.partitions), 10, 0)).map((d) => d.message.id)).toEqual([b.message.id, cc.message.id]);
        await c.close();
      } finally {
        await t.close();
      }
    });

    it('a pull with nothing there waits at most waitMs and comes back empty', async () => {
      const t = await make();
      try {
        const started = performance.now();
        expect(await t.consumer().pull('proc.sketch.v1', ALL(t.partitions), 10, 50)).toEqual([]);
        expect(performance.now() - started).toBeLessThan(2000);
      } finally {
        await t.close();
      }
    });
  });
}
