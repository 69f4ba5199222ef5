// When to try a delivery again. Exponential backoff with full jitter: the
// n-th wait is drawn from [0, min(cap, start · factor^n)]; a Retry-After
// (seconds or an HTTP date) on 429/503 is honoured instead; after giveUpMs
// since the first failure the item is dropped (counted). 408, 429, 502, 503,
// 504 and network errors are retried; any other 4xx is not (the body is
// wrong and resending will not fix it).

export interface RetryOptions {
  readonly startMs: number;
  readonly factor: number;
  readonly capMs: number;
  readonly giveUpMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { startMs: 5_000, factor: 1.5, capMs: 30_000, giveUpMs: 300_000 };

const RETRIED = new Set([408, 429, 502, 503, 504]);

export type Verdict = 'delivered' | 'retry' | 'rejected';

/** What an HTTP status means for the item; a network error is `retry`. */
export function verdictOf(status: number): Verdict {
  if (status >= 200 && status < 300) return 'delivered';
  if (RETRIED.has(status) || status >= 500) return 'retry';
  return 'rejected';
}

/** Milliseconds a Retry-After header asks for (delta seconds or an HTTP date), or undefined. */
export function retryAfterMs(header: string | null | undefined, nowMs: number): number | undefined {
  if (header === null || header === undefined || header.trim() === '') return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/** The wait before attempt `attempt` (1 for the first retry); `random` in [0, 1). */
export function backoffMs(attempt: number, o: RetryOptions, random: number): number {
  const ceiling = Math.min(o.capMs, o.startMs * o.factor ** (attempt - 1));
  return Math.round(ceiling * (0.5 + random / 2)); // at least half the ceiling: no hammering on a down backend
}
