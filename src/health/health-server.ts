// The health listener: GET /metrics (Prometheus text) and GET /healthz (200
// "ok", or 503 with the failing component). Loopback by default.

import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import { InfraWatchError } from '../errors.js';
import type { MetricsRegistry } from './metrics-registry.js';

/** "ok", or what is failing. */
export type HealthCheck = () => { ok: true } | { ok: false; component: string; reason: string };

export class HealthServer {
  private readonly server: Server;

  constructor(
    private readonly registry: MetricsRegistry,
    private readonly check: HealthCheck,
  ) {
    this.server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      if (req.method !== 'GET') {
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
    await once(this.server, 'close');
  }
}
