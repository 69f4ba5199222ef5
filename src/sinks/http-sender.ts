// Delivers a sink's queued requests to an HTTP backend, oldest first, one at
// a time (so each sink keeps its order). A request leaves the queue only
// when the backend took it (2xx), rejected it for good (other 4xx: dropped,
// counted), or retries ran out (dropped, counted); otherwise it waits its
// backoff and is sent again. A redirect is not followed (the record would
// reach another URL as a body-less GET): it is a failure, counted and
// reported with where it pointed, and retried. The backend's answer is read
// only up to a cap and the whole exchange has a deadline (bounded-fetch.ts).
// Failures are logged at most once a minute per sink, never a line per item,
// and never with the token.

import { gzipSync } from 'node:zlib';
import type { DiskQueue } from './disk-queue.js';
import type { CircuitBreaker } from '../health/circuit-breaker.js';
import { boundedFetch, redirectOf, RequestFailed } from '../net/bounded-fetch.js';
import { DEFAULT_RETRY, retryDelayMs, verdictOf, type RetryOptions } from './retry-policy.js';

/** A backend's answer to a POST is a status and a few bytes; more than this is not read (counted). */
const RESPONSE_MAX_BYTES = 64 * 1024;

/** A queued request: the path under the base URL, a newline, then the body (JSON or protobuf). */
export function queuedRequest(path: string, body: string | Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(`${path}\n`), typeof body === 'string' ? Buffer.from(body) : body]);
}

function splitRequest(record: Uint8Array): { path: string; body: Buffer } {
  const bytes = Buffer.from(record.buffer, record.byteOffset, record.byteLength);
  const nl = bytes.indexOf(0x0a);
  return { path: bytes.subarray(0, nl).toString(), body: bytes.subarray(nl + 1) };
}

export interface SenderCounters {
  sent: number;
  rejected: number;
  retriesExhausted: number;
  attempts: number;
  /** Answers that were a 3xx: not followed, retried. */
  redirects: number;
  /** Answers whose body ran past RESPONSE_MAX_BYTES: the rest was not read. */
  oversizedResponses: number;
  /** Requests with no whole answer within the deadline. */
  timeouts: number;
}

export interface HttpSenderOptions {
  readonly baseUrl: string;
  readonly token?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** The requests' Content-Type, or a function of the request's path (a sink whose paths carry different messages). */
  readonly contentType?: string | ((path: string) => string);
  /** Bodies larger than this go gzip'd. */
  readonly gzipAboveBytes?: number;
  readonly timeoutMs?: number;
  readonly retry?: RetryOptions;
  readonly random?: () => number;
  readonly onFailure?: (message: string) => void;
  /**
   * Opens after consecutive failures: the sender then waits the full
   * backoff cap before one probe request, and the queue holds meanwhile.
   */
  readonly breaker?: CircuitBreaker;
  /** Called for every item dropped: 'rejected' (a 4xx) or 'retries_exhausted'. */
  readonly onDrop?: (reason: 'rejected' | 'retries_exhausted', detail: string) => void;
  /** Called when the backend answers with a redirect to a place not reported yet (once per place until a delivery). */
  readonly onRedirect?: (detail: string) => void;
}

export class HttpSender {
  readonly counters: SenderCounters = { sent: 0, rejected: 0, retriesExhausted: 0, attempts: 0, redirects: 0, oversizedResponses: 0, timeouts: 0 };
  /** Where the last reported redirect pointed; forgotten on a delivery. */
  private redirectedTo: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private firstFailureMs = 0;
  private attempt = 0;
  private lastLogMs = -Infinity;

  constructor(
    private readonly queue: DiskQueue,
    private readonly o: HttpSenderOptions,
  ) {}

  /** Sends what the queue holds now, and again whenever kick() is called. */
  kick(): void {
    if (this.stopped || this.running !== undefined || this.timer !== undefined) return;
    this.running = this.drain().finally(() => {
      this.running = undefined;
    });
  }

  /** A retry is waiting for its time. */
  get waiting(): boolean {
    return this.timer !== undefined;
  }

  /** Resolves when the queue is empty or a retry is pending (for --once and tests). */
  async settle(): Promise<void> {
    while (this.running !== undefined) await this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    await this.settle();
  }

