// The seams' shared suites (test/server/contracts/) on the embedded
// implementations: the SQLite outbox with its consumer, the SQLite row store.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openRowsFile, openTopicsFile } from '../../src/server/store/sqlite-file.js';
import { SqliteRowStore } from '../../src/server/store/sqlite-row-store.js';
import { OutboxConsumer } from '../../src/server/topics/outbox-consumer.js';
import { SqliteOutbox } from '../../src/server/topics/sqlite-outbox.js';
import { describeRowStoreContract } from './contracts/row-store-contract.js';
import { describeTopicContract } from './contracts/topic-contract.js';

const PARTITIONS = 16;

describeTopicContract('embedded (SQLite outbox)', async () => {
  const db = openTopicsFile(join(mkdtempSync(join(tmpdir(), 'iw-topics-')), 'topics.db'));
  const outbox = new SqliteOutbox(db);
  const consumers: OutboxConsumer[] = [];
  return {
    producer: outbox,
    partitions: PARTITIONS,
    consumer() {
      const c = new OutboxConsumer(db, (topic, seqs, bytes) => outbox.deleteAcked(topic, seqs, bytes), PARTITIONS);
      outbox.onPublished(() => c.wake());
      consumers.push(c);
      return c;
    },
    async close() {
      for (const c of consumers) await c.close();
      await outbox.close();
      db.close();
    },
  };
});

describeRowStoreContract('embedded (SQLite)', async () => {
  const db = openRowsFile(join(mkdtempSync(join(tmpdir(), 'iw-rows-')), 'rows.db'));
  const store = new SqliteRowStore(db);
  return {
    store,
    async close() {
      await store.close();
      db.close();
    },
  };
});
