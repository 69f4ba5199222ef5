// The fleet console on the listener that answers POST /api/query (the
// embedded server's one listener, or the query role's): the browser bundle
// under /console/ (dist/console/, built by scripts/build-console.mjs; it
// holds no data, so it is served without a token) and the JSON the pages
// need beyond NRQL, each behind the same Bearer token as the query API
// (verified as the receiver verifies an agent's: auth/token-verifier.ts)
// and scoped to the token's account:
//   GET /api/console/fleet?minutes=N&staleSeconds=S   fleet-hosts.ts
//   GET /api/console/host?hostId=H                     host-details.ts
//   GET /api/console/rollout                           the account's rules, labels and router mode
//   GET /api/console/canary?rule=ID&minutes=N          canary-view.ts for one rule
// Every parameter is bounded; a bad one is a 400 naming it.

import { readFileSync } from 'node:fs';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { distRoot } from '../../paths.js';
import type { TokenVerifier } from '../auth/token-verifier.js';
import { canaryView } from '../fleet/canary-view.js';
import type { FleetStore } from '../fleet/fleet-store.js';
import type { QueryService } from '../query/query-service.js';
import { fleetHosts } from './fleet-hosts.js';
import { hostDetails } from './host-details.js';

export const CONSOLE_PATH = '/console/';
const API_PREFIX = '/api/console/';
const MAX_MINUTES = 7 * 24 * 60;
const MAX_STALE_SECONDS = 86_400;
const DEFAULT_STALE_SECONDS = 120;
const MAX_ID_CHARS = 256;
const GZIP_ABOVE_CHARS = 16 * 1024;

/** The bundle's files (scripts/build-console.mjs writes exactly these) and their media types. */
const BUNDLE_FILES: Readonly<Record<string, string>> = {
  'index.html': 'text/html; charset=utf-8',
  'console.js': 'text/javascript; charset=utf-8',
  'console.css': 'text/css; charset=utf-8',
};

/** The page runs only its own bundle and talks only to this server; no other site may frame it (the token is in its storage). uPlot and the bars set inline styles. */
const CONTENT_SECURITY_POLICY = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

class BadParameter extends Error {}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}

/** A 200 of JSON, gzipped when the client takes it and it is large: the fleet of 1,000 hosts is ~300 KiB of JSON, 8 KiB gzipped (bench/console.bench.ts). */
function sendData(req: IncomingMessage, res: ServerResponse, body: unknown): void {
  const text = JSON.stringify(body);
  if (text.length >= GZIP_ABOVE_CHARS && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
    const gz = gzipSync(text, { level: 6 });
    res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': gz.length, 'cache-control': 'no-store', vary: 'accept-encoding' });
    res.end(gz);
  } else {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
    res.end(text);
  }
}

