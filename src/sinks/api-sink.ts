// The Infra-Watch API sink: registration at start, host telemetry with the
// tick's rows every tick, snapshots at start and every snapshot_interval,
// all through a disk queue drained by an HTTP sender.

import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { AgentConfig } from '../config/schema.js';
import { takeSnapshot } from '../host/snapshot.js';
import { HostTelemetrySampler } from '../host/telemetry.js';
import { packageVersion } from '../paths.js';
import { stringifyRegister, stringifySnapshot, stringifyTelemetry } from './api-bodies.js';
import { DiskQueue } from './disk-queue.js';
import { HttpSender, queuedRequest } from './http-sender.js';

export class ApiSink {
  readonly queue: DiskQueue;
  readonly sender: HttpSender;
  private readonly telemetry: HostTelemetrySampler;
  private lastSnapshotMs = -Infinity;

  constructor(
    private readonly config: AgentConfig,
    private readonly hostId: string,
    log: Logger,
  ) {
    this.queue = new DiskQueue({ dir: join(config.queue_dir, 'http'), maxBytes: config.queue_max_bytes });
    this.sender = new HttpSender(this.queue, {
      baseUrl: config.api_url,
      token: config.auth_token || undefined,
      retry: {
        startMs: config.retry_start_s * 1000,
        factor: config.retry_factor,
        capMs: config.retry_cap_s * 1000,
        giveUpMs: config.retry_give_up_s * 1000,
      },
      onFailure: (message) => log.warn({ sink: 'http' }, message),
    });
    this.telemetry = new HostTelemetrySampler(hostId, config.proc_root, config.disk_mounts);
    const now = new Date().toISOString();
    this.queue.enqueue(queuedRequest('/hosts/register', stringifyRegister({ host_id: hostId, hostname: hostname(), agent_version: packageVersion(), timestamp: now })));
  }

  /** One tick: the telemetry (with the tick's rows), a snapshot when one is due, then send. */
  tick(processes: NonNullable<Parameters<typeof stringifyTelemetry>[0]['processes']>, nowMs: number): void {
    const body = { ...this.telemetry.sample(new Date(nowMs)), processes };
    this.queue.enqueue(queuedRequest('/telemetry', stringifyTelemetry(body)));
    if (this.config.collect_snapshot && nowMs - this.lastSnapshotMs >= this.config.snapshot_interval * 1000) {
      this.lastSnapshotMs = nowMs;
      const snapshot = takeSnapshot({ hostRoot: '/', procRoot: this.config.proc_root, envWhitelist: this.config.env_whitelist, env: process.env });
      this.queue.enqueue(queuedRequest('/snapshot', stringifySnapshot({ ...snapshot, host_id: this.hostId, timestamp: new Date(nowMs).toISOString() })));
    }
    this.sender.kick();
  }

  /** Sends until the queue is empty, a retry must wait, or the deadline passes; what is left stays on disk. */
  async drain(deadlineMs: number): Promise<void> {
    this.sender.kick();
    while (this.queue.depth > 0 && !this.sender.waiting && Date.now() < deadlineMs) {
      await this.sender.settle();
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  async stop(): Promise<void> {
    await this.sender.stop();
    this.queue.close();
  }
}

