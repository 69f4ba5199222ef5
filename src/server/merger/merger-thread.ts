// The receiver's thread's handle on the embedded merger's thread
// (merger-worker.ts), on the shared consumer-thread host
// (topics/consumer-thread.ts: start, wake-ups, acks, death, stop): relays
// the sketch topic's backlog to it, keeps its last figures for /metrics,
// and opens this thread's readers of its windows and marks (the query
// route's). A dead merger thread stops the server; what it had pulled and
// not acked is delivered again at the next start, and merged once: the
// merged ids are in sketches.db.

import { join } from 'node:path';
import type { Statement } from 'better-sqlite3';
import type { Logger } from 'pino';
import { distRoot } from '../../paths.js';
import { type HighWaterMark, markOfText } from '../high-water/high-water-mark.js';
import { SqliteHighWaterMark } from '../high-water/sqlite-high-water-mark.js';
import type { SketchStore } from '../sketch-store/sketch-store.js';
import { SqliteSketchStore } from '../sketch-store/sqlite-sketch-store.js';
import { openSketchesFile, type SqliteDatabase } from '../store/sqlite-file.js';
import { ConsumerThread } from '../topics/consumer-thread.js';
import type { TopicsThread } from '../topics/topics-thread.js';
import type { FromMerger, MergerFigures, MergerWorkerData, ToMerger } from './merger-protocol.js';
import { SKETCH_TOPIC } from './merger.js';

/** Workers run compiled JS, also under vitest (src/paths.ts). */
const WORKER_FILE = join(distRoot, 'src', 'server', 'merger', 'merger-worker.js');

export class MergerThread {
  private readonly thread: ConsumerThread<ToMerger, FromMerger>;
  private lastBacklog: number;
  /** The figures the merger's thread reported last (first with its 'ready'). */
  figures!: MergerFigures;
  private readonly selectMarks: Statement;

  private constructor(
    private readonly topics: TopicsThread,
    private readonly data: MergerWorkerData,
    private readonly db: SqliteDatabase,
    /** This thread's reader of the merger's windows (its connection reads; the merger's thread writes). */
    readonly store: SketchStore,
    /** This thread's reader of the merger's high-water marks. */
    readonly mark: HighWaterMark,
    private readonly log: Logger,
    onFatal: (err: Error) => void,
  ) {
    this.thread = new ConsumerThread('merger', topics, log, onFatal);
    this.lastBacklog = data.backlogMessages;
    this.selectMarks = db.prepare('SELECT account, markNs FROM HighWaterMark');
  }

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
    // Sent before an ack's answer (the topics thread's reply updates the backlog, then resolves the ack): the merger never sees its own ack done and the backlog before it.
    this.topics.onBacklogs(() => {
      const messages = this.topics.backlog(SKETCH_TOPIC).messages;
      if (messages === this.lastBacklog) return;
      this.lastBacklog = messages;
      this.thread.send({ type: 'backlog', messages });
    });
    return this.thread.start(WORKER_FILE, this.data, (m) => this.onMessage(m), true);
  }

  private onMessage(m: Exclude<FromMerger, { type: 'ack' }>): void {
    switch (m.type) {
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
    return this.thread.stop().then(() => {
      if (this.db.open) this.db.close();
    });
  }
}
