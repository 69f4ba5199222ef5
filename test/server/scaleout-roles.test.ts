// `serve --role receiver` and `serve --role writer` apart, on NATS
// JetStream and PostgreSQL 15 (started here: engines.ts): what an agent
// posts to a receiver lands in the store through a writer that shares
// nothing with it but the bus, once, even when the agent retries.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { pino } from 'pino';
import { parse } from 'yaml';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { validateServerConfig } from '../../src/server/config/server-config.js';
import { startScaleOutServer } from '../../src/server/scaleout-server.js';
import { PostgresRowStore } from '../../src/server/store/postgres-row-store.js';
import { ACCOUNT, SECRET, serverYaml } from './server-fixture.js';
import { freshDatabase, type RunningEngine, startNats, startPostgres } from './engines.js';

let nats: RunningEngine;
let postgres: RunningEngine;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'iw-roles-'));
  [nats, postgres] = await Promise.all([startNats(), startPostgres()]);
}, 120_000);

afterAll(async () => {
  await Promise.all([nats?.stop(), postgres?.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

it('a receiver and a writer, each on its own, store what the agent posted once', async () => {
  const storeUrl = await freshDatabase(postgres, 'roles');
  const log = pino({ level: 'silent' });
  // The fixture's server.yaml (its auth key), its embedded store line replaced by the scale-out URLs.
  const base = (role: string) => {
    const text = serverYaml(dir)
      .split('\n')
      .filter((l) => !l.startsWith('store:') && !l.startsWith('topics:'))
      .concat(`role: ${role}`, `topics: { bus: "${nats.url}" }`, `store: { url: "${storeUrl}" }`)
      .join('\n');
    return validateServerConfig(parse(text), role);
  };
  const receiver = await startScaleOutServer(base('receiver'), 'receiver', log);
  const writer = await startScaleOutServer(base('writer'), 'writer', log);
  try {
    expect(receiver.url).toBeDefined();
    expect(writer.url).toBeUndefined();
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ acct: ACCOUNT })
      .setProtectedHeader({ alg: 'HS256', kid: 'main' })
      .setSubject('h1')
      .setIssuer('infrawatch')
      .setAudience('infrawatch-ingest')
      .setIssuedAt(now)
      .setExpirationTime(now + 3600)
      .sign(new TextEncoder().encode(SECRET));
    const body = JSON.stringify({ host_id: 'h1', hostname: 'web-1', agent_version: '0.1.0', timestamp: new Date().toISOString() });
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${receiver.url}/api/hosts/register`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
      expect(res.status).toBeLessThan(300);
    }
    const store = await PostgresRowStore.open({ url: storeUrl });
    try {
      const deadline = Date.now() + 15_000;
      let host = await store.host(ACCOUNT, 'h1');
      while (host === undefined && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        host = await store.host(ACCOUNT, 'h1');
      }
      expect(host).toMatchObject({ account: ACCOUNT, hostId: 'h1', hostName: 'web-1', agentVersion: '0.1.0' });
      expect((await store.countRows(ACCOUNT, 'h1')).Host).toBe(1);
    } finally {
      await store.close();
    }
  } finally {
    await receiver.close();
    await writer.close();
  }
}, 60_000);
