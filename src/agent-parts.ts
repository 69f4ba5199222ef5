// How each part of the agent is made from its config, and the config keys
// each one reads, declared beside the function that reads them: the
// scanner, the enrichment, the sketches, the host's figures, the breakers
// (the sinks, the local spool among them: sinks/sink-registry.ts). The
// agent, the scan command, the replay and the benches make theirs here, so
// that a key means the same thing everywhere.
//
// A live config change rebuilds a part when one of its keys changes
// (Agent.apply); a key no part declares would make a change report
// "applied" and do nothing. test/sinks/declared-keys.test.ts records the
// keys each part really reads against these lists, and checks that every
// key of the config is declared by some part.

import { constants, accessSync, statSync } from 'node:fs';
import type { AgentConfig } from './config/schema.js';
import { Enricher } from './enrich/enricher.js';
import { hostPath } from './host/host-path.js';
import { PasswdCache } from './procfs/passwd.js';
import { createScrubber } from './enrich/scrub-cmdline.js';
import { autoPoolSize } from './scan/scan-pool.js';
import { Scanner, type ScannerOptions } from './scan/scanner.js';
import { EphemeralSummarizer } from './report/ephemeral-summary.js';
import { InfraWatchError } from './errors.js';
import { SketchBook } from './sketch/sketch-book.js';
import type { BreakerReport } from './health/breaker-report.js';
import { publicKeyOf } from './filter/plugin-signature.js';
import { type FilterBooks, PluginFilters } from './filter/plugin-filters.js';

type Keys = readonly (keyof AgentConfig)[];

/** What the host id is made of: host_id, else the machine id under host_root. A change makes every sink anew (their context). */
export const HOST_ID_KEYS: Keys = ['host_id', 'host_root'];

/** Keys that shape the process table or the scan pool: a new Scanner (the next tick has no cpu%). */
export const SCANNER_REBUILD_KEYS: Keys = ['proc_root', 'scanner', 'bpf_pin_path', 'exit_tracker', 'pool_size', 'keep_stat_fds', 'fd_reserve', 'scan_worker_timeout_seconds'];

/** Selection keys the running Scanner takes in place (its table and history stay). */
export const SCANNER_KEYS: Keys = [
  'mode',
  'top_n',
  'adaptive_n',
  'top_n_max',
  'capture_target',
  'score_cpu_weight',
  'score_rss_weight',
  'include_names',
  'include_cmdlines',
  'exclude_names',
  'exclude_cmdlines',
  'display_name_rules',
  'pinned_max',
  'exclude_self',
  'cmdline_max_bytes',
  'process_threads',
];

export function poolSizeOf(config: AgentConfig): number {
  return config.pool_size === 'auto' ? autoPoolSize() : config.pool_size;
}

export function scannerOptionsOf(config: AgentConfig): ScannerOptions {
  return {
    procRoot: config.proc_root,
    source: config.scanner,
    bpfPinPath: config.bpf_pin_path,
    exitTracker: config.exit_tracker,
    exitSummarizer: (pageSizeBytes) => new EphemeralSummarizer(pageSizeBytes),
    poolSize: poolSizeOf(config),
    keepStatFds: config.keep_stat_fds,
    fdReserve: config.fd_reserve,
    mode: config.mode,
    workerTimeoutMs: config.scan_worker_timeout_seconds * 1000,
    selection: {
      topN: config.top_n,
      adaptive: config.adaptive_n,
      topNMax: config.top_n_max,
      captureTarget: config.capture_target,
      cpuWeight: config.score_cpu_weight,
      rssWeight: config.score_rss_weight,
      pinnedMax: config.pinned_max,
      excludeSelf: config.exclude_self,
    },
    pins: { include_names: config.include_names, include_cmdlines: config.include_cmdlines, exclude_names: config.exclude_names, exclude_cmdlines: config.exclude_cmdlines },
    displayNameRules: config.display_name_rules,
    cmdlineMaxBytes: config.cmdline_max_bytes,
    threadsTop: config.process_threads.top,
  };
}

export function scannerFor(config: AgentConfig): Scanner {
  return new Scanner(scannerOptionsOf(config));
}

