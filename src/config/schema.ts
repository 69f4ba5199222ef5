// The agent's configuration: every key, its type, range and default. The
// defaults here are the embedded default config; config/agent.yaml restates
// them with comments (a test keeps the two equal), and config/README.md
// documents each key.

import { z } from 'zod';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const configSchema = z.strictObject({
  /** Root of the proc filesystem to scan; a fixture tree in tests. */
  proc_root: z.string().min(1).default('/proc'),
  /** Seconds between ticks. */
  interval_seconds: z.number().min(0.1).max(3600).default(10),
  /**
   * Scan workers: "auto" (1 up to 4 cores, then cores/4, at most 4) or a
   * count; 0 reads on the main thread (no worker's memory, but the event
   * loop waits for the read).
   */
  pool_size: z.union([z.literal('auto'), z.number().int().min(0).max(64)]).default('auto'),
  /** Keep each /proc/<pid>/stat open across ticks and pread it. */
  keep_stat_fds: z.boolean().default(true),
  /** Open files left free for everything else when keeping stat fds. */
  fd_reserve: z.number().int().min(16).max(1_000_000).default(256),
  /** Processes kept as full rows each tick. */
  top_n: z.number().int().min(1).max(10_000).default(20),
  /** Folder of the local spool (JSON lines, one line per tick). Relative to the working folder. */
  spool_dir: z.string().min(1).default('var/spool'),
  /** pino log level of the agent's own log (stdout). */
  log_level: z.enum(LOG_LEVELS).default('info'),
});

export type AgentConfig = z.output<typeof configSchema>;

export const DEFAULT_CONFIG: AgentConfig = Object.freeze(configSchema.parse({}));
