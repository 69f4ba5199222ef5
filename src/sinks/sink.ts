// What every remote sink is to the agent: it takes each tick's output (and,
// if it wants them, each sketch window's points and the agent's own
// metrics), keeps its books and its queue, and drains and stops. The agent
// loops over its sinks and knows none of them by name; each is made by a
// factory in sink-registry.ts that declares the config keys it reads.

import type { AgentConfig } from '../config/schema.js';
import type { CircuitBreaker } from '../health/circuit-breaker.js';
import type { DiagEvents } from '../health/diag-events.js';
import type { HostTelemetry } from '../host/telemetry.js';
import type { ProcessAggregateRow, ProcessRow } from '../report/process-rows.js';
import type { Totals } from '../sampler/cpu-sampler.js';
import type { Logger } from 'pino';
import type { SketchPoint } from '../sketch/otlp-point.js';
import type { AgentMetricFamily } from './otlp-metrics.js';
import type { SinkBooks } from './queued-http-sink.js';

/** One tick, as the sinks see it. */
export interface TickOutput {
  readonly nowMs: number;
  readonly rows: readonly ProcessRow[];
  readonly aggregates: readonly ProcessAggregateRow[];
  readonly totals: Totals;
  /** The host's figures, read once a tick when a sink needs them (needsHost). */
  readonly host: HostTelemetry;
}

export interface Sink {
  /** The sink's name: its queue folder under queue_dir, its metrics' `sink` label, its breaker's module (`sink.<name>`). */
  readonly name: string;
  readonly breaker: CircuitBreaker;
  readonly queue: { readonly depth: number; readonly bytes: number; readonly memoryOnly: number };
  tick(t: TickOutput): void;
  /** A sketch window's points (OTLP ships them; the others need not take them). */
  sketches?(points: readonly SketchPoint[]): void;
  /** The agent's own metrics, every self_metrics_interval_s. */
  agentMetrics?(families: readonly AgentMetricFamily[], startMs: number, nowMs: number): void;
  books(): SinkBooks;
  /** Work begun for the queue (a snapshot being read) is in it. */
  settled?(): Promise<void>;
  drain(deadlineMs: number): Promise<void>;
  stop(): Promise<void>;
}

/** What the agent gives every sink besides its config. */
export interface SinkContext {
  readonly hostId: string;
  readonly hostCpus: number;
  readonly log: Logger;
  readonly diag: DiagEvents;
}

export type ConfigKeys = readonly (keyof AgentConfig)[];

export interface SinkFactory {
  readonly name: string;
  /** Every config key the sink reads: a change of any of them replaces the sink (its queue stays on disk and goes to the new one). A test checks the list against the keys it really reads. */
  readonly configKeys: ConfigKeys;
  /** Whether the config turns the sink on. */
  enabled(config: AgentConfig): boolean;
  make(config: AgentConfig, ctx: SinkContext): Promise<Sink>;
}
