// The receiver's handle on the embedded topics (topics-worker.ts): a
// TopicProducer whose publish resolves when the topics thread has committed
// the messages (fsync'd), and whose backlog is the figure that thread sent
// with its last commit. If the thread dies, the publishes it held are
// refused (the receiver answers 503, the agents retry) and `onFatal` is
// told: the server stops, as it would if the process died (what was
// acked is in the file; systemd starts it again).

import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { distRoot } from '../../paths.js';
import { TOPIC_NAMES, type TopicMessage, type TopicName } from './topic-message.js';
import type { TopicBacklog, TopicProducer } from './topic-producer.js';
import type { Backlogs, FromTopics, ToTopics, TopicsWorkerData } from './topics-protocol.js';

/** Workers run compiled JS, also under vitest (src/paths.ts). */
const WORKER_FILE = join(distRoot, 'src', 'server', 'topics', 'topics-worker.js');

export class TopicsThread implements TopicProducer {
  private worker: Worker | undefined;
  private nextId = 0;
  /** Publishes and acks sent and not yet answered, by id. */
  private readonly pending = new Map<number, { resolve: () => void; reject: (err: Error) => void }>();
  private readonly newMessageListeners: Array<() => void> = [];
  private readonly backlogListeners: Array<() => void> = [];
  private backlogs: Backlogs = Object.fromEntries(TOPIC_NAMES.map((t) => [t, { messages: 0, bytes: 0 }])) as unknown as Backlogs;
  private stopping: Promise<void> | undefined;
  /** Commits of the topics file (publishes and acks, each a group), for /metrics. */
  commits = 0;

  constructor(
    private readonly data: TopicsWorkerData,
    private readonly log: Logger,
    private readonly onFatal: (err: Error) => void,
  ) {}

  /** Starts the thread; resolves once its file is open and its backlog counted. */
  start(): Promise<void> {
    const worker = new Worker(WORKER_FILE, { workerData: this.data });
    this.worker = worker;
    return new Promise((resolve, reject) => {
      worker.on('message', (m: FromTopics) => {
        if (m.type === 'ready') resolve();
        this.onMessage(m);
      });
      worker.on('error', (err) => {
        this.log.error({ err }, 'topics thread failed');
        reject(err);
      });
      worker.on('exit', (code) => {
        if (this.worker !== worker) return;
        this.worker = undefined;
        for (const p of this.pending.values()) p.reject(new Error('the topics thread ended'));
        this.pending.clear();
        if (this.stopping !== undefined) return;
        this.onFatal(new Error(`the topics thread exited (code ${code})`));
      });
    });
  }

  /** Calls `listener` after each commit that added messages (the writer's wake-up). */
  onNewMessages(listener: () => void): void {
    this.newMessageListeners.push(listener);
  }

  /** Calls `listener` each time the backlog is updated (a commit's answer), before the publish or ack it answers resolves. */
  onBacklogs(listener: () => void): void {
    this.backlogListeners.push(listener);
  }

  /** Deletes the acked messages `seqs` (of `bytes` body bytes); resolves once that is committed. */
  ack(topic: TopicName, seqs: readonly number[], bytes: number): Promise<void> {
    return this.request((id) => ({ type: 'ack', id, topic, seqs, bytes }));
  }

  private onMessage(m: FromTopics): void {
    if (m.type === 'new-messages') {
      for (const listener of this.newMessageListeners) listener();
      return;
    }
    if (m.type === 'ready' || m.type === 'published' || m.type === 'acked') {
      this.backlogs = m.backlogs;
      for (const listener of this.backlogListeners) listener();
    }
    if (m.type !== 'published' && m.type !== 'acked') return;
    this.commits = m.commits;
    const p = this.pending.get(m.id);
    this.pending.delete(m.id);
    if (m.error === undefined) p?.resolve();
    else p?.reject(new Error(m.error));
  }

  publish(topic: TopicName, messages: readonly TopicMessage[]): Promise<void> {
    if (this.stopping !== undefined) return Promise.reject(new Error('the topics are stopping'));
    return this.request((id) => ({ type: 'publish', id, topic, messages }));
  }

  private request(make: (id: number) => ToTopics): Promise<void> {
    const worker = this.worker;
    if (worker === undefined) return Promise.reject(new Error('the topics are not running'));
    return new Promise((resolve, reject) => {
      const id = ++this.nextId;
      this.pending.set(id, { resolve, reject });
      worker.postMessage(make(id));
    });
  }

  backlog(topic: TopicName): TopicBacklog {
    return this.backlogs[topic];
  }

  /** After the consumers stopped: commits what is pending, closes the file, ends the thread. */
  close(): Promise<void> {
    this.stopping ??= new Promise((resolve) => {
      const worker = this.worker;
      if (worker === undefined) return resolve();
      worker.once('exit', () => resolve());
      worker.postMessage({ type: 'stop' } satisfies ToTopics);
    });
    return this.stopping;
  }
}
