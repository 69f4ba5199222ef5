// The server's /metrics listener (metrics_listen), the same for the
// embedded and the scale-out server: the registry as Prometheus text on
// GET /metrics, 404 for any other path; made by listener.ts, so TLS and
// the loopback rule hold for it as for the ingest listener.

import type { Server } from 'node:http';
import type { MetricsRegistry } from '../health/metrics-registry.js';
import type { ServerConfig } from './config/server-config.js';
import { listen, parseHostPort, urlOf } from './receiver/listener.js';

export interface MetricsListener {
  readonly server: Server;
  /** …/metrics */
  readonly url: string;
}

/** Listens on metrics_listen, or returns undefined when it is "". */
export async function listenMetrics(config: ServerConfig, registry: MetricsRegistry): Promise<MetricsListener | undefined> {
  if (config.metrics_listen === '') return undefined;
  const { address, port } = parseHostPort(config.metrics_listen, 'metrics_listen');
  const server = await listen(config, address, port, 'metrics_listen', (req, res) => {
    if ((req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    const text = registry.expose();
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  });
  return { server, url: `${urlOf(server, config.tls.cert_file !== '')}/metrics` };
}
