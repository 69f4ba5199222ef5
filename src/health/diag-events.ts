// AgentDiagEvents: one record for every trip, fallback and drop, so that
// nothing is dropped without a trace. They are spooled like every envelope
// (diag.ldpb, length-delimited) and counted by module and event type.

import protobuf from 'protobufjs/minimal.js';
import { infrawatch } from '../wire/generated/infrawatch.js';

/**
 * Where the events' records go: the agent hands a writer to its diag spool
 * and the sinks that ship the events, so that health does not depend on the
 * sinks above it.
 */
export interface RecordWriter {
  write(record: Uint8Array): void;
}

export interface DiagEvent {
  module: string;
  eventType: string;
  reason: string;
}

export class DiagEvents {
  private readonly writer = protobuf.Writer.create();
  /** Events by "module/eventType". */
  readonly counts = new Map<string, number>();

  /** Where events go (undefined: counted only). */
  constructor(private readonly spool: RecordWriter | undefined) {}

  emit(event: DiagEvent, nowMs = Date.now()): void {
    const key = `${event.module}/${event.eventType}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    if (this.spool === undefined) return;
    this.writer.reset();
    const bytes = infrawatch.AgentDiagEvent.encodeDelimited({ ...event, tsNs: nowMs * 1_000_000 }, this.writer).finish();
    this.spool.write(bytes);
  }
}
