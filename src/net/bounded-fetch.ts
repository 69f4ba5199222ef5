// One HTTP request to a backend the agent does not trust: bounded in time
// and in bytes, never redirected. fetch as it comes reads a whole response
// (a 2 GB body took the agent to 4.4 GB of RSS), inflates a gzip'd one
// without a limit (a 1 MB bomb in the fleet config: 2.2 GB), and follows a
// 301/302 by turning the POST into a body-less GET whose 200 looked like a
// delivery. Here:
// - redirects are not followed: a 3xx is returned as such, with its Location,
//   for the caller to count as a failure;
// - the body is read as a stream, and only up to maxBodyBytes of what the
//   stream yields (inflated bytes, for a compressed body); past that the
//   stream is cancelled and the response marked oversized;
// - one deadline covers the connection, the headers and the body, and the
//   error says which of them it cut;
// - a network or TLS failure is described by its cause ("connect
//   ECONNREFUSED 127.0.0.1:9", "self-signed certificate"), not by fetch's
//   bare "fetch failed";
// - every request says who sends it: User-Agent infrawatch-agent/<version>.

import { packageVersion } from '../paths.js';

export const USER_AGENT = `infrawatch-agent/${packageVersion()}`;

export interface BoundedRequest {
  readonly method: 'GET' | 'POST';
  readonly headers: Record<string, string>;
  readonly body?: Uint8Array;
  /** The whole exchange: connect, headers and body. */
  readonly timeoutMs: number;
  /** Bytes of body read at most (after decompression); the rest is not read. */
  readonly maxBodyBytes: number;
  /** Keep the bytes read (a config) or only count them (a sink's answer, read so the connection can be reused). */
  readonly keepBody: boolean;
}

export interface BoundedResponse {
  readonly status: number;
  readonly headers: Headers;
  /** The body read, when keepBody and not oversized. */
  readonly body: Buffer | undefined;
  /** The body ran past maxBodyBytes: it was cut off, and `body` is undefined. */
  readonly oversized: boolean;
}

/** A request that got no usable answer: `message` says why, in words a log reader can act on. */
export class RequestFailed extends Error {
  constructor(
    message: string,
    readonly kind: 'timeout' | 'network',
  ) {
    super(message);
    this.name = 'RequestFailed';
  }
}

/** For a 3xx answer, "HTTP 302 redirect to "/where"" (the Location cut at 200 characters); undefined for any other. */
export function redirectOf(res: BoundedResponse): string | undefined {
  if (res.status < 300 || res.status >= 400) return undefined;
  const location = res.headers.get('location');
  return `HTTP ${res.status} redirect to ${location === null ? '(no Location)' : JSON.stringify(location.slice(0, 200))}`;
}

/** fetch's "fetch failed" with what lies under it: the system or TLS error and its code. */
export function describeFetchError(err: unknown): string {
  const e = err as Error & { cause?: { message?: string; code?: string } };
  const cause = e.cause;
  if (cause === undefined || cause === null || typeof cause !== 'object') return e.message;
  const text = cause.message ?? String(cause);
  return cause.code !== undefined && !text.includes(cause.code) ? `${text} (${cause.code})` : text;
}

export async function boundedFetch(url: string, r: BoundedRequest): Promise<BoundedResponse> {
  const controller = new AbortController();
  let phase = 'the connection and headers';
  const timer = setTimeout(() => controller.abort(), r.timeoutMs);
  timer.unref();
  try {
    let res: Response;
    try {
      res = await fetch(url, { method: r.method, headers: { 'user-agent': USER_AGENT, ...r.headers }, body: r.body, redirect: 'manual', signal: controller.signal });
    } catch (err) {
      throw failure(err, controller, phase, r.timeoutMs);
    }
    phase = 'the body';
    const chunks: Buffer[] = [];
    let bytes = 0;
    let oversized = false;
    if (res.body !== null) {
      const reader = res.body.getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          bytes += value.byteLength;
          if (bytes > r.maxBodyBytes) {
            oversized = true;
            await reader.cancel().catch(() => {});
            break;
          }
          if (r.keepBody) chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
        }
      } catch (err) {
        throw failure(err, controller, phase, r.timeoutMs);
      }
    }
    return { status: res.status, headers: res.headers, body: r.keepBody && !oversized ? Buffer.concat(chunks) : undefined, oversized };
  } finally {
    clearTimeout(timer);
  }
}

function failure(err: unknown, controller: AbortController, phase: string, timeoutMs: number): RequestFailed {
  if (controller.signal.aborted) return new RequestFailed(`timeout: no whole answer within ${timeoutMs} ms (cut while waiting for ${phase})`, 'timeout');
  return new RequestFailed(describeFetchError(err), 'network');
}
