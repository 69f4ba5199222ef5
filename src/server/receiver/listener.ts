// Every listener of the server (ingest, /metrics) is made here, so that the
// rules hold for all of them: TLS when server.yaml names a certificate (and
// client certificates when it names a CA), plain HTTP only on a loopback
// address unless listen.allow_plain_http says otherwise; the request time
// limits (headers, whole request, keep-alive) and a cap on connections.

import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { type AddressInfo, isIP } from 'node:net';
import { InfraWatchError } from '../../errors.js';
import type { ServerConfig } from '../config/server-config.js';

export function isLoopback(address: string): boolean {
  if (address === 'localhost') return true;
  if (isIP(address) === 4) return address.startsWith('127.');
  return address === '::1' || address === '0:0:0:0:0:0:0:1';
}

function readPem(file: string, key: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new InfraWatchError('IW_ERR_CONFIG', `${key}: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { cause: err });
  }
}

/** "host:port" (IPv6 in brackets) → its parts; `key` names the field in errors. */
export function parseHostPort(text: string, key: string): { address: string; port: number } {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(text);
  const port = m ? Number(m[3]) : -1;
  if (!m || port > 65535) throw new InfraWatchError('IW_ERR_CONFIG', `${key}: expected host:port, e.g. 127.0.0.1:9470 (or "" for none)`);
  return { address: m[1] ?? m[2], port };
}

/** The PEM files of the gRPC listener, by the same rules as listen(): TLS when configured, else plain only on loopback (or with listen.allow_plain_http). */
export function grpcTlsOf(config: ServerConfig, address: string, key: string): { cert: Buffer; key: Buffer; clientCa?: Buffer; requireClientCert: boolean } | undefined {
  const tls = config.tls;
  if (tls.cert_file !== '') {
    return {
      cert: readPem(tls.cert_file, 'tls.cert_file'),
      key: readPem(tls.key_file, 'tls.key_file'),
      ...(tls.client_ca_file !== '' ? { clientCa: readPem(tls.client_ca_file, 'tls.client_ca_file') } : {}),
      requireClientCert: tls.require_client_cert,
    };
  }
  if (!isLoopback(address) && !config.listen.allow_plain_http) {
    throw new InfraWatchError(
      'IW_ERR_CONFIG',
      `${key}: ${address} is not a loopback address, and plain gRPC is served only on loopback: set tls.cert_file and tls.key_file, or listen.allow_plain_http: true (behind a proxy that terminates TLS)`,
    );
  }
  return undefined;
}

/** A listener for `handler` on address:port, as the config's TLS, plain-HTTP and time-limit rules say. `key` names the address's field. */
export async function listen(config: ServerConfig, address: string, port: number, key: string, handler: RequestListener): Promise<Server> {
  const tls = config.tls;
  const l = config.limits;
  // Node checks the headers and request deadlines every connectionsCheckingInterval (30 s by default): once a second, so they hold to about a second.
  const timeouts = { headersTimeout: l.headers_timeout_ms, requestTimeout: l.request_timeout_ms, keepAliveTimeout: l.keep_alive_timeout_ms, connectionsCheckingInterval: 1000 };
  let server: Server;
  if (tls.cert_file !== '') {
    server = createHttpsServer(
      {
        ...timeouts,
        cert: readPem(tls.cert_file, 'tls.cert_file'),
        key: readPem(tls.key_file, 'tls.key_file'),
        ...(tls.client_ca_file !== '' ? { ca: readPem(tls.client_ca_file, 'tls.client_ca_file'), requestCert: true, rejectUnauthorized: tls.require_client_cert } : {}),
      },
      handler,
    );
  } else {
    if (!isLoopback(address) && !config.listen.allow_plain_http) {
      throw new InfraWatchError(
        'IW_ERR_CONFIG',
        `${key}: ${address} is not a loopback address, and plain HTTP is served only on loopback: set tls.cert_file and tls.key_file, or listen.allow_plain_http: true (behind a proxy that terminates TLS)`,
      );
    }
    server = createHttpServer(timeouts, handler);
  }
  server.maxConnections = l.max_connections;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err) => reject(new InfraWatchError('IW_ERR_CONFIG', `${key}: cannot listen on ${address}:${port}: ${(err as NodeJS.ErrnoException).code ?? err.message}`, { cause: err })));
    server.listen(port, address, () => resolve());
  });
  return server;
}

/** A listener's URL (port 0 in the config: the port the system gave). */
export function urlOf(server: Server, tls: boolean): string {
  const a = server.address() as AddressInfo;
  const host = a.family === 'IPv6' ? `[${a.address}]` : a.address;
  return `${tls ? 'https' : 'http'}://${host}:${a.port}`;
}

/** Stops taking connections, closes the idle ones, and resolves once the open ones have ended. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
