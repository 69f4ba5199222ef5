// Redis 7 for the scale-out merger's tests (Debian's redis-server), on a
// free loopback port in a temp folder of its own, with the append-only file
// fsync'd on every write (appendfsync always), so that a kill -9 loses no
// acknowledged write and a restart on the same folder has every mark and
// lease it had. A missing binary fails the test naming the package (.ci/run
// installs it), as engines.ts does for nats-server and PostgreSQL. Only the
// process started here is stopped, by its pid.

import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './engines.js';

export const REDIS_SERVER = process.env.IW_REDIS_SERVER ?? '/usr/bin/redis-server';

export interface RunningRedis {
  readonly url: string;
  readonly port: number;
  readonly dir: string;
  /** SIGKILL, and wait for the exit. */
  kill9(): Promise<void>;
  /** Starts it again on the same port and folder (after kill9). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

function waitReady(child: ChildProcess, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => done(new Error(`redis-server did not start within ${ms} ms:\n${log.slice(-2000)}`)), ms);
    const onData = (b: Buffer) => {
      log += b.toString();
      if (/Ready to accept connections/.test(log)) done();
    };
    const onExit = (code: number | null) => done(new Error(`redis-server exited (${code}) before it was ready:\n${log.slice(-2000)}`));
    function done(err?: Error) {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      child.stdout?.resume();
      if (err) reject(err);
      else resolve();
    }
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function startRedis(): Promise<RunningRedis> {
  try {
    accessSync(REDIS_SERVER, constants.X_OK);
  } catch {
    throw new Error(`${REDIS_SERVER} not found: the scale-out merger tests need Debian's package redis-server (apt-get install -y redis-server; .ci/run installs it)`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'iw-redis-'));
  const port = await freePort();
  let child: ChildProcess;
  const launch = async () => {
    child = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', '', '--daemonize', 'no', '--logfile', ''], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stderr?.resume();
    await waitReady(child, 20_000);
  };
  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    async kill9() {
      child.kill('SIGKILL');
      await exited(child);
    },
    async restart() {
      await launch();
    },
    async stop() {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited(child);
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
