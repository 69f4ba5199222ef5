// Tokens: what is refused (and stores nothing), what is accepted, and a
// token minted by `infrawatch token issue` works against the server.

import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKeyRing } from '../../src/server/auth/key-ring.js';
import { CLI } from '../helpers.js';
import { ACCOUNT, type Fixture, SECRET, serverYaml, startFixture, telemetryBody } from './server-fixture.js';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const RSA_PUBLIC_PEM = rsa.publicKey.export({ type: 'spki', format: 'pem' }) as string;

let f: Fixture;
beforeAll(async () => {
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const keyDir = mkdtempSync(join(tmpdir(), 'iw-keys-'));
  writeFileSync(join(keyDir, 'rsa.pem'), RSA_PUBLIC_PEM);
  writeFileSync(join(keyDir, 'ec.pem'), ec.publicKey.export({ type: 'spki', format: 'pem' }) as string);
  f = await startFixture({
    keys: [
      { id: 'rsa', account: ACCOUNT, algorithms: ['RS256'], secret_file: '', public_key_file: join(keyDir, 'rsa.pem') },
      { id: 'ec', account: ACCOUNT, algorithms: ['ES256'], secret_file: '', public_key_file: join(keyDir, 'ec.pem') },
    ],
  });
});
afterAll(async () => {
  await f.close();
});

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);
const claims = (extra: Record<string, unknown> = {}) => ({ acct: ACCOUNT, sub: 'h1', iss: 'infrawatch', aud: 'infrawatch-ingest', iat: now(), exp: now() + 600, ...extra });
const hs256 = (payload: Record<string, unknown>, kid = 'main', secret: string | Uint8Array = SECRET) =>
  new SignJWT(payload).setProtectedHeader({ alg: 'HS256', kid }).sign(typeof secret === 'string' ? new TextEncoder().encode(secret) : secret);

async function refusal(token: string, body = telemetryBody('h1', new Date().toISOString())): Promise<{ status: number; reason: string }> {
  const res = await f.post('/api/telemetry', body, { token });
  return { status: res.status, reason: ((await res.json()) as { error?: { reason: string } }).error?.reason ?? 'accepted' };
}

describe('refused tokens store nothing', () => {
  const cases: Array<[string, () => Promise<string>, number, string]> = [
    ['alg none', async () => `${b64({ alg: 'none', kid: 'main' })}.${b64(claims())}.`, 401, 'alg-not-allowed'],
    ['HS256 signed with the RSA key’s public PEM as the secret', () => hs256(claims(), 'rsa', RSA_PUBLIC_PEM), 401, 'alg-not-allowed'],
    ['expired past the 60 s tolerance', () => hs256(claims({ exp: now() - 120 })), 401, 'expired'],
    ['not yet valid past the tolerance', () => hs256(claims({ nbf: now() + 120 })), 401, 'not-yet-valid'],
    ['no exp at all', () => hs256({ acct: ACCOUNT, sub: 'h1', iss: 'infrawatch', aud: 'infrawatch-ingest' }), 401, 'invalid-claims'],
    ['wrong aud', () => hs256(claims({ aud: 'someone-else' })), 401, 'wrong-audience'],
    ['wrong iss', () => hs256(claims({ iss: 'evil' })), 401, 'wrong-issuer'],
    ['a wrong secret', () => hs256(claims(), 'main', 'x'.repeat(40)), 401, 'bad-signature'],
    ['an unknown kid', () => hs256(claims(), 'nope'), 401, 'unknown-key'],
    ['another account than the key’s', () => hs256(claims({ acct: 'globex' })), 401, 'wrong-account'],
    ['no host claim', () => hs256(claims({ sub: undefined })), 401, 'no-host'],
    ['another host’s data', () => hs256(claims({ sub: 'h2' })), 403, 'wrong-host'],
    ['not a JWT', async () => 'not-a-token', 401, 'malformed-token'],
  ];
  for (const [what, make, status, reason] of cases) {
    it(`${what}: ${status} ${reason}`, async () => {
      const before = await f.rows();
      const beforeH2 = await f.server.store.countRows(ACCOUNT, 'h2');
      expect(await refusal(await make())).toEqual({ status, reason });
      expect(await f.rows()).toEqual(before);
      expect(await f.server.store.countRows(ACCOUNT, 'h2')).toEqual(beforeH2);
    });
  }

  it('no Authorization header: 401', async () => {
    const res = await fetch(`${f.url}/api/telemetry`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: telemetryBody('h1', new Date().toISOString()) });
    expect(res.status).toBe(401);
  });

  it('counts every refusal by account and reason on /metrics', async () => {
    const text = await (await fetch(f.server.metricsUrl!)).text();
    expect(text).toContain('infrawatch_server_refused_requests_total{account="acme",endpoint="/api/telemetry",reason="expired",status="401"} 1');
    expect(text).toContain('infrawatch_server_refused_requests_total{account="unknown",endpoint="/api/telemetry",reason="missing-token",status="401"} 1');
  });
});

