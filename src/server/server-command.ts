// The server's commands, loaded by cli.ts only when one of them is run (a
// dynamic import): `infrawatch run` never loads SQLite, jose or any module
// of src/server/.
//   infrawatch serve [--config FILE] [--role all|receiver|writer|merger|query]
//   infrawatch token issue --account A --host H [--ttl 30d] [--key ID] [--config FILE]

import { parseArgs } from 'node:util';
import { createAgentLog } from '../agent-log.js';
import { InfraWatchError } from '../errors.js';
import { loadKeyRing } from './auth/key-ring.js';
import { issueToken } from './auth/token-issuer.js';
import { loadServerConfig } from './config/load-server-config.js';
import { ROLES, type ServerConfig } from './config/server-config.js';
import { startEmbeddedServer } from './embedded-server.js';
import { startQueryServer } from './query/query-server.js';
import { isScaleOut, startScaleOutServer } from './scaleout-server.js';

export const SERVER_USAGE = `Usage:
  infrawatch serve [--config FILE] [--role all|receiver|writer|merger|query]
      the fleet backend: receiver, writer, merger and store in one process (the
      default config: config/server.yaml's defaults); --role receiver|writer runs
      one role on topics.bus nats://… and store.url postgres://… (each its own
      process); --role merger merges proc.sketch.v1 into DistributionMetric
      (merger.redis_url); --role query: POST /api/query alone, on
      listen.address:port, over store.url; --role overrides the config's role:
  infrawatch token issue --account A --host H [--ttl 30d] [--key ID] [--config FILE]
      print a token for host H of account A, signed with the account's HS* key
      of the config's auth.keys (--ttl: s, m, h or d; default 30d)
`;

/** How long a stop after a dead thread may take before the process exits anyway. */
const FATAL_STOP_GRACE_MS = 10_000;

function usageError(message: string): InfraWatchError {
  return new InfraWatchError('IW_ERR_USAGE', message);
}

function parse<T extends Record<string, { type: 'string' | 'boolean' }>>(command: string, args: string[], options: T, positionals = false) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: positionals });
  } catch (err) {
    throw usageError(`${command}: ${(err as Error).message}`);
  }
}

/** "30d", "12h", "90m", "3600s" or "3600" → seconds. */
export function ttlSeconds(text: string, maxSeconds: number): number {
  const m = /^(\d{1,9})([smhd]?)$/.exec(text);
  const unit = m ? { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as '' | 's' | 'm' | 'h' | 'd'] : 0;
  const seconds = m ? Number(m[1]) * unit : 0;
  if (!m || seconds < 60 || seconds > maxSeconds) throw usageError(`--ttl: expected a duration from 60s to ${maxSeconds}s (auth.max_ttl_seconds), as 3600, 90m, 12h or 30d`);
  return seconds;
}

async function serve(args: string[]): Promise<void> {
  const { values } = parse('serve', args, { config: { type: 'string' }, role: { type: 'string' } });
  let config: ServerConfig = loadServerConfig(values.config);
  if (values.role !== undefined) {
    if (!(ROLES as readonly string[]).includes(values.role)) throw usageError(`--role: expected one of ${ROLES.join(', ')}`);
    config = { ...config, role: values.role as ServerConfig['role'] };
  }
  const queryRole = config.role === 'query';
  const log = createAgentLog('info');
  let server: { readonly url: string | undefined; readonly metricsUrl: string | undefined; close(): Promise<void> } | undefined;
  let stop: (why: string) => void = () => {};
  const stopped = new Promise<void>((resolve) => {
    stop = (why) => {
      log.info({ why }, 'server stopping');
      (server?.close() ?? Promise.resolve()).then(resolve, (err: unknown) => {
        log.error({ err }, 'server stop failed');
        resolve();
      });
    };
  });
  // A thread of the server died: stop as a crash would, exit 1 (a supervisor starts it again; nothing acked is lost).
  const onFatal = (err: Error) => {
    log.fatal({ err }, 'a server thread died');
    process.exitCode = 1;
    stop('fatal');
    // A stop that cannot finish (a thread that waits for the dead one) must not keep a broken server up.
    setTimeout(() => process.exit(1), FATAL_STOP_GRACE_MS).unref();
  };
  const source = values.config ?? '(defaults)';
  server = queryRole ? await startQueryServer(config, source, log) : isScaleOut(config) ? await startScaleOutServer(config, source, log) : await startEmbeddedServer(config, source, log, onFatal);
  log.info({ url: server.url, metrics: server.metricsUrl, store: config.store.path, topics: config.topics.path, role: config.role }, 'server listening');
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  await stopped;
  log.info('server stopped');
}

async function token(args: string[]): Promise<void> {
  const { values, positionals } = parse('token', args, { account: { type: 'string' }, host: { type: 'string' }, ttl: { type: 'string' }, key: { type: 'string' }, config: { type: 'string' } }, true);
  if (positionals.length !== 1 || positionals[0] !== 'issue') throw usageError('token: expected "token issue --account A --host H"');
  if (!values.account) throw usageError('token issue: --account is required');
  if (!values.host) throw usageError('token issue: --host is required');
  const config = loadServerConfig(values.config);
  const keys = loadKeyRing(config.auth.keys, values.config ?? '(defaults)');
  const jwt = await issueToken(keys, {
    account: values.account,
    host: values.host,
    ttlSeconds: ttlSeconds(values.ttl ?? '30d', config.auth.max_ttl_seconds),
    keyId: values.key,
    issuer: config.auth.issuer,
    audience: config.auth.audience,
  });
  process.stdout.write(`${jwt}\n`);
}

/** `infrawatch serve …` or `infrawatch token …`. */
export async function serverCommand(command: 'serve' | 'token', args: string[]): Promise<void> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(SERVER_USAGE);
    return;
  }
  return command === 'serve' ? serve(args) : token(args);
}
