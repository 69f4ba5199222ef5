// The router's mode per account (issue 17: "the router's default mode per
// account, switched by the same mechanism"): server.yaml's query.modes and
// query.default_mode, under the fleet switch `infrawatch fleet router-mode`
// in fleet.db, under the query's own mode. The switch is written by the
// CLI (another connection, as another process would) and holds from the
// server's next query, no restart; one account's switch leaves the others
// alone. And `role: query` in server.yaml starts the query role, as
// `--role query` does.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type ServerConfig, validateServerConfig } from '../../../src/server/config/server-config.js';
import { fleetCommand } from '../../../src/server/fleet/fleet-command.js';
import { FleetStore, fleetPathOf } from '../../../src/server/fleet/fleet-store.js';
import { MemorySketchStore } from '../../../src/server/query/memory-sketch-store.js';
import { modeOptions, QueryService } from '../../../src/server/query/query-service.js';
import { SqliteSqlRunner } from '../../../src/server/query/sqlite-sql-runner.js';
import { openRowsFile, type SqliteDatabase } from '../../../src/server/store/sqlite-file.js';
import { SECRET, serverYaml } from '../server-fixture.js';
import { serveChild } from '../serve-child.js';

const PERCENTILE = 'SELECT percentile(cpuPercent, 95) FROM ProcessSample';

let dir: string;
let configFile: string;
let config: ServerConfig;
let db: SqliteDatabase;
let fleet: FleetStore;
let service: QueryService;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'iw-router-mode-'));
  configFile = join(dir, 'server.yaml');
  writeFileSync(configFile, serverYaml(dir, ['query: { default_mode: raw, modes: { acme: auto } }']));
  config = validateServerConfig(parse(serverYaml(dir, ['query: { default_mode: raw, modes: { acme: auto } }'])), 'test');
  mkdirSync(join(dir, 'store'), { recursive: true });
  db = openRowsFile(config.store.path);
  fleet = new FleetStore(fleetPathOf(config.store.path));
  // A sketch store with no mark: auto answers RAW (no mark yet), sketch refuses, raw answers RAW (mode raw).
  const sketches = new MemorySketchStore();
  service = new QueryService(new SqliteSqlRunner(db), { sketches, marks: sketches, ...modeOptions(config.query, fleet) });
});

afterAll(() => {
  fleet.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

async function cli(...args: string[]): Promise<string> {
  let out = '';
  await fleetCommand([...args, '--config', configFile], (t) => {
    out += t;
  });
  return out;
}

/** The mode a query of `account` ran in, where it came from, and its route, or the refusal of mode sketch. */
async function ran(account: string, mode?: 'raw' | 'sketch' | 'auto'): Promise<string> {
  try {
    const r = await service.query(account, PERCENTILE, mode);
    return `${r.metadata.mode} from ${r.metadata.modeFrom}: ${r.metadata.reason}`;
  } catch (err) {
    return (err as Error).message;
  }
}

describe('router mode per account', () => {
  it('query > fleet switch > server.yaml modes > default_mode, each account its own, a switch without restart', async () => {
    expect(await ran('beta')).toBe('raw from default: mode raw');
    expect(await ran('acme')).toBe('auto from account: no high-water mark for the account yet: nothing merged');

    expect(await cli('router-mode', 'set', 'sketch', '--account', 'acme')).toBe('router mode of acme: sketch\n');
    expect(await ran('acme')).toBe('mode sketch: the account has no high-water mark yet (nothing merged)');
    expect(service.modeOf('acme')).toEqual({ mode: 'sketch', from: 'fleet' });
    expect(await ran('acme', 'raw')).toBe('raw from query: mode raw');
    expect(await ran('beta')).toBe('raw from default: mode raw');

    expect(await cli('router-mode', 'set', 'auto', '--account', 'beta')).toBe('router mode of beta: auto\n');
    expect(await ran('beta')).toBe('auto from fleet: no high-water mark for the account yet: nothing merged');
    expect(JSON.parse(await cli('router-mode', 'list', '--json')).map((m: { account: string; mode: string }) => `${m.account}=${m.mode}`)).toEqual(['acme=sketch', 'beta=auto']);

    expect(await cli('router-mode', 'delete', '--account', 'acme')).toMatch(/^router mode of acme deleted/);
    expect(service.modeOf('acme')).toEqual({ mode: 'auto', from: 'account' });
    expect(service.modeOf('beta')).toEqual({ mode: 'auto', from: 'fleet' });
  });

  it('refuses a mode that is none, naming it, in the CLI and in server.yaml', async () => {
    await expect(cli('router-mode', 'set', 'fast', '--account', 'acme')).rejects.toThrow('router mode of "acme": expected one of raw, sketch, auto');
    await expect(cli('router-mode', 'delete', '--account', 'nobody')).rejects.toThrow('fleet router-mode delete: nobody has no router mode set');
    expect(() => validateServerConfig({ query: { default_mode: 'fast', modes: { acme: 'sketchy', 'b c': 1 } } }, 'server.yaml')).toThrow(
      'server.yaml: query.default_mode: expected one of raw, sketch, auto (got "fast"); query.modes.acme: expected one of raw, sketch, auto (got "sketchy"); query.modes."b c": expected one of raw, sketch, auto (got 1)',
    );
  });
});

describe('role: query in server.yaml', () => {
  it('starts the query role alone, as --role query does', async () => {
    const file = join(dir, 'query-role.yaml');
    writeFileSync(file, serverYaml(dir, ['role: query']));
    const { child, url } = await serveChild(file);
    try {
      const now = Math.floor(Date.now() / 1000);
      const token = await new SignJWT({ acct: 'acme' })
        .setProtectedHeader({ alg: 'HS256', kid: 'main' })
        .setSubject('h1')
        .setIssuer('infrawatch')
        .setAudience('infrawatch-ingest')
        .setIssuedAt(now)
        .setExpirationTime(now + 600)
        .sign(new TextEncoder().encode(SECRET));
      const res = await fetch(`${url}/api/query`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ nrql: 'SELECT count(*) FROM ProcessSample' }),
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ results: [{ count: 0 }], metadata: { route: 'RAW' } });
      // No receiver in this process.
      expect((await fetch(`${url}/api/telemetry`, { method: 'POST' })).status).toBe(404);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
