// The row store's contract (row-store.ts) as one suite, to run against
// every implementation: SQLite now, PostgreSQL next.

import { describe, expect, it } from 'vitest';
import type { RowStore } from '../../../src/server/store/row-store.js';
import { messageIdOf, type TopicMessage } from '../../../src/server/topics/topic-message.js';
import { infrawatch } from '../../../src/wire/generated/infrawatch.js';
import { message } from './topic-contract.js';

export interface RowStoreUnderTest {
  readonly store: RowStore;
  close(): Promise<void>;
}

function processMessage(entity: string, timestampMs: number): TopicMessage {
  const body = infrawatch.ProcessEnvelope.encode({
    entityGuid: entity,
    schemaVersion: '2.2',
    payload: { timestampMs, mode: 'raw', top: [{ processId: 1 }, { processId: 2 }], aggregates: [{ processDisplayName: 'x', processCount: 4 }] },
  }).finish();
  return { id: messageIdOf('acme', entity, 'process', timestampMs, ''), account: 'acme', entity, kind: 'process', partition: 0, timestampMs, body, receivedMs: Date.now() };
}

export function describeRowStoreContract(name: string, make: () => Promise<RowStoreUnderTest>): void {
  describe(`row store contract: ${name}`, () => {
    it('writes each message once, however often it comes (in one batch or in several)', async () => {
      const t = await make();
      try {
        const m = processMessage('h1', 1000);
        const first = await t.store.writeBatch([m, m, message('h1', 1000, 16)]);
        expect(first).toMatchObject({ written: 2, duplicates: 1, undecodable: 0, rows: { ProcessSample: 2, ProcessAggregateSample: 1, SystemSample: 1 } });
        const again = await t.store.writeBatch([m]);
        expect(again).toMatchObject({ written: 0, duplicates: 1 });
        expect(await t.store.countRows('acme', 'h1')).toMatchObject({ ProcessSample: 2, ProcessAggregateSample: 1, SystemSample: 1, Host: 1 });
      } finally {
        await t.close();
      }
    });

    it('keeps accounts and hosts apart in its counts, and keeps the registry', async () => {
      const t = await make();
      try {
        await t.store.writeBatch([processMessage('h1', 1000), processMessage('h2', 1000), message('h1', 1000, 16, 'globex')]);
        expect((await t.store.countRows('acme')).ProcessSample).toBe(4);
        expect((await t.store.countRows('acme', 'h2')).ProcessSample).toBe(2);
        expect((await t.store.countRows('globex')).ProcessSample).toBe(0);
        expect((await t.store.countRows('globex')).SystemSample).toBe(1);
        expect(await t.store.host('acme', 'h2')).toMatchObject({ account: 'acme', hostId: 'h2', mode: 'raw' });
        expect(await t.store.host('globex', 'h2')).toBeUndefined();
      } finally {
        await t.close();
      }
    });

    it('counts a body that does not decode, writes nothing of it, and goes on with the batch', async () => {
      const t = await make();
      try {
        const bad: TopicMessage = { ...processMessage('h1', 5000), id: 'bad', body: new Uint8Array([0x1a, 0xff]) };
        const r = await t.store.writeBatch([bad, processMessage('h1', 6000)]);
        expect(r).toMatchObject({ written: 1, undecodable: 1 });
        expect((await t.store.countRows('acme', 'h1')).ProcessSample).toBe(2);
      } finally {
        await t.close();
      }
    });

    it('deletes rows past the retention', async () => {
      const t = await make();
      try {
        await t.store.writeBatch([processMessage('h1', 1000), processMessage('h1', 9000)]);
        expect(await t.store.deleteBefore(5000)).toBe(3);
        expect((await t.store.countRows('acme', 'h1')).ProcessSample).toBe(2);
      } finally {
        await t.close();
      }
    });
  });
}
