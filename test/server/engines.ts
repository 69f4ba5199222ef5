// The real engines of the scale-out backend, started by the tests that need
// them: nats-server (Debian's nats-server, 2.9) with JetStream, and
// PostgreSQL 15 (Debian's postgresql), each on a free loopback port in a
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

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
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

/** nats-server with JetStream, file storage in a temp folder. */
export async function startNats(): Promise<RunningEngine> {
  const bin = which(NATS_SERVER);
  if (bin === undefined) throw missing('nats-server', 'nats-server');
  const dir = tempDir('iw-nats-', false);
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const child = spawn(bin, ['-js', '-sd', join(dir, 'js'), '-p', String(port), '-a', '127.0.0.1', '-m', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      await waitForLine(child, /Server is ready/, 20_000, 'nats-server');
    } catch (err) {
      await stopChild(child);
      if (attempt < 3) continue;
      rmSync(dir, { recursive: true, force: true });
      throw err;
    }
    child.stdout?.resume();
    child.stderr?.resume();
    return {
      url: `nats://127.0.0.1:${port}`,
      port,
      dir,
      async stop() {
        await stopChild(child);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
}

export interface PostgresOptions {
  /** true: fsync and synchronous commit as in production (the benchmark); false (tests): neither. */
  readonly durable?: boolean;
}

/** PostgreSQL 15: initdb in a temp folder, postgres on a free loopback port, trust auth for user postgres. */
export async function startPostgres(options: PostgresOptions = {}): Promise<RunningEngine> {
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
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const child = spawn(postgres, ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=50', ...tuning], {
      ...ids,
      env,
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      await waitForLine(child, /ready to accept connections/, 30_000, 'postgres');
    } catch (err) {
      await stopChild(child);
      if (attempt < 3) continue;
      rmSync(dir, { recursive: true, force: true });
      throw err;
    }
    child.stdout?.resume();
    child.stderr?.resume();
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      port,
      dir,
      async stop() {
        await stopChild(child);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
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
