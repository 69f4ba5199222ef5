// What every remote sink shares: a disk queue of its own, an HTTP sender
// that drains it, drops reported as AgentDiagEvents, and the books:
// produced = sent + rejected + retries exhausted + dropped (queue full) +
// dropped (disk error) + still queued, always. What the queue finds wrong
// with its disk (failed writes, damaged records, a damaged ack) is logged,
// sent as an AgentDiagEvent and counted in the books beside them.

import { join } from 'node:path';
import type { Logger } from 'pino';
import type { AgentConfig } from '../config/schema.js';
import type { DiagEvents } from '../health/diag-events.js';
import { DiskQueue } from './disk-queue.js';
import { breakerReporter } from '../health/breaker-report.js';
import { CircuitBreaker } from '../health/circuit-breaker.js';
import { HttpSender, queuedRequest } from './http-sender.js';

export interface SinkBooks {
  produced: number;
  sent: number;
  rejected: number;
  retriesExhausted: number;
  droppedQueueFull: number;
  /** Records the disk did not take, dropped: the memory fallback was full, or they were still unwritten at stop. */
  droppedDiskError: number;
  queued: number;
  // Not in the identity: what went wrong on the queue's disk.
  /** Writes that failed or fell short. */
  diskErrors: number;
  /** Damaged stretches skipped at recovery, and their bytes. */
  corruptSkipped: number;
  corruptSkippedBytes: number;
  /** Ack files ignored at recovery. */
  ackDamaged: number;
  // Not in the identity: backend answers the sender could not use as given.
  /** 3xx answers (not followed; retried). */
  redirects: number;
  /** Requests with no whole answer within the deadline. */
  timeouts: number;
  /** Answers whose body ran past the cap (the rest not read). */
  oversizedResponses: number;
}

export interface QueuedHttpSinkOptions {
  readonly name: string;
  readonly baseUrl: string;
  readonly token?: string;
  readonly contentType?: string | ((path: string) => string);
  /** Bodies larger than this go gzip'd (the sender's default: 8 KiB). */
  readonly gzipAboveBytes?: number;
  readonly headers?: Readonly<Record<string, string>>;
}

export class QueuedHttpSink {
  readonly name: string;
  readonly queue: DiskQueue;
  readonly sender: HttpSender;
  readonly breaker: CircuitBreaker;

  constructor(config: AgentConfig, o: QueuedHttpSinkOptions, log: Logger, diag: DiagEvents) {
    this.name = o.name;
    const module = `sink.${o.name}`;
    this.queue = new DiskQueue({
      dir: join(config.queue_dir, o.name),
      maxBytes: config.queue_max_bytes,
      onDrop: (records) => diag.emit({ module, eventType: 'drop', reason: `queue full: ${records} oldest records dropped` }),
      onEvent: (e) => {
        const drop = e.type === 'memory_full' || e.type === 'unpersisted';
        const reason = drop ? `disk error: ${e.reason}` : e.reason;
        log.warn({ module, event: e.type }, reason);
        diag.emit({ module, eventType: drop ? 'drop' : e.type, reason });
      },
    });
    // Open, it waits out breaker_open_ticks cooldowns (each a retry wait of at least retry_cap_s) before its probe.
    const report = breakerReporter(log, diag);
    this.breaker = new CircuitBreaker(module, { failuresToOpen: config.breaker_failures, openTicks: config.breaker_open_ticks }, (from, to, reason) => report(module, from, to, reason));
    this.sender = new HttpSender(this.queue, {
      breaker: this.breaker,
      baseUrl: o.baseUrl,
      token: o.token,
      contentType: o.contentType,
      gzipAboveBytes: o.gzipAboveBytes,
      headers: o.headers,
      retry: {
        startMs: config.retry_start_s * 1000,
        factor: config.retry_factor,
        capMs: config.retry_cap_s * 1000,
        giveUpMs: config.retry_give_up_s * 1000,
      },
      onFailure: (message) => log.warn({ sink: o.name }, message),
      onDrop: (reason, detail) => diag.emit({ module, eventType: 'drop', reason: `${reason}: ${detail}` }),
      onRedirect: (detail) => {
        log.warn({ module }, detail);
        diag.emit({ module, eventType: 'redirect', reason: detail });
      },
    });
  }

  send(path: string, body: string | Uint8Array): void {
    this.queue.enqueue(queuedRequest(path, body));
    this.sender.kick();
  }

  books(): SinkBooks {
    const q = this.queue.counters;
    const s = this.sender.counters;
    return {
      produced: q.enqueued + q.recovered,
      sent: s.sent,
      rejected: s.rejected,
      retriesExhausted: s.retriesExhausted,
      droppedQueueFull: q.droppedQueueFull,
      droppedDiskError: q.droppedMemoryFull + q.droppedUnpersisted,
      queued: this.queue.depth,
      diskErrors: q.diskErrors,
      corruptSkipped: q.corruptSkipped,
      corruptSkippedBytes: q.corruptSkippedBytes,
      ackDamaged: q.ackDamaged,
      redirects: s.redirects,
      timeouts: s.timeouts,
      oversizedResponses: s.oversizedResponses,
    };
  }

  /** Sends until the queue is empty, a retry must wait, or the deadline passes; what is left stays on disk. */
  async drain(deadlineMs: number): Promise<void> {
    this.sender.kick();
    while (this.queue.depth > 0 && !this.sender.waiting && Date.now() < deadlineMs) {
      await this.sender.settle();
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Stops sending; what the queue holds in memory only is written to disk if it can be, and what cannot is logged and counted. */
  async stop(): Promise<void> {
    await this.sender.stop();
    this.queue.close();
  }
}
