// The writer goes on when a pull fails (the topic did not answer: a
// JetStream stream or consumer leader lost, found by the fault table's
// kill -9 of the NATS leader, where both writers died of it): the failure
// is reported, and the next pull stores what the topic then has.

import { expect, it } from 'vitest';
import type { RowStore } from '../../src/server/store/row-store.js';
import type { Delivery, TopicConsumer } from '../../src/server/topics/topic-consumer.js';
import type { TopicMessage } from '../../src/server/topics/topic-message.js';
import { RowWriter } from '../../src/server/writer/row-writer.js';

it('reports a failed pull and pulls again, storing and acking what comes next', async () => {
  const message = (i: number): TopicMessage => ({ id: `m${i}`, account: 'acme', entity: 'h1', kind: 'process', partition: 0, timestampMs: i, receivedMs: i, body: new Uint8Array() });
  let pulls = 0;
  const acked: string[] = [];
  const consumer: TopicConsumer = {
    async pull(): Promise<Delivery[]> {
      pulls++;
      if (pulls <= 2) throw new Error('pull from writer_PROC_RAW_V1_p0: no answer');
      if (pulls === 3) return [0, 1, 2].map((i) => ({ message: message(i), handle: i }));
      await new Promise((r) => setTimeout(r, 5));
      return [];
    },
    async ack(_topic, deliveries) {
      acked.push(...deliveries.map((d) => d.message.id));
    },
    release() {},
    async close() {},
  };
  const store = { writeBatch: async (ms: readonly TopicMessage[]) => ({ written: ms.length, duplicates: 0, undecodable: 0, rows: {} }) } as unknown as RowStore;
  const errors: string[] = [];
  const writer = new RowWriter(consumer, store, {
    topics: ['proc.raw.v1'],
    partitions: [0],
    batchMessages: 10,
    pullWaitMs: 5,
    retryPauseMs: 10,
    onError: (err) => errors.push((err as Error).message),
  });
  writer.start();
  const deadline = Date.now() + 5000;
  while (writer.counts.messagesWritten < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  await writer.stop();
  expect(writer.counts.messagesWritten).toBe(3);
  expect(acked).toEqual(['m0', 'm1', 'm2']);
  expect(errors).toEqual(['pull from writer_PROC_RAW_V1_p0: no answer', 'pull from writer_PROC_RAW_V1_p0: no answer']);
});