describe('accepted tokens', () => {
  it('HS256, RS256 and ES256 from their keys, and an exp within the clock tolerance', async () => {
    const rs = await new SignJWT(claims()).setProtectedHeader({ alg: 'RS256', kid: 'rsa' }).sign(rsa.privateKey);
    const es = await new SignJWT(claims()).setProtectedHeader({ alg: 'ES256', kid: 'ec' }).sign(ec.privateKey);
    const late = await hs256(claims({ exp: now() - 30 }));
    let second = 0;
    for (const token of [await hs256(claims()), rs, es, late]) {
      expect(await refusal(token, telemetryBody('h1', new Date(Date.UTC(2026, 5, 1, 0, 0, second++)).toISOString()))).toEqual({ status: 200, reason: 'accepted' });
    }
  });

  it('a token from `infrawatch token issue` (the config’s HS256 key) is accepted for its host only', async () => {
    const config = join(f.dir, 'server.yaml');
    writeFileSync(config, serverYaml(f.dir));
    const token = execFileSync(process.execPath, [CLI, 'token', 'issue', '--account', ACCOUNT, '--host', 'h7', '--ttl', '1h', '--config', config], { encoding: 'utf8' }).trim();
    expect(await refusal(token, telemetryBody('h7', '2026-06-02T00:00:00Z'))).toEqual({ status: 200, reason: 'accepted' });
    expect(await refusal(token, telemetryBody('h1', '2026-06-02T00:00:00Z'))).toEqual({ status: 403, reason: 'wrong-host' });
  });
});

describe('the key ring', () => {
  it('refuses a secret others can read, and one shorter than 32 bytes, naming the key', () => {
    const file = join(f.dir, 'loose.secret');
    writeFileSync(file, 'x'.repeat(40));
    chmodSync(file, 0o644);
    const key = { id: 'k', account: 'a', algorithms: ['HS256' as const], secret_file: file, public_key_file: '' };
    expect(() => loadKeyRing([key], 'server.yaml')).toThrow(/server.yaml: auth.keys\[0\].secret_file: .* chmod 600/);
    chmodSync(file, 0o600);
    writeFileSync(file, 'short');
    expect(() => loadKeyRing([key], 'server.yaml')).toThrow(/auth.keys\[0\].secret_file: 5 bytes, fewer than the 32/);
  });

  it('refuses an RSA key listed for ES256', () => {
    const file = join(f.dir, 'rsa-for-es.pem');
    writeFileSync(file, RSA_PUBLIC_PEM);
    expect(() => loadKeyRing([{ id: 'k', account: 'a', algorithms: ['ES256'], secret_file: '', public_key_file: file }], 's.yaml')).toThrow(/auth.keys\[0\].algorithms: a rsa key cannot verify ES256/);
  });
});
