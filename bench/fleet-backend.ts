// The server a fleet simulation (fleet.ts) ships to, either way it runs:
//   embedded   `infrawatch serve`: every role in one process, SQLite files
//   scale-out  `serve --role …`, a process each: two receivers (the hosts
//              split between them), two writers, two mergers and a query
//              server, on a 3-node nats-server JetStream cluster (streams
//              of replicas 3, as production runs them), PostgreSQL 15
//              (fsync on) and Redis 7, started here from the Debian
//              packages (test/server/engines.ts, redis-engine.ts)
// and the processes whose cpu and RSS are the server's, by part, for the
// bench to read; whether a role died; and how the partitions are shared.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { DEFAULT_PARTITIONS } from '../src/server/topics/partition.js';
import { startNatsCluster, startPostgres } from '../test/server/engines.js';
import { startRedis } from '../test/server/redis-engine.js';
import { childNamed, processTreeOf } from './process-stats.js';
import { type ServeProcess, serveProcess, stopProcess, writeServeConfig } from './serve-process.js';

/** The scale-out roles, an instance each: two of every role that shares work, so that the run shows the sharing. */
const SCALEOUT_ROLES = [
  ['writer-1', 'writer'],
  ['writer-2', 'writer'],
  ['merger-1', 'merger'],
  ['merger-2', 'merger'],
  ['receiver-1', 'receiver'],
  ['receiver-2', 'receiver'],
  ['query', 'query'],
] as const;
const NATS_NODES = 3;

/** How the work is shared among the instances of a role at one moment. */
export interface Sharing {
  /** Per merger: the partitions of proc.sketch.v1 whose Redis lease it holds. */
  readonly mergerPartitions: Readonly<Record<string, readonly number[]>>;
  /** Per writer: the messages it stored so far (the writers share each partition's durable consumer: no partition is a writer's own). */
  readonly writerMessages: Readonly<Record<string, number>>;
}

export interface FleetBackend {
  readonly kind: 'embedded' | 'scale-out';
  /** Where the hosts' receiver sinks post: host i posts to ingestUrls[i % length]. */
  readonly ingestUrls: readonly string[];
  /** Where POST /api/query is answered. */
  readonly queryUrl: string;
  /**
   * The server's parts and their pids now (PostgreSQL: the postmaster and
   * its backends, which come and go). `rss: false`: its RSS is left out of
   * the sums (PostgreSQL's backends share their buffers: a sum of their RSS
   * means nothing).
   */
  parts(): { readonly name: string; readonly pids: readonly number[]; readonly rss: boolean }[];
  /** Throws, naming it, when a part of the server exited: a run without it measures something else. */
  assertAlive(): void;
  /** Scale-out: how the writers and mergers share the partitions now; embedded: undefined (one of each). */
  sharing(): Promise<Sharing | undefined>;
  stop(): Promise<void>;
}

/** That `p` exited, how, and its last log lines. */
function exitText(name: string, p: ServeProcess): string {
  return `the server's ${name} exited (${p.child.signalCode ?? p.child.exitCode}); its last log lines:\n${p.logTail()}`;
}

/** Throws when `p` exited. */
function assertRunning(name: string, p: ServeProcess): void {
  const { exitCode, signalCode } = p.child;
  if (exitCode !== null || signalCode !== null) throw new Error(`during the run, ${exitText(name, p)}`);
}

/** Says at once on stderr when `p` exits before `stopping()`, with its last log lines: the run goes on to its table, which then fails. */
function reportExit(name: string, p: ServeProcess, stopping: () => boolean): void {
  p.child.once('exit', () => {
    if (!stopping()) process.stderr.write(`fleet: at ${new Date().toISOString()}, ${exitText(name, p)}\n`);
  });
}

