// The real engines of the scale-out backend, started by the tests that need
// them: nats-server (Debian's nats-server, 2.9) with JetStream, alone or as
// a cluster of three (routes between them, a stream's replicas on each),
// and PostgreSQL 15 (Debian's postgresql), each on free loopback ports in a
// folder of its own under the system's temp folder, removed after. `.ci/run`
// installs both packages; where a binary is missing the start throws an
// error naming the package to install, so a test that needs it fails: it
// never skips silently.
//
// PostgreSQL refuses to run as root, and the tests run as root in CI: its
// data folder is then given to `nobody`, and initdb and postgres are spawned
// with that uid (Node's spawn sets it: the process we kill is postgres
// itself, no wrapper in between). Only the processes started here are
// stopped, by their pid.

import { type ChildProcess, type SpawnOptions, spawn, spawnSync } from 'node:child_process';
import { accessSync, chmodSync, chownSync, constants, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';

export const NATS_SERVER = process.env.IW_NATS_SERVER ?? 'nats-server';
export const PG_BIN = process.env.IW_PG_BIN ?? '/usr/lib/postgresql/15/bin';

/** Where a binary is on PATH (or `bin` itself when it is a path), or undefined. */
function which(bin: string): string | undefined {
  if (bin.includes('/')) {
    try {
      accessSync(bin, constants.X_OK);
      return bin;
    } catch {
      return undefined;
    }
  }
  for (const dir of (process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin').split(':').concat('/usr/sbin', '/sbin')) {
    try {
      accessSync(join(dir, bin), constants.X_OK);
      return join(dir, bin);
    } catch {}
  }
  return undefined;
}

function missing(what: string, pkg: string): Error {
  return new Error(`${what} not found: the scale-out tests need Debian's package ${pkg} (apt-get install -y ${pkg}; .ci/run installs it)`);
}

/** A loopback port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Whether a user who is neither owner nor group may enter `dir` and every folder above it. */
function othersCanEnter(dir: string): boolean {
  for (let d = dir; ; d = dirname(d)) {
    if ((statSync(d).mode & 0o001) === 0) return false;
    if (dirname(d) === d) return true;
  }
}

/** A fresh folder under the temp folder (or /tmp, when others cannot reach that). */
function tempDir(prefix: string, forOthers: boolean): string {
  const base = !forOthers || othersCanEnter(tmpdir()) ? tmpdir() : '/tmp';
  return mkdtempSync(join(base, prefix));
}

/** Resolves when `child` wrote `ready` on stderr or stdout; rejects when it exits first or `ms` pass. */
function waitForLine(child: ChildProcess, ready: RegExp, ms: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => done(new Error(`${what} did not start within ${ms} ms:\n${log.slice(-2000)}`)), ms);
    const onData = (b: Buffer) => {
      log += b.toString();
      if (ready.test(log)) done();
    };
    const onExit = (code: number | null) => done(new Error(`${what} exited (${code}) before it was ready:\n${log.slice(-2000)}`));
    function done(err?: Error) {
      clearTimeout(timer);
      child.stderr?.off('data', onData);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      if (err) reject(err);
      else resolve();
    }
    child.stderr?.on('data', onData);
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}

/** Stops `child` (SIGTERM, SIGKILL after 10 s) and resolves when it exited. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export interface RunningEngine {
  /** nats://127.0.0.1:port or postgres://postgres@127.0.0.1:port/postgres */
  readonly url: string;
  readonly port: number;
  readonly dir: string;
  stop(): Promise<void>;
}

interface Launched {
  readonly child: ChildProcess;
  readonly ports: readonly number[];
}

/**
 * Spawns `bin` with the arguments `argsOf` makes of `portCount` free
 * loopback ports (and `fixedPorts`, reused as they are), and waits for
 * `ready` on its output; a port taken between freePort() and the bind
 * makes it fail, so it is tried again on new ports, three times in all.
 */
