// ProcessEnvelope v2.4 on the wire (2.2: the rows' page faults; 2.3: the
// ended processes' ProcessEphemeral, the reaped children's cpu and the
// unattributed row; 2.4: the rows' busiest threads): protobuf, length-delimited, encoded by
// the code generated from proto/infrawatch.proto (npm run proto). One writer
// (protobufjs 8: one growable buffer) is reused tick after tick: reset()
// rewinds it, finish() copies the tick's bytes out.

import protobuf from 'protobufjs/minimal.js';
import { infrawatch } from './generated/infrawatch.js';
import type { TopNBatch } from '../report/tick-report.js';

export const PROCESS_SCHEMA_VERSION = '2.4';

export interface ProcessEnvelope {
  entityGuid: string;
  schemaVersion: string;
  payload: TopNBatch;
}

export class ProcessEnvelopeEncoder {
  private readonly writer = protobuf.Writer.create();

  constructor(private readonly entityGuid: string) {}

  envelopeOf(batch: TopNBatch): ProcessEnvelope {
    return { entityGuid: this.entityGuid, schemaVersion: PROCESS_SCHEMA_VERSION, payload: batch };
  }

  /** The envelope of one tick, preceded by its length as a varint. */
  encodeDelimited(batch: TopNBatch): Uint8Array {
    this.writer.reset();
    return infrawatch.ProcessEnvelope.encodeDelimited(this.envelopeOf(batch), this.writer).finish();
  }
}