function intParam(params: URLSearchParams, name: string, min: number, max: number, fallback: number): number {
  const raw = params.get(name);
  if (raw === null) return fallback;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < min || v > max) throw new BadParameter(`${name}: expected an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  return v;
}

function idParam(params: URLSearchParams, name: string): string {
  const v = params.get(name);
  if (v === null || v === '' || v.length > MAX_ID_CHARS) throw new BadParameter(`${name}: expected 1 to ${MAX_ID_CHARS} characters`);
  return v;
}

export class ConsoleHttp {
  /** The bundle, read once: a missing build is said at start, not on a page load. */
  private readonly files: Map<string, Buffer>;
  private readonly query;

  constructor(
    private readonly service: QueryService,
    private readonly verifier: TokenVerifier,
    private readonly fleet: FleetStore,
    private readonly now: () => number = Date.now,
    bundleDir = join(distRoot, 'console'),
  ) {
    this.files = new Map(
      Object.keys(BUNDLE_FILES).flatMap((name) => {
        try {
          return [[name, readFileSync(join(bundleDir, name))] as const];
        } catch {
          return [];
        }
      }),
    );
    this.query = (account: string) => (nrql: string, mode?: 'raw' | 'sketch' | 'auto') => this.service.query(account, nrql, mode);
  }

  /** Whether `path` is the console's (the bundle or its JSON). */
  static owns(path: string): boolean {
    return path === '/console' || path.startsWith(CONSOLE_PATH) || path.startsWith(API_PREFIX);
  }

  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    this.route(req, res).catch((err: unknown) => {
      if (err instanceof BadParameter) return send(res, 400, { error: { reason: 'parameter', message: err.message } });
      if (!res.headersSent) send(res, 500, { error: { reason: 'internal', message: (err as Error).message } }, { connection: 'close' });
      else res.destroy();
    });
  };

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://console');
    if (req.method !== 'GET') return send(res, 405, { error: { reason: 'method', message: 'use GET' } }, { allow: 'GET', connection: 'close' });
    if (!url.pathname.startsWith(API_PREFIX)) return this.bundle(url.pathname, res);
    const auth = await this.verifier.verify(req.headers.authorization);
    if (!auth.ok) return send(res, 401, { error: { reason: auth.reason, message: 'a valid Bearer token naming the account is required' } }, { connection: 'close' });
    const account = auth.grant.account;
    const p = url.searchParams;
    const nowMs = this.now();
    switch (url.pathname.slice(API_PREFIX.length)) {
      case 'fleet': {
        const minutes = intParam(p, 'minutes', 1, MAX_MINUTES, 15);
        const staleSeconds = intParam(p, 'staleSeconds', 1, MAX_STALE_SECONDS, DEFAULT_STALE_SECONDS);
        return sendData(req, res, await fleetHosts(this.query(account), this.service.runner, { account, nowMs, fromMs: nowMs - minutes * 60_000, staleMs: staleSeconds * 1000 }));
      }
      case 'host':
        return sendData(req, res, await hostDetails(this.service.runner, account, idParam(p, 'hostId')));
      case 'rollout':
        return sendData(req, res, {
          account,
          rules: this.fleet.rules(account),
          labels: Object.fromEntries(this.fleet.labelledHosts(account)),
          routerMode: this.service.modeOf(account),
        });
      case 'canary': {
        const id = idParam(p, 'rule');
        const minutes = intParam(p, 'minutes', 1, MAX_MINUTES, 60);
        const rule = this.fleet.rules(account).find((r) => r.id === id);
        if (rule === undefined) return send(res, 404, { error: { reason: 'no-rule', message: `rule: ${account} has no rule ${JSON.stringify(id)}` } });
        const view = await canaryView(this.query(account), { account, cohort: rule.cohort, labelsOf: (h) => this.fleet.labels(account, h), fromMs: nowMs - minutes * 60_000, untilMs: nowMs });
        return sendData(req, res, { rule, view });
      }
      default:
        return send(res, 404, { error: { reason: 'no-route', message: `no endpoint ${url.pathname}` } }, { connection: 'close' });
    }
  }

  private bundle(path: string, res: ServerResponse): void {
    // The page's files are named relative to /console/.
    if (path === '/console') {
      res.writeHead(301, { location: CONSOLE_PATH, 'content-length': 0 });
      res.end();
      return;
    }
    const name = path === CONSOLE_PATH ? 'index.html' : path.slice(CONSOLE_PATH.length);
    const body = this.files.get(name);
    if (body === undefined) {
      send(res, 404, { error: { reason: 'no-route', message: this.files.size === 0 ? 'the console is not built (npm run build writes dist/console/)' : `no file ${path}` } });
      return;
    }
    res.writeHead(200, {
      'content-type': BUNDLE_FILES[name],
      'content-length': body.length,
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
      'content-security-policy': CONTENT_SECURITY_POLICY,
    });
    res.end(body);
  }
}

/** `next` with the console's paths answered by `console` first. */
export function withConsoleRoute(console: ConsoleHttp, next: RequestListener): RequestListener {
  return (req, res) => {
    if (ConsoleHttp.owns((req.url ?? '').split('?')[0])) console.handle(req, res);
    else next(req, res);
  };
}
