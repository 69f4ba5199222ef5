// The agent's configuration: every key, its type, range and default. The
// defaults here are the embedded default config; config/agent.yaml restates
// them with comments (a test keeps the two equal), and config/README.md
// documents each key.
//
// A small declarative validator instead of a schema library: zod, the
// obvious choice, adds ~7 MB of RSS to the agent (measured: yaml + pino +
// piscina 52 MB, + zod 59 MB, median of three), a tenth of the whole budget,
// for a check that runs once at load.

import { join } from 'node:path';
import { needsBacktracking } from './regex-time.js';
import { SCANNER_SOURCES } from '../scan/bpf-source.js';
import { DEFAULT_PIN_PATH } from '../scan/scanner.js';
import { FILTER_FIELDS, type FilterField } from '../filter/filter-plugin.js';
import { publicKeyOf } from '../filter/plugin-signature.js';
import { FAILURE_POLICIES } from '../filter/plugin-filters.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Who may set a key (each key's `scope` below). The config is three layers
 * (the file, the fleet's document for this host, PATCH /config on the
 * health listener); the last two come from the network and are not trusted
 * with anything but what and how often to collect.
 * - local: only the config file on the host may set it. Destinations,
 *   credentials, tokens, identity, paths, listeners, what names a file or a
 *   host (the env whitelist, the disk mounts), the ceilings of the agent's
 *   own disk and memory, the threads and files it holds, and turning the
 *   command-line scrubbing off (remote layers may add scrub words, never
 *   remove the scrubbing).
 * - remote: the file, the fleet or PATCH /config may set it.
 * A remote layer that names a local key is refused whole (the last good
 * config keeps running).
 */
export type Scope = 'local' | 'remote';

type Spec = { readonly scope: Scope } & (
  | { readonly kind: 'string'; readonly default: string; readonly allowEmpty?: boolean; readonly absolute?: boolean }
  | { readonly kind: 'number'; readonly default: number; readonly min: number; readonly max: number; readonly integer?: boolean }
  | { readonly kind: 'boolean'; readonly default: boolean }
  | { readonly kind: 'enum'; readonly default: string; readonly values: readonly string[] }
  | { readonly kind: 'autoOrInteger'; readonly default: 'auto' | number; readonly min: number; readonly max: number }
  | { readonly kind: 'stringList'; readonly default: readonly string[] }
  | { readonly kind: 'regexList'; readonly default: readonly string[] }
  | { readonly kind: 'stringMap'; readonly default: Readonly<Record<string, string>> }
  | { readonly kind: 'displayRules'; readonly default: readonly { match: string; name: string }[] }
  | { readonly kind: 'filterPlugins'; readonly default: readonly FilterPluginEntry[] }
  | { readonly kind: 'processThreads'; readonly default: ProcessThreads }
);

export interface ProcessThreads {
  /** The busiest threads shipped with each row; 0: none. */
  readonly top: number;
}

/** process_threads.top's bounds: a row's threads are a handful, not a second table. */
export const PROCESS_THREADS_TOP_MAX = 64;

export interface FilterPluginEntry {
  readonly path: string;
  readonly signature: string;
  readonly fields: readonly FilterField[];
}

