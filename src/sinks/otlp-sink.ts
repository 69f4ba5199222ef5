// The OTLP sink: OTLP/HTTP protobuf to {otlp_endpoint}/v1/metrics, each
// tick's rows, aggregates and host figures, and each sketch window's
// exponential histograms, through a disk queue like every remote sink.

import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { AgentConfig } from '../config/schema.js';
import { HostTelemetrySampler } from '../host/telemetry.js';
import { packageVersion } from '../paths.js';
import type { ProcessAggregateRow, ProcessRow } from '../report/process-rows.js';
import { DiskQueue } from './disk-queue.js';
import { HttpSender, queuedRequest } from './http-sender.js';
import { encodeMetricsRequest, sketchRequest, tickRequest, type OtlpResource, type SketchPoint } from './otlp-metrics.js';

const PATH = '/v1/metrics';

export class OtlpSink {
  readonly queue: DiskQueue;
  readonly sender: HttpSender;
  private readonly resource: OtlpResource;
  private readonly host: HostTelemetrySampler;

  constructor(config: AgentConfig, hostId: string, private readonly hostCpus: number, log: Logger) {
    this.queue = new DiskQueue({ dir: join(config.queue_dir, 'otlp'), maxBytes: config.queue_max_bytes });
    this.sender = new HttpSender(this.queue, {
      baseUrl: config.otlp_endpoint,
      contentType: 'application/x-protobuf',
      headers: config.otlp_headers,
      retry: {
        startMs: config.retry_start_s * 1000,
        factor: config.retry_factor,
        capMs: config.retry_cap_s * 1000,
        giveUpMs: config.retry_give_up_s * 1000,
      },
      onFailure: (message) => log.warn({ sink: 'otlp' }, message),
    });
    this.resource = { hostId, hostName: hostname(), serviceVersion: packageVersion() };
    this.host = new HostTelemetrySampler(hostId, config.proc_root, config.disk_mounts);
  }

  tick(rows: readonly ProcessRow[], aggregates: readonly ProcessAggregateRow[], nowMs: number): void {
    const request = tickRequest(this.resource, rows, aggregates, this.host.sample(new Date(nowMs)), this.hostCpus, nowMs);
    this.queue.enqueue(queuedRequest(PATH, encodeMetricsRequest(request)));
    this.sender.kick();
  }

  sketches(points: readonly SketchPoint[]): void {
    if (points.length === 0) return;
    this.queue.enqueue(queuedRequest(PATH, encodeMetricsRequest(sketchRequest(this.resource, points))));
    this.sender.kick();
  }

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