async function launch(what: string, bin: string, portCount: number, argsOf: (ports: readonly number[]) => string[], ready: RegExp, readyMs: number, options: SpawnOptions = {}): Promise<Launched> {
  for (let attempt = 1; ; attempt++) {
    const ports: number[] = [];
    while (ports.length < portCount) {
      const p = await freePort();
      if (!ports.includes(p)) ports.push(p);
    }
    const child = spawn(bin, argsOf(ports), { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      await waitForLine(child, ready, readyMs, what);
    } catch (err) {
      await stopChild(child);
      if (attempt < 3) continue;
      throw err;
    }
    child.stdout?.resume();
    child.stderr?.resume();
    return { child, ports };
  }
}

/** nats-server with JetStream, file storage in a temp folder. */
export async function startNats(): Promise<RunningEngine> {
  const bin = which(NATS_SERVER);
  if (bin === undefined) throw missing('nats-server', 'nats-server');
  const dir = tempDir('iw-nats-', false);
  try {
    const { child, ports } = await launch('nats-server', bin, 1, ([port]) => ['-js', '-sd', join(dir, 'js'), '-p', String(port), '-a', '127.0.0.1', '-m', '0'], /Server is ready/, 20_000);
    return {
      url: `nats://127.0.0.1:${ports[0]}`,
      port: ports[0],
      dir,
      async stop() {
        await stopChild(child);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

export interface NatsNode {
  /** Its server_name (n1, n2, n3), as /jsz names the leaders. */
  readonly name: string;
  readonly port: number;
  /** The monitoring port: http://127.0.0.1:<monitorPort>/jsz. */
  readonly monitorPort: number;
  /** SIGKILL, and wait for the exit. */
  kill9(): Promise<void>;
  /** Starts it again on the same ports and store folder (after kill9). */
  restart(): Promise<void>;
  /** Whether its process runs. */
  readonly running: boolean;
  /** Its process id now (a restart changes it): a bench reads its cpu and RSS. */
  readonly pid: number;
}

export interface RunningNatsCluster {
  /** Every node's client URL, comma-separated, as topics.bus takes them. */
  readonly url: string;
  readonly nodes: readonly NatsNode[];
  /** The node /jsz names as the JetStream meta leader, once the cluster has one (asked of a running node). */
  metaLeader(ms?: number): Promise<NatsNode>;
  /** The node that leads `stream`'s RAFT group (its writes go through it). */
  streamLeader(stream: string, ms?: number): Promise<NatsNode>;
  stop(): Promise<void>;
}

interface Jsz {
  meta_cluster?: { leader?: string };
  account_details?: { stream_detail?: { name: string; cluster?: { leader?: string } }[] }[];
}

async function jszOf(monitorPort: number, query: string): Promise<Jsz | undefined> {
  try {
    const res = await fetch(`http://127.0.0.1:${monitorPort}/jsz${query}`, { signal: AbortSignal.timeout(2000) });
    return res.ok ? ((await res.json()) as Jsz) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A JetStream cluster of `size` nats-servers (three: a stream of replicas 3
 * keeps its quorum when one is killed) on loopback, routes between every
 * pair, each its own store folder. Resolves once the cluster elected its
 * meta leader: before that, JetStream refuses to create streams.
 */
export async function startNatsCluster(size = 3): Promise<RunningNatsCluster> {
  const bin = which(NATS_SERVER);
  if (bin === undefined) throw missing('nats-server', 'nats-server');
  const dir = tempDir('iw-nats-cluster-', false);
  // The route ports are fixed before any node starts: each node names every other's.
  const routePorts: number[] = [];
  while (routePorts.length < size) {
    const p = await freePort();
    if (!routePorts.includes(p)) routePorts.push(p);
  }
  const routes = routePorts.map((p) => `nats://127.0.0.1:${p}`).join(',');
  const argsOf = (i: number, port: number, monitorPort: number) => [
    '-js',
    '-sd',
    join(dir, `n${i + 1}`),
    '-n',
    `n${i + 1}`,
    '-p',
    String(port),
    '-a',
    '127.0.0.1',
    '-m',
    String(monitorPort),
    '--cluster_name',
    'iw',
    '--cluster',
    `nats://127.0.0.1:${routePorts[i]}`,
    '--routes',
    routes,
  ];
  const nodes: (NatsNode & { child: ChildProcess })[] = [];
  const stopAll = async () => {
    await Promise.all(nodes.map((n) => stopChild(n.child)));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const launched = await Promise.all(
      Array.from({ length: size }, (_, i) => launch(`nats-server n${i + 1}`, bin, 2, ([port, monitorPort]) => argsOf(i, port, monitorPort), /Server is ready/, 20_000)),
    );
    launched.forEach(({ child, ports: [port, monitorPort] }, i) => {
      const node = {
        name: `n${i + 1}`,
        port,
        monitorPort,
        child,
        get running() {
          return node.child.exitCode === null && node.child.signalCode === null;
        },
        get pid() {
          return node.child.pid!;
        },
        async kill9() {
          node.child.kill('SIGKILL');
          await stopChild(node.child);
        },
        async restart() {
          const child = spawn(bin, argsOf(i, port, monitorPort), { stdio: ['ignore', 'pipe', 'pipe'] });
          await waitForLine(child, /Server is ready/, 20_000, `nats-server ${node.name} (restart)`);
          child.stdout?.resume();
          child.stderr?.resume();
          node.child = child;
        },
      };
      nodes.push(node);
    });
  } catch (err) {
    await stopAll();
    throw err;
  }
  const leaderFrom = async (what: string, ms: number, nameOf: (jsz: Jsz) => string | undefined, query: string): Promise<NatsNode> => {
    const deadline = Date.now() + ms;
    for (;;) {
      for (const n of nodes) {
        if (!n.running) continue;
        const jsz = await jszOf(n.monitorPort, query);
        const name = jsz && nameOf(jsz);
        const leader = nodes.find((x) => x.name === name && x.running);
        if (leader !== undefined) return leader;
      }
      if (Date.now() > deadline) throw new Error(`nats cluster: no ${what} within ${ms} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const cluster: RunningNatsCluster = {
    url: nodes.map((n) => `nats://127.0.0.1:${n.port}`).join(','),
    nodes,
    metaLeader: (ms = 30_000) => leaderFrom('meta leader', ms, (j) => j.meta_cluster?.leader, ''),
    streamLeader: (stream, ms = 30_000) =>
      leaderFrom(`leader of stream ${stream}`, ms, (j) => j.account_details?.flatMap((a) => a.stream_detail ?? []).find((s) => s.name === stream)?.cluster?.leader, '?streams=true'),
    stop: stopAll,
  };
  try {
    await cluster.metaLeader();
  } catch (err) {
    await stopAll();
    throw err;
  }
  return cluster;
}

export interface PostgresOptions {
  /** true: fsync and synchronous commit as in production (the benchmark); false (tests): neither. */
  readonly durable?: boolean;
}

export interface RunningPostgres extends RunningEngine {
  /** The uid and gid postgres runs as (nobody when the tests run as root), for the folders it must write. */
  readonly ids: { readonly uid?: number; readonly gid?: number };
  /** An immediate shutdown (SIGQUIT: no checkpoint, as a crash; every connection cut), then a start on the same port and data: it recovers from its WAL. */
  crashAndRestart(): Promise<void>;
}

/** PostgreSQL 15: initdb in a temp folder, postgres on a free loopback port, trust auth for user postgres. */
export async function startPostgres(options: PostgresOptions = {}): Promise<RunningPostgres> {
  const initdb = which(join(PG_BIN, 'initdb'));
  const postgres = which(join(PG_BIN, 'postgres'));
  if (initdb === undefined || postgres === undefined) throw missing(`PostgreSQL 15's server (${PG_BIN}/initdb, postgres)`, 'postgresql');
  const asRoot = process.getuid?.() === 0;
  const dir = tempDir('iw-pg-', asRoot);
  const data = join(dir, 'data');
  // The unprivileged user it runs as when we are root: `nobody` owns the folder.
  const ids = asRoot ? { uid: 65534, gid: 65534 } : {};
  if (asRoot) {
    chownSync(dir, 65534, 65534);
    chmodSync(dir, 0o700);
  }
  const env = { ...process.env, HOME: dir, LC_ALL: 'C', PGDATA: data };
  const init = spawnSync(initdb, ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions'], { ...ids, env, cwd: dir, encoding: 'utf8' });
  if (init.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed (${init.status ?? init.signal}): ${init.error?.message ?? ''}\n${init.stderr}`);
  }
  const tuning = options.durable ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'];
  const argsOf = (port: number) => ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=100', ...tuning];
  const spawnOptions: SpawnOptions = { ...ids, env, cwd: dir };
  let child: ChildProcess;
  let port: number;
  try {
    const launched = await launch('postgres', postgres, 1, ([p]) => argsOf(p), /ready to accept connections/, 30_000, spawnOptions);
    child = launched.child;
    port = launched.ports[0];
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dir,
    ids,
    async crashAndRestart() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGQUIT');
      await exited;
      child = spawn(postgres, argsOf(port), { ...spawnOptions, stdio: ['ignore', 'pipe', 'pipe'] });
      await waitForLine(child, /ready to accept connections/, 30_000, 'postgres (restart)');
      child.stdout?.resume();
      child.stderr?.resume();
    },
    async stop() {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh database on `server` (CREATE DATABASE), so that each case starts from nothing; its URL. */
export async function freshDatabase(server: RunningEngine, name: string): Promise<string> {
  const c = new pg.Client({ connectionString: server.url });
  await c.connect();
  try {
    await c.query(`CREATE DATABASE "${name}"`);
  } finally {
    await c.end();
  }
  return server.url.replace(/\/postgres$/, `/${name}`);
}
