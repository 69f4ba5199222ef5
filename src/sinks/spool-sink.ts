// The local spool as a sink: each tick's ProcessEnvelope to processes.ldpb
// and each sketch window's SketchEnvelopes to sketches.ldpb, in spool_dir.
// It is always on (first in the registry), so `npm start` needs no backend
// and `infrawatch decode` reads what the agent saw. The sketch file is
// opened with the first window it takes: an agent with sketch_enable off
// makes none.

import type { AgentConfig } from '../config/schema.js';
import { InfraWatchError } from '../errors.js';
import { EnvelopeSpool, PROCESS_SPOOL_FILE, SKETCH_SPOOL_FILE, type SpoolLimits } from './envelope-spool.js';
import type { ConfigKeys, Sink, TickOutput } from './sink.js';

/** Every key a spool reads: its folder and its limits. */
export const SPOOL_KEYS: ConfigKeys = ['spool_dir', 'spool_max_file_bytes', 'spool_max_file_age_s', 'spool_max_bytes', 'spool_max_age_s'];

type SpoolConfig = Pick<AgentConfig, 'spool_dir' | 'spool_max_file_bytes' | 'spool_max_file_age_s' | 'spool_max_bytes' | 'spool_max_age_s'>;

function spoolLimitsOf(config: SpoolConfig): SpoolLimits {
  return {
    maxFileBytes: config.spool_max_file_bytes,
    maxFileAgeMs: config.spool_max_file_age_s * 1000,
    maxTotalBytes: config.spool_max_bytes,
    maxAgeMs: config.spool_max_age_s * 1000,
  };
}

/** One of the spool's files (processes, sketches, diag) in spool_dir; a folder that cannot be made or written is a config error naming spool_dir. */
export function spoolFor(config: SpoolConfig, file: string): EnvelopeSpool {
  try {
    return new EnvelopeSpool(config.spool_dir, file, spoolLimitsOf(config));
  } catch (err) {
    throw new InfraWatchError('IW_ERR_CONFIG', `spool_dir: ${config.spool_dir}: ${(err as Error).message}`, { cause: err });
  }
}

export class SpoolSink implements Sink {
  readonly name = 'spool';
  private readonly processes: EnvelopeSpool;
  private sketchSpool: EnvelopeSpool | undefined;

  constructor(private readonly config: SpoolConfig) {
    this.processes = spoolFor(config, PROCESS_SPOOL_FILE);
  }

  /** The processes file, for the agent's start line. */
  get file(): string {
    return this.processes.file;
  }

  get recordsWritten(): number {
    return this.processes.recordsWritten;
  }

  get filesPruned(): number {
    return this.processes.filesPruned;
  }

  tick(t: TickOutput): void {
    this.processes.write(t.processEnvelope);
  }

  sketchEnvelopes(records: readonly Uint8Array[]): void {
    this.sketchSpool ??= spoolFor(this.config, SKETCH_SPOOL_FILE);
    for (const record of records) this.sketchSpool.write(record);
  }

  /** Nothing waits: every record is in its file's stream once written. */
  async drain(): Promise<void> {}

  /** Resolves once every record written is on disk. */
  async stop(): Promise<void> {
    await Promise.all([this.processes.close(), this.sketchSpool?.close()]);
  }
}
