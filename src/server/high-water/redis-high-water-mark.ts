// The scale-out high-water mark: Redis 7 (Debian's redis-server), through
// ioredis. One hash of partition marks and one key per account
// (<prefix>hwm:account:<account>), both advanced by ONE Lua script, so the
// max and the min are atomic against every other merger's call. Lua
// compares the marks as strings: they are 20-digit zero-padded decimal text
// (high-water-mark.ts), whose string order is their number order; a Lua
// number (a double) would round ns timestamps.

import { Redis } from 'ioredis';
import { type HighWaterMark, markOfText, markText } from './high-water-mark.js';

// KEYS[1]: the partitions' hash; KEYS[2…]: the accounts' keys.
// ARGV[1]: P; ARGV[2]: the zero mark; ARGV[3…]: partition, mark, partition, mark …
const ADVANCE = `
local h = KEYS[1]
for i = 3, #ARGV, 2 do
  local old = redis.call('HGET', h, ARGV[i])
  if (not old) or old < ARGV[i + 1] then redis.call('HSET', h, ARGV[i], ARGV[i + 1]) end
end
local fields = {}
for p = 0, tonumber(ARGV[1]) - 1 do fields[#fields + 1] = tostring(p) end
local low = nil
local marks = redis.call('HMGET', h, unpack(fields))
for i = 1, #fields do
  local m = marks[i]
  if not m then low = ARGV[2] break end
  if (not low) or m < low then low = m end
end
local out = {}
for k = 2, #KEYS do
  local old = redis.call('GET', KEYS[k])
  if (not old) or old < low then
    redis.call('SET', KEYS[k], low)
    old = low
  end
  out[#out + 1] = old
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

  constructor(
    private readonly redis: Redis,
    private readonly o: RedisHighWaterMarkOptions,
  ) {
    this.prefix = o.prefix ?? 'iw:';
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

  async advance(partitionMarks: ReadonlyMap<number, bigint>, accounts: readonly string[]): Promise<Map<string, bigint>> {
    const argv: string[] = [String(this.o.partitions), markText(0n)];
    for (const [p, ns] of partitionMarks) if (p >= 0 && p < this.o.partitions) argv.push(String(p), markText(ns));
    const keys = [`${this.prefix}hwm:partitions`, ...accounts.map((a) => this.accountKey(a))];
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
