// The server's config (config/server.yaml documents every key): its shape,
// its defaults, and the check that names the field path of every problem,
// the way the agent's config does (src/config/schema.ts). Problems are all
// reported at once; values are described by their type, never quoted (a
// secret in the wrong key must not reach a log).

import { InfraWatchError } from '../../errors.js';
import { DEFAULT_MERGER_CONFIG, LATE_POLICIES, type MergerConfig, mergerProblems } from '../merger/merger-config.js';
import { type QueryMode, QUERY_MODES } from '../query/query-result.js';
import { DEFAULT_PARTITIONS } from '../topics/partition.js';

export const ROLES = ['all', 'receiver', 'writer', 'merger', 'query'] as const;
export type ServerRole = (typeof ROLES)[number];

/** The JWT algorithms a key may allow: an HMAC secret, or an RSA / EC public key. */
export const KEY_ALGORITHMS = ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384'] as const;
export type KeyAlgorithm = (typeof KEY_ALGORITHMS)[number];

export interface AuthKeyConfig {
  /** The token header's `kid`. */
  readonly id: string;
  /** The only account this key may sign tokens for. */
  readonly account: string;
  /** Allow-list: a token of any other alg (none included) is refused. HS* and RS/PS/ES* never mix in one key. */
  readonly algorithms: readonly KeyAlgorithm[];
  /** HS*: the file of the shared secret (at least 32 bytes). */
  readonly secret_file: string;
  /** RS/PS/ES*: the PEM (SPKI) public key's file. */
  readonly public_key_file: string;
}

export interface ServerConfig {
  readonly role: ServerRole;
  readonly listen: { readonly address: string; readonly port: number; readonly allow_plain_http: boolean };
  readonly tls: { readonly cert_file: string; readonly key_file: string; readonly client_ca_file: string; readonly require_client_cert: boolean };
  readonly metrics_listen: string;
  /** host:port of the gRPC listener (OTLP MetricsService and our EnvelopeService); "" for none. */
  readonly grpc_listen: string;
  readonly auth: {
    readonly issuer: string;
    readonly audience: string;
    readonly clock_tolerance_seconds: number;
    readonly max_ttl_seconds: number;
    readonly keys: readonly AuthKeyConfig[];
  };
  readonly topics: { readonly bus: string; readonly partitions: number; readonly path: string };
  readonly store: { readonly url: string; readonly path: string; readonly retention_days: number };
  readonly limits: {
    readonly max_body_bytes: number;
    readonly max_inflight_bytes: number;
    readonly max_attributes: number;
    readonly max_backlog_messages: number;
    readonly max_backlog_bytes: number;
    readonly retry_after_seconds: number;
    readonly headers_timeout_ms: number;
    readonly request_timeout_ms: number;
    readonly keep_alive_timeout_ms: number;
    readonly max_connections: number;
  };
  readonly writer: { readonly batch_messages: number; readonly pull_wait_ms: number };
  readonly merger: MergerConfig;
  readonly query: {
    /** The router's mode of a query that names none, for an account without one below or a fleet switch (`infrawatch fleet router-mode`). */
    readonly default_mode: QueryMode;
    /** Per account (the token's account): its mode, over default_mode. */
    readonly modes: Readonly<Record<string, QueryMode>>;
  };
}

export const DEFAULT_SERVER_CONFIG: ServerConfig = {
  role: 'all',
  listen: { address: '127.0.0.1', port: 8470, allow_plain_http: false },
  tls: { cert_file: '', key_file: '', client_ca_file: '', require_client_cert: false },
  metrics_listen: '127.0.0.1:9470',
  grpc_listen: '127.0.0.1:4317',
  auth: { issuer: 'infrawatch', audience: 'infrawatch-ingest', clock_tolerance_seconds: 60, max_ttl_seconds: 366 * 86400, keys: [] },
  topics: { bus: 'embedded', partitions: DEFAULT_PARTITIONS, path: 'var/server/topics.db' },
  store: { url: 'embedded', path: 'var/server/infrawatch.db', retention_days: 30 },
  limits: {
    max_body_bytes: 20 * 1024 * 1024,
    max_inflight_bytes: 256 * 1024 * 1024,
    max_attributes: 2000,
    max_backlog_messages: 200_000,
    max_backlog_bytes: 1024 * 1024 * 1024,
    retry_after_seconds: 5,
    headers_timeout_ms: 10_000,
    request_timeout_ms: 30_000,
    keep_alive_timeout_ms: 5_000,
    max_connections: 10_000,
  },
  writer: { batch_messages: 500, pull_wait_ms: 100 },
  merger: DEFAULT_MERGER_CONFIG,
  query: { default_mode: 'auto', modes: {} },
};

