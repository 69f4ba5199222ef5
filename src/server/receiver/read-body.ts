// Reads a request's body within the size limit, counted while it inflates:
// a gzip bomb is cut off at the limit, never inflated whole. The limit
// holds for the bytes on the wire and for the bytes after decompression.
// gzip is accepted, never required; any other content-encoding is refused.
// The bytes kept are taken from the receiver's memory budget as they come;
// the caller gives them back once the request is done with them.

import type { IncomingMessage } from 'node:http';
import { createGunzip } from 'node:zlib';
import { type Refusal, refuse } from './ingest-outcome.js';
import type { MemoryBudget } from './memory-budget.js';

/** A body, and the bytes of `budget` it holds (to give back when done). */
export type BodyResult = { ok: true; body: Buffer; heldBytes: number } | Refusal;

export async function readBody(req: IncomingMessage, maxBytes: number, budget: MemoryBudget, retryAfterSeconds: number): Promise<BodyResult> {
  let held = 0;
  const result = await read(req, maxBytes, (n) => {
    if (!budget.take(n)) return false;
    held += n;
    return true;
  });
  if (result.ok) return { ...result, heldBytes: held };
  budget.give(held);
  return result.reason === 'memory' ? { ...result, retryAfterSeconds } : result;
}

async function read(req: IncomingMessage, maxBytes: number, take: (n: number) => boolean): Promise<{ ok: true; body: Buffer } | Refusal> {
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
      if (!take(chunk.length)) {
        if (gunzip) {
          req.unpipe(gunzip);
          gunzip.destroy();
        }
        return refuse('busy', 'memory', 'the server holds as many request bodies as it may (limits.max_inflight_bytes); retry later');
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
