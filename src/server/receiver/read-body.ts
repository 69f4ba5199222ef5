// Reads a request's body within the size limit, counted while it inflates:
// a gzip bomb is cut off at the limit, never inflated whole. The limit
// holds for the bytes on the wire and for the bytes after decompression.
// gzip is accepted, never required; any other content-encoding is refused.

import type { IncomingMessage } from 'node:http';
import { createGunzip } from 'node:zlib';
import { type Refusal, refuse } from './ingest-outcome.js';

export type BodyResult = { ok: true; body: Buffer } | Refusal;

export async function readBody(req: IncomingMessage, maxBytes: number): Promise<BodyResult> {
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity' && encoding !== 'gzip' && encoding !== 'x-gzip') {
    return refuse('unsupported', 'content-encoding', 'Content-Encoding: only gzip (or none) is accepted');
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    return refuse('too-large', 'body-too-large', `body: Content-Length ${declared} is over the limit of ${maxBytes} bytes`);
  }
  const gzip = encoding !== 'identity';
  let wireBytes = 0;
  let overWire = false;
  const gunzip = gzip ? createGunzip() : undefined;
  const source = gunzip ?? req;
  if (gunzip) {
    req.on('data', (chunk: Buffer) => {
      wireBytes += chunk.length;
      if (wireBytes > maxBytes && !overWire) {
        overWire = true;
        gunzip.destroy();
      }
    });
    req.pipe(gunzip);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > maxBytes) {
        if (gunzip) {
          req.unpipe(gunzip);
          gunzip.destroy();
        }
        return refuse('too-large', gzip ? 'inflated-too-large' : 'body-too-large', `body: over the limit of ${maxBytes} bytes${gzip ? ' after decompression (cut off while inflating)' : ''}`);
      }
      chunks.push(chunk);
    }
  } catch (err) {
    if (overWire) return refuse('too-large', 'body-too-large', `body: over the limit of ${maxBytes} bytes`);
    if (req.destroyed && !req.complete) return refuse('invalid', 'aborted', 'body: the request ended before its body did');
    return refuse('invalid', 'invalid-gzip', `body: Content-Encoding gzip: ${(err as Error).message}`);
  }
  if (overWire) return refuse('too-large', 'body-too-large', `body: over the limit of ${maxBytes} bytes`);
  return { ok: true, body: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total) };
}
