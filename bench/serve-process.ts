// `infrawatch serve` as a child process of a bench (server-ingest,
// scaleout-ingest): resolves with its URLs once it logged "server
// listening". The tests have their own (test/server/serve-child.ts: it
// kills its children after the test file, through vitest).

import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../src/paths.js';

const CLI = join(packageRoot, 'dist', 'src', 'cli.js');
export const BENCH_SECRET = 'bench-secret-of-more-than-32-bytes-0123456789';
export const BENCH_ACCOUNT = 'bench';
const LOG_TAIL_LINES = 30;

/**
 * Writes `dir`/server.yaml for a bench's server: listeners on free loopback
 * ports (gRPC off: not 4317, the default, which another server may hold;
 * the benches send HTTP only), `lines` (its store, topics, merger), and the
 * HS256 key of BENCH_ACCOUNT (BENCH_SECRET, in a file beside it). Returns its path.
 */
export function writeServeConfig(dir: string, lines: readonly string[]): string {
  const secretFile = join(dir, 'secret');
  writeFileSync(secretFile, BENCH_SECRET);
  chmodSync(secretFile, 0o600);
  const config = join(dir, 'server.yaml');
  const auth = ['auth:', '  keys:', `    - { id: main, account: ${BENCH_ACCOUNT}, algorithms: [HS256], secret_file: ${secretFile} }`];
  writeFileSync(config, ['listen: { address: 127.0.0.1, port: 0 }', 'metrics_listen: 127.0.0.1:0', 'grpc_listen: ""', ...lines, ...auth].join('\n'));
  return config;
}

export interface ServeProcess {
  readonly child: ChildProcess;
  /** The ingest URL; undefined for a role without a listener (writer). */
  readonly url: string | undefined;
  readonly metricsUrl: string;
  /** Its last LOG_TAIL_LINES lines of log since it listened. */
  logTail(): string;
}

/** Starts `infrawatch serve --config config [args]`; IW_BENCH_SERVER_NODE_FLAGS are node's flags for it (a profiler, say). */
export function serveProcess(config: string, args: readonly string[] = []): Promise<ServeProcess> {
  const nodeFlags = process.env.IW_BENCH_SERVER_NODE_FLAGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeFlags, CLI, 'serve', '--config', config, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.includes('"server listening"'));
      if (line) {
        const { url, metrics } = JSON.parse(line) as { url?: string; metrics: string };
        // Its log goes on being read (a full pipe would stall it); its last lines are kept, for a bench to show when it died.
        out = '';
        const tail: string[] = [];
        let partial = '';
        child.stdout!.removeAllListeners('data');
        child.stdout!.on('data', (d: Buffer) => {
          const lines = (partial + d.toString()).split('\n');
          partial = lines.pop()!;
          tail.push(...lines);
          if (tail.length > LOG_TAIL_LINES) tail.splice(0, tail.length - LOG_TAIL_LINES);
        });
        resolve({ child, url, metricsUrl: metrics, logTail: () => [...tail, partial].filter(Boolean).join('\n') });
      }
    });
    child.once('exit', (code) => reject(new Error(`infrawatch serve ${args.join(' ')} exited (${code}) before listening`)));
  });
}

/** SIGTERM, and resolves when it exited. */
export async function stopProcess(p: ServeProcess): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  const exited = new Promise((r) => p.child.once('exit', r));
  p.child.kill('SIGTERM');
  await exited;
}