type Check = (value: unknown, path: string, problems: string[]) => unknown;

function describe(value: unknown): string {
  if (typeof value === 'string') return `a string of ${value.length} characters`;
  if (Array.isArray(value)) return `a list of ${value.length} items`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return value === null ? 'null' : `a ${typeof value}`;
}

const string: Check = (v, path, problems) => {
  if (typeof v === 'string') return v;
  problems.push(`${path}: expected a string (got ${describe(v)})`);
};

const boolean: Check = (v, path, problems) => {
  if (typeof v === 'boolean') return v;
  problems.push(`${path}: expected true or false (got ${describe(v)})`);
};

function integer(min: number, max: number): Check {
  return (v, path, problems) => {
    if (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max) return v;
    problems.push(`${path}: expected an integer from ${min} to ${max} (got ${describe(v)})`);
  };
}

function oneOf(values: readonly string[]): Check {
  return (v, path, problems) => {
    if (typeof v === 'string' && values.includes(v)) return v;
    problems.push(`${path}: expected one of ${values.join(', ')} (got ${typeof v === 'string' && /^[\w.+-]{0,16}$/.test(v) ? JSON.stringify(v) : describe(v)})`);
  };
}

function listOf(item: Check, minItems: number): Check {
  return (v, path, problems) => {
    if (!Array.isArray(v) || v.length < minItems) {
      problems.push(`${path}: expected a list of at least ${minItems} (got ${describe(v)})`);
      return;
    }
    return v.map((x, i) => item(x, `${path}[${i}]`, problems));
  };
}

/** A mapping of any keys (an account's name), each value checked by `value`. */
function mapOf(value: Check): Check {
  return (v, path, problems) => {
    if (v === null || v === undefined) return {};
    if (typeof v !== 'object' || Array.isArray(v)) {
      problems.push(`${path}: expected a mapping (got ${describe(v)})`);
      return;
    }
    const out: Record<string, unknown> = {};
    for (const [key, x] of Object.entries(v as Record<string, unknown>)) out[key] = value(x, `${path}.${/^[\w.@-]{1,64}$/.test(key) ? key : JSON.stringify(key.slice(0, 64))}`, problems);
    return out;
  };
}

/** A mapping of known keys, each with its check and default; an unknown key is a problem. */
function mapping(fields: Record<string, { check: Check; fallback?: unknown }>): Check {
  return (v, path, problems) => {
    const at = (key: string) => (path === '' ? key : `${path}.${key}`);
    if (v === null || v === undefined) v = {};
    if (typeof v !== 'object' || Array.isArray(v)) {
      problems.push(`${path || '(top level)'}: expected a mapping (got ${describe(v)})`);
      return;
    }
    const raw = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(raw)) {
      if (!(key in fields)) problems.push(`${/^[\w.-]{1,64}$/.test(key) ? at(key) : `${path || '(top level)'}: a key`}: unknown key`);
    }
    for (const [key, f] of Object.entries(fields)) {
      if (raw[key] === undefined) {
        if (f.fallback === undefined) problems.push(`${at(key)}: required`);
        else out[key] = f.fallback;
      } else {
        out[key] = f.check(raw[key], at(key), problems);
      }
    }
    return out;
  };
}

function section<T extends object>(defaults: T, checks: { [K in keyof T]: Check }): { check: Check; fallback: T } {
  const fields: Record<string, { check: Check; fallback?: unknown }> = {};
  for (const key of Object.keys(checks) as (keyof T & string)[]) fields[key] = { check: checks[key], fallback: defaults[key] };
  return { check: mapping(fields), fallback: defaults };
}

const D = DEFAULT_SERVER_CONFIG;
const MS_MAX = 3_600_000;

const authKey = mapping({
  id: { check: string },
  account: { check: string },
  algorithms: { check: listOf(oneOf(KEY_ALGORITHMS), 1) },
  secret_file: { check: string, fallback: '' },
  public_key_file: { check: string, fallback: '' },
});

