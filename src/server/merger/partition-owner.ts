// Which partitions of proc.sketch.v1 a merger instance consumes. Embedded:
// all of them (AllPartitions: one merger). Scale-out: a lease per partition
// in Redis (RedisLeases), so that no partition is consumed by two mergers
// at once and a dead merger's partitions are taken over when its leases
// expire (lease_ttl_ms).
//
// RedisLeases, every renew (ttl / 3):
//   - the instance's heartbeat in a sorted set (score: its expiry); members
//     past their expiry are removed; n = the live members;
//   - its leases renewed by a script that extends only a key it still holds
//     (value = its owner id); a lease it could not renew is lost;
//   - fair share ⌈P / n⌉: above it, it gives back its highest partitions;
//     below it, it takes free partitions (SET NX PX), starting from a point
//     of its own so that two instances do not race for the same ones.
// A lease is used only while it is surely held: from the START of the last
// successful renew plus ttl, less a tenth of ttl for clock rate and the
// pull in flight. When Redis cannot be reached, the renew fails, the leases
// age out locally, and the merger stops pulling those partitions (and drops
// their windows) before any other instance may take them over.

import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';

export interface PartitionChange {
  readonly gained: readonly number[];
  readonly lost: readonly number[];
}

export interface PartitionOwner {
  /** The partitions this instance may consume now. */
  owned(): readonly number[];
  /** Renews and rebalances when due (cheap otherwise); the partitions gained and lost since the last call. */
  refresh(): Promise<PartitionChange>;
  /** Gives every lease back (a clean stop: the others take over at once). */
  close(): Promise<void>;
}

export class AllPartitions implements PartitionOwner {
  private readonly all: readonly number[];
  private first = true;
  constructor(partitions: number) {
    this.all = Array.from({ length: partitions }, (_, i) => i);
  }
  owned(): readonly number[] {
    return this.all;
  }
  async refresh(): Promise<PartitionChange> {
    const gained = this.first ? this.all : [];
    this.first = false;
    return { gained, lost: [] };
  }
  async close(): Promise<void> {}
}

const RENEW = `
local out = {}
for i = 1, #KEYS do
  if redis.call('GET', KEYS[i]) == ARGV[1] then
    redis.call('PEXPIRE', KEYS[i], ARGV[2])
    out[i] = 1
  else
    out[i] = 0
  end
end
return out
`;

const GIVE_BACK = `
local n = 0
for i = 1, #KEYS do
  if redis.call('GET', KEYS[i]) == ARGV[1] then
    redis.call('DEL', KEYS[i])
    n = n + 1
  end
end
return n
`;

export interface RedisLeasesOptions {
  readonly url: string;
  readonly partitions: number;
  /** This instance's id (unique: host, pid, a random part). */
  readonly owner: string;
  readonly ttlMs: number;
  readonly prefix?: string;
  readonly onError?: (err: unknown) => void;
}

export class RedisLeases implements PartitionOwner {
  private readonly redis: Redis;
  private readonly prefix: string;
  private held = new Set<number>();
  private validUntil = 0;
  private nextRenew = 0;
  private readonly start: number;

  constructor(private readonly o: RedisLeasesOptions) {
    this.prefix = o.prefix ?? 'iw:';
    this.redis = new Redis(o.url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: true });
    this.redis.on('error', () => undefined); // reconnects by itself; a failed renew is what counts
    this.redis.defineCommand('iwRenew', { lua: RENEW });
    this.redis.defineCommand('iwGiveBack', { lua: GIVE_BACK });
    this.start = createHash('sha256').update(o.owner).digest().readUInt32BE(0) % o.partitions;
  }

  static async open(o: RedisLeasesOptions): Promise<RedisLeases> {
    const l = new RedisLeases(o);
    await l.redis.connect();
    return l;
  }

  private key(p: number): string {
    return `${this.prefix}lease:${p}`;
  }

  private script(name: string): (n: number, ...args: string[]) => Promise<unknown> {
    return (this.redis as unknown as Record<string, (n: number, ...args: string[]) => Promise<unknown>>)[name].bind(this.redis);
  }

  owned(): readonly number[] {
    if (Date.now() >= this.validUntil) return [];
    return [...this.held].sort((a, b) => a - b);
  }

  async refresh(): Promise<PartitionChange> {
    const now = Date.now();
    const before = new Set(Date.now() < this.validUntil ? this.held : []);
    if (now < this.nextRenew) return { gained: [], lost: [] };
    this.nextRenew = now + Math.max(50, Math.floor(this.o.ttlMs / 3));
    try {
      await this.renewAndBalance(now);
    } catch (err) {
      this.o.onError?.(err);
    }
    const after = new Set(this.owned());
    return { gained: [...after].filter((p) => !before.has(p)), lost: [...before].filter((p) => !after.has(p)) };
  }

  private async renewAndBalance(started: number): Promise<void> {
    const ttl = this.o.ttlMs;
    const members = `${this.prefix}mergers`;
    await this.redis.zadd(members, started + ttl, this.o.owner);
    await this.redis.zremrangebyscore(members, '-inf', started);
    const live = Math.max(1, await this.redis.zcard(members));
    const mine = [...this.held];
    if (mine.length > 0) {
      const kept = (await this.script('iwRenew')(mine.length, ...mine.map((p) => this.key(p)), this.o.owner, String(ttl))) as number[];
      this.held = new Set(mine.filter((_, i) => kept[i] === 1));
    }
    const fair = Math.ceil(this.o.partitions / live);
    if (this.held.size > fair) {
      // Out of `held` before the keys go: from the DEL on, another instance may take them, and owned() must no longer list them.
      const extra = [...this.held].sort((a, b) => b - a).slice(0, this.held.size - fair);
      for (const p of extra) this.held.delete(p);
      await this.script('iwGiveBack')(extra.length, ...extra.map((p) => this.key(p)), this.o.owner);
    }
    for (let i = 0; i < this.o.partitions && this.held.size < fair; i++) {
      const p = (this.start + i) % this.o.partitions;
      if (this.held.has(p)) continue;
      if ((await this.redis.set(this.key(p), this.o.owner, 'PX', ttl, 'NX')) === 'OK') this.held.add(p);
    }
    this.validUntil = started + ttl - Math.ceil(ttl / 10);
  }

  async close(): Promise<void> {
    const mine = [...this.held];
    this.held.clear();
    this.validUntil = 0;
    try {
      if (mine.length > 0) await this.script('iwGiveBack')(mine.length, ...mine.map((p) => this.key(p)), this.o.owner);
      await this.redis.zrem(`${this.prefix}mergers`, this.o.owner);
    } catch {
      // Redis gone: the leases expire by themselves.
    }
    this.redis.disconnect();
  }
}
