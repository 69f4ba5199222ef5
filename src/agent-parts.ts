// How each part of the agent is made from its config: the scanner, the
// enrichment, the sketch book, and the spool limits (the remote sinks: sinks/sink-registry.ts). The
// agent, the scan command, the replay and the benches make theirs here, so
// that a key means the same thing everywhere.

import { constants, accessSync, statSync } from 'node:fs';
import type { AgentConfig } from './config/schema.js';
import { Enricher } from './enrich/enricher.js';
import { hostPath } from './host/host-path.js';
import { PasswdCache } from './procfs/passwd.js';
import { createScrubber } from './enrich/scrub-cmdline.js';
import { autoPoolSize } from './scan/scan-pool.js';
import { Scanner, type ScannerOptions } from './scan/scanner.js';
import { EnvelopeSpool, type SpoolLimits } from './sinks/envelope-spool.js';
import { InfraWatchError } from './errors.js';
import { SketchBook } from './sketch/sketch-book.js';

export function poolSizeOf(config: AgentConfig): number {
  return config.pool_size === 'auto' ? autoPoolSize() : config.pool_size;
}

export function scannerOptionsOf(config: AgentConfig): ScannerOptions {
  return {
    procRoot: config.proc_root,
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
  };
}

export function scannerFor(config: AgentConfig): Scanner {
  return new Scanner(scannerOptionsOf(config));
}

export function enricherFor(config: AgentConfig): Enricher {
  return new Enricher({
    procRoot: config.proc_root,
    cmdlineMaxBytes: config.cmdline_max_bytes,
    scrub: config.scrub_cmdline ? createScrubber(config.scrub_extra_words) : undefined,
    // The host's users: a process's uid named by the container's passwd would be a wrong name, not a missing one.
    passwd: new PasswdCache(hostPath(config.host_root, '/etc/passwd')),
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

export function sketchBookFor(config: AgentConfig, keyed = true): SketchBook {
  return new SketchBook({
    scale: config.sketch_scale,
    hostBinLimit: config.sketch_bin_limit,
    keyBinLimit: config.sketch_key_bin_limit,
    memoryBudgetBytes: keyed ? config.sketch_memory_budget_bytes : 0,
  });
}

function spoolLimitsOf(config: AgentConfig): SpoolLimits {
  return {
    maxFileBytes: config.spool_max_file_bytes,
    maxFileAgeMs: config.spool_max_file_age_s * 1000,
    maxTotalBytes: config.spool_max_bytes,
    maxAgeMs: config.spool_max_age_s * 1000,
  };
}

/** Runs `make`; an error (a folder that cannot be made or written) becomes a config error naming the key and its value. */
function madeUnder<T>(key: string, value: string, make: () => T): T {
  try {
    return make();
  } catch (err) {
    throw new InfraWatchError('IW_ERR_CONFIG', `${key}: ${value}: ${(err as Error).message}`, { cause: err });
  }
}

/** One of the spool's files (processes, sketches, diag) in spool_dir. */
export function spoolFor(config: AgentConfig, file: string): EnvelopeSpool {
  return madeUnder('spool_dir', config.spool_dir, () => new EnvelopeSpool(config.spool_dir, file, spoolLimitsOf(config)));
}
