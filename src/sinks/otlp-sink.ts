// The OTLP sink: OTLP/HTTP protobuf to {otlp_endpoint}/v1/metrics, each
// tick's rows, aggregates and host figures, and each sketch window's
// exponential histograms, and the agent's own metrics once per
// self_metrics_interval_s, through a disk queue like every remote sink.

import type { Logger } from 'pino';
import type { AgentConfig } from '../config/schema.js';
import type { DiagEvents } from '../health/diag-events.js';
import { QueuedHttpSink } from './queued-http-sink.js';
import type { Sink, TickOutput } from './sink.js';
import { agentMetricsRequest, agentResourceOf, encodeMetricsRequest, sketchRequest, tickRequest, type AgentMetricFamily, type OtlpResource } from './otlp-metrics.js';
import type { SketchPoint } from '../sketch/otlp-point.js';

const PATH = '/v1/metrics';

export class OtlpSink extends QueuedHttpSink implements Sink {
  private readonly resource: OtlpResource;

  constructor(config: AgentConfig, hostId: string, private readonly hostCpus: number, log: Logger, diag: DiagEvents) {
    super(config, { name: 'otlp', baseUrl: config.otlp_endpoint, contentType: 'application/x-protobuf', headers: config.otlp_headers }, log, diag);
    this.resource = agentResourceOf(config, hostId);
  }

  tick({ host, rows, aggregates, ephemeral, nowMs }: TickOutput): void {
    this.send(PATH, encodeMetricsRequest(tickRequest(this.resource, rows, aggregates, host(), this.hostCpus, nowMs, ephemeral)));
  }

  /** The agent's own metrics (the registry behind /metrics), cumulative since `startMs`. */
  agentMetrics(families: readonly AgentMetricFamily[], startMs: number, nowMs: number): void {
    this.send(PATH, encodeMetricsRequest(agentMetricsRequest(this.resource, families, startMs, nowMs)));
  }

  sketches(points: readonly SketchPoint[]): void {
    if (points.length > 0) this.send(PATH, encodeMetricsRequest(sketchRequest(this.resource, points)));
  }
}