/** `infrawatch serve` on its embedded parts, its files in `dir`. */
export async function embeddedBackend(dir: string): Promise<FleetBackend> {
  const config = writeServeConfig(dir, [`store: { path: ${join(dir, 'store.db')} }`, `topics: { path: ${join(dir, 'topics.db')} }`]);
  const server = await serveProcess(config);
  let stopping = false;
  reportExit('serve', server, () => stopping);
  const pid = server.child.pid!;
  return {
    kind: 'embedded',
    ingestUrls: [server.url!],
    queryUrl: server.url!,
    parts: () => [{ name: 'serve', pids: [pid], rss: true }],
    assertAlive: () => assertRunning('serve', server),
    sharing: async () => undefined,
    stop: () => {
      stopping = true;
      return stopProcess(server);
    },
  };
}

/** Every role its own process on a nats-server cluster, PostgreSQL and Redis, started here; their files in `dir`. */
export async function scaleoutBackend(dir: string): Promise<FleetBackend> {
  const [nats, postgres, redis] = await Promise.all([startNatsCluster(NATS_NODES), startPostgres({ durable: true }), startRedis()]);
  const started: ServeProcess[] = [];
  let leases: Redis | undefined;
  let stopping = false;
  const stopAll = async () => {
    stopping = true;
    leases?.disconnect();
    for (const p of started.reverse()) await stopProcess(p);
    await Promise.all([nats.stop(), postgres.stop(), redis.stop()]);
  };
  try {
    const P = DEFAULT_PARTITIONS;
    // Replicas 3: every stream on every node, a write acked once two of them have it.
    const bus = `${nats.url}?replicas=${NATS_NODES}`;
    const config = writeServeConfig(dir, [`topics: { bus: "${bus}", partitions: ${P} }`, `store: { url: "${postgres.url}" }`, `merger: { redis_url: "${redis.url}" }`]);
    const roles = new Map<string, ServeProcess>();
    const start = async ([name, role]: (typeof SCALEOUT_ROLES)[number]) => {
      const p = await serveProcess(config, ['--role', role]);
      reportExit(name, p, () => stopping);
      started.push(p);
      roles.set(name, p);
    };
    // A writer first: it creates the row tables the others read; then the rest side by side.
    await start(SCALEOUT_ROLES[0]);
    await Promise.all(SCALEOUT_ROLES.slice(1).map(start));
    const named = (role: string) => SCALEOUT_ROLES.filter(([, r]) => r === role).map(([name]) => [name, roles.get(name)!] as const);
    const redisPid = childNamed('redis-server');
    const postmasterPid = Number(readFileSync(join(postgres.dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
    leases = new Redis(redis.url, { maxRetriesPerRequest: 1, lazyConnect: true });
    await leases.connect();
    const leaseReader = leases;
    return {
      kind: 'scale-out',
      ingestUrls: named('receiver').map(([, p]) => p.url!),
      queryUrl: roles.get('query')!.url!,
      parts: () => [
        ...SCALEOUT_ROLES.map(([name]) => ({ name, pids: [roles.get(name)!.child.pid!], rss: true })),
        ...nats.nodes.map((n) => ({ name: `nats-server ${n.name}`, pids: [n.pid], rss: true })),
        { name: 'redis-server', pids: [redisPid], rss: true },
        { name: 'postgres', pids: processTreeOf(postmasterPid), rss: false },
      ],
      assertAlive() {
        for (const [name, p] of roles) assertRunning(name, p);
        for (const n of nats.nodes) if (!n.running) throw new Error(`nats-server ${n.name} exited during the run`);
      },
      async sharing() {
        // A merger's lease holds its owner id, `host-pid-random` (merger-role.ts): the pid names the instance.
        const owners = await leaseReader.mget(Array.from({ length: P }, (_, p) => `iw:lease:${p}`));
        const mergerPartitions: Record<string, number[]> = {};
        for (const [name, p] of named('merger')) mergerPartitions[name] = owners.flatMap((owner, partition) => (owner?.match(/-(\d+)-[^-]+$/)?.[1] === String(p.child.pid) ? [partition] : []));
        const writerMessages: Record<string, number> = {};
        for (const [name, p] of named('writer')) {
          const text = await (await fetch(p.metricsUrl)).text();
          writerMessages[name] = Number(/^infrawatch_server_written_messages_total (\S+)$/m.exec(text)?.[1] ?? Number.NaN);
        }
        return { mergerPartitions, writerMessages };
      },
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
