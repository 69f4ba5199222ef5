// Verifies an agent's `Authorization: Bearer <JWT>` and says which account
// and host it may write for. The token's `kid` picks the key (with one key
// configured, a token may omit it); the key's own algorithm list is what
// jose allows, so alg=none, or HS256 "signed" with an RSA key's public PEM
// as the secret, never reaches a signature check. exp is required; exp and
// nbf are checked with the configured clock tolerance (60 s), iss and aud
// exactly. The account claim (`acct`) must be the key's account: a key of
// account A cannot mint tokens for B. The host is `host`, else `sub`.

import { decodeProtectedHeader, errors, jwtVerify } from 'jose';
import type { SigningKey } from './key-ring.js';

/** Why a token was refused: the `reason` label of the refusal counter. */
export type AuthRefusal =
  | 'missing-token'
  | 'malformed-token'
  | 'unknown-key'
  | 'alg-not-allowed'
  | 'bad-signature'
  | 'expired'
  | 'not-yet-valid'
  | 'wrong-issuer'
  | 'wrong-audience'
  | 'wrong-account'
  | 'no-host'
  | 'invalid-claims';

export interface TokenGrant {
  readonly account: string;
  readonly host: string;
}

export type VerifyResult = { ok: true; grant: TokenGrant } | { ok: false; reason: AuthRefusal; account?: string };

export interface VerifierOptions {
  readonly issuer: string;
  readonly audience: string;
  readonly clockToleranceSeconds: number;
}

/** Tokens verified and kept: an agent sends the same token with every request, and a signature check costs more than the rest of a small request. */
const CACHE_MAX_TOKENS = 10_000;
/** A kept token is checked again at least this often (a key removed from the config takes a restart anyway). */
const CACHE_MAX_AGE_MS = 60_000;

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)$/;

export class TokenVerifier {
  private readonly byId: Map<string, SigningKey>;
  /** Accepted tokens → their grant and until when the grant holds (exp + tolerance, at most CACHE_MAX_AGE_MS from the check). */
  private readonly accepted = new Map<string, { grant: TokenGrant; untilMs: number }>();

  constructor(
    private readonly keys: readonly SigningKey[],
    private readonly o: VerifierOptions,
  ) {
    this.byId = new Map(keys.map((k) => [k.id, k]));
  }

  async verify(authorization: string | undefined): Promise<VerifyResult> {
    if (authorization === undefined || authorization === '') return { ok: false, reason: 'missing-token' };
    const token = BEARER.exec(authorization)?.[1];
    if (token === undefined) return { ok: false, reason: 'malformed-token' };
    const kept = this.accepted.get(token);
    if (kept !== undefined) {
      if (Date.now() < kept.untilMs) return { ok: true, grant: kept.grant };
      this.accepted.delete(token);
    }
    const result = await this.check(token);
    if (result.ok) this.keep(token, result.grant, result.expSeconds);
    return result.ok ? { ok: true, grant: result.grant } : result;
  }

  private keep(token: string, grant: TokenGrant, expSeconds: number): void {
    // Crude bound: at the cap, forget them all (they are checked again, nothing is refused).
    if (this.accepted.size >= CACHE_MAX_TOKENS) this.accepted.clear();
    const untilMs = Math.min((expSeconds + this.o.clockToleranceSeconds) * 1000, Date.now() + CACHE_MAX_AGE_MS);
    this.accepted.set(token, { grant, untilMs });
  }

  private async check(token: string): Promise<{ ok: true; grant: TokenGrant; expSeconds: number } | { ok: false; reason: AuthRefusal; account?: string }> {
    let kid: string | undefined;
    try {
      kid = decodeProtectedHeader(token).kid;
    } catch {
      return { ok: false, reason: 'malformed-token' };
    }
    const key = kid !== undefined ? this.byId.get(kid) : this.keys.length === 1 ? this.keys[0] : undefined;
    if (key === undefined) return { ok: false, reason: 'unknown-key' };
    try {
      const { payload } = await jwtVerify(token, key.key, {
        algorithms: [...key.algorithms],
        issuer: this.o.issuer,
        audience: this.o.audience,
        clockTolerance: this.o.clockToleranceSeconds,
        requiredClaims: ['exp'],
      });
      if (payload.acct !== key.account) return { ok: false, reason: 'wrong-account', account: key.account };
      const host = typeof payload.host === 'string' ? payload.host : payload.sub;
      if (typeof host !== 'string' || host === '') return { ok: false, reason: 'no-host', account: key.account };
      return { ok: true, grant: { account: key.account, host }, expSeconds: payload.exp as number };
    } catch (err) {
      return { ok: false, reason: refusalOf(err), account: key.account };
    }
  }
}

function refusalOf(err: unknown): AuthRefusal {
  if (err instanceof errors.JWTExpired) return 'expired';
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === 'nbf' || err.claim === 'iat') return 'not-yet-valid';
    if (err.claim === 'iss') return 'wrong-issuer';
    if (err.claim === 'aud') return 'wrong-audience';
    return 'invalid-claims';
  }
  if (err instanceof errors.JOSEAlgNotAllowed) return 'alg-not-allowed';
  if (err instanceof errors.JWSSignatureVerificationFailed) return 'bad-signature';
  return 'malformed-token';
}
