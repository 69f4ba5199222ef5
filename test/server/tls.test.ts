// TLS on the listeners: a certificate from the config, and client
// certificates when tls.client_ca_file and require_client_cert say so.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Fixture, startFixture } from './server-fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'iw-tls-'));
const pem = (name: string) => join(dir, name);

/** A CA, a server certificate for 127.0.0.1 and a client certificate, both signed by it (openssl). */
function makeCertificates(): void {
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', pem('ca.key'), '-out', pem('ca.pem'), '-days', '2', '-subj', '/CN=iw-test-ca');
  writeFileSync(pem('san.ext'), 'subjectAltName=IP:127.0.0.1\n');
  for (const [name, cn] of [
    ['server', '127.0.0.1'],
    ['client', 'h1'],
  ]) {
    openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', pem(`${name}.key`), '-out', pem(`${name}.csr`), '-subj', `/CN=${cn}`);
    openssl(
      'x509',
      '-req',
      '-in',
      pem(`${name}.csr`),
      '-CA',
      pem('ca.pem'),
      '-CAkey',
      pem('ca.key'),
      '-CAcreateserial',
      '-out',
      pem(`${name}.pem`),
      '-days',
      '2',
      ...(name === 'server' ? ['-extfile', pem('san.ext')] : []),
    );
  }
}

function get(url: string, token: string, client?: { cert: Buffer; key: Buffer }): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/api/agents/h1/config`, { ca: readFileSync(pem('ca.pem')), headers: { authorization: `Bearer ${token}` }, ...client }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.once('error', reject);
    req.end();
  });
}

let f: Fixture;
beforeAll(async () => {
  makeCertificates();
  f = await startFixture({
    config: (c) => ({ ...c, tls: { cert_file: pem('server.pem'), key_file: pem('server.key'), client_ca_file: pem('ca.pem'), require_client_cert: true } }),
  });
}, 60_000);
afterAll(async () => {
  await f?.close();
});

describe('TLS', () => {
  it('serves https with the configured certificate, and a client certificate signed by the client CA', async () => {
    expect(f.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const client = { cert: readFileSync(pem('client.pem')), key: readFileSync(pem('client.key')) };
    expect(await get(f.url, await f.token(), client)).toBe(200);
  });

  it('refuses a client without a certificate when require_client_cert is true', async () => {
    await expect(get(f.url, await f.token())).rejects.toThrow();
  });

  it('does not speak plain HTTP on a TLS listener', async () => {
    await expect(fetch(f.url.replace('https:', 'http:') + '/api/agents/h1/config')).rejects.toThrow();
  });
});
