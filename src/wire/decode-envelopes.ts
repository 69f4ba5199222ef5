// Reads a spool file of length-delimited envelopes (ProcessEnvelopes or
// SketchEnvelopes) back into plain objects. A cut or corrupt record stops the read with an error that
// names the file and the byte offset; the records before it are kept.

import { readFileSync } from 'node:fs';
import protobuf from 'protobufjs/minimal.js';
import { InfraWatchError } from '../errors.js';
import { infrawatch } from './generated/infrawatch.js';
import { summaryOf } from '../report/sketch-summary.js';
import { sketchOfEnvelope } from './sketch-envelope.js';

export interface DecodedRecord {
  /** Byte offset of the record's length prefix in the file. */
  offset: number;
  envelope: Record<string, unknown>;
}

export interface DecodeResult {
  records: DecodedRecord[];
  /** Set when the file ends in a record that does not decode. */
  error?: InfraWatchError;
}

/** Reads length-delimited records one by one; `toRecord` turns each decoded message into its printed form. */
function decodeRecords<M>(
  bytes: Uint8Array,
  source: string,
  what: string,
  decode: (r: protobuf.Reader) => M,
  toRecord: (m: M) => Record<string, unknown>,
): DecodeResult {
  const reader = protobuf.Reader.create(bytes);
  const records: DecodedRecord[] = [];
  while (reader.pos < reader.len) {
    const offset = reader.pos;
    try {
      records.push({ offset, envelope: toRecord(decode(reader)) });
    } catch (err) {
      const why = (err as Error).message;
      return { records, error: new InfraWatchError('IW_ERR_DECODE', `${source}: byte offset ${offset}: not a length-delimited ${what} (${why})`) };
    }
  }
  return { records };
}

export function decodeEnvelopes(bytes: Uint8Array, source: string): DecodeResult {
  return decodeRecords(
    bytes,
    source,
    'ProcessEnvelope',
    (r) => infrawatch.ProcessEnvelope.decodeDelimited(r),
    (m) => infrawatch.ProcessEnvelope.toObject(m, { longs: Number }),
  );
}

/** SketchEnvelopes, each printed with the quantiles of its sketch. */
export function decodeSketchEnvelopes(bytes: Uint8Array, source: string): DecodeResult {
  return decodeRecords(
    bytes,
    source,
    'SketchEnvelope',
    (r) => infrawatch.SketchEnvelope.decodeDelimited(r),
    (m) => ({ ...infrawatch.SketchEnvelope.toObject(m, { longs: Number }), quantiles: summaryOf(sketchOfEnvelope(m)) }),
  );
}

export function decodeDiagEvents(bytes: Uint8Array, source: string): DecodeResult {
  return decodeRecords(
    bytes,
    source,
    'AgentDiagEvent',
    (r) => infrawatch.AgentDiagEvent.decodeDelimited(r),
    (m) => infrawatch.AgentDiagEvent.toObject(m, { longs: Number }),
  );
}

function readSpoolFile(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new InfraWatchError('IW_ERR_DECODE', `${file}: cannot read: ${(err as Error).message}`, { cause: err });
  }
}

export function decodeEnvelopeFile(file: string): DecodeResult {
  return decodeEnvelopes(readSpoolFile(file), file);
}

export function decodeSketchFile(file: string): DecodeResult {
  return decodeSketchEnvelopes(readSpoolFile(file), file);
}

export function decodeDiagFile(file: string): DecodeResult {
  return decodeDiagEvents(readSpoolFile(file), file);
}
