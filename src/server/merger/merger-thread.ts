// The receiver's thread's handle on the embedded merger's thread
// (merger-worker.ts): starts it, relays its acks to the topics thread and
// the topics' wake-ups and sketch backlog to it, keeps its last figures for
// /metrics, opens this thread's readers of its windows and marks (the query
// route's), and stops it. If the thread dies, `onFatal` is told: the server
// stops, as it would if the process died (what was pulled and not acked is
// delivered again at the next start, and merged once: the merged ids are in
// sketches.db).

import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Statement } from 'better-sqlite3';
import type { Logger } from 'pino';
import { distRoot } from '../../paths.js';
import { type HighWaterMark, markOfText } from '../high-water/high-water-mark.js';
import { SqliteHighWaterMark } from '../high-water/sqlite-high-water-mark.js';
import type { SketchStore } from '../sketch-store/sketch-store.js';
import { SqliteSketchStore } from '../sketch-store/sqlite-sketch-store.js';
import { openSketchesFile, type SqliteDatabase } from '../store/sqlite-file.js';
import { relayAck } from '../topics/relayed-acks.js';
import type { TopicsThread } from '../topics/topics-thread.js';
import type { FromMerger, MergerFigures, MergerWorkerData, ToMerger } from './merger-protocol.js';
import { SKETCH_TOPIC } from './merger.js';

/** Workers run compiled JS, also under vitest (src/paths.ts). */
const WORKER_FILE = join(distRoot, 'src', 'server', 'merger', 'merger-worker.js');

export class MergerThread {
  private worker: Worker | undefined;
  private stopping: Promise<void> | undefined;
  private lastBacklog: number;
  private started = false;
  /** The figures the merger's thread reported last (first with its 'ready'). */
  figures!: MergerFigures;

  private constructor(
    private readonly topics: TopicsThread,
    private readonly data: MergerWorkerData,
    private readonly db: SqliteDatabase,
    /** This thread's reader of the merger's windows (its connection reads; the merger's thread writes). */
    readonly store: SketchStore,
    /** This thread's reader of the merger's high-water marks. */
    readonly mark: HighWaterMark,
    private readonly log: Logger,
    private readonly onFatal: (err: Error) => void,
  ) {
    this.lastBacklog = data.backlogMessages;
    this.selectMarks = db.prepare('SELECT account, markNs FROM HighWaterMark');
  }

  private readonly selectMarks: Statement;

  /**
   * Every account's mark as committed (SqliteHighWaterMark's table, which
   * the merger's thread advances), read here: /metrics shows the mark the
   * query API answers, not one up to FIGURES_EVERY_MS older.
   */
  committedMarks(): Map<string, bigint> {
    return new Map((this.selectMarks.all() as { account: string; markNs: string }[]).map((r) => [r.account, markOfText(r.markNs)]));
  }

  /** Opens sketches.db here first (its schema exists before the merger's thread opens it), then starts that thread. */
  static async start(topics: TopicsThread, data: Omit<MergerWorkerData, 'backlogMessages'>, log: Logger, onFatal: (err: Error) => void): Promise<MergerThread> {
    const db = openSketchesFile(data.sketchesPath);
    const store = await SqliteSketchStore.open(db);
    const mark = new SqliteHighWaterMark(db, data.config.topics.partitions);
    const t = new MergerThread(topics, { ...data, backlogMessages: topics.backlog(SKETCH_TOPIC).messages }, db, store, mark, log, onFatal);
    try {
      await t.run();
    } catch (err) {
      db.close();
      throw err;
    }
    return t;
  }

  private run(): Promise<void> {
    const worker = new Worker(WORKER_FILE, { workerData: this.data });
    this.worker = worker;
    this.topics.onNewMessages(() => this.send({ type: 'wake' }));
    // Sent before an ack's answer (the topics thread's reply updates the backlog, then resolves the ack): the merger never sees its own ack done and the backlog before it.
    this.topics.onBacklogs(() => {
      const messages = this.topics.backlog(SKETCH_TOPIC).messages;
      if (messages === this.lastBacklog) return;
      this.lastBacklog = messages;
      this.send({ type: 'backlog', messages });
    });
    return new Promise((resolve, reject) => {
      worker.on('message', (m: FromMerger) => {
        this.onMessage(m);
        if (m.type === 'ready') {
          this.started = true;
          resolve();
        }
      });
      worker.on('error', (err) => {
        this.log.error({ err }, 'merger thread failed');
        reject(err);
      });
      worker.on('exit', (code) => {
        this.worker = undefined;
        if (!this.started) reject(new Error(`the merger thread exited (code ${code}) before it started`));
        else if (this.stopping === undefined) this.onFatal(new Error(`the merger thread exited (code ${code})`));
      });
    });
  }

  private send(m: ToMerger): void {
    this.worker?.postMessage(m);
  }

  private onMessage(m: FromMerger): void {
    switch (m.type) {
      case 'ack':
        relayAck(this.topics, m, (a) => this.send(a));
        return;
      case 'ready':
      case 'figures':
        this.figures = m.figures;
        return;
      case 'failed':
        this.log.error({ err: m.message }, 'merger thread');
        return;
      case 'stopped':
        return;
    }
  }

  /** The merger commits what is due and acks it, its thread ends, then this thread's readers close. */
  stop(): Promise<void> {
    this.stopping ??= new Promise<void>((resolve) => {
      const worker = this.worker;
      if (worker === undefined) return resolve();
      worker.once('exit', () => resolve());
      worker.postMessage({ type: 'stop' } satisfies ToMerger);
    }).then(() => {
      this.db.close();
    });
    return this.stopping;
  }
}
