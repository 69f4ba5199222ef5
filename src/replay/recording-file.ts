// The recording file: a gzip'd stream of length-delimited protobuf messages
// (proto/infrawatch.proto): one RecordingHeader, then one RecordedTick per
// tick. Written as a stream while recording; read whole for a replay (a
// shipped recording is a few hundred kilobytes).

import { createWriteStream, openSync, readFileSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { createGzip, gunzipSync, type Gzip } from 'node:zlib';
import protobuf from 'protobufjs/minimal.js';
import { InfraWatchError } from '../errors.js';
import { infrawatch } from '../wire/generated/infrawatch.js';

export const RECORDING_FORMAT = 'infrawatch-recording/1';

export type RecordingHeader = infrawatch.IRecordingHeader;
export type RecordedTick = infrawatch.IRecordedTick;
export type RecordedFile = infrawatch.IRecordedFile;

export class RecordingWriter {
  private readonly gzip: Gzip;
  private readonly out: WriteStream;
  private readonly writer = protobuf.Writer.create();
  /** Bytes before compression. */
  rawBytes = 0;

  constructor(readonly file: string, header: RecordingHeader) {
    this.gzip = createGzip({ level: 9 });
    // Opened here, so that a path that cannot be written is an error now, with its name, not a stream event later.
    let fd: number;
    try {
      fd = openSync(file, 'w');
    } catch (err) {
      throw new InfraWatchError('IW_ERR_RECORD', `--out ${file}: cannot write: ${(err as Error).message}`, { cause: err });
    }
    this.out = createWriteStream('', { fd });
    this.gzip.pipe(this.out);
    this.push(infrawatch.RecordingHeader.encodeDelimited({ ...header, format: RECORDING_FORMAT }, this.writer.reset()).finish());
  }

  tick(tick: RecordedTick): void {
    this.push(infrawatch.RecordedTick.encodeDelimited(tick, this.writer.reset()).finish());
  }

  private push(bytes: Uint8Array): void {
    this.rawBytes += bytes.length;
    this.gzip.write(bytes);
  }

  /** Flushes and closes the file; resolves to its size on disk. */
  async close(): Promise<number> {
    this.gzip.end();
    await once(this.out, 'close');
    return this.out.bytesWritten;
  }
}

export interface Recording {
  readonly header: RecordingHeader;
  readonly ticks: RecordedTick[];
}

/** Reads a whole recording. A cut or corrupt one is refused with the file and the byte offset (in the unzipped stream). */
export function readRecording(file: string): Recording {
  let zipped: Buffer;
  try {
    zipped = readFileSync(file);
  } catch (err) {
    throw new InfraWatchError('IW_ERR_DECODE', `${file}: cannot read the recording: ${(err as Error).message}`, { cause: err });
  }
  let bytes: Uint8Array;
  try {
    bytes = gunzipSync(zipped);
  } catch (err) {
    throw new InfraWatchError('IW_ERR_DECODE', `${file}: not a gzip'd recording: ${(err as Error).message}`, { cause: err });
  }
  const reader = protobuf.Reader.create(bytes);
  let header: RecordingHeader;
  try {
    header = infrawatch.RecordingHeader.decodeDelimited(reader);
  } catch (err) {
    throw new InfraWatchError('IW_ERR_DECODE', `${file}: byte offset 0: not a RecordingHeader (${(err as Error).message})`);
  }
  if (header.format !== RECORDING_FORMAT) {
    throw new InfraWatchError('IW_ERR_DECODE', `${file}: format ${JSON.stringify(header.format)}, expected ${JSON.stringify(RECORDING_FORMAT)}`);
  }
  const ticks: RecordedTick[] = [];
  while (reader.pos < reader.len) {
    const offset = reader.pos;
    try {
      ticks.push(infrawatch.RecordedTick.decodeDelimited(reader));
    } catch (err) {
      throw new InfraWatchError('IW_ERR_DECODE', `${file}: byte offset ${offset}: tick ${ticks.length + 1} is not a RecordedTick (${(err as Error).message})`);
    }
  }
  return { header, ticks };
}
