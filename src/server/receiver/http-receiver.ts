// The receiver's HTTP transport: routes, content types and statuses around
// the ingest core. Per request, in this order, each step before any work
// of the next: route → content type → back-pressure (429) → token (401) →
// body within the size limit, inflated while counted (413) → the core
// (decode 400, host 403, publish) → 2xx only after the publish is durable.
// A request refused before its body was read is answered with
// `Connection: close`, so that the unread body is not read for nothing.
//
//   POST /api/hosts/register, /api/telemetry, /api/snapshot   JSON (the agent's api sink)
//   GET  /api/agents/{host_id}/config                         the fleet config (src/server/fleet/ rules), ETag / 304
//   POST /v1/metrics        OTLP/HTTP: application/x-protobuf or application/json
//   POST /v1/envelopes      length-delimited infrawatch protobuf records, one kind a request:
//                           Content-Type: application/x-protobuf; messageType=infrawatch.ProcessEnvelope
//                           (or infrawatch.SketchEnvelope, infrawatch.AgentDiagEvent)

import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import protobuf from 'protobufjs/minimal.js';
import { ENVELOPE_MESSAGE_TYPES } from './decode-envelope-stream.js';
import { otlpResponse } from './decode-otlp.js';
import type { IngestCore, IngestFormat } from './ingest-core.js';
import { HTTP_STATUS_OF, type IngestOutcome, RPC_CODE_OF, type Refusal, refuse } from './ingest-outcome.js';
import type { MemoryBudget } from './memory-budget.js';
import { readBody } from './read-body.js';
import type { ReceiverMetrics } from './receiver-metrics.js';

const API_ROUTES: Readonly<Record<string, 'register' | 'telemetry' | 'snapshot'>> = {
  '/api/hosts/register': 'register',
  '/api/telemetry': 'telemetry',
  '/api/snapshot': 'snapshot',
};

const AGENT_CONFIG = /^\/api\/agents\/([^/]+)\/config$/;

/** The fleet config this server hands every agent: nothing to set (yet). */
const FLEET_CONFIG_BODY = '{}';
const FLEET_CONFIG_ETAG = `"${createHash('sha256').update(FLEET_CONFIG_BODY).digest('hex').slice(0, 16)}"`;

/** OTLP's google.rpc.Status codes for a refusal (the OTLP/HTTP spec's failure body). */

export interface HttpReceiverOptions {
  readonly maxBodyBytes: number;
  readonly retryAfterSeconds: number;
  /** The fleet config document of a host (src/server/fleet/); without it, every agent is answered {}. */
  readonly fleetDocument?: (account: string, hostId: string) => { readonly body: string; readonly etag: string };
}

/** The route's ingest format, a refusal for a content type it does not take, or undefined for no such route. */
function formatOf(req: IncomingMessage, path: string): { endpoint: string; format: IngestFormat } | Refusal | undefined {
  const contentType = (req.headers['content-type'] ?? '').toLowerCase();
  const [mediaType, ...params] = contentType.split(';').map((s) => s.trim());
  const api = API_ROUTES[path];
  if (api !== undefined) {
    if (mediaType !== 'application/json' && mediaType !== '') return refuse('unsupported', 'content-type', `Content-Type: ${path} takes application/json`);
    return { endpoint: path, format: { api } };
  }
  if (path === '/v1/metrics') {
    if (mediaType === 'application/x-protobuf') return { endpoint: path, format: { otlp: 'protobuf' } };
    if (mediaType === 'application/json') return { endpoint: path, format: { otlp: 'json' } };
    return refuse('unsupported', 'content-type', 'Content-Type: /v1/metrics takes application/x-protobuf or application/json');
  }
  if (path === '/v1/envelopes') {
    const messageType = params
      .find((p) => p.startsWith('messagetype='))
      ?.slice('messagetype='.length)
      .replace(/^"|"$/g, '');
    const kind = Object.entries(ENVELOPE_MESSAGE_TYPES).find(([name]) => name.toLowerCase() === messageType)?.[1];
    if (mediaType !== 'application/x-protobuf' || kind === undefined) {
      return refuse('unsupported', 'content-type', `Content-Type: /v1/envelopes takes application/x-protobuf; messageType=${Object.keys(ENVELOPE_MESSAGE_TYPES).join(' | ')}`);
    }
    return { endpoint: path, format: { envelopes: kind } };
  }
  return undefined;
}

export class HttpReceiver {
  constructor(
    private readonly core: IngestCore,
    private readonly metrics: ReceiverMetrics,
    private readonly budget: MemoryBudget,
    private readonly o: HttpReceiverOptions,
  ) {}

