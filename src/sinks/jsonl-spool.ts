// The local spool: one JSON line per tick, appended to <dir>/ticks.jsonl.
// It is the default sink, so `npm start` needs no backend. close() resolves
// once everything written so far is on disk.

import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';

export class JsonlSpool {
  readonly file: string;
  private readonly out: WriteStream;
  private failure: Error | undefined;
  linesWritten = 0;

  constructor(dir: string) {
    mkdirSync(dir, { recursive: true });
    this.file = join(dir, 'ticks.jsonl');
    this.out = createWriteStream(this.file, { flags: 'a' });
    this.out.on('error', (err) => {
      this.failure = err;
    });
  }

  /** Appends one record; throws the stream's error if an earlier write failed. */
  write(record: unknown): void {
    if (this.failure) throw this.failure;
    this.out.write(JSON.stringify(record) + '\n');
    this.linesWritten++;
  }

  async close(): Promise<void> {
    if (this.failure) throw this.failure;
    this.out.end();
    await once(this.out, 'close');
  }
}
