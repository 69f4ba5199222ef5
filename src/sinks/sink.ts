// What every sink is to the agent: the local spool and the remote sinks
// alike take each tick's output (and, if they want them, each sketch
// window's envelopes or points and the agent's own metrics), and drain and
// stop. A remote sink also keeps books, a queue and a breaker. The agent
// loops over its sinks and knows none of them by name; each is made by a
// factory in sink-registry.ts that declares the config keys it reads.

import type { AgentConfig } from '../config/schema.js';
import type { CircuitBreaker } from '../health/circuit-breaker.js';
import type { DiagEvents } from '../health/diag-events.js';
import type { HostTelemetry } from '../host/telemetry.js';
import type { ProcessAggregateRow, ProcessRow } from '../report/process-rows.js';
import type { Totals } from '../sampler/cpu-sampler.js';
import type { Logger } from 'pino';
import type { ProcessEphemeral } from '../report/ephemeral-summary.js';
import type { TopNBatch } from '../report/tick-report.js';
import type { SketchPoint } from '../sketch/otlp-point.js';
import type { AgentMetricFamily } from './otlp-metrics.js';
import type { SinkBooks } from './queued-http-sink.js';

/** One tick, as the sinks see it. */
export interface TickOutput {
  readonly nowMs: number;
  readonly rows: readonly ProcessRow[];
  readonly aggregates: readonly ProcessAggregateRow[];
  readonly totals: Totals;
  /** The processes that ended this tick, while the BPF exit tracker runs. */
  readonly ephemeral?: ProcessEphemeral;
  /** The tick's batch as the ProcessEnvelope carries it: the API body ships its mode, N, capture ratios and counters too, so both say the same. */
  readonly batch: TopNBatch;
  /** The tick's ProcessEnvelope, length-delimited (encoded once, whoever takes it). */
  readonly processEnvelope: Uint8Array;
  /** The host's figures: read on the first call of the tick, by the first sink that wants them (the spool does not). */
  host(): HostTelemetry;
}

export interface Sink {
  /** The sink's name: its queue folder under queue_dir, its metrics' `sink` label, its breaker's module (`sink.<name>`). */
  readonly name: string;
  /** A remote sink's breaker, queue and books (the local spool has none: a write either lands in its file or is counted there). */
  readonly breaker?: CircuitBreaker;
  readonly queue?: { readonly depth: number; readonly bytes: number; readonly memoryOnly: number };
  books?(): SinkBooks;
  tick(t: TickOutput): void;
  /** A sketch window's SketchEnvelopes, each length-delimited (the spool keeps them). */
  sketchEnvelopes?(records: readonly Uint8Array[]): void;
  /** A sketch window's points as OTLP exponential histograms (the OTLP sink ships them). */
  sketches?(points: readonly SketchPoint[]): void;
  /** An AgentDiagEvent as the diag spool keeps it (length-delimited), as it is emitted. */
  diagEvent?(record: Uint8Array): void;
  /** The agent's own metrics, every self_metrics_interval_s. */
  agentMetrics?(families: readonly AgentMetricFamily[], startMs: number, nowMs: number): void;
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
  /** The snapshot's environment values through the filter plugins in force at the time (what is dropped or held back is left out). */
  readonly filterEnv: (env: Record<string, string>) => Record<string, string>;
}

export type ConfigKeys = readonly (keyof AgentConfig)[];

export interface SinkFactory {
  readonly name: string;
  /** Every config key the sink reads: a change of any of them replaces the sink (its queue stays on disk and goes to the new one). A test checks the list against the keys it really reads. */
  readonly configKeys: ConfigKeys;
  /** Whether the config turns the sink on. */
  enabled(config: AgentConfig): boolean;
  /** Throws, naming the key, if the sink could not be made from `config` (a folder not writable): run before a live change touches anything. */
  check(config: AgentConfig): void;
  make(config: AgentConfig, ctx: SinkContext): Promise<Sink>;
}
