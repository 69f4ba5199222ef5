// The server a fleet simulation (fleet.ts) ships to, either way it runs:
//   embedded   `infrawatch serve`: every role in one process, SQLite files
//   scale-out  `serve --role receiver`, `writer`, `merger` and `query`, a
//              process each, on nats-server (JetStream, file storage),
//              PostgreSQL 15 (fsync on) and Redis 7, started here from the
//              Debian packages (test/server/engines.ts, redis-engine.ts)
// and the processes whose cpu and RSS are the server's, by part, for the
// bench to read.

import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startNats, startPostgres } from '../test/server/engines.js';
import { startRedis } from '../test/server/redis-engine.js';
import { childNamed, processTreeOf } from './process-stats.js';
import { serveProcess, stopProcess, writeServeConfig } from './serve-process.js';

export interface FleetBackend {
  readonly kind: 'embedded' | 'scale-out';
  /** Where the hosts' receiver sinks post. */
  readonly ingestUrl: string;
  /** Where POST /api/query is answered. */
  readonly queryUrl: string;
  /**
   * The server's parts and their pids now (PostgreSQL: the postmaster and
   * its backends, which come and go). `rss: false`: its RSS is left out of
   * the sums (PostgreSQL's backends share their buffers: a sum of their RSS
   * means nothing).
   */
  parts(): { readonly name: string; readonly pids: readonly number[]; readonly rss: boolean }[];
  stop(): Promise<void>;
}

/** `infrawatch serve` on its embedded parts, its files in `dir`. */
export async function embeddedBackend(dir: string): Promise<FleetBackend> {
  const config = writeServeConfig(dir, [`store: { path: ${join(dir, 'store.db')} }`, `topics: { path: ${join(dir, 'topics.db')} }`]);
  const server = await serveProcess(config);
  const pid = server.child.pid!;
  return {
    kind: 'embedded',
    ingestUrl: server.url!,
    queryUrl: server.url!,
    parts: () => [{ name: 'serve', pids: [pid], rss: true }],
    stop: () => stopProcess(server),
  };
}

/** Every role its own process on nats-server, PostgreSQL and Redis, started here; their files in `dir`. */
export async function scaleoutBackend(dir: string): Promise<FleetBackend> {
  const [nats, postgres, redis] = await Promise.all([startNats(), startPostgres({ durable: true }), startRedis()]);
  const started: Awaited<ReturnType<typeof serveProcess>>[] = [];
  const stopAll = async () => {
    for (const p of started.reverse()) await stopProcess(p);
    await Promise.all([nats.stop(), postgres.stop(), redis.stop()]);
  };
  try {
    mkdirSync(dir, { recursive: true });
    const config = writeServeConfig(dir, [`topics: { bus: "${nats.url}" }`, `store: { url: "${postgres.url}" }`, `merger: { redis_url: "${redis.url}" }`]);
    // The writer first: it creates the row tables the query role reads.
    const roles: Record<string, Awaited<ReturnType<typeof serveProcess>>> = {};
    for (const role of ['writer', 'merger', 'receiver', 'query']) {
      roles[role] = await serveProcess(config, ['--role', role]);
      started.push(roles[role]);
    }
    const natsPid = childNamed('nats-server');
    const redisPid = childNamed('redis-server');
    const postmasterPid = Number(readFileSync(join(postgres.dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
    return {
      kind: 'scale-out',
      ingestUrl: roles.receiver.url!,
      queryUrl: roles.query.url!,
      parts: () => [
        ...Object.entries(roles).map(([name, p]) => ({ name, pids: [p.child.pid!], rss: true })),
        { name: 'nats-server', pids: [natsPid], rss: true },
        { name: 'redis-server', pids: [redisPid], rss: true },
        { name: 'postgres', pids: processTreeOf(postmasterPid), rss: false },
      ],
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
