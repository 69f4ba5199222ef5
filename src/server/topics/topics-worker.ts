// The embedded topics' thread: the only writer of the topics file. It
// commits the receiver's publishes and the writer's acks in groups
// (sqlite-outbox.ts), so that the fsync of each commit blocks this thread,
// never the receiver's event loop, and wakes the writer after each commit
// that added messages.

import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { openTopicsFile } from '../store/sqlite-file.js';
import { SqliteOutbox } from './sqlite-outbox.js';
import { TOPIC_NAMES } from './topic-message.js';
import type { AckRequest, Backlogs, FromTopics, ToConsumer, ToTopics, TopicsWorkerData } from './topics-protocol.js';

const port = parentPort!;
const data = workerData as TopicsWorkerData;
const db = openTopicsFile(data.topicsPath);
const outbox = new SqliteOutbox(db);
const consumers: MessagePort[] = [];

const post = (m: FromTopics) => port.postMessage(m);
const backlogs = (): Backlogs => Object.fromEntries(TOPIC_NAMES.map((t) => [t, { ...outbox.backlog(t) }])) as Backlogs;

outbox.onPublished(() => {
  for (const c of consumers) c.postMessage({ type: 'wake' } satisfies ToConsumer);
});

/** A consumer's channel (the writer's thread): its acks are deleted in the next commit. */
function attach(consumer: MessagePort): void {
  consumers.push(consumer);
  consumer.on('message', (m: AckRequest) => {
    outbox.deleteAcked(m.topic, m.seqs, m.bytes).then(
      () => {
        consumer.postMessage({ type: 'acked', id: m.id } satisfies ToConsumer);
        post({ type: 'acked', backlogs: backlogs(), commits: outbox.commits });
      },
      (err: unknown) => consumer.postMessage({ type: 'acked', id: m.id, error: (err as Error).message } satisfies ToConsumer),
    );
  });
}

port.on('message', (m: ToTopics | { type: 'consumer'; port: MessagePort }) => {
  switch (m.type) {
    case 'publish':
      outbox.publish(m.topic, m.messages).then(
        () => post({ type: 'published', id: m.id, backlogs: backlogs(), commits: outbox.commits }),
        (err: unknown) => post({ type: 'published', id: m.id, error: (err as Error).message, backlogs: backlogs(), commits: outbox.commits }),
      );
      return;
    case 'consumer':
      attach(m.port);
      return;
    case 'stop':
      outbox.close().then(() => {
        for (const c of consumers) c.close();
        db.close();
        post({ type: 'stopped' });
        port.close();
      });
      return;
  }
});

post({ type: 'ready', backlogs: backlogs() });
