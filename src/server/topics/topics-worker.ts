// The embedded topics' thread: the only writer of the topics file. It
// commits the receiver's publishes and the writer's acks in groups
// (sqlite-outbox.ts), so that the fsync of each commit blocks this thread,
// never the receiver's event loop, and says when a commit added messages
// (the writer is woken then).

import { parentPort, workerData } from 'node:worker_threads';
import { openTopicsFile } from '../store/sqlite-file.js';
import { SqliteOutbox } from './sqlite-outbox.js';
import { TOPIC_NAMES } from './topic-message.js';
import type { Backlogs, FromTopics, ToTopics, TopicsWorkerData } from './topics-protocol.js';

const port = parentPort!;
const data = workerData as TopicsWorkerData;
const db = openTopicsFile(data.topicsPath);
const outbox = new SqliteOutbox(db);

const post = (m: FromTopics) => port.postMessage(m);
const backlogs = (): Backlogs => Object.fromEntries(TOPIC_NAMES.map((t) => [t, { ...outbox.backlog(t) }])) as Backlogs;

outbox.onPublished(() => post({ type: 'new-messages' }));

port.on('message', (m: ToTopics) => {
  switch (m.type) {
    case 'publish':
      outbox.publish(m.topic, m.messages).then(
        () => post({ type: 'published', id: m.id, backlogs: backlogs(), commits: outbox.commits }),
        (err: unknown) => post({ type: 'published', id: m.id, error: (err as Error).message, backlogs: backlogs(), commits: outbox.commits }),
      );
      return;
    case 'ack':
      outbox.deleteAcked(m.topic, m.seqs, m.bytes).then(
        () => post({ type: 'acked', id: m.id, backlogs: backlogs(), commits: outbox.commits }),
        (err: unknown) => post({ type: 'acked', id: m.id, error: (err as Error).message, backlogs: backlogs(), commits: outbox.commits }),
      );
      return;
    case 'stop':
      outbox.close().then(() => {
        db.close();
        post({ type: 'stopped' });
        port.close();
      });
      return;
  }
});

post({ type: 'ready', backlogs: backlogs() });
