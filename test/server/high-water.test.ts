// The high-water mark under concurrent mergers: a property test over random
// interleavings of publishes of three accounts (each stamped up to the
// publish slack before it is visible), pulls (partial or draining),
// commits, releases, partitions handed from one merger to the other, mark
// advances that run concurrently, and a merger's last report landing again
// late (after later ones, maybe a new owner's). After every step: no message of an
// account that is not yet committed (unpulled, held, or released) was
// received at or before that account's mark, and no mark went back. At the
// end, with account a0's deliveries still held and every partition
// drained, every other account's mark is at the last drained pull: another
// account's open windows hold it back no more. Against both
// implementations: the store row (SQLite) and Redis (its Lua script; a
// Redis started here, see redis-engine.ts), plus the fixed-width text.

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HighWaterMark, markOfText, markText, nsOfMs, type PartitionMark } from '../../src/server/high-water/high-water-mark.js';
import { RedisHighWaterMark } from '../../src/server/high-water/redis-high-water-mark.js';
import { SqliteHighWaterMark } from '../../src/server/high-water/sqlite-high-water-mark.js';
import { PartitionClock } from '../../src/server/merger/partition-mark.js';
import { openRowsFile } from '../../src/server/store/sqlite-file.js';
import { type RunningRedis, startRedis } from './redis-engine.js';

const P = 4;
const SLACK = 50;
const ACCOUNTS = ['a0', 'a1', 'a2'];

type Step =
  | { kind: 'publish'; p: number; a: number; lag: number; gap: number }
  | { kind: 'pull'; m: number; take: number }
  | { kind: 'commit'; m: number; pick: number }
  | { kind: 'release'; m: number; pick: number }
  | { kind: 'handover'; p: number }
  | { kind: 'advance'; ms: number[] }
  | { kind: 'late'; m: number; back: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('publish' as const),
      p: fc.integer({ min: 0, max: P - 1 }),
      a: fc.integer({ min: 0, max: ACCOUNTS.length - 1 }),
      lag: fc.integer({ min: 0, max: SLACK }),
      gap: fc.integer({ min: 0, max: 80 }),
    }),
    weight: 3,
  },
  { arbitrary: fc.record({ kind: fc.constant('pull' as const), m: fc.integer({ min: 0, max: 1 }), take: fc.oneof(fc.constant(4), fc.integer({ min: 0, max: 3 })) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('commit' as const), m: fc.integer({ min: 0, max: 1 }), pick: fc.integer({ min: 0, max: 7 }) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('release' as const), m: fc.integer({ min: 0, max: 1 }), pick: fc.integer({ min: 0, max: 7 }) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('handover' as const), p: fc.integer({ min: 0, max: P - 1 }) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.subarray([0, 1], { minLength: 1 }) }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('late' as const), m: fc.integer({ min: 0, max: 1 }), back: fc.integer({ min: 2, max: 4 }) }), weight: 2 },
);

const LATE_REPORT: Step[] = [
  { kind: 'pull', m: 0, take: 4 },
  { kind: 'pull', m: 1, take: 4 },
  { kind: 'advance', ms: [0, 1] },
  { kind: 'publish', p: 0, a: 1, lag: 0, gap: 30 },
  { kind: 'publish', p: 3, a: 2, lag: 0, gap: 30 },
  { kind: 'publish', p: 3, a: 2, lag: 0, gap: 30 },
  { kind: 'pull', m: 0, take: 4 },
  { kind: 'pull', m: 1, take: 4 },
  { kind: 'advance', ms: [0, 1] },
  { kind: 'late', m: 0, back: 2 },
];

interface Msg {
  readonly p: number;
  readonly account: string;
  readonly receivedMs: number;
  /** Visible to a pull from this wall time on (its publish became durable). */
  readonly visibleMs: number;
}

interface Model {
  owned: number[];
  readonly clock: PartitionClock;
  held: Msg[];
  /** Its reports so far: a call that took long may land after later ones (its own, or a new owner's). */
  readonly reports: Map<number, PartitionMark>[];
}

