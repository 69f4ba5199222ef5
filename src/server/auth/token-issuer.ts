// Mints an agent's token (`infrawatch token issue`) with an HS* key of the
// server's config: the claims the verifier checks (iss, aud, exp, nbf,
// acct, sub = host), so a token that leaves here is accepted there.

import { SignJWT } from 'jose';
import { InfraWatchError } from '../../errors.js';
import type { SigningKey } from './key-ring.js';

export interface IssueRequest {
  readonly account: string;
  readonly host: string;
  readonly ttlSeconds: number;
  /** The key's id; by default the account's first HS* key. */
  readonly keyId?: string;
  readonly issuer: string;
  readonly audience: string;
  readonly nowMs?: number;
}

export async function issueToken(keys: readonly SigningKey[], r: IssueRequest): Promise<string> {
  const key = r.keyId !== undefined ? keys.find((k) => k.id === r.keyId) : keys.find((k) => k.symmetric && k.account === r.account);
  if (key === undefined) {
    throw new InfraWatchError(
      'IW_ERR_USAGE',
      r.keyId !== undefined ? `--key: no key ${JSON.stringify(r.keyId)} in auth.keys` : `--account: no HS* key of account ${JSON.stringify(r.account)} in auth.keys`,
    );
  }
  if (!key.symmetric) throw new InfraWatchError('IW_ERR_USAGE', `--key: ${key.id} is a public key; tokens for it are signed where its private key is`);
  if (key.account !== r.account) throw new InfraWatchError('IW_ERR_USAGE', `--key: ${key.id} signs for account ${JSON.stringify(key.account)}, not ${JSON.stringify(r.account)}`);
  const now = Math.floor((r.nowMs ?? Date.now()) / 1000);
  return new SignJWT({ acct: r.account, host: r.host })
    .setProtectedHeader({ alg: key.algorithms[0], kid: key.id, typ: 'JWT' })
    .setSubject(r.host)
    .setIssuer(r.issuer)
    .setAudience(r.audience)
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + r.ttlSeconds)
    .sign(key.key);
}
