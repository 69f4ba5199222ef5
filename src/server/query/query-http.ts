// POST /api/query {"nrql": "SELECT …", "mode"?: "raw" | "sketch" | "auto"}
// with Authorization: Bearer <JWT>, verified as the receiver verifies an
// agent's (auth/token-verifier.ts: key by kid, alg allow-list, iss, aud,
// exp, the key's account): the token's account scopes the query, whatever
// the body says. Answers JSON: 200 the NRQL-shaped result (query-result.ts);
// 400 {error: {reason: "syntax" | "query" | "body", message, position?}} with
// the line:column of a syntax error; 401 no valid token; 405, 413, 415.
// Served on the ingest listener (withQueryRoute, embedded `serve`) or on a
// listener of its own (`serve --role query`, query-server.ts). GET
// /api/high-water beside it (high-water-answer.ts), with the same token.

import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { TokenVerifier } from '../auth/token-verifier.js';
import { readBody } from '../receiver/read-body.js';
import { MemoryBudget } from '../receiver/memory-budget.js';
import { HIGH_WATER_PATH, highWaterAnswer } from './high-water-answer.js';
import { NrqlSyntaxError } from './nrql-lexer.js';
import type { QueryMode } from './query-result.js';
import { QUERY_MODES, type QueryService } from './query-service.js';
import { QueryError } from './time-range.js';

export const QUERY_PATH = '/api/query';
const MAX_QUERY_BODY_BYTES = 64 * 1024;

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export class QueryHttp {
  constructor(
    private readonly service: QueryService,
    private readonly verifier: TokenVerifier,
  ) {}

  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    this.route(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, { error: { reason: 'internal', message: (err as Error).message } }, { connection: 'close' });
      else res.destroy();
    });
  };

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (path === HIGH_WATER_PATH) return this.highWater(req, res);
    if (path !== QUERY_PATH) return send(res, 404, { error: { reason: 'no-route', message: `no endpoint ${req.url}` } }, { connection: 'close' });
    if (req.method !== 'POST') return send(res, 405, { error: { reason: 'method', message: 'use POST' } }, { allow: 'POST', connection: 'close' });
    const mediaType = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (mediaType !== 'application/json' && mediaType !== '')
      return send(res, 415, { error: { reason: 'content-type', message: `Content-Type: ${QUERY_PATH} takes application/json` } }, { connection: 'close' });
    const auth = await this.verifier.verify(req.headers.authorization);
    if (!auth.ok) return send(res, 401, { error: { reason: auth.reason, message: 'a valid Bearer token naming the account is required' } }, { connection: 'close' });
    // A query's body is small: a budget of its own, never the ingest's.
    const body = await readBody(req, MAX_QUERY_BODY_BYTES, new MemoryBudget(MAX_QUERY_BODY_BYTES), 1);
    if (!body.ok) return send(res, body.kind === 'too-large' ? 413 : 400, { error: { reason: body.reason, message: body.message } }, { connection: 'close' });
    let nrql: unknown;
    let mode: unknown;
    try {
      ({ nrql, mode } = JSON.parse(body.body.toString('utf8')) as { nrql?: unknown; mode?: unknown });
    } catch (err) {
      return send(res, 400, { error: { reason: 'body', message: `body: not JSON: ${(err as Error).message}` } });
    }
    if (typeof nrql !== 'string' || nrql.trim() === '') return send(res, 400, { error: { reason: 'body', message: 'body.nrql: expected the query text' } });
    if (mode !== undefined && !QUERY_MODES.includes(mode as QueryMode)) return send(res, 400, { error: { reason: 'body', message: `body.mode: expected one of ${QUERY_MODES.join(', ')}` } });
    try {
      send(res, 200, await this.service.query(auth.grant.account, nrql, mode as QueryMode | undefined));
    } catch (err) {
      if (err instanceof NrqlSyntaxError) return send(res, 400, { error: { reason: 'syntax', message: err.message, position: err.position } });
      if (err instanceof QueryError) return send(res, 400, { error: { reason: 'query', message: err.message } });
      throw err;
    }
  }

  private async highWater(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET') return send(res, 405, { error: { reason: 'method', message: 'use GET' } }, { allow: 'GET', connection: 'close' });
    const auth = await this.verifier.verify(req.headers.authorization);
    if (!auth.ok) return send(res, 401, { error: { reason: auth.reason, message: 'a valid Bearer token naming the account is required' } }, { connection: 'close' });
    const ns = await this.service.highWaterNs(auth.grant.account);
    if (ns === null) return send(res, 404, { error: { reason: 'no-merger', message: 'this server reads no high-water marks (it runs no merger: merger.enabled is false)' } });
    send(res, 200, highWaterAnswer(auth.grant.account, ns));
  }
}

/** `next` with POST /api/query and GET /api/high-water answered by `query` first (the embedded server's one listener). */
export function withQueryRoute(query: QueryHttp, next: RequestListener): RequestListener {
  return (req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path === QUERY_PATH || path === HIGH_WATER_PATH) query.handle(req, res);
    else next(req, res);
  };
}