export const CONFIG_SPEC = {
  /**
   * The host's / as the agent sees it: "/", or "/host" in a container that
   * has the host's / mounted there. /etc/os-release, /etc/passwd, the
   * machine id, the package databases, the site-packages folders and the
   * disk mounts are read under it.
   */
  host_root: { kind: 'string', default: '/', absolute: true, scope: 'local' },
  /**
   * Root of the proc filesystem to scan; a fixture tree in tests. Empty (the
   * default): <host_root>/proc, so that host_root alone moves the whole
   * agent onto the host's files.
   */
  proc_root: { kind: 'string', default: '', allowEmpty: true, scope: 'local' },
  /** Seconds between ticks. */
  interval_seconds: { kind: 'number', default: 10, min: 0.1, max: 3600, scope: 'remote' },
  /**
   * Scan workers: "auto" (1 up to 4 cores, then cores/4, at most 4) or a
   * count; 0 reads on the main thread (no worker's memory, but the event
   * loop waits for the read).
   */
  pool_size: { kind: 'autoOrInteger', default: 'auto', min: 0, max: 64, scope: 'local' },
  /**
   * Where the scan's numbers come from: "bpf", a BPF task iterator (one
   * read for every process; needs the object built with clang and, to
   * load it, root or CAP_BPF + CAP_PERFMON, or a pin made beforehand);
   * "procfs", /proc/<pid>/stat; "auto", BPF where it can be had. Any BPF
   * failure falls back to procfs, with a diag event.
   */
  scanner: { kind: 'enum', default: 'auto', values: SCANNER_SOURCES, scope: 'local' },
  /** Where the BPF iterator is pinned: a file on a bpffs mount. */
  bpf_pin_path: { kind: 'string', default: DEFAULT_PIN_PATH, absolute: true, scope: 'local' },
  /**
   * While the scan runs on BPF, also record every process that ends (the
   * BPF exit tracker, pinned beside bpf_pin_path in exit_tracker/) and
   * ship them per tick as ProcessEphemeralSummary.
   */
  exit_tracker: { kind: 'boolean', default: true, scope: 'local' },
  /** Keep each /proc/<pid>/stat open across ticks and pread it. */
  keep_stat_fds: { kind: 'boolean', default: true, scope: 'local' },
  /** Open files left free for everything else when keeping stat fds. */
  fd_reserve: { kind: 'number', default: 256, min: 16, max: 1_000_000, integer: true, scope: 'local' },
  /** "smart": Top-N rows + one aggregate row per name for the rest; "raw": a row for every process. */
  mode: { kind: 'enum', default: 'smart', values: ['smart', 'raw'], scope: 'remote' },
  /** Processes kept as full rows each tick (smart mode). */
  top_n: { kind: 'number', default: 20, min: 1, max: 10_000, integer: true, scope: 'remote' },
  /** Let N grow from top_n up to top_n_max until the rows hold capture_target of the score. */
  adaptive_n: { kind: 'boolean', default: false, scope: 'remote' },
  top_n_max: { kind: 'number', default: 100, min: 1, max: 10_000, integer: true, scope: 'remote' },
  capture_target: { kind: 'number', default: 0.95, min: 0.5, max: 1, scope: 'remote' },
  /** score = max(score_cpu_weight · cpu share, score_rss_weight · RSS share). */
  score_cpu_weight: { kind: 'number', default: 1, min: 0, max: 1000, scope: 'remote' },
  score_rss_weight: { kind: 'number', default: 1, min: 0, max: 1000, scope: 'remote' },
  /** Regular expressions on the process name / command line: matching processes are always rows. */
  include_names: { kind: 'regexList', default: [], scope: 'remote' },
  include_cmdlines: { kind: 'regexList', default: [], scope: 'remote' },
  /**
   * { top: K }: each row carries its K busiest threads over the tick (tid,
   * name, state, cpu%), as top -H shows them; 0 (the default): none. Needs
   * the BPF scanner (on procfs the log and a diag event say so once).
   */
  process_threads: { kind: 'processThreads', default: { top: 0 }, scope: 'remote' },
  /** Matching processes are never top rows (they stay in the aggregates and totals). */
  exclude_names: { kind: 'regexList', default: [], scope: 'remote' },
  exclude_cmdlines: { kind: 'regexList', default: [], scope: 'remote' },
  /** [{ match: regex on the name, name: display name with $1 … $9 }]: the first match names the rows and aggregate. */
  /**
   * By default, per-cpu kernel threads fold into one aggregate per kind: a
   * kworker's name changes with the work it does (kworker/0:1-events, then
   * kworker/0:1-mm_percpu_wq), which made a new aggregate series each time
   * (the replay of the steady recording: most of smart mode's new series).
   */
  display_name_rules: { kind: 'displayRules', default: [{ match: '^(kworker|ksoftirqd|migration|cpuhp|idle_inject|irq|rcuop|rcuos|rcuog)/', name: '$1' }], scope: 'remote' },
  /** Most rows the include rules add each tick. */
  pinned_max: { kind: 'number', default: 50, min: 0, max: 10_000, integer: true, scope: 'remote' },
  /** Keep the agent's own process out of the top rows (it is marked agentSelf either way). */
  exclude_self: { kind: 'boolean', default: false, scope: 'remote' },
  /** Bytes of a top row's command line kept; longer ones are cut and marked truncated. */
  cmdline_max_bytes: { kind: 'number', default: 4096, min: 64, max: 1_048_576, integer: true, scope: 'remote' },
  /** Mask the values of secret-looking arguments in command lines. */
  scrub_cmdline: { kind: 'boolean', default: true, scope: 'local' },
  /** Words besides the built-in ones (password, secret, api_key, …) that mark an argument as secret. */
  scrub_extra_words: { kind: 'stringList', default: [], scope: 'remote' },
  /**
   * WebAssembly filter plugins (ABI infrawatch-filter-v1) run over what
   * leaves the host, after the built-in scrubbing: [{ path, signature,
   * fields }], absolute paths of the module and of its detached Ed25519
   * signature, and the fields it is handed (command_line, command,
   * user_name, command_name, display_name, env_value).
   */
  filter_plugins: { kind: 'filterPlugins', default: [], scope: 'local' },
  /** The Ed25519 public key (base64 of its 32 bytes) every plugin's signature must verify against. */
  filter_plugin_public_key: { kind: 'string', default: '', allowEmpty: true, scope: 'local' },
  /** What a plugin that is out (refused, or disabled by its breaker after a fault) would have filtered: "hold" keeps those rows back, "scrubbed" ships them with the built-in scrubbing only. */
  filter_plugin_failure: { kind: 'enum', default: 'hold', values: FAILURE_POLICIES, scope: 'local' },
  /** Sketch the cpu% and RSS of every process (per host and per display name). */
  sketch_enable: { kind: 'boolean', default: true, scope: 'remote' },
  /** Seconds of a sketch window: the sketches are shipped and reset once per window. */
  sketch_window_s: { kind: 'number', default: 60, min: 1, max: 86_400, scope: 'remote' },
  /** γ = 2^(2^-scale); 6: relative accuracy 0.54 %. */
  sketch_scale: { kind: 'number', default: 6, min: 0, max: 10, integer: true, scope: 'remote' },
  /** Bins of each host sketch (2048 at scale 6: a 2^32 range before the lowest bins collapse). */
  sketch_bin_limit: { kind: 'number', default: 2048, min: 16, max: 65_536, integer: true, scope: 'remote' },
  /** Bins of each per-name sketch (512 at scale 6: a 2^8 range). */
  sketch_key_bin_limit: { kind: 'number', default: 512, min: 16, max: 65_536, integer: true, scope: 'remote' },
  /** Bytes the per-name sketches may hold in all; past it the least recently used names lose theirs. */
  sketch_memory_budget_bytes: { kind: 'number', default: 4 * 1024 * 1024, min: 0, max: 1024 * 1024 * 1024, integer: true, scope: 'local' },
  /** The Infra-Watch API, e.g. http://localhost:8000/api; setting it turns the http sink on. */
  api_url: { kind: 'string', default: '', allowEmpty: true, scope: 'local' },
  /**
   * gzip the API's bodies over 8 KiB. Off by default: the original API spec
   * takes plain JSON, and a backend written to it (Flask's get_json())
   * answers a gzip'd body with 400, which is not retried: all of it lost.
   */
  api_gzip: { kind: 'boolean', default: false, scope: 'local' },
  /** Bearer token for the API. Never logged, never queued; the config file that holds it must not be readable by others. */
  auth_token: { kind: 'string', default: '', allowEmpty: true, scope: 'local' },
  /** Take a host snapshot (OS, kernel, packages, whitelisted environment) at start and every snapshot_interval. */
  collect_snapshot: { kind: 'boolean', default: true, scope: 'remote' },
  /** Seconds between snapshots. */
  snapshot_interval: { kind: 'number', default: 3600, min: 60, max: 604_800, scope: 'remote' },
  /** Environment variables (exact names) whose values go into the snapshot. */
  env_whitelist: { kind: 'stringList', default: [], scope: 'local' },
  /** Mount points whose use makes the telemetry's disk%. */
  disk_mounts: { kind: 'stringList', default: ['/'], scope: 'local' },
  /** Folder of the sinks' disk queues. Relative to the working folder. */
  queue_dir: { kind: 'string', default: 'var/queue', scope: 'local' },
  /** Most bytes each sink's queue holds on disk; past it the oldest go first (counted). */
  queue_max_bytes: { kind: 'number', default: 64 * 1024 * 1024, min: 65_536, max: 64 * 1024 * 1024 * 1024, integer: true, scope: 'local' },
  /** Retries: the first wait, its growth, its ceiling, and when to give up (seconds). */
  retry_start_s: { kind: 'number', default: 5, min: 0.01, max: 3600, scope: 'remote' },
  retry_factor: { kind: 'number', default: 1.5, min: 1, max: 10, scope: 'remote' },
  retry_cap_s: { kind: 'number', default: 30, min: 0.01, max: 86_400, scope: 'remote' },
  retry_give_up_s: { kind: 'number', default: 300, min: 0.1, max: 604_800, scope: 'remote' },
  /** OTLP/HTTP endpoint (e.g. http://localhost:4318): setting it turns the otlp sink on ({otlp_endpoint}/v1/metrics). */
  otlp_endpoint: { kind: 'string', default: '', allowEmpty: true, scope: 'local' },
  /** Headers of every OTLP request (an API key, …). */
  otlp_headers: { kind: 'stringMap', default: {}, scope: 'local' },
  /**
   * The fleet receiver (`infrawatch serve`), e.g. https://fleet.example:8443:
   * setting it turns the receiver sink on: the agent's protobuf envelopes to
   * {receiver_url}/v1/envelopes through a disk queue.
   */
  receiver_url: { kind: 'string', default: '', allowEmpty: true, scope: 'local' },
  /** The host's JWT for the receiver (`infrawatch token issue --account A --host H`). Kept like auth_token. */
  receiver_token: { kind: 'string', default: '', allowEmpty: true, scope: 'local' },
  /** The host's entity guid in every envelope; empty: /etc/machine-id. */
  host_id: { kind: 'string', default: '', allowEmpty: true, scope: 'local' },
  /** Folder of the local spool (processes.ldpb, sketches.ldpb: length-delimited envelopes). Relative to the working folder. */
  spool_dir: { kind: 'string', default: 'var/spool', scope: 'local' },
  /** A spool file is rotated past this size or age… */
  spool_max_file_bytes: { kind: 'number', default: 16 * 1024 * 1024, min: 4096, max: 1024 ** 4, integer: true, scope: 'local' },
  spool_max_file_age_s: { kind: 'number', default: 3600, min: 1, max: 31_536_000, scope: 'local' },
  /** …and rotated files go, oldest first (counted), past this total size or age. */
  spool_max_bytes: { kind: 'number', default: 256 * 1024 * 1024, min: 65_536, max: 1024 ** 4, integer: true, scope: 'local' },
  spool_max_age_s: { kind: 'number', default: 7 * 86_400, min: 60, max: 31_536_000, scope: 'local' },
  /** The scan's cpu budget, percent of the host at the current interval; past it for breaker_failures ticks the scan breaker opens. */
  scan_cpu_budget_percent: { kind: 'number', default: 1.5, min: 0, max: 100, scope: 'remote' },
  /** The longest interval the scan breaker may stretch to, in seconds. */
  max_interval_seconds: { kind: 'number', default: 60, min: 0.1, max: 3600, scope: 'remote' },
  /** Failures in a row that open a breaker, and ticks it stays open before its one probe. */
  breaker_failures: { kind: 'number', default: 3, min: 1, max: 1000, integer: true, scope: 'remote' },
  breaker_open_ticks: { kind: 'number', default: 5, min: 1, max: 10_000, integer: true, scope: 'remote' },
  /** Seconds a scan worker may take over its slice before it is taken for hung and replaced (its unread processes are marked missing). */
  scan_worker_timeout_seconds: { kind: 'number', default: 10, min: 0.1, max: 3600, scope: 'local' },
  /** Milliseconds a tick's enrichment (cmdline, user, io of the rows) may take; slower, or a file failing, counts against the enrichment breaker. */
  enrich_budget_ms: { kind: 'number', default: 50, min: 0, max: 60_000, scope: 'remote' },
  /** host:port of the health listener (GET /metrics, GET /healthz, PATCH /config); empty: off. */
  metrics_listen: { kind: 'string', default: '127.0.0.1:9464', allowEmpty: true, scope: 'local' },
  /** Bearer token that PATCH /config on the health listener asks for; empty: PATCH /config is off. Kept like auth_token. */
  config_token: { kind: 'string', default: '', allowEmpty: true, scope: 'local' },
  /** Seconds between polls of GET {api_url}/agents/{host_id}/config (only with api_url). */
  config_poll_seconds: { kind: 'number', default: 15, min: 1, max: 86_400, scope: 'remote' },
  /** Seconds between shipments of the agent's own metrics over OTLP (only with otlp_endpoint). */
  self_metrics_interval_s: { kind: 'number', default: 60, min: 1, max: 86_400, scope: 'remote' },
  /** pino log level of the agent's own log (stdout). */
  log_level: { kind: 'enum', default: 'info', values: LOG_LEVELS, scope: 'remote' },
} as const satisfies Record<string, Spec>;

