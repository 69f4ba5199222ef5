// A sink's books carried across its replacement (a config change stops a
// sink and makes a new one, which takes its queue over): the counters run
// on, and what was still queued is counted once, by the new sink.

import type { SinkBooks } from './queued-http-sink.js';

/** A sink's books once it is replaced: what it produced and did, less what its queue hands to the next one. */
export function retired(books: SinkBooks): SinkBooks {
  return { ...books, produced: books.produced - books.queued, queued: 0 };
}

/** The sum of two books. */
export function addBooks(into: SinkBooks, b: SinkBooks): SinkBooks {
  const sum = { ...into };
  for (const k of Object.keys(NO_BOOKS) as (keyof SinkBooks)[]) sum[k] = into[k] + b[k];
  return sum;
}

export const NO_BOOKS: Readonly<SinkBooks> = {
  produced: 0, sent: 0, rejected: 0, retriesExhausted: 0, droppedQueueFull: 0, droppedDiskError: 0, queued: 0,
  diskErrors: 0, corruptSkipped: 0, corruptSkippedBytes: 0, ackDamaged: 0,
  redirects: 0, timeouts: 0, oversizedResponses: 0,
};