const CHECK_SERVER_CONFIG = mapping({
  role: { check: oneOf(ROLES), fallback: D.role },
  listen: section(D.listen, { address: string, port: integer(0, 65535), allow_plain_http: boolean }),
  tls: section(D.tls, { cert_file: string, key_file: string, client_ca_file: string, require_client_cert: boolean }),
  metrics_listen: { check: string, fallback: D.metrics_listen },
  grpc_listen: { check: string, fallback: D.grpc_listen },
  auth: section(D.auth, {
    issuer: string,
    audience: string,
    clock_tolerance_seconds: integer(0, 3600),
    max_ttl_seconds: integer(60, 10 * 366 * 86400),
    keys: listOf(authKey, 0),
  }),
  topics: section(D.topics, { bus: string, partitions: integer(1, 4096), path: string }),
  store: section(D.store, { url: string, path: string, retention_days: integer(1, 3650) }),
  limits: section(D.limits, {
    max_body_bytes: integer(1024, 1024 * 1024 * 1024),
    max_inflight_bytes: integer(1024, 1024 ** 4),
    max_attributes: integer(1, 100_000),
    max_backlog_messages: integer(1, 1_000_000_000),
    max_backlog_bytes: integer(1024, 1024 ** 4),
    retry_after_seconds: integer(1, 3600),
    headers_timeout_ms: integer(100, MS_MAX),
    request_timeout_ms: integer(100, MS_MAX),
    keep_alive_timeout_ms: integer(100, MS_MAX),
    max_connections: integer(1, 1_000_000),
  }),
  writer: section(D.writer, { batch_messages: integer(1, 100_000), pull_wait_ms: integer(1, 60_000) }),
  merger: section(D.merger, {
    enabled: boolean,
    allowed_lateness_windows: integer(0, 1440),
    late: oneOf(LATE_POLICIES),
    max_hold_ms: integer(1000, 86_400_000),
    max_state_bytes: integer(1024 * 1024, 1024 ** 4),
    batch_messages: integer(1, 100_000),
    pull_wait_ms: integer(1, 60_000),
    ack_wait_ms: integer(1000, 86_400_000),
    redis_url: string,
    lease_ttl_ms: integer(1000, MS_MAX),
    publish_slack_ms: integer(0, MS_MAX),
    id_retention_hours: integer(1, 24 * 366),
  }),
  query: section(D.query, { default_mode: oneOf(QUERY_MODES), modes: mapOf(oneOf(QUERY_MODES)) }),
});

/** Problems between keys, once each key is well typed. */
function crossProblems(c: ServerConfig): string[] {
  const problems: string[] = [];
  if ((c.tls.cert_file === '') !== (c.tls.key_file === '')) problems.push('tls: cert_file and key_file go together (one is set, the other is not)');
  if (c.tls.cert_file === '' && (c.tls.client_ca_file !== '' || c.tls.require_client_cert)) problems.push('tls.client_ca_file: client certificates need tls.cert_file and tls.key_file');
  if (c.tls.require_client_cert && c.tls.client_ca_file === '') problems.push('tls.require_client_cert: needs tls.client_ca_file');
  if (c.topics.path === c.store.path) problems.push('topics.path: must not be store.path (each file has its own writer thread)');
  if (c.limits.max_inflight_bytes < c.limits.max_body_bytes) problems.push('limits.max_inflight_bytes: must be at least limits.max_body_bytes (else a body of the largest size could never be read)');
  if (c.limits.headers_timeout_ms > c.limits.request_timeout_ms) problems.push('limits.headers_timeout_ms: must not exceed limits.request_timeout_ms');
  problems.push(...mergerProblems(c.merger));
  const ids = new Set<string>();
  c.auth.keys.forEach((k, i) => {
    const at = `auth.keys[${i}]`;
    if (ids.has(k.id)) problems.push(`${at}.id: used by an earlier key`);
    ids.add(k.id);
    const hmac = k.algorithms.filter((a) => a.startsWith('HS')).length;
    if (hmac > 0 && hmac < k.algorithms.length) problems.push(`${at}.algorithms: HS* (a shared secret) and RS/PS/ES* (a public key) cannot share a key`);
    if (hmac > 0 && k.secret_file === '') problems.push(`${at}.secret_file: required for ${k.algorithms[0]}`);
    if (hmac === 0 && k.public_key_file === '') problems.push(`${at}.public_key_file: required for ${k.algorithms[0]}`);
    if (hmac > 0 && k.public_key_file !== '') problems.push(`${at}.public_key_file: not used by HS* (set secret_file)`);
    if (hmac === 0 && k.secret_file !== '') problems.push(`${at}.secret_file: not used by ${k.algorithms[0]} (set public_key_file)`);
  });
  return problems;
}

/** Checks a parsed server.yaml; `source` names it in the error. */
export function validateServerConfig(raw: unknown, source: string): ServerConfig {
  const problems: string[] = [];
  const config = CHECK_SERVER_CONFIG(raw, '', problems) as ServerConfig;
  if (problems.length === 0) problems.push(...crossProblems(config));
  if (problems.length > 0) throw new InfraWatchError('IW_ERR_CONFIG', `${source}: ${problems.join('; ')}`);
  return config;
}