/** Each key's scope, as its spec declares it. */
export const CONFIG_SCOPE = Object.fromEntries(Object.entries(CONFIG_SPEC).map(([key, spec]) => [key, spec.scope])) as { readonly [K in keyof typeof CONFIG_SPEC]: Scope };

/** The local-only keys a remote document names (a key set to null, handing it back, names it too). */
export function localOnlyKeysIn(doc: Record<string, unknown>): string[] {
  return Object.keys(doc).filter((key) => Object.hasOwn(CONFIG_SCOPE, key) && CONFIG_SCOPE[key as keyof typeof CONFIG_SCOPE] === 'local');
}

/** The config keys that hold regular expressions, and each one's patterns. */
const PATTERN_KEYS: Record<string, (value: unknown) => unknown[]> = {
  include_names: (v) => (Array.isArray(v) ? v : []),
  include_cmdlines: (v) => (Array.isArray(v) ? v : []),
  exclude_names: (v) => (Array.isArray(v) ? v : []),
  exclude_cmdlines: (v) => (Array.isArray(v) ? v : []),
  display_name_rules: (v) => (Array.isArray(v) ? v.map((r) => (r !== null && typeof r === 'object' ? (r as { match?: unknown }).match : undefined)) : []),
};

/**
 * Patterns of a remote document that V8 could not fall back to running in
 * linear time (a backreference or lookaround: see regex-time.ts), each named
 * by its field path. The file may hold them; the network may not.
 */
