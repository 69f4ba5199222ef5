// The Infra-Watch API sink: registration at start, host telemetry with the
// tick's rows every tick, snapshots at start and every snapshot_interval,
// all through a disk queue drained by an HTTP sender.

import type { Logger } from 'pino';
import type { AgentConfig } from '../config/schema.js';
import { takeSnapshot } from '../host/snapshot.js';
import { hostNameOf } from '../host-id.js';
import { packageVersion } from '../paths.js';
import { stringifyRegister, stringifySnapshot, stringifyTelemetry } from './api-bodies.js';
import type { DiagEvents } from '../health/diag-events.js';
import { QueuedHttpSink } from './queued-http-sink.js';
import type { Sink, SinkContext, TickOutput } from './sink.js';

export class ApiSink extends QueuedHttpSink implements Sink {
  private lastSnapshotMs = -Infinity;
  private pendingSnapshot: Promise<void> = Promise.resolve();

  constructor(
    private readonly config: AgentConfig,
    private readonly hostId: string,
    private readonly log: Logger,
    diag: DiagEvents,
    private readonly filterEnv: SinkContext['filterEnv'] = (env) => env,
  ) {
    super(config, { name: 'http', baseUrl: config.api_url, token: config.auth_token || undefined, gzipAboveBytes: config.api_gzip ? 8192 : Number.POSITIVE_INFINITY }, log, diag);
    const now = new Date().toISOString();
    this.send('/hosts/register', stringifyRegister({ host_id: hostId, hostname: hostNameOf(config.host_root), agent_version: packageVersion(), timestamp: now }));
  }

  /** Waits for a snapshot being read, so that it is queued before a drain or a stop. */
  async settled(): Promise<void> {
    await this.pendingSnapshot;
  }

  /** One tick: the host telemetry with the tick's rows, and a snapshot when one is due. */
  tick({ host, rows, aggregates, totals, ephemeral, batch, nowMs }: TickOutput): void {
    const { mode, topN, intervalMs, topnCaptureRatioCpu, topnCaptureRatioRss, counters } = batch;
    this.send('/telemetry', stringifyTelemetry({ ...host(), processes: { top: rows, aggregates, totals, ephemeral, mode, topN, intervalMs, topnCaptureRatioCpu, topnCaptureRatioRss, counters } }));
    if (this.config.collect_snapshot && nowMs - this.lastSnapshotMs >= this.config.snapshot_interval * 1000) {
      this.lastSnapshotMs = nowMs;
      // The package databases are read off the tick (the rpm one needs SQLite).
      const c = this.config;
      const onLimit = (limit: string) => this.log.warn({ limit }, 'snapshot: Python packages cut at a limit');
      this.pendingSnapshot = takeSnapshot({ hostRoot: c.host_root, procRoot: c.proc_root, envWhitelist: c.env_whitelist, env: process.env, onLimit }).then(
        (snapshot) => this.send('/snapshot', stringifySnapshot({ ...snapshot, env_vars: this.filterEnv(snapshot.env_vars), host_id: this.hostId, timestamp: new Date(nowMs).toISOString() })),
        (err: unknown) => this.log.warn({ err }, 'snapshot failed'),
      );
    }
  }
}
