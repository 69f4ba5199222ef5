// What travels on the fleet backend's topics: one message per thing an
// agent said (a tick's rows, a host's figures, a snapshot, a sketch …),
// with an id derived from its content so that every hop may redeliver and
// the store still writes it once. The receiver builds these; the topics
// carry them without looking inside; the writer (and later the merger)
// decodes `body` by `kind`.

import { createHash } from 'node:crypto';
import type { MetricPointBody } from './message-bodies.js';

/** The two topics of DESIGN.md "The fleet backend"; both are partitioned by partitionOf. */
export const TOPIC_NAMES = ['proc.raw.v1', 'proc.sketch.v1'] as const;
export type TopicName = (typeof TOPIC_NAMES)[number];

/**
 * What `body` holds, and so which table it lands in. The encoding of each
 * body is part of the contract (a NATS message carries the same bytes):
 *
 *   kind       topic           body                                          table
 *   register   proc.raw.v1     JSON RegisterBody (api-bodies.ts)             Host
 *   system     proc.raw.v1     JSON SystemSampleBody (telemetry, no rows)    SystemSample
 *   process    proc.raw.v1     infrawatch.ProcessEnvelope, protobuf,         ProcessSample +
 *                              not length-delimited                          ProcessAggregateSample +
 *                                                                            ProcessTickSample +
 *                                                                            ProcessEphemeralSample +
 *                                                                            ProcessThreadSample
 *   snapshot   proc.raw.v1     JSON SnapshotBody (api-bodies.ts)             HostSnapshot
 *   diag       proc.raw.v1     infrawatch.AgentDiagEvent, protobuf           AgentDiagEvent
 *   metric     proc.raw.v1     JSON MetricPointBody[] (the OTLP gauge and    MetricSample
 *                              sum points of one resource and time, each
 *                              with its resource's attributes)
 *   sketch     proc.sketch.v1  infrawatch.SketchEnvelope, protobuf           SketchSample (until
 *                                                                            the merger lands)
 */
export type MessageKind = 'register' | 'system' | 'process' | 'snapshot' | 'diag' | 'metric' | 'sketch';

export const TOPIC_OF_KIND: Readonly<Record<MessageKind, TopicName>> = {
  register: 'proc.raw.v1',
  system: 'proc.raw.v1',
  process: 'proc.raw.v1',
  snapshot: 'proc.raw.v1',
  diag: 'proc.raw.v1',
  metric: 'proc.raw.v1',
  sketch: 'proc.sketch.v1',
};

export interface TopicMessage {
  /** messageIdOf(account, entity, kind, timestampMs, key): the same content always has the same id. */
  readonly id: string;
  /** The account the token named; every table is keyed by it first. */
  readonly account: string;
  /** The host (entity guid / host_id) the data is about; the token's host. */
  readonly entity: string;
  readonly kind: MessageKind;
  /** partitionOf(account, entity, partitions): one host's messages stay in order on one partition. */
  readonly partition: number;
  /** When the data was taken (the agent's clock), Unix ms. */
  readonly timestampMs: number;
  /** The bytes, encoded as the kind says (see MessageKind). */
  readonly body: Uint8Array;
  /** When the receiver accepted it (the server's clock), Unix ms. */
  readonly receivedMs: number;
}

/**
 * The id of a message: sha256 (hex) over its account, entity, kind,
 * timestamp and key, each field followed by a NUL so that no two tuples
 * share a text. `key` tells apart two messages of one kind at one instant
 * (a sketch's metric and display name, a metric point's name and
 * attributes); it is '' when the kind has one message per timestamp.
 */
export function messageIdOf(account: string, entity: string, kind: MessageKind, timestampMs: number, key: string): string {
  return createHash('sha256').update(`${account}\0${entity}\0${kind}\0${timestampMs}\0${key}\0`).digest('hex');
}

/**
 * The id of one OTLP gauge or sum point: the id its message had when the
 * receiver made a message a point (before ff639aa), over the same key
 * (name, time, resource, attributes). The writer stores MetricSample rows
 * under these, not under their message's id, so that a point is stored
 * once however it is grouped: sent by an old receiver and again (an
 * agent's retry) by a new one, or grouped with other points otherwise.
 */
export function metricPointIdOf(account: string, entity: string, timestampMs: number, point: MetricPointBody): string {
  return messageIdOf(account, entity, 'metric', timestampMs, `${point.name}\0${point.timeUnixNano}\0${JSON.stringify(point.resource)}\0${JSON.stringify(point.attributes)}`);
}