export function remotePatternProblems(doc: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const [key, patternsOf] of Object.entries(PATTERN_KEYS)) {
    if (!Object.hasOwn(doc, key)) continue;
    patternsOf(doc[key]).forEach((p, i) => {
      if (typeof p === 'string' && needsBacktracking(p)) {
        const path = key === 'display_name_rules' ? `${key}[${i}].match` : `${key}[${i}]`;
        problems.push(`${path}: a pattern with a backreference or lookaround may be set only in the config file (it could backtrack without bound)`);
      }
    });
  }
  return problems;
}

type ValueOf<S> = S extends { kind: 'string' }
  ? string
  : S extends { kind: 'stringList' | 'regexList' }
    ? readonly string[]
    : S extends { kind: 'stringMap' }
      ? Readonly<Record<string, string>>
    : S extends { kind: 'displayRules' }
      ? readonly { readonly match: string; readonly name: string }[]
    : S extends { kind: 'filterPlugins' }
      ? readonly FilterPluginEntry[]
    : S extends { kind: 'processThreads' }
      ? ProcessThreads
  : S extends { kind: 'number' }
    ? number
    : S extends { kind: 'boolean' }
      ? boolean
      : S extends { kind: 'enum'; values: readonly (infer V)[] }
        ? V
        : 'auto' | number;