  /** The request listener (node:http / node:https). */
  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    this.route(req, res).catch((err: unknown) => {
      // A bug of ours, not the client's mistake: 500, and the connection closed.
      if (!res.headersSent) this.send(res, 500, { error: { reason: 'internal', message: (err as Error).message } }, true);
      else res.destroy();
    });
  };

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    const agentConfig = AGENT_CONFIG.exec(path);
    if (agentConfig) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return this.send(res, 405, { error: { reason: 'method', message: 'use GET' } }, true, { allow: 'GET' });
      let hostId: string;
      try {
        hostId = decodeURIComponent(agentConfig[1]);
      } catch {
        return this.send(res, 400, { error: { reason: 'invalid-path', message: 'path: the host id is not valid percent-encoding' } }, true);
      }
      return this.fleetConfig(req, res, hostId);
    }
    const routed = formatOf(req, path);
    if (routed === undefined) return this.send(res, 404, { error: { reason: 'no-route', message: `no endpoint ${path}` } }, true);
    const endpoint = 'ok' in routed ? path : routed.endpoint;
    if (req.method !== 'POST') return this.send(res, 405, { error: { reason: 'method', message: 'use POST' } }, true, { allow: 'POST' });
    if ('ok' in routed) return this.refused(res, endpoint, undefined, routed, true);
    const busy = this.core.backPressure();
    if (busy) return this.refused(res, endpoint, routed.format, busy, true);
    const grant = await this.core.authenticate(req.headers.authorization);
    if ('ok' in grant) return this.refused(res, endpoint, routed.format, grant, true);
    const body = await readBody(req, this.o.maxBodyBytes, this.budget, this.o.retryAfterSeconds);
    if (!body.ok) return this.refused(res, endpoint, routed.format, { ...body, account: grant.account }, true);
    try {
      const outcome = await this.core.ingestFor(grant, routed.format, body.body);
      this.answer(res, endpoint, routed.format, outcome);
    } finally {
      this.budget.give(body.heldBytes);
    }
  }

  private answer(res: ServerResponse, endpoint: string, format: IngestFormat, outcome: IngestOutcome): void {
    if (!outcome.ok) {
      this.refused(res, endpoint, format, outcome, false);
      return;
    }
    this.metrics.accepted(outcome.account, endpoint, outcome.records, outcome.droppedAttributes, outcome.rejectedDataPoints);
    if ('otlp' in format) {
      const r = otlpResponse(format.otlp, outcome.rejectedDataPoints, outcome.warning);
      res.writeHead(200, { 'content-type': r.contentType, 'content-length': Buffer.byteLength(r.body) });
      res.end(r.body);
      return;
    }
    this.send(res, 'api' in format ? 200 : 202, { accepted: outcome.records });
  }

  private refused(res: ServerResponse, endpoint: string, format: IngestFormat | undefined, r: Refusal, close: boolean): void {
    const status = HTTP_STATUS_OF[r.kind];
    this.metrics.refused(r.account, endpoint, r.reason, status);
    const headers: Record<string, string> = r.retryAfterSeconds !== undefined ? { 'retry-after': String(r.retryAfterSeconds) } : {};
    if (format !== undefined && 'otlp' in format && format.otlp === 'protobuf') {
      // google.rpc.Status { code = 1; message = 2 }, as OTLP/HTTP answers a failure in the request's encoding.
      const body = protobuf.Writer.create().uint32(8).int32(RPC_CODE_OF[r.kind]).uint32(18).string(r.message).finish();
      res.writeHead(status, { ...headers, 'content-type': 'application/x-protobuf', 'content-length': body.length, ...(close ? { connection: 'close' } : {}) });
      res.end(body);
      return;
    }
    const body = format !== undefined && 'otlp' in format ? { code: RPC_CODE_OF[r.kind], message: r.message } : { error: { reason: r.reason, message: r.message } };
    this.send(res, status, body, close, headers);
  }

  private async fleetConfig(req: IncomingMessage, res: ServerResponse, hostId: string): Promise<void> {
    const endpoint = '/api/agents/{host_id}/config';
    const grant = await this.core.authenticate(req.headers.authorization);
    if ('ok' in grant) return this.refused(res, endpoint, undefined, grant, true);
    if (grant.host !== hostId) {
      return this.refused(res, endpoint, undefined, refuse('forbidden', 'wrong-host', 'the token is for another host than the path names', grant.account), true);
    }
    this.metrics.accepted(grant.account, endpoint, 0, 0, 0);
    const doc = this.o.fleetDocument?.(grant.account, hostId) ?? { body: FLEET_CONFIG_BODY, etag: FLEET_CONFIG_ETAG };
    if (req.headers['if-none-match'] === doc.etag) {
      res.writeHead(304, { etag: doc.etag });
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', etag: doc.etag, 'content-length': Buffer.byteLength(doc.body) });
    res.end(req.method === 'HEAD' ? undefined : doc.body);
  }

  private send(res: ServerResponse, status: number, body: unknown, close = false, headers: Record<string, string> = {}): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...(close ? { connection: 'close' } : {}) });
    res.end(text);
  }
}