/** host_root: the user names come from its /etc/passwd. */
export const ENRICHER_KEYS: Keys = ['proc_root', 'host_root', 'cmdline_max_bytes', 'scrub_cmdline', 'scrub_extra_words'];

export function enricherFor(config: AgentConfig): Enricher {
  return new Enricher({
    procRoot: config.proc_root,
    cmdlineMaxBytes: config.cmdline_max_bytes,
    scrub: config.scrub_cmdline ? createScrubber(config.scrub_extra_words) : undefined,
    // The host's users: a process's uid named by the container's passwd would be a wrong name, not a missing one.
    passwd: new PasswdCache(hostPath(config.host_root, '/etc/passwd')),
  });
}

/** The filter plugins, read, verified and compiled anew (their breakers closed); breaker_open_ticks: how long a faulted plugin stays out. */
export const FILTER_KEYS: Keys = ['filter_plugins', 'filter_plugin_public_key', 'filter_plugin_failure', 'breaker_open_ticks'];

/** The plugins of the config (undefined: none); a plugin not taken is in `refused`, with why. */
export function filtersFor(config: AgentConfig, books: FilterBooks, report: BreakerReport): PluginFilters | undefined {
  if (config.filter_plugins.length === 0) return undefined;
  return new PluginFilters({
    specs: config.filter_plugins,
    publicKey: config.filter_plugin_public_key === '' ? undefined : publicKeyOf(config.filter_plugin_public_key),
    policy: config.filter_plugin_failure,
    breaker: { failuresToOpen: 1, openTicks: config.breaker_open_ticks },
    books,
    report,
  });
}

/** host_root must be a folder the agent can read; a wrong one would report empty snapshots, not fail. */
export function checkHostRoot(config: AgentConfig): void {
  try {
    if (!statSync(config.host_root).isDirectory()) throw new Error('not a folder');
    accessSync(config.host_root, constants.R_OK | constants.X_OK);
  } catch (err) {
    throw new InfraWatchError('IW_ERR_CONFIG', `host_root: ${config.host_root}: not a folder the agent can read: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * A new sketch window starts (the partial one goes to the sinks first): the
 * sketches' own keys, and what changes the display ids they are keyed by
 * (the display rules, a new scanner) or the entity they are of.
 */
export const SKETCH_KEYS: Keys = [
  'sketch_enable',
  'sketch_window_s',
  'sketch_scale',
  'sketch_bin_limit',
  'sketch_key_bin_limit',
  'sketch_memory_budget_bytes',
  ...HOST_ID_KEYS,
  'display_name_rules',
  ...SCANNER_REBUILD_KEYS,
];

export function sketchBookFor(config: AgentConfig, keyed = true): SketchBook {
  return new SketchBook({
    scale: config.sketch_scale,
    hostBinLimit: config.sketch_bin_limit,
    keyBinLimit: config.sketch_key_bin_limit,
    memoryBudgetBytes: keyed ? config.sketch_memory_budget_bytes : 0,
  });
}

/** The host's figures for the sinks (HostTelemetrySampler): its /proc/stat deltas start again. */
export const TELEMETRY_KEYS: Keys = ['proc_root', 'disk_mounts', ...HOST_ID_KEYS];

/** The breakers (agent-breakers.ts) start again, closed, at the new interval. */
export const BREAKER_KEYS: Keys = ['interval_seconds', 'breaker_failures', 'breaker_open_ticks'];

/** The health listener binds its new address. */
export const HEALTH_KEYS: Keys = ['metrics_listen'];

/**
 * Keys read where they are used, each time: the next use takes the new
 * value, nothing is rebuilt. The tick's budgets (scan_cpu_budget_percent,
 * enrich_budget_ms), the breakers' policies (max_interval_seconds, top_n),
 * the sketches' budget message, the self-metrics period, the log level,
 * PATCH /config's token and the fleet poll's period (agent-runner.ts).
 */
export const LIVE_KEYS: Keys = [
  'scan_cpu_budget_percent',
  'enrich_budget_ms',
  'max_interval_seconds',
  'top_n',
  'sketch_memory_budget_bytes',
  'self_metrics_interval_s',
  'log_level',
  'config_token',
  'config_poll_seconds',
];
