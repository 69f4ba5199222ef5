// The high-water mark: per account, the highest ingest time T (the
// receiver's clock, TopicMessage.receivedMs, kept in ns) such that every
// sketch of that account received at or before T is merged and committed.
// The query router trusts the account's sketch windows only up to it
// (DESIGN.md, "The fleet backend").
//
// How it is made: each merger reports, for every partition it owns, what
// it knows at one instant (merger/partition-mark.ts): a mark for every
// account (the start of its last pull that left the partition drained,
// less the publish slack: what it has not pulled was received after), and
// a lower one for each account it still holds (or gave back) an
// uncommitted delivery of. advance() stores each partition's report whole,
// in place of the one before, then raises each account's mark to
//   min over all P partitions of (the report's mark for that account,
//                                 or its mark for every account),
// 0 while a partition has no report. An account is thus held back by its
// own uncommitted sketches, and by every partition only as far as that
// partition's last drained pull: never by another account's open windows.
//
// Why a partition still bounds every account: partition = hash(account,
// entity) mod P, and a host seen for the first time may land on any
// partition; what a partition's merger has not pulled, or a dead merger
// held, could be any account's. So a partition whose merger is gone keeps
// every account at its last report until a new owner reports (after the
// takeover grace); that is the contract, not a lag to remove.
//
// Why a report replaces the one before rather than being max'ed into it:
// each report is true when it is made (and a claim "everything at or
// before T is committed" stays true), but a per-account part from one
// report with the all-accounts part of a later one is a claim neither
// made: the later report may hold a delivery of that account the earlier
// had not pulled. The account's mark itself is max'ed: it never goes back.
//
// Marks are ns since the epoch, which do not fit a double: they travel as
// bigint and are stored as 20-digit zero-padded decimal text (uint64's
// width), so that text order is number order everywhere (SQLite's text
// comparison, Lua's string comparison in Redis).

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

/** What a merger knows of one partition it owns, at one instant. */
export interface PartitionMark {
  /** For every account not in `accounts`: each of its messages on the partition received at or before this (ns) is committed. */
  readonly ns: bigint;
  /** The accounts with a delivery held or given back uncommitted, each with its own mark on the partition (ns, at most `ns`). */
  readonly accounts: ReadonlyMap<string, bigint>;
}

export interface HighWaterMark {
  /**
   * Atomically (one transaction, one script): each partition's report in
   * `reports` replaces the stored one; then each of `accounts`' marks is
   * raised to the minimum over every partition 0 … P − 1 of its report's
   * mark for that account (0 for a partition without a report). Returns
   * the marks of `accounts` after.
   */
  advance(reports: ReadonlyMap<number, PartitionMark>, accounts: readonly string[]): Promise<Map<string, bigint>>;

  /** The mark of `account` (ns), or undefined when none was ever set. */
  get(account: string): Promise<bigint | undefined>;

  close(): Promise<void>;
}
