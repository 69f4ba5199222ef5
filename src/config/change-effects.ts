// What a change of each key touches in the running agent. A change is applied
// between two ticks and rebuilds only the parts whose keys changed; every
// other part (the scan table and its history, the sinks and their queues, the
// health listener) keeps running. config/README.md states the same per key.

import type { AgentConfig } from './schema.js';

type Keys = readonly (keyof AgentConfig)[];

/** What the host id is made of: host_id, else the machine id under host_root. */
export const HOST_ID_KEYS: Keys = ['host_id', 'host_root'];

/** Keys that shape the process table or the scan pool: a new Scanner (the next tick has no cpu%). */
export const SCANNER_REBUILD_KEYS: Keys = ['proc_root', 'pool_size', 'keep_stat_fds', 'fd_reserve', 'scan_worker_timeout_seconds'];

/** Selection keys the running Scanner takes in place (its table and history stay). */
export const SCANNER_KEYS: Keys = [
  'mode', 'top_n', 'adaptive_n', 'top_n_max', 'capture_target', 'score_cpu_weight', 'score_rss_weight',
  'include_names', 'include_cmdlines', 'exclude_names', 'exclude_cmdlines', 'display_name_rules',
  'pinned_max', 'exclude_self', 'cmdline_max_bytes',
];

/** host_root: the user names come from its /etc/passwd. */
export const ENRICHER_KEYS: Keys = ['proc_root', 'host_root', 'cmdline_max_bytes', 'scrub_cmdline', 'scrub_extra_words'];

export const SPOOL_KEYS: Keys = ['spool_dir', 'spool_max_file_bytes', 'spool_max_file_age_s', 'spool_max_bytes', 'spool_max_age_s'];

/**
 * The sketch window is shipped (partial) and a new one starts: the sketches'
 * own keys, where they go, and what changes the display ids they are keyed
 * by (the display rules, a new scanner).
 */
export const SKETCH_KEYS: Keys = [
  'sketch_enable', 'sketch_window_s', 'sketch_scale', 'sketch_bin_limit', 'sketch_key_bin_limit', 'sketch_memory_budget_bytes',
  ...HOST_ID_KEYS, 'display_name_rules', ...SCANNER_REBUILD_KEYS, ...SPOOL_KEYS,
];

// The sinks' keys are declared with their factories (sinks/sink-registry.ts).

export const TELEMETRY_KEYS: Keys = ['proc_root', 'disk_mounts', ...HOST_ID_KEYS];

/** The breakers start again, closed, at the new interval. */
export const BREAKER_KEYS: Keys = ['interval_seconds', 'breaker_failures', 'breaker_open_ticks'];

/** Whether any of `keys` differs between two configs (lists and maps compared by value). */
export function changed(before: AgentConfig, after: AgentConfig, keys: Keys): boolean {
  return keys.some((k) => before[k] !== after[k] && JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}
