// The high-water mark under concurrent mergers: a property test over random
// interleavings of publishes (each stamped up to the publish slack before
// it is visible), pulls (partial or draining), commits, releases, and mark
// advances that run concurrently. After every step: no message that is not
// yet committed (unpulled, held, or released) was received at or before an
// account's mark, and the mark never went back. Against both
// implementations: the store row (SQLite) and Redis (its Lua max/min; a
// Redis started here, see redis-engine.ts), plus the fixed-width text.

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HighWaterMark, markOfText, markText, nsOfMs } from '../../src/server/high-water/high-water-mark.js';
import { RedisHighWaterMark } from '../../src/server/high-water/redis-high-water-mark.js';
import { SqliteHighWaterMark } from '../../src/server/high-water/sqlite-high-water-mark.js';
import { PartitionClock } from '../../src/server/merger/partition-mark.js';
import { openRowsFile } from '../../src/server/store/sqlite-file.js';
import { type RunningRedis, startRedis } from './redis-engine.js';

const P = 4;
const SLACK = 50;

type Step =
  | { kind: 'publish'; p: number; lag: number; gap: number }
  | { kind: 'pull'; m: number; take: number }
  | { kind: 'commit'; m: number; pick: number }
  | { kind: 'release'; m: number; pick: number }
  | { kind: 'advance'; ms: number[] };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('publish' as const), p: fc.integer({ min: 0, max: P - 1 }), lag: fc.integer({ min: 0, max: SLACK }), gap: fc.integer({ min: 0, max: 30 }) }),
  fc.record({ kind: fc.constant('pull' as const), m: fc.integer({ min: 0, max: 1 }), take: fc.integer({ min: 0, max: 4 }) }),
  fc.record({ kind: fc.constant('commit' as const), m: fc.integer({ min: 0, max: 1 }), pick: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('release' as const), m: fc.integer({ min: 0, max: 1 }), pick: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('advance' as const), ms: fc.subarray([0, 1], { minLength: 1 }) }),
);

interface Msg {
  readonly p: number;
  readonly receivedMs: number;
  /** Visible to a pull from this wall time on (its publish became durable). */
  readonly visibleMs: number;
}

/** Runs `steps` over two mergers (partitions {0, 1} and {2, 3}) and `hwm`; throws on the first broken rule. */
async function run(steps: readonly Step[], hwm: HighWaterMark, account: string): Promise<void> {
  let now = 1_000;
  const queues: Msg[][] = Array.from({ length: P }, () => []);
  const mergers = [0, 1].map((m) => ({ owned: [2 * m, 2 * m + 1], clock: new PartitionClock(SLACK, 0), held: [] as Msg[] }));
  for (const m of mergers) for (const p of m.owned) m.clock.gained(p, 0);
  let last = 0n;
  const uncommitted = () => [...queues.flat(), ...mergers.flatMap((m) => m.held)];
  const check = (mark: bigint) => {
    expect(mark >= last).toBe(true);
    last = mark;
    for (const msg of uncommitted()) expect(nsOfMs(msg.receivedMs) > mark).toBe(true);
  };
  for (const s of steps) {
    now += 1;
    if (s.kind === 'publish') {
      now += s.gap;
      // Stamped `lag` ms before it is durable (≤ the slack).
      queues[s.p].push({ p: s.p, receivedMs: now - s.lag, visibleMs: now });
    } else if (s.kind === 'pull') {
      const m = mergers[s.m];
      const pulledAt = now;
      let drained = true;
      for (const p of m.owned) {
        const visible = queues[p].filter((x) => x.visibleMs <= pulledAt);
        const take = s.take === 4 ? visible.length : Math.min(s.take, visible.length);
        if (take < visible.length) drained = false;
        for (const x of visible.slice(0, take)) {
          queues[p].splice(queues[p].indexOf(x), 1);
          m.held.push(x);
          m.clock.held(p, x.receivedMs);
        }
      }
      if (drained) for (const p of m.owned) m.clock.drained(p, pulledAt);
    } else if (s.kind === 'commit' || s.kind === 'release') {
      const m = mergers[s.m];
      const chosen = m.held.filter((_, i) => (s.pick >> (i % 3)) & 1);
      m.held = m.held.filter((x) => !chosen.includes(x));
      for (const x of chosen) {
        if (s.kind === 'commit') m.clock.committed(x.p, x.receivedMs);
        else {
          m.clock.released(x.p, x.receivedMs, now);
          queues[x.p].unshift(x);
        }
      }
    } else {
      // The mergers advance at once: their scripts / transactions interleave as the engine orders them.
      const results = await Promise.all(s.ms.map((i) => hwm.advance(mergers[i].clock.marks(mergers[i].owned), [account])));
      const marks = results.map((r) => r.get(account)!);
      // Each answer was the mark right after its own call; none may pass what is uncommitted now.
      for (const mark of [...marks].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) check(mark);
      check((await hwm.get(account)) ?? 0n);
    }
  }
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
  it('never passes an uncommitted message, never goes back', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 120 }), async (steps) => {
        const db = openRowsFile(':memory:');
        try {
          await run(steps, new SqliteHighWaterMark(db, P), `a${++n}`);
        } finally {
          db.close();
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('the mark under concurrent mergers (Redis)', () => {
  let redis: RunningRedis;
  let hwm: RedisHighWaterMark;
  let n = 0;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('never passes an uncommitted message, never goes back', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 120 }), async (steps) => {
        hwm = await RedisHighWaterMark.open({ url: redis.url, partitions: P, prefix: `case${++n}:` });
        try {
          await run(steps, hwm, 'acme');
        } finally {
          await hwm.close();
        }
      }),
      { numRuns: 100 },
    );
  });

  it('survives kill -9 of Redis: the mark after the restart is the one before (append-only file, fsync always)', async () => {
    const h = await RedisHighWaterMark.open({ url: redis.url, partitions: 2, prefix: 'kill:' });
    await h.advance(
      new Map([
        [0, 5_000_000_000_000_000_123n],
        [1, 5_000_000_000_000_000_456n],
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
    expect((await again.advance(new Map([[0, 1n]]), ['acme'])).get('acme')).toBe(5_000_000_000_000_000_123n);
    await again.close();
  });
});
