// The token verifier of a role that listens, made from the server config
// (its key ring and claims), one way for every role: the embedded server,
// the scale-out receiver and the query role verify alike.

import type { Logger } from 'pino';
import type { ServerConfig } from '../config/server-config.js';
import { loadKeyRing } from './key-ring.js';
import { TokenVerifier } from './token-verifier.js';

/** `refused`: what an empty key ring refuses, for its warning ("request", "query"). */
export function verifierOfConfig(config: ServerConfig, source: string, log: Logger, refused: string): TokenVerifier {
  const keys = loadKeyRing(config.auth.keys, source);
  if (keys.length === 0) log.warn(`auth.keys is empty: every ${refused} will be refused (401)`);
  return new TokenVerifier(keys, { issuer: config.auth.issuer, audience: config.auth.audience, clockToleranceSeconds: config.auth.clock_tolerance_seconds });
}
