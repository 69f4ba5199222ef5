// The agent's own protobuf envelopes, as its spool writes them: a stream of
// length-delimited ProcessEnvelope, SketchEnvelope or AgentDiagEvent
// records (proto/infrawatch.proto), one kind per request. Each record's
// bytes travel on the topic as they came (the length prefix dropped): no
// re-encoding. A record that does not decode refuses the whole body, naming
// its byte offset.

import protobuf from 'protobufjs/minimal.js';
import { infrawatch } from '../../wire/generated/infrawatch.js';
import { type Decoded, type DraftMessage, decoded, malformed } from './draft-message.js';

export type EnvelopeKind = 'process' | 'sketch' | 'diag';

/** The content types of POST /v1/envelopes: `application/x-protobuf; messageType=<one of these>`. */
export const ENVELOPE_MESSAGE_TYPES: Readonly<Record<string, EnvelopeKind>> = {
  'infrawatch.ProcessEnvelope': 'process',
  'infrawatch.SketchEnvelope': 'sketch',
  'infrawatch.AgentDiagEvent': 'diag',
};

type Long = { toNumber(): number; toString(): string };

function num(v: number | Long | null | undefined): number {
  return v === null || v === undefined ? 0 : typeof v === 'number' ? v : v.toNumber();
}

/** The drafts of one record; `host` is the token's host (a diag event names no host: it is the sender's). */
function draftOf(kind: EnvelopeKind, record: Uint8Array, host: string): DraftMessage | string {
  if (kind === 'process') {
    const e = infrawatch.ProcessEnvelope.decode(record);
    if (!e.entityGuid) return 'entity_guid: empty';
    const p = e.payload;
    if (!p) return 'payload: absent';
    return { entity: e.entityGuid, kind, timestampMs: num(p.timestampMs), key: '', body: record, records: (p.top?.length ?? 0) + (p.aggregates?.length ?? 0) };
  }
  if (kind === 'sketch') {
    const e = infrawatch.SketchEnvelope.decode(record);
    if (!e.entityGuid) return 'entity_guid: empty';
    if (!e.metricName) return 'metric_name: empty';
    return { entity: e.entityGuid, kind, timestampMs: num(e.windowStartMs), key: `${e.metricName}\0${e.displayName}`, body: record, records: 1 };
  }
  const e = infrawatch.AgentDiagEvent.decode(record);
  const tsNs = e.tsNs === null || e.tsNs === undefined ? '0' : e.tsNs.toString();
  return { entity: host, kind, timestampMs: Math.floor(Number(tsNs) / 1e6), key: `${tsNs}\0${e.module}\0${e.eventType}\0${e.reason}`, body: record, records: 1 };
}

export function decodeEnvelopeStream(kind: EnvelopeKind, body: Uint8Array, host: string): Decoded {
  const reader = protobuf.Reader.create(body);
  const drafts: DraftMessage[] = [];
  const what = kind === 'process' ? 'ProcessEnvelope' : kind === 'sketch' ? 'SketchEnvelope' : 'AgentDiagEvent';
  while (reader.pos < reader.len) {
    const offset = reader.pos;
    let draft: DraftMessage | string;
    try {
      const length = reader.uint32();
      const start = reader.pos;
      if (start + length > reader.len) throw new Error(`a record of ${length} bytes runs past the body's end (${reader.len})`);
      reader.skip(length);
      draft = draftOf(kind, body.subarray(start, start + length), host);
    } catch (err) {
      return malformed('invalid-protobuf', `body: byte offset ${offset}: not a length-delimited ${what} (${(err as Error).message})`);
    }
    if (typeof draft === 'string') return malformed('invalid-envelope', `body: byte offset ${offset}: ${what}.${draft}`);
    drafts.push(draft);
  }
  if (drafts.length === 0) return malformed('empty-body', `body: no ${what} in it`);
  return decoded(drafts);
}