export type AgentConfig = { readonly [K in keyof typeof CONFIG_SPEC]: ValueOf<(typeof CONFIG_SPEC)[K]> };

// What a problem says a value was. The config file may not be a config at
// all (a symlink to /etc/shadow) and a value may be a token: a message
// shows numbers, booleans and short words (a mistyped mode or "soon" for a
// number of seconds), and of anything else its type and length only; for
// the keys whose values are free text (tokens, headers, urls, paths,
// patterns), only the type and length of any value.
const FREE_TEXT: ReadonlySet<Spec['kind']> = new Set(['string', 'stringList', 'stringMap', 'regexList', 'displayRules', 'filterPlugins']);
const SHORT_WORD = /^[\w.+-]{0,16}$/;

function describe(value: unknown, spec?: Spec): string {
  const freeText = spec === undefined || FREE_TEXT.has(spec.kind);
  if (value === null || value === undefined || typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return freeText ? 'a number' : String(value);
  if (typeof value === 'string') return !freeText && SHORT_WORD.test(value) ? JSON.stringify(value) : `a string of ${value.length} characters`;
  if (Array.isArray(value)) return `a list of ${value.length} items`;
  return typeof value === 'object' ? `a mapping of ${Object.keys(value).length} keys` : `a ${typeof value}`;
}

/**
 * An unknown key, as a problem names it: a word-like key of at most 40
 * characters (a misspelt key); any other only by its length (a file that is
 * not a config: a line of /etc/shadow parses as a key).
 */
function keyName(key: string): string {
  return /^[A-Za-z_][\w.-]{0,39}$/.test(key) ? key : `(a key of ${key.length} characters)`;
}

/** Unknown keys named one by one; past them, a count. */
const UNKNOWN_KEYS_NAMED = 5;

/** What is wrong with a regular expression, without the expression (V8 quotes it). */
function regexProblem(err: unknown): string {
  const message = (err as Error).message;
  return `invalid regular expression: ${message.slice(message.lastIndexOf(': ') + 2)}`;
}

function range(spec: { min: number; max: number }): string {
  return `from ${spec.min} to ${spec.max}`;
}

/** The problem with `value` for `spec`, or undefined when it is fine. */
function problemOf(spec: Spec, value: unknown): string | undefined {
  switch (spec.kind) {
    case 'string':
      if (spec.absolute) return typeof value === 'string' && value.startsWith('/') ? undefined : 'expected an absolute path';
      if (typeof value === 'string' && (value.length > 0 || spec.allowEmpty)) return undefined;
      return spec.allowEmpty ? 'expected a string' : 'expected a non-empty string';
    case 'stringList':
      return Array.isArray(value) && value.every((x) => typeof x === 'string' && x.length > 0) ? undefined : 'expected a list of non-empty strings';
    case 'stringMap': {
      const ok = value !== null && typeof value === 'object' && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string');
      return ok ? undefined : 'expected a mapping of names to strings';
    }
    case 'displayRules': {
      if (!Array.isArray(value)) return 'expected a list of { match, name }';
      for (let i = 0; i < value.length; i++) {
        const rule = value[i] as Record<string, unknown> | null;
        if (rule === null || typeof rule !== 'object' || typeof rule.match !== 'string' || typeof rule.name !== 'string' || Object.keys(rule).some((k) => k !== 'match' && k !== 'name')) {
          return `[${i}]: expected { match: regular expression, name: string } (got ${describe(rule, spec)})`;
        }
        try {
          new RegExp(rule.match);
        } catch (err) {
          return `[${i}].match: ${regexProblem(err)}`;
        }
      }
      return undefined;
    }
    case 'filterPlugins':
      return filterPluginsProblem(value);
    case 'processThreads': {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return `: expected { top: an integer from 0 to ${PROCESS_THREADS_TOP_MAX} } (got ${describe(value, spec)})`;
      const unknown = Object.keys(value).find((k) => k !== 'top');
      if (unknown !== undefined) return `.${keyName(unknown)}: unknown key (expected top)`;
      const top = (value as { top?: unknown }).top;
      const ok = typeof top === 'number' && Number.isInteger(top) && top >= 0 && top <= PROCESS_THREADS_TOP_MAX;
      return ok ? undefined : `.top: expected an integer from 0 to ${PROCESS_THREADS_TOP_MAX} (got ${describe(top, { kind: 'number', default: 0, min: 0, max: PROCESS_THREADS_TOP_MAX, scope: 'remote' })})`;
    }
    case 'regexList': {
      if (!Array.isArray(value) || !value.every((x) => typeof x === 'string')) return 'expected a list of regular expressions';
      for (let i = 0; i < value.length; i++) {
        try {
          new RegExp(value[i] as string);
        } catch (err) {
          return `[${i}]: ${regexProblem(err)}`;
        }
      }
      return undefined;
    }
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'expected true or false';
    case 'enum':
      return typeof value === 'string' && spec.values.includes(value) ? undefined : `expected one of ${spec.values.join(', ')}`;
    case 'number': {
      const ok = typeof value === 'number' && Number.isFinite(value) && value >= spec.min && value <= spec.max && (!spec.integer || Number.isInteger(value));
      return ok ? undefined : `expected ${spec.integer ? 'an integer' : 'a number'} ${range(spec)}`;
    }
    case 'autoOrInteger': {
      const ok = value === 'auto' || (typeof value === 'number' && Number.isInteger(value) && value >= spec.min && value <= spec.max);
      return ok ? undefined : `expected "auto" or an integer ${range(spec)}`;
    }
  }
}

const FILTER_PLUGIN_KEYS = ['path', 'signature', 'fields'];

/** The problem with a filter_plugins list, its item's index first. */
function filterPluginsProblem(value: unknown): string | undefined {
  if (!Array.isArray(value)) return 'expected a list of { path, signature, fields }';
  for (let i = 0; i < value.length; i++) {
    const item = value[i] as Record<string, unknown> | null;
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return `[${i}]: expected { path, signature, fields } (got ${describe(item)})`;
    const unknown = Object.keys(item).find((k) => !FILTER_PLUGIN_KEYS.includes(k));
    if (unknown !== undefined) return `[${i}].${keyName(unknown)}: unknown key (expected path, signature, fields)`;
    for (const key of ['path', 'signature']) {
      if (typeof item[key] !== 'string' || !(item[key] as string).startsWith('/')) return `[${i}].${key}: expected an absolute path (got ${describe(item[key])})`;
    }
    const fields = item.fields;
    if (!Array.isArray(fields) || fields.length === 0) return `[${i}].fields: expected a non-empty list of ${Object.keys(FILTER_FIELDS).join(', ')} (got ${describe(fields)})`;
    for (let f = 0; f < fields.length; f++) {
      const field = fields[f];
      if (typeof field !== 'string' || !Object.hasOwn(FILTER_FIELDS, field)) return `[${i}].fields[${f}]: expected one of ${Object.keys(FILTER_FIELDS).join(', ')} (got ${describe(field)})`;
      if (fields.indexOf(field) !== f) return `[${i}].fields[${f}]: ${field} is named twice`;
    }
  }
  return undefined;
}

/** Problems between keys: the plugins need a key to verify them against. */
function crossKeyProblems(config: Record<string, unknown>): string[] {
  const key = config.filter_plugin_public_key as string;
  if (key !== '') {
    try {
      publicKeyOf(key);
    } catch (err) {
      return [`filter_plugin_public_key: ${(err as Error).message}`];
    }
  } else if ((config.filter_plugins as unknown[]).length > 0) {
    return ['filter_plugin_public_key: required with filter_plugins (every plugin is verified against it)'];
  }
  return [];
}

/**
 * Checks a parsed config object and fills in defaults. Returns the config,
 * or every problem found, each as "path: what was expected (got value)".
 */
export function checkConfig(raw: unknown): { config: AgentConfig; problems: [] } | { config?: undefined; problems: string[] } {
  const input = raw === null || raw === undefined ? {} : raw;
  if (typeof input !== 'object' || Array.isArray(input)) {
    return { problems: [`(top level): expected a mapping of keys to values (got ${describe(input)})`] };
  }
  const given = input as Record<string, unknown>;
  const problems: string[] = [];
  const unknown = Object.keys(given).filter((key) => !Object.hasOwn(CONFIG_SPEC, key));
  for (const key of unknown.slice(0, UNKNOWN_KEYS_NAMED)) problems.push(`${keyName(key)}: unknown key`);
  if (unknown.length > UNKNOWN_KEYS_NAMED) problems.push(`${unknown.length - UNKNOWN_KEYS_NAMED} more unknown keys`);
  const config: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(CONFIG_SPEC) as [string, Spec][]) {
    const value = Object.hasOwn(given, key) ? given[key] : spec.default;
    const problem = problemOf(spec, value);
    if (problem === undefined) config[key] = value;
    else if (problem.startsWith('[') || problem.startsWith('.') || problem.startsWith(':')) problems.push(`${key}${problem}`); // a list item or a field names its own path
    else problems.push(`${key}: ${problem} (got ${describe(value, spec)})`);
  }
  if (problems.length === 0) problems.push(...crossKeyProblems(config));
  if (problems.length > 0) return { problems };
  // proc_root follows host_root unless the file names one (an empty value names none): a
  // container given host_root /host scans /host/proc, and a proc_root set before host_root
  // existed means what it meant.
  if (config.proc_root === '') config.proc_root = join(config.host_root as string, 'proc');
  return { config: config as AgentConfig, problems: [] };
}

function defaults(): AgentConfig {
  const checked = checkConfig({});
  if (checked.config === undefined) throw new Error(`the embedded defaults are invalid: ${checked.problems.join('; ')}`);
  return Object.freeze(checked.config);
}

export const DEFAULT_CONFIG: AgentConfig = defaults();
