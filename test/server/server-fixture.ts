// A real embedded server on loopback (any free port) in a temp dir, with an
// HS256 key for account "acme", and the helpers the server's tests share:
// tokens, requests, and waiting for the writer to store what was accepted.

import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { SignJWT } from 'jose';
import protobuf from 'protobufjs/minimal.js';
import { validateServerConfig, type ServerConfig } from '../../src/server/config/server-config.js';
import { startEmbeddedServer, type RunningServer } from '../../src/server/embedded-server.js';
import type { RowCounts } from '../../src/server/store/row-store.js';
import { infrawatch } from '../../src/wire/generated/infrawatch.js';

export const ACCOUNT = 'acme';
export const SECRET = 'a-test-secret-of-more-than-32-bytes-0123456789';

export interface Fixture {
  readonly dir: string;
  readonly server: RunningServer;
  readonly url: string;
  token(claims?: Record<string, unknown>, o?: { host?: string; expSeconds?: number; kid?: string; secret?: string }): Promise<string>;
  post(path: string, body: string | Uint8Array, o?: { token?: string; contentType?: string; headers?: Record<string, string> }): Promise<Response>;
  /** Waits until the writer has emptied the outbox, then counts `host`'s rows. */
  rows(host?: string): Promise<RowCounts>;
  close(): Promise<void>;
}

/** server.yaml's text for a server in `dir` (plus `extra` YAML lines), its secret written beside it. */
export function serverYaml(dir: string, extra: string[] = []): string {
  const secretFile = join(dir, 'acme.secret');
  writeFileSync(secretFile, `${SECRET}\n`);
  chmodSync(secretFile, 0o600);
  return [
    'listen: { address: 127.0.0.1, port: 0 }',
    'metrics_listen: 127.0.0.1:0',
    'grpc_listen: 127.0.0.1:0',
    `store: { path: ${join(dir, 'store', 'infrawatch.db')} }`,
    `topics: { path: ${join(dir, 'store', 'topics.db')} }`,
    ...extra,
    'auth:',
    '  keys:',
    `    - { id: main, account: ${ACCOUNT}, algorithms: [HS256], secret_file: ${secretFile} }`,
  ].join('\n');
}

export async function startFixture(o: { config?: (c: ServerConfig) => ServerConfig; keys?: ServerConfig['auth']['keys'] } = {}): Promise<Fixture> {
  const dir = mkdtempSync(join(tmpdir(), 'iw-server-'));
  const { parse } = await import('yaml');
  let config = validateServerConfig(parse(serverYaml(dir, ['merger: { enabled: false }'])), 'test');
  if (o.keys) config = { ...config, auth: { ...config.auth, keys: [...config.auth.keys, ...o.keys] } };
  if (o.config) config = o.config(config);
  const server = await startEmbeddedServer(config, 'test', pino({ level: 'silent' }));
  const fixture: Fixture = {
    dir,
    server,
    url: server.url,
    async token(claims = {}, t = {}) {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ acct: ACCOUNT, ...claims })
        .setProtectedHeader({ alg: 'HS256', kid: t.kid ?? 'main' })
        .setSubject(t.host ?? 'h1')
        .setIssuer('infrawatch')
        .setAudience('infrawatch-ingest')
        .setIssuedAt(now)
        .setExpirationTime(now + (t.expSeconds ?? 3600))
        .sign(new TextEncoder().encode(t.secret ?? SECRET));
    },
    async post(path, body, p = {}) {
      const token = p.token ?? (await fixture.token());
      return fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': p.contentType ?? 'application/json', authorization: `Bearer ${token}`, ...p.headers },
        body: body as string,
      });
    },
    async rows(host = 'h1') {
      const deadline = Date.now() + 10_000;
      while (server.topics.backlog('proc.raw.v1').messages + server.topics.backlog('proc.sketch.v1').messages > 0) {
        if (Date.now() > deadline) throw new Error('the writer did not empty the outbox in 10 s');
        await new Promise((r) => setTimeout(r, 10));
      }
      return server.store.countRows(ACCOUNT, host);
    },
    close: () => server.close(),
  };
  return fixture;
}

/** A telemetry body as the agent's api sink sends it, with `top` rows and `aggregates` aggregate rows. */
export function telemetryBody(host: string, timestamp: string, top = 2, aggregates = 3): string {
  return JSON.stringify({
    host_id: host,
    timestamp,
    cpu: 12.5,
    memory: 40,
    disk: 55,
    uptime: 1000,
    disks: [{ mount: '/', usedBytes: 1, availableBytes: 2, percentUsed: 33 }],
    processes: {
      top: Array.from({ length: top }, (_, i) => ({
        processId: 100 + i,
        parentProcessId: 1,
        commandName: `p${i}`,
        processDisplayName: `p${i}`,
        state: 'S',
        cpuPercent: i,
        memoryResidentSizeBytes: 4096 * i,
        threadCount: 1,
      })),
      aggregates: Array.from({ length: aggregates }, (_, i) => ({ processDisplayName: `agg${i}`, processCount: 2, cpuPercent: 0.5, memoryResidentSizeBytes: 1000 })),
      totals: { processCount: top + 2 * aggregates },
    },
  });
}

/** One ProcessEnvelope of `host` at `timestampMs`, with `top` rows and `aggregates` aggregate rows. */
export function processEnvelope(host: string, timestampMs: number, top = 2, aggregates = 3) {
  return {
    entityGuid: host,
    schemaVersion: '2.3',
    payload: {
      timestampMs,
      intervalMs: 10_000,
      mode: 'smart',
      top: Array.from({ length: top }, (_, i) => ({ processId: 100 + i, commandName: `p${i}`, processDisplayName: `p${i}`, cpuPercent: i, memoryResidentSizeBytes: 4096 })),
      aggregates: Array.from({ length: aggregates }, (_, i) => ({ processDisplayName: `agg${i}`, processCount: 2, cpuPercent: 0.5 })),
    },
  };
}

/** Length-delimited ProcessEnvelopes of `host`, one per timestamp. */
export function processEnvelopes(host: string, timestampsMs: readonly number[], top = 2, aggregates = 3): Uint8Array {
  const writer = protobuf.Writer.create();
  for (const ts of timestampsMs) infrawatch.ProcessEnvelope.encodeDelimited(processEnvelope(host, ts, top, aggregates), writer);
  return writer.finish();
}

export const PROCESS_ENVELOPES = 'application/x-protobuf; messageType=infrawatch.ProcessEnvelope';
