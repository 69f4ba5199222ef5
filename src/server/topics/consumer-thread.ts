// The receiver's thread's handle on a topic consumer's own thread (the
// embedded writer's and merger's): starts the worker, wakes it when the
// topics thread has new messages, relays its acks to the topics thread and
// the answers back (relayed-acks.ts), hands every other message to its
// owner, and stops it: 'stop', then its exit. If the thread dies while not
// asked to stop, `onFatal` is told: the server stops, as it would if the
// process died (what was pulled and not acked is delivered again at the
// next start: nothing is lost).

import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { type AckAnswer, type AckRequest, relayAck } from './relayed-acks.js';
import type { TopicsThread } from './topics-thread.js';

/** What the host itself sends a consumer's thread; each protocol's To type includes these. */
export type ConsumerControl = { readonly type: 'wake' } | { readonly type: 'stop' } | AckAnswer;

export class ConsumerThread<To extends { readonly type: string }, From extends { readonly type: string }> {
  private worker: Worker | undefined;
  private stopping: Promise<void> | undefined;
  private started = false;

  constructor(
    /** The thread's name in logs and errors: "writer", "merger". */
    private readonly what: string,
    private readonly topics: TopicsThread,
    private readonly log: Logger,
    private readonly onFatal: (err: Error) => void,
  ) {}

  /**
   * Starts the worker (compiled JS) and wakes it on new messages. Resolves
   * once it posts `{ type: 'ready' }` when `awaitReady`, else at once;
   * rejects if it exits or fails first.
   */
  start(file: string, workerData: unknown, onMessage: (m: Exclude<From, AckRequest>) => void, awaitReady: boolean): Promise<void> {
    const worker = new Worker(file, { workerData });
    this.worker = worker;
    this.topics.onNewMessages(() => this.post({ type: 'wake' }));
    return new Promise((resolve, reject) => {
      if (!awaitReady) {
        this.started = true;
        resolve();
      }
      worker.on('message', (m: From | AckRequest) => {
        if (m.type === 'ack') {
          relayAck(this.topics, m as AckRequest, (a) => this.post(a));
          return;
        }
        onMessage(m as Exclude<From, AckRequest>);
        if (m.type === 'ready' && !this.started) {
          this.started = true;
          resolve();
        }
      });
      worker.on('error', (err) => {
        this.log.error({ err }, `${this.what} thread failed`);
        reject(err);
      });
      worker.on('exit', (code) => {
        this.worker = undefined;
        if (!this.started) reject(new Error(`the ${this.what} thread exited (code ${code}) before it started`));
        else if (this.stopping === undefined) this.onFatal(new Error(`the ${this.what} thread exited (code ${code})`));
      });
    });
  }

  send(m: To): void {
    this.worker?.postMessage(m);
  }

  private post(m: ConsumerControl): void {
    this.worker?.postMessage(m);
  }

  /** The consumer finishes and acks what it holds, then its thread ends. */
  stop(): Promise<void> {
    this.stopping ??= new Promise((resolve) => {
      const worker = this.worker;
      if (worker === undefined) return resolve();
      worker.once('exit', () => resolve());
      this.post({ type: 'stop' });
    });
    return this.stopping;
  }
}
