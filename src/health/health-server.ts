// The health listener: GET /metrics (Prometheus text), GET /healthz (200
// "ok", or 503 with the failing component) and PATCH /config (a partial
// config as JSON, bearer token config_token; off while it is empty).
// Loopback by default.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { once } from 'node:events';
import { timingSafeEqual } from 'node:crypto';
import { InfraWatchError } from '../errors.js';
import type { MetricsRegistry } from './metrics-registry.js';

/** "ok", or what is failing. */
export type HealthCheck = () => { ok: true } | { ok: false; component: string; reason: string };

/** What a config change came to: the generation in force, or every problem found. */
/** `forbidden`: the change named keys its source may not set. */
export type ConfigChangeResult = { ok: true; generation: number } | { ok: false; problems: string; forbidden?: boolean };

export interface ConfigEndpoint {
  /** The token PATCH /config asks for; empty: the endpoint is off. */
  readonly token: () => string;
  /** Validates and applies a partial config; resolves once it is in force, or with every problem found. */
  readonly patch: (doc: Record<string, unknown>) => Promise<ConfigChangeResult>;
}

/** A partial config is a few keys; anything larger is refused unread. */
const MAX_PATCH_BYTES = 64 * 1024;

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body) + '\n');
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer (.+)$/.exec(header ?? '');
  if (!m) return false;
  const given = Buffer.from(m[1]);
  const want = Buffer.from(token);
  return given.length === want.length && timingSafeEqual(given, want);
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_PATCH_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export class HealthServer {
  private readonly server: Server;

  constructor(
    private readonly registry: MetricsRegistry,
    private readonly check: HealthCheck,
    private readonly config?: ConfigEndpoint,
  ) {
    this.server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      if (path === '/config') {
        this.patchConfig(req, res).catch((err: unknown) => json(res, 500, { error: (err as Error).message }));
      } else if (req.method !== 'GET') {
        res.writeHead(405, { allow: 'GET' }).end();
      } else if (path === '/metrics') {
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }).end(this.registry.expose());
      } else if (path === '/healthz') {
        const h = this.check();
        if (h.ok) res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
        else res.writeHead(503, { 'content-type': 'text/plain' }).end(`failing: ${h.component}: ${h.reason}\n`);
      } else {
        res.writeHead(404).end();
      }
    });
  }

  private async patchConfig(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'PATCH') return void res.writeHead(405, { allow: 'PATCH' }).end();
    const token = this.config?.token() ?? '';
    if (this.config === undefined || token === '') return json(res, 403, { error: 'PATCH /config is off: config_token is not set' });
    if (!tokenMatches(req.headers.authorization, token)) return json(res, 401, { error: 'a bearer token is required' }, { 'www-authenticate': 'Bearer' });
    const body = await readBody(req);
    if (body === undefined) return json(res, 413, { error: `the body is over ${MAX_PATCH_BYTES} bytes` });
    let doc: unknown;
    try {
      doc = JSON.parse(body.toString('utf8'));
    } catch (err) {
      return json(res, 400, { error: `body: invalid JSON: ${(err as Error).message}` });
    }
    if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return json(res, 400, { error: 'body: expected a JSON object of config keys' });
    const result = await this.config.patch(doc as Record<string, unknown>);
    if (result.ok) json(res, 200, { generation: result.generation });
    else json(res, result.forbidden ? 403 : 400, { error: result.problems });
  }

  /** Listens on "host:port"; resolves to the address bound (port 0: any free one). */
  async listen(address: string): Promise<{ host: string; port: number }> {
    const m = /^(.*):(\d+)$/.exec(address);
    if (!m) throw new InfraWatchError('IW_ERR_CONFIG', `metrics_listen: expected host:port, got ${JSON.stringify(address)}`);
    const host = m[1].replace(/^\[(.*)\]$/, '$1');
    this.server.listen(Number(m[2]), host);
    await once(this.server, 'listening');
    const bound = this.server.address() as { address: string; port: number };
    return { host: bound.address, port: bound.port };
  }

  async close(): Promise<void> {
    if (!this.server.listening) return;
    this.server.close();
    this.server.closeIdleConnections();
    await once(this.server, 'close');
  }
}
