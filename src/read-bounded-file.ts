// A local file read as hostile input: a regular file (checked on the open
// fd, so what is checked is what is read) of at most `maxBytes`, never more
// read than the cap. The config file and the filter plugins and their
// signatures are read so.

import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/** The file's bytes; throws, saying why, when it is not a regular file or holds more than `maxBytes` (`what`: "a config", in the message). */
export function readBoundedFile(file: string, maxBytes: number, what: string): Buffer {
  const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new Error('not a regular file');
    if (stat.size > maxBytes) throw new Error(`${stat.size} bytes, more than the ${maxBytes} ${what} may have`);
    // One byte more than the cap tells a file that grew since the fstat.
    const buf = Buffer.allocUnsafe(maxBytes + 1);
    let length = 0;
    for (let n = 1; n > 0 && length < buf.length; length += n) n = readSync(fd, buf, length, buf.length - length, null);
    if (length > maxBytes) throw new Error(`more than the ${maxBytes} bytes ${what} may have`);
    return buf.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}
