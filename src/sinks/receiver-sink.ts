// The fleet receiver sink (`infrawatch serve`): the agent's own protobuf
// envelopes, as the spool keeps them, to POST {receiver_url}/v1/envelopes,
// one kind a request (`Content-Type: application/x-protobuf;
// messageType=infrawatch.ProcessEnvelope`, SketchEnvelope, AgentDiagEvent),
// the body length-delimited records; through a disk queue like every remote
// sink. Each tick's ProcessEnvelope is one request, each sketch window's
// envelopes one request, and the diag events emitted since the last tick
// one request with the tick's. The agent's own metrics, once per
// self_metrics_interval_s, go to the receiver's OTLP endpoint
// ({receiver_url}/v1/metrics) as OTLP/JSON, as the OTLP sink would send
// them (infrawatch.agent.*, the host's Resource): DESIGN.md's "agent.*
// metrics over OTLP", which the server stores per host as MetricSample rows
// (the canary view reads the agents' cpu and RSS there). JSON, not
// protobuf: the agent builds the request as a plain object either way, and
// JSON needs none of OTLP's ~8 MB of generated code (otlp-metrics.ts).
// The bearer token is the host's JWT (`infrawatch token issue`); the
// receiver refuses a token of another host.

import type { Logger } from 'pino';
import type { AgentConfig } from '../config/schema.js';
import type { DiagEvents } from '../health/diag-events.js';
import { type AgentMetricFamily, agentMetricsRequest, agentResourceOf, type OtlpResource } from './otlp-metrics.js';
import { QueuedHttpSink } from './queued-http-sink.js';
import type { Sink, TickOutput } from './sink.js';

/** The message type of each path; the path's query names it so that a queued request carries its type (the receiver reads the Content-Type). */
const PATHS = {
  process: '/v1/envelopes?messageType=infrawatch.ProcessEnvelope',
  sketch: '/v1/envelopes?messageType=infrawatch.SketchEnvelope',
  diag: '/v1/envelopes?messageType=infrawatch.AgentDiagEvent',
  agentMetrics: '/v1/metrics',
} as const;

function contentTypeOf(path: string): string {
  if (path === PATHS.agentMetrics) return 'application/json';
  return `application/x-protobuf; messageType=${new URLSearchParams(path.slice(path.indexOf('?') + 1)).get('messageType')}`;
}

/** Diag events held for the next tick's request; past it they stay in the diag spool only (counted). */
const DIAG_HELD_MAX = 1000;

export class ReceiverSink extends QueuedHttpSink implements Sink {
  private diagHeld: Uint8Array[] = [];
  /** Diag events past DIAG_HELD_MAX between two ticks: in diag.ldpb, not sent. */
  diagNotSent = 0;

  private readonly resource: OtlpResource;

  constructor(config: AgentConfig, hostId: string, log: Logger, diag: DiagEvents) {
    super(config, { name: 'receiver', baseUrl: config.receiver_url, token: config.receiver_token || undefined, contentType: contentTypeOf }, log, diag);
    this.resource = agentResourceOf(config, hostId);
  }

  /** The agent's own metrics (the registry behind /metrics), cumulative since `startMs`. */
  agentMetrics(families: readonly AgentMetricFamily[], startMs: number, nowMs: number): void {
    this.send(PATHS.agentMetrics, Buffer.from(JSON.stringify(agentMetricsRequest(this.resource, families, startMs, nowMs))));
  }

  tick(t: TickOutput): void {
    this.send(PATHS.process, t.processEnvelope);
    if (this.diagHeld.length > 0) {
      // Taken before the send: a diag event the send itself emits (a queue drop) waits for the next tick.
      const held = this.diagHeld;
      this.diagHeld = [];
      this.send(PATHS.diag, Buffer.concat(held));
    }
  }

  sketchEnvelopes(records: readonly Uint8Array[]): void {
    if (records.length > 0) this.send(PATHS.sketch, Buffer.concat(records));
  }

  /** The events still held go first: they are queued (on disk) before the queue closes. */
  override async stop(): Promise<void> {
    if (this.diagHeld.length > 0) this.send(PATHS.diag, Buffer.concat(this.diagHeld.splice(0)));
    await super.stop();
  }

  /** An AgentDiagEvent, length-delimited: held for the next tick's request. */
  diagEvent(record: Uint8Array): void {
    if (this.diagHeld.length < DIAG_HELD_MAX) this.diagHeld.push(record);
    else this.diagNotSent++;
  }
}
