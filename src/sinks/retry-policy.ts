// When to try a delivery again. Exponential backoff with jitter: the n-th
// wait is drawn from [½, 1] × min(cap, start · factor^n); a Retry-After
// (seconds or an HTTP date) on any retried answer is honoured instead; after
// giveUpMs since the first failure the item is dropped (counted). 3xx (never
// followed: see net/bounded-fetch.ts), 408, 429, 5xx and network errors are
// retried; any other 4xx is not (the body is wrong and resending will not
// fix it).
//
// Every wait, whichever rule made it, goes through retryDelayMs and lies in
// [startMs, max(capMs, RETRY_AFTER_MAX_MS)]: a Retry-After of 10^12 seconds
// or a far-future date once overflowed Node's timer to 1 ms (2,788 POSTs in
// 8 s against a 429 backend), and a 0, negative or past one must not make
// the sender hammer either.

export interface RetryOptions {
  readonly startMs: number;
  readonly factor: number;
  readonly capMs: number;
  readonly giveUpMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { startMs: 5_000, factor: 1.5, capMs: 30_000, giveUpMs: 300_000 };

const RETRIED = new Set([408, 429, 502, 503, 504]);

/** A backend's Retry-After is honoured up to this (or retry_cap_s, if larger). Documented in config/README.md. */
export const RETRY_AFTER_MAX_MS = 5 * 60_000;

export type Verdict = 'delivered' | 'retry' | 'rejected';

/** What an HTTP status means for the item; a network error is `retry`. */
export function verdictOf(status: number): Verdict {
  if (status >= 200 && status < 300) return 'delivered';
  if (RETRIED.has(status) || status >= 500 || (status >= 300 && status < 400)) return 'retry';
  return 'rejected';
}

/** Milliseconds a Retry-After header asks for (delta seconds or an HTTP date), or undefined. */
export function retryAfterMs(header: string | null | undefined, nowMs: number): number | undefined {
  if (header === null || header === undefined || header.trim() === '') return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000; // may be huge or Infinity: retryDelayMs clamps it
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/** The wait before attempt `attempt` (1 for the first retry); `random` in [0, 1). */
export function backoffMs(attempt: number, o: RetryOptions, random: number): number {
  const ceiling = Math.min(o.capMs, o.startMs * o.factor ** (attempt - 1));
  return Math.round(ceiling * (0.5 + random / 2)); // at least half the ceiling: no hammering on a down backend
}

/**
 * The wait before attempt `attempt`: the backend's Retry-After if it sent a
 * usable one, else the backoff; while the breaker is open, at least the cap.
 * Always within [startMs, max(capMs, RETRY_AFTER_MAX_MS)], and a finite
 * integer a timer can hold.
 */
export function retryDelayMs(o: RetryOptions, attempt: number, random: number, retryAfter: string | null | undefined, nowMs: number, breakerOpen: boolean): number {
  let ms = retryAfterMs(retryAfter, nowMs) ?? backoffMs(attempt, o, random);
  if (breakerOpen) ms = Math.max(ms, o.capMs);
  const most = Math.max(o.capMs, RETRY_AFTER_MAX_MS);
  if (!Number.isFinite(ms)) ms = most;
  return Math.round(Math.min(Math.max(ms, o.startMs), most));
}