  private async drain(): Promise<void> {
    for (let record = this.queue.peek(); record !== undefined && !this.stopped; record = this.queue.peek()) {
      const { path, body } = splitRequest(record);
      let status = 0;
      let retryAfter: string | null = null;
      let failure = '';
      this.counters.attempts++;
      try {
        const gzip = body.length > (this.o.gzipAboveBytes ?? 8192);
        const res = await boundedFetch(this.o.baseUrl.replace(/\/+$/, '') + path, {
          method: 'POST',
          headers: {
            'content-type': typeof this.o.contentType === 'function' ? this.o.contentType(path) : (this.o.contentType ?? 'application/json'),
            ...(gzip ? { 'content-encoding': 'gzip' } : {}),
            ...(this.o.token ? { authorization: `Bearer ${this.o.token}` } : {}),
            ...this.o.headers,
          },
          body: gzip ? gzipSync(body) : body,
          timeoutMs: this.o.timeoutMs ?? 10_000,
          maxBodyBytes: RESPONSE_MAX_BYTES,
          keepBody: false,
        });
        status = res.status;
        retryAfter = res.headers.get('retry-after');
        if (res.oversized) this.counters.oversizedResponses++;
        const redirect = redirectOf(res);
        if (redirect !== undefined) failure = this.redirected(path, redirect, res.headers.get('location'));
      } catch (err) {
        if (err instanceof RequestFailed && err.kind === 'timeout') this.counters.timeouts++;
        failure = (err as Error).message;
      }
      const verdict = failure ? 'retry' : verdictOf(status);
      if (verdict !== 'retry') this.o.breaker?.record(true);
      if (verdict === 'delivered') {
        this.counters.sent++;
        this.redirectedTo = undefined;
        this.queue.ack();
        this.attempt = 0;
        this.firstFailureMs = 0;
        continue;
      }
      if (verdict === 'rejected') {
        this.counters.rejected++;
        this.queue.ack();
        this.o.onDrop?.('rejected', `${path}: HTTP ${status}`);
        this.log(`${path}: rejected with HTTP ${status}; dropped (not retried)`);
        continue;
      }
      const now = Date.now();
      if (this.firstFailureMs === 0) this.firstFailureMs = now;
      const retry = this.o.retry ?? DEFAULT_RETRY;
      if (now - this.firstFailureMs >= retry.giveUpMs) {
        this.counters.retriesExhausted++;
        this.queue.ack();
        this.o.onDrop?.('retries_exhausted', `${path}: ${failure || `HTTP ${status}`}`);
        this.attempt = 0;
        this.firstFailureMs = 0;
        this.log(`${path}: gave up after ${retry.giveUpMs} ms of failures; dropped`);
        continue;
      }
      this.attempt++;
      this.o.breaker?.record(false, failure || `HTTP ${status}`);
      const wait = retryDelayMs(retry, this.attempt, (this.o.random ?? Math.random)(), retryAfter, now, this.o.breaker?.state === 'open');
      this.log(`${path}: ${failure || `HTTP ${status}`}; retrying in ${wait} ms`);
      this.coolDown(wait);
      return;
    }
  }

  /**
   * Waits `ms`, then sends again. An open breaker counts each wait as one of
   * its open ticks and sends nothing until they are over: the next request,
   * the probe, goes out half-open.
   */
  private coolDown(ms: number): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.o.breaker?.advance();
      if (this.o.breaker?.state === 'open') this.coolDown(ms);
      else this.kick();
    }, ms);
    this.timer.unref();
  }

  /** Counts a 3xx and says where it pointed (reported once per place until a delivery); the failure text. */
  private redirected(path: string, redirect: string, location: string | null): string {
    this.counters.redirects++;
    const detail = `${path}: ${redirect}; not followed (a POST is never redirected)`;
    if (location !== this.redirectedTo) {
      this.redirectedTo = location ?? '';
      this.o.onRedirect?.(detail);
    }
    return detail;
  }

  private log(message: string): void {
    const now = Date.now();
    if (now - this.lastLogMs < 60_000) return;
    this.lastLogMs = now;
    this.o.onFailure?.(message);
  }
}
