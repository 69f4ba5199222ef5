// The sinks, one factory each: its name, the config keys it reads (a
// change of any replaces it), when the config turns it on, what must hold
// for it to be made, and how it is made. The local spool comes first: a
// tick is on the host's disk before it is queued anywhere. A new sink is
// its own file in this folder and one entry here. Each remote sink's code
// is imported only when it is on: the API sink's JSON serialisers
// (fast-json-stringify and its schema compiler) cost ~8 MB of RSS that an
// agent without api_url should not carry.

import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';
import { InfraWatchError } from '../errors.js';
import { makeDirectory } from '../make-directory.js';
import type { AgentConfig } from '../config/schema.js';
import { lockFolder } from './folder-lock.js';
import type { ConfigKeys, Sink, SinkContext, SinkFactory } from './sink.js';
import { SPOOL_KEYS, SpoolSink } from './spool-sink.js';

/** What every queued HTTP sink reads: its queue, its retries, its breaker. The host id comes in the SinkContext: the agent makes every sink anew when it changes. */
const QUEUED_HTTP_KEYS: ConfigKeys = ['queue_dir', 'queue_max_bytes', 'retry_start_s', 'retry_factor', 'retry_cap_s', 'retry_give_up_s', 'breaker_failures', 'breaker_open_ticks'];

/**
 * Makes a folder if need be; throws a config error naming `key` when it
 * cannot be written or another agent holds it (its lock is tried and given
 * back: the sink made later takes it for good).
 */
function checkWritableFolder(key: string, dir: string): void {
  try {
    makeDirectory(dir);
    accessSync(dir, constants.W_OK);
    lockFolder(dir).release();
  } catch (err) {
    throw new InfraWatchError('IW_ERR_CONFIG', `${key}: ${dir}: not a writable folder: ${(err as Error).message}`, { cause: err });
  }
}

/** Makes a sink; an error (a queue folder that cannot be made or written) becomes a config error naming queue_dir. */
async function madeInQueueDir(config: AgentConfig, make: () => Promise<Sink>): Promise<Sink> {
  try {
    return await make();
  } catch (err) {
    throw new InfraWatchError('IW_ERR_CONFIG', `queue_dir: ${config.queue_dir}: ${(err as Error).message}`, { cause: err });
  }
}

export const SINK_FACTORIES: readonly SinkFactory[] = [
  {
    name: 'spool',
    configKeys: SPOOL_KEYS,
    enabled: () => true,
    check: (config) => checkWritableFolder('spool_dir', config.spool_dir),
    make: async (config) => new SpoolSink(config),
  },
  {
    name: 'http',
    // host_root and proc_root: the host's name and the snapshot's files.
    configKeys: ['api_url', 'api_gzip', 'auth_token', 'collect_snapshot', 'snapshot_interval', 'env_whitelist', 'host_root', 'proc_root', ...QUEUED_HTTP_KEYS],
    enabled: (config) => config.api_url !== '',
    check: (config) => checkWritableFolder('queue_dir', join(config.queue_dir, 'http')),
    make: (config, ctx: SinkContext) =>
      madeInQueueDir(config, async () => {
        const { ApiSink } = await import('./api-sink.js');
        return new ApiSink(config, ctx.hostId, ctx.log, ctx.diag, ctx.filterEnv);
      }),
  },
  {
    name: 'otlp',
    // host_root: the host's name (host.name).
    configKeys: ['otlp_endpoint', 'otlp_headers', 'host_root', ...QUEUED_HTTP_KEYS],
    enabled: (config) => config.otlp_endpoint !== '',
    check: (config) => checkWritableFolder('queue_dir', join(config.queue_dir, 'otlp')),
    make: (config, ctx: SinkContext) =>
      madeInQueueDir(config, async () => {
        const { OtlpSink } = await import('./otlp-sink.js');
        return new OtlpSink(config, ctx.hostId, ctx.hostCpus, ctx.log, ctx.diag);
      }),
  },
  {
    name: 'receiver',
    // host_root: the host's name (host.name) on the agent's own metrics.
    configKeys: ['receiver_url', 'receiver_token', 'host_root', ...QUEUED_HTTP_KEYS],
    enabled: (config) => config.receiver_url !== '',
    check: (config) => checkWritableFolder('queue_dir', join(config.queue_dir, 'receiver')),
    make: (config, ctx: SinkContext) =>
      madeInQueueDir(config, async () => {
        const { ReceiverSink } = await import('./receiver-sink.js');
        return new ReceiverSink(config, ctx.hostId, ctx.log, ctx.diag);
      }),
  },
];
