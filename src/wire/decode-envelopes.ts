// Reads a file of length-delimited ProcessEnvelopes (the spool) back into
// plain objects. A cut or corrupt record stops the read with an error that
// names the file and the byte offset; the records before it are kept.

import { readFileSync } from 'node:fs';
import protobuf from 'protobufjs/minimal.js';
import { InfraWatchError } from '../errors.js';
import { infrawatch } from './generated/infrawatch.js';

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

export function decodeEnvelopes(bytes: Uint8Array, source: string): DecodeResult {
  const reader = protobuf.Reader.create(bytes);
  const records: DecodedRecord[] = [];
  while (reader.pos < reader.len) {
    const offset = reader.pos;
    try {
      const message = infrawatch.ProcessEnvelope.decodeDelimited(reader);
      records.push({ offset, envelope: infrawatch.ProcessEnvelope.toObject(message, { longs: Number }) });
    } catch (err) {
      const why = (err as Error).message;
      return { records, error: new InfraWatchError('IW_ERR_DECODE', `${source}: byte offset ${offset}: not a length-delimited ProcessEnvelope (${why})`) };
    }
  }
  return { records };
}

export function decodeEnvelopeFile(file: string): DecodeResult {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    throw new InfraWatchError('IW_ERR_DECODE', `${file}: cannot read: ${(err as Error).message}`, { cause: err });
  }
  return decodeEnvelopes(bytes, file);
}