/** Runs `steps` over two mergers (partitions {0, 1} and {2, 3} at first) and `hwm`; throws on the first broken rule. */
async function run(steps: readonly Step[], hwm: HighWaterMark): Promise<void> {
  let now = 1_000;
  const queues: Msg[][] = Array.from({ length: P }, () => []);
  const mergers: Model[] = [0, 1].map((m) => ({ owned: [2 * m, 2 * m + 1], clock: new PartitionClock(SLACK, 0), held: [], reports: [] }));
  for (const m of mergers) for (const p of m.owned) m.clock.gained(p, 0);
  const last = new Map<string, bigint>();
  const uncommitted = (account: string) => [...queues.flat(), ...mergers.flatMap((m) => m.held)].filter((x) => x.account === account);
  const check = (account: string, mark: bigint) => {
    expect(mark >= (last.get(account) ?? 0n), `${account}'s mark went back`).toBe(true);
    last.set(account, mark);
    for (const msg of uncommitted(account)) expect(nsOfMs(msg.receivedMs) > mark, `${account}'s mark passed an uncommitted message`).toBe(true);
  };
  const advance = async (ms: readonly number[], back = 0) => {
    // The mergers advance at once: their scripts / transactions interleave as the engine orders them.
    const reports = ms.map((i) => {
      const m = mergers[i];
      if (back > 0) return m.reports[m.reports.length - back] ?? new Map();
      m.reports.push(m.clock.marks(m.owned));
      return m.reports[m.reports.length - 1];
    });
    const results = await Promise.all(reports.map((r) => hwm.advance(r, ACCOUNTS)));
    for (const a of ACCOUNTS) {
      // Each answer was the mark right after its own call; none may pass what is uncommitted now.
      const marks = results.map((r) => r.get(a) as bigint).sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
      for (const mark of marks) check(a, mark);
      check(a, (await hwm.get(a)) ?? 0n);
    }
  };
  const pull = (m: Model, take: number) => {
    const pulledAt = now;
    let drained = true;
    for (const p of m.owned) {
      const visible = queues[p].filter((x) => x.visibleMs <= pulledAt);
      const n = take === 4 ? visible.length : Math.min(take, visible.length);
      if (n < visible.length) drained = false;
      for (const x of visible.slice(0, n)) {
        queues[p].splice(queues[p].indexOf(x), 1);
        m.held.push(x);
        m.clock.held(p, x.account, x.receivedMs);
      }
    }
    if (drained) for (const p of m.owned) m.clock.drained(p, pulledAt);
  };
  const settle = (m: Model, chosen: readonly Msg[], how: 'commit' | 'release') => {
    m.held = m.held.filter((x) => !chosen.includes(x));
    for (const x of chosen) {
      if (how === 'commit') m.clock.committed(x.p, x.account, x.receivedMs);
      else {
        m.clock.released(x.p, x.account, x.receivedMs, now);
        queues[x.p].unshift(x);
      }
    }
  };
  for (const s of steps) {
    now += 1;
    if (s.kind === 'publish') {
      now += s.gap;
      // Stamped `lag` ms before it is durable (≤ the slack).
      queues[s.p].push({ p: s.p, account: ACCOUNTS[s.a], receivedMs: now - s.lag, visibleMs: now });
    } else if (s.kind === 'pull') {
      pull(mergers[s.m], s.take);
    } else if (s.kind === 'commit' || s.kind === 'release') {
      const m = mergers[s.m];
      settle(
        m,
        m.held.filter((_, i) => (s.pick >> (i % 3)) & 1),
        s.kind,
      );
    } else if (s.kind === 'handover') {
      // As merger.ts follows a lost lease: the partition forgotten, its held deliveries given back; the other gains it.
      const from = mergers.find((m) => m.owned.includes(s.p)) as Model;
      const to = mergers[1 - mergers.indexOf(from)];
      from.owned = from.owned.filter((p) => p !== s.p);
      from.clock.lost(s.p);
      const back = from.held.filter((x) => x.p === s.p);
      from.held = from.held.filter((x) => x.p !== s.p);
      queues[s.p].unshift(...back);
      to.owned.push(s.p);
      to.clock.gained(s.p, now);
    } else if (s.kind === 'late') {
      await advance([s.m], s.back);
    } else {
      await advance(s.ms);
    }
  }
  // Everything pulled; every delivery committed but a0's, which stay held; then a drained pull of every partition.
  now += SLACK + 1;
  for (const m of mergers) pull(m, 4);
  for (const m of mergers)
    settle(
      m,
      m.held.filter((x) => x.account !== 'a0'),
      'commit',
    );
  now += 1;
  for (const m of mergers) pull(m, 4);
  await advance([0, 1]);
  const drainedNs = nsOfMs(now - SLACK);
  expect(await hwm.get('a1'), "a0's held deliveries hold a1 back").toBe(drainedNs);
  expect(await hwm.get('a2'), "a0's held deliveries hold a2 back").toBe(drainedNs);
}

function report(ns: bigint, accounts: Record<string, bigint> = {}): PartitionMark {
  return { ns, accounts: new Map(Object.entries(accounts)) };
}

