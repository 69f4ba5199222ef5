// The high-water mark: per account, the highest ingest time T (the
// receiver's clock, TopicMessage.receivedMs, kept in ns) such that every
// sketch received at or before T is merged and committed. The query router
// trusts the sketch store only up to it (DESIGN.md, "The fleet backend").
//
// How it is made: each merger computes, for every partition it owns, a
// partition mark (merger/partition-mark.ts): below the oldest delivery it
// still holds uncommitted, and below the start of its last pull that left
// the partition drained (less the publish slack). advance() raises each
// partition's stored mark to it (never lowers one), then raises each
// account's mark to the LOWEST mark over all P partitions: a partition no
// merger has reported yet holds every account at zero. An account's mark is
// thus never past a sketch that is still held by any merger, whichever
// partition it is on, and never goes back. (Per partition rather than per
// account and partition: fewer keys, at the price of an account waiting
// for a slow partition that holds none of its data.)
//
// Marks are ns since the epoch, which do not fit a double: they travel as
// bigint and are stored as 20-digit zero-padded decimal text (uint64's
// width), so that text order is number order everywhere (SQLite's and
// PostgreSQL's text comparison, Lua's string comparison in Redis).

export const MARK_DIGITS = 20;

export function markText(ns: bigint): string {
  if (ns < 0n) ns = 0n;
  return ns.toString().padStart(MARK_DIGITS, '0');
}

export function markOfText(text: string): bigint {
  return BigInt(text);
}

export function nsOfMs(ms: number): bigint {
  return BigInt(Math.floor(ms)) * 1_000_000n;
}

export interface HighWaterMark {
  /**
   * Atomically (one transaction, one script): each partition's mark to the
   * max of its stored mark and `partitionMarks`' (ns), then each of
   * `accounts`' marks to the max of its stored mark and the minimum over
   * every partition 0 … P − 1 (0 for a partition without a mark). Returns
   * the marks of `accounts` after.
   */
  advance(partitionMarks: ReadonlyMap<number, bigint>, accounts: readonly string[]): Promise<Map<string, bigint>>;

  /** The mark of `account` (ns), or undefined when none was ever set. */
  get(account: string): Promise<bigint | undefined>;

  close(): Promise<void>;
}
