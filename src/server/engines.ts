// Which implementation stands behind each seam, chosen by the config's URLs:
//   topics.bus  "embedded"        the outbox of the SQLite file at topics.path
//               nats://host:port  NATS JetStream (topics/nats-topic.ts; its
//                                 query parameters: natsOptionsOfUrl)
//   store.url   "embedded"        the SQLite file at store.path
//               postgres://…      PostgreSQL 15 (store/postgres-row-store.ts)
// The embedded topics and store are two files, each written by one writer
// (embedded-server.ts says why).

import { InfraWatchError } from '../errors.js';
import type { ServerConfig } from './config/server-config.js';
import { PostgresRowStore } from './store/postgres-row-store.js';
import type { RowStore } from './store/row-store.js';
import { openRowsFile, openTopicsFile } from './store/sqlite-file.js';
import { SqliteRowStore } from './store/sqlite-row-store.js';
import { NatsTopics, natsOptionsOfUrl } from './topics/nats-topic.js';
import { EmbeddedTopics } from './topics/embedded-topics.js';
import type { TopicConsumer } from './topics/topic-consumer.js';
import type { TopicProducer } from './topics/topic-producer.js';

export type Topics = TopicProducer & TopicConsumer;

export type EngineKind = 'embedded' | 'nats' | 'postgres';

/** The kind a `topics.bus` URL names, or an error naming the key. */
export function busKind(bus: string): 'embedded' | 'nats' {
  if (bus === 'embedded') return 'embedded';
  if (/^nats:\/\//.test(bus)) return 'nats';
  throw new InfraWatchError('IW_ERR_CONFIG', 'topics.bus: expected "embedded" or a nats://host:port URL');
}

/** The kind a `store.url` names, or an error naming the key. */
export function storeKind(url: string): 'embedded' | 'postgres' {
  if (url === 'embedded') return 'embedded';
  if (/^postgres(ql)?:\/\//.test(url)) return 'postgres';
  throw new InfraWatchError('IW_ERR_CONFIG', 'store.url: expected "embedded" or a postgres://user@host:port/database URL');
}

/** Runs `after` once the object's own close() resolved. */
function alsoOnClose<T extends { close(): Promise<void> }>(obj: T, after: () => void): T {
  const close = obj.close.bind(obj);
  obj.close = async () => {
    await close();
    after();
  };
  return obj;
}

/** The topics `config.topics.bus` names, opened (streams created for NATS). */
export async function topicsFor(config: ServerConfig): Promise<Topics> {
  if (busKind(config.topics.bus) === 'nats') {
    try {
      return await NatsTopics.open(natsOptionsOfUrl(config.topics.bus, config.topics.partitions));
    } catch (err) {
      throw new InfraWatchError('IW_ERR_CONFIG', `topics.bus: cannot open the NATS streams: ${(err as Error).message}`, { cause: err });
    }
  }
  // The topics' file and the rows' are apart (topics.path, store.path): each has its own writer.
  const db = openTopicsFile(config.topics.path);
  return alsoOnClose(new EmbeddedTopics(db, config.topics.partitions), () => db.close());
}

/** The row store `config.store.url` names, opened (schema and today's partitions created for PostgreSQL). */
export async function storeFor(config: ServerConfig): Promise<RowStore> {
  if (storeKind(config.store.url) === 'postgres') {
    try {
      return await PostgresRowStore.open({ url: config.store.url });
    } catch (err) {
      throw new InfraWatchError('IW_ERR_CONFIG', `store.url: cannot open the PostgreSQL store: ${(err as Error).message}`, { cause: err });
    }
  }
  const db = openRowsFile(config.store.path);
  return alsoOnClose(new SqliteRowStore(db), () => db.close());
}