/** The cases both implementations pass; `open` gives a fresh mark of P = 4 partitions. */
function cases(open: () => Promise<HighWaterMark>, runs: number): void {
  it('never passes an uncommitted message of the account, never goes back', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 120 }), async (steps) => {
        const hwm = await open();
        try {
          await run(steps, hwm);
        } finally {
          await hwm.close();
        }
      }),
      // A report landing after a later one (back: 2): a1's delivery on partition 0, held by the later report, must still
      // hold a1 back (a store that max'ed the partition's mark for every account instead of replacing it would not).
      { numRuns: runs, examples: [[LATE_REPORT]] },
    );
  });

  it("an account's mark is held back by its own open window, not by another's, nor by a partition without its data", async () => {
    const hwm = await open();
    // acme's hosts are on partitions 0 and 1, globex's on 2; partition 3 is idle. globex holds a window since 100 s,
    // acme one since 900 s; every partition drained at 1000 s.
    const at = (s: number) => BigInt(s) * 1_000_000_000n;
    const after = await hwm.advance(
      new Map([
        [0, report(at(1000), { acme: at(900) - 1n })],
        [1, report(at(1000))],
        [2, report(at(1000), { globex: at(100) - 1n })],
        [3, report(at(1000))],
      ]),
      ['acme', 'globex', 'initech'],
    );
    expect(after.get('acme')).toBe(at(900) - 1n);
    expect(after.get('globex')).toBe(at(100) - 1n);
    // An account without any delivery held anywhere: as far as every partition drained.
    expect(after.get('initech')).toBe(at(1000));
    // acme's window committed: its mark goes to the drained point, globex's still held.
    const next = await hwm.advance(new Map([[0, report(at(1010))]]), ['acme', 'globex']);
    expect(next.get('acme')).toBe(at(1000));
    expect(next.get('globex')).toBe(at(100) - 1n);
    await hwm.close();
  });

  it('a partition without a report, or whose merger stopped reporting, holds every account back (its data may be any account’s)', async () => {
    const hwm = await open();
    const at = (s: number) => BigInt(s) * 1_000_000_000n;
    const three = new Map([0, 1, 2].map((p) => [p, report(at(1000))]));
    expect((await hwm.advance(three, ['acme'])).get('acme')).toBe(0n);
    // Partition 3's merger reported once, at 500 s, and died: however far the others go, every account stays there.
    await hwm.advance(new Map([[3, report(at(500))]]), ['acme']);
    const later = new Map([0, 1, 2].map((p) => [p, report(at(2000))]));
    expect((await hwm.advance(later, ['acme', 'newcomer'])).get('newcomer')).toBe(at(500));
    expect(await hwm.get('acme')).toBe(at(500));
    await hwm.close();
  });

  it('a report replaces the one before: a partition now holding the account lowers what the partition gives it (its mark stays)', async () => {
    const hwm = await open();
    const at = (s: number) => BigInt(s) * 1_000_000_000n;
    const all = (r: PartitionMark) => new Map([0, 1, 2, 3].map((p) => [p, r]));
    expect((await hwm.advance(all(report(at(1000))), ['acme'])).get('acme')).toBe(at(1000));
    // A delivery of acme received at 1500 s is held on partition 2: acme may not pass it, though partition 2 drained at 2000 s.
    await hwm.advance(all(report(at(2000))), []);
    expect((await hwm.advance(new Map([[2, report(at(2000), { acme: at(1500) - 1n })]]), ['acme'])).get('acme')).toBe(at(1500) - 1n);
    // A lower report never takes the mark back.
    expect((await hwm.advance(all(report(at(10))), ['acme'])).get('acme')).toBe(at(1500) - 1n);
    await hwm.close();
  });
}

describe('marks as fixed-width text', () => {
  it('order as the numbers do, for ns past 2^53', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), (a, b) => {
        expect(markText(a) < markText(b)).toBe(a < b);
        expect(markOfText(markText(a))).toBe(a);
      }),
    );
    expect(markText(1_767_225_600_000_000_001n) > markText(1_767_225_600_000_000_000n)).toBe(true);
  });
});

describe('the mark under concurrent mergers (store row)', () => {
  cases(async () => {
    const db = openRowsFile(':memory:');
    const hwm = new SqliteHighWaterMark(db, P);
    return { advance: (r, a) => hwm.advance(r, a), get: (a) => hwm.get(a), close: async () => void db.close() };
  }, 300);
});

describe('the mark under concurrent mergers (Redis)', () => {
  let redis: RunningRedis;
  let n = 0;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  cases(() => RedisHighWaterMark.open({ url: redis.url, partitions: P, prefix: `case${++n}:` }), 100);

  it('survives kill -9 of Redis: the mark after the restart is the one before (append-only file, fsync always)', async () => {
    const h = await RedisHighWaterMark.open({ url: redis.url, partitions: 2, prefix: 'kill:' });
    await h.advance(
      new Map([
        [0, report(5_000_000_000_000_000_123n)],
        [1, report(5_000_000_000_000_000_456n)],
      ]),
      ['acme'],
    );
    expect(await h.get('acme')).toBe(5_000_000_000_000_000_123n);
    await h.close();
    await redis.kill9();
    await redis.restart();
    const again = await RedisHighWaterMark.open({ url: redis.url, partitions: 2, prefix: 'kill:' });
    expect(await again.get('acme')).toBe(5_000_000_000_000_000_123n);
    // And it never goes back: a lower partition mark leaves it where it is.
    expect((await again.advance(new Map([[0, report(1n)]]), ['acme'])).get('acme')).toBe(5_000_000_000_000_000_123n);
    await again.close();
  });
});
