// The local spool: length-delimited envelopes appended to a file in the
// spool folder (processes.ldpb for ProcessEnvelopes, sketches.ldpb for
// SketchEnvelopes). It is the default sink, so `npm start` needs no backend;
// `infrawatch decode` reads it back. close() resolves once every record
// written so far is on disk.

import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';

export const PROCESS_SPOOL_FILE = 'processes.ldpb';
export const SKETCH_SPOOL_FILE = 'sketches.ldpb';

export class EnvelopeSpool {
  readonly file: string;
  private readonly out: WriteStream;
  private failure: Error | undefined;
  recordsWritten = 0;
  bytesWritten = 0;

  constructor(dir: string, fileName: string) {
    mkdirSync(dir, { recursive: true });
    this.file = join(dir, fileName);
    this.out = createWriteStream(this.file, { flags: 'a' });
    this.out.on('error', (err) => {
      this.failure = err;
    });
  }

  /** Appends one length-delimited record; throws the stream's error if an earlier write failed. */
  write(record: Uint8Array): void {
    if (this.failure) throw this.failure;
    this.out.write(record);
    this.recordsWritten++;
    this.bytesWritten += record.length;
  }

  async close(): Promise<void> {
    if (this.failure) throw this.failure;
    this.out.end();
    await once(this.out, 'close');
  }
}
