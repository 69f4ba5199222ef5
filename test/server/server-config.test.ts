// server.yaml: the documented file is the defaults, every problem is named
// by its path, and what is not built (or not safe) is refused at start,
// naming the key.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadServerConfig } from '../../src/server/config/load-server-config.js';
import { DEFAULT_SERVER_CONFIG, validateServerConfig } from '../../src/server/config/server-config.js';
import { startEmbeddedServer } from '../../src/server/embedded-server.js';
import { CLI } from '../helpers.js';
import { serverYaml } from './server-fixture.js';

const SERVER_YAML = fileURLToPath(new URL('../../config/server.yaml', import.meta.url));
const silent = pino({ level: 'silent' });

describe('server.yaml', () => {
  it('config/server.yaml states the defaults', () => {
    expect(loadServerConfig(SERVER_YAML)).toEqual(DEFAULT_SERVER_CONFIG);
  });

  it('names the path of every problem at once', () => {
    const raw = {
      listen: { port: 70000, colour: 'red' },
      auth: { keys: [{ id: 'k', account: 'a', algorithms: ['HS256', 'none'], secret_file: '/x' }] },
      limits: { max_body_bytes: 'big' },
      role: 'everything',
    };
    expect(() => validateServerConfig(raw, 'server.yaml')).toThrow(
      'server.yaml: role: expected one of all, receiver, writer, merger, query (got "everything"); listen.colour: unknown key; listen.port: expected an integer from 0 to 65535 (got 70000); auth.keys[0].algorithms[1]: expected one of HS256, HS384, HS512, RS256, RS384, RS512, PS256, ES256, ES384 (got "none"); limits.max_body_bytes: expected an integer from 1024 to 1073741824 (got a string of 3 characters)',
    );
  });

  it('refuses a key that mixes a secret and public-key algorithms, and TLS half set', () => {
    const raw = { tls: { cert_file: '/c.pem' }, auth: { keys: [{ id: 'k', account: 'a', algorithms: ['HS256', 'RS256'], secret_file: '/x' }] } };
    expect(() => validateServerConfig(raw, 's')).toThrow(
      /tls: cert_file and key_file go together.*auth.keys\[0\].algorithms: HS\* \(a shared secret\) and RS\/PS\/ES\* \(a public key\) cannot share a key/,
    );
  });
});

describe('refused at start', () => {
  const dir = mkdtempSync(join(tmpdir(), 'iw-server-config-'));
  const base = validateServerConfig(parse(serverYaml(dir)), 'test');

  it('plain HTTP on an address that is not loopback, naming the key and the fix', async () => {
    const config = { ...base, listen: { ...base.listen, address: '0.0.0.0' } };
    await expect(startEmbeddedServer(config, 'server.yaml', silent)).rejects.toThrow(/listen.address: 0.0.0.0 is not a loopback address.*tls.cert_file.*listen.allow_plain_http: true/);
  });

  it('the scale-out roles and engines, which the embedded server leaves to the scale-out one', async () => {
    await expect(startEmbeddedServer({ ...base, role: 'receiver' }, 'server.yaml', silent)).rejects.toThrow('server.yaml: role: the receiver role alone is run by the scale-out server');
    await expect(startEmbeddedServer({ ...base, topics: { ...base.topics, bus: 'nats://127.0.0.1:4222' } }, 'server.yaml', silent)).rejects.toThrow(/topics.bus: .* is run by the scale-out server/);
    await expect(startEmbeddedServer({ ...base, store: { ...base.store, url: 'postgres://db/iw' } }, 'server.yaml', silent)).rejects.toThrow(/store.url: .* is run by the scale-out server/);
  });

  it('`infrawatch serve --role writer` exits 2 with IW_ERR_CONFIG', () => {
    const config = join(dir, 'server.yaml');
    writeFileSync(config, serverYaml(dir));
    const out = spawnSync(process.execPath, [CLI, 'serve', '--config', config, '--role', 'writer'], { encoding: 'utf8' });
    expect(out.status).toBe(2);
    expect(out.stderr).toContain('IW_ERR_CONFIG');
    // A role apart runs on the scale-out engines: the embedded outbox lives in one process.
    expect(out.stderr).toContain('role writer: the roles apart share their topics through topics.bus: nats://host:port');
  });
});
