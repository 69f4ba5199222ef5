// The scale-out high-water mark: Redis 7 (Debian's redis-server), through
// ioredis. One hash of the partitions' marks for every account
// (<prefix>hwm:partitions), one hash per partition of its marks for the
// accounts it holds deliveries of (<prefix>hwm:held:<p>), and one key per
// account (<prefix>hwm:account:<account>), all advanced by ONE Lua script,
// so that a report replaces the one before and the accounts' max of mins
// are atomic against every other merger's call (see high-water-mark.ts for
// the rule). Lua compares the marks as strings: they are 20-digit
// zero-padded decimal text (high-water-mark.ts), whose string order is
// their number order; a Lua number (a double) would round ns timestamps.

import { Redis } from 'ioredis';
import { type HighWaterMark, markOfText, markText, type PartitionMark } from './high-water-mark.js';

// KEYS[1]: the partitions' hash; KEYS[2 … P + 1]: partition 0 … P − 1's held hash; KEYS[P + 2 …]: the accounts' keys.
// ARGV[1]: P; ARGV[2]: the zero mark; ARGV[3]: n, the number of accounts; ARGV[4 … n + 3]: the accounts;
// then per report: partition, its mark, k, and k pairs of account, mark.
// Per partition, one HMGET per thousand accounts (Lua's unpack has a limit), not one call per account.
const ADVANCE = `
local P = tonumber(ARGV[1])
local n = tonumber(ARGV[3])
local i = 4 + n
while i <= #ARGV do
  local p = tonumber(ARGV[i])
  local k = tonumber(ARGV[i + 2])
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
  local held = KEYS[2 + p]
  redis.call('DEL', held)
  for j = 1, k do redis.call('HSET', held, ARGV[i + 1 + 2 * j], ARGV[i + 2 + 2 * j]) end
  i = i + 3 + 2 * k
end
if n == 0 then return {} end
local accounts = {}
for a = 1, n do accounts[a] = ARGV[3 + a] end
local low = {}
for a = 1, n do low[a] = false end
for p = 0, P - 1 do
  local all = redis.call('HGET', KEYS[1], tostring(p))
  if not all then
    for a = 1, n do low[a] = ARGV[2] end
    break
  end
  for s = 1, n, 1000 do
    local e = math.min(s + 999, n)
    local own = redis.call('HMGET', KEYS[2 + p], unpack(accounts, s, e))
    for a = s, e do
      local m = own[a - s + 1] or all
      if (not low[a]) or m < low[a] then low[a] = m end
    end
  end
end
local out = {}
for a = 1, n do
  local key = KEYS[P + 1 + a]
  local old = redis.call('GET', key)
  if (not old) or old < low[a] then
    redis.call('SET', key, low[a])
    old = low[a]
  end
  out[a] = old
end
return out
`;

export interface RedisHighWaterMarkOptions {
  readonly url: string;
  readonly partitions: number;
  /** Prefix of every key (tests give each case its own). */
  readonly prefix?: string;
}

export class RedisHighWaterMark implements HighWaterMark {
  private readonly prefix: string;
  private readonly fixedKeys: readonly string[];

  constructor(
    private readonly redis: Redis,
    private readonly o: RedisHighWaterMarkOptions,
  ) {
    this.prefix = o.prefix ?? 'iw:';
    this.fixedKeys = [`${this.prefix}hwm:partitions`, ...Array.from({ length: o.partitions }, (_, p) => `${this.prefix}hwm:held:${p}`)];
    redis.defineCommand('iwAdvanceMark', { lua: ADVANCE });
  }

  static async open(o: RedisHighWaterMarkOptions): Promise<RedisHighWaterMark> {
    const redis = new Redis(o.url, { lazyConnect: true, maxRetriesPerRequest: 2, enableOfflineQueue: false });
    // It reconnects by itself; a call made while Redis is away rejects, and the merger reports that.
    redis.on('error', () => undefined);
    await redis.connect();
    return new RedisHighWaterMark(redis, o);
  }

  private accountKey(account: string): string {
    return `${this.prefix}hwm:account:${account}`;
  }

  async advance(reports: ReadonlyMap<number, PartitionMark>, accounts: readonly string[]): Promise<Map<string, bigint>> {
    const argv: string[] = [String(this.o.partitions), markText(0n), String(accounts.length), ...accounts];
    for (const [p, r] of reports) {
      if (p < 0 || p >= this.o.partitions) continue;
      argv.push(String(p), markText(r.ns), String(r.accounts.size));
      for (const [a, ns] of r.accounts) argv.push(a, markText(ns));
    }
    const keys = [...this.fixedKeys, ...accounts.map((a) => this.accountKey(a))];
    const run = (this.redis as unknown as Record<string, (n: number, ...args: string[]) => Promise<string[]>>).iwAdvanceMark.bind(this.redis);
    const marks = await run(keys.length, ...keys, ...argv);
    return new Map(accounts.map((a, i) => [a, markOfText(marks[i])]));
  }

  async get(account: string): Promise<bigint | undefined> {
    const v = await this.redis.get(this.accountKey(account));
    return v === null ? undefined : markOfText(v);
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
