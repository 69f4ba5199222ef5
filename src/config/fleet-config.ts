// The fleet's config for this host: GET {api_url}/agents/{host_id}/config,
// polled with If-None-Match so that an unchanged config costs a 304 and no
// body. A 200 carries a JSON object of config keys (a partial config laid
// over the file's); a 404 means the fleet sets nothing for this host. The
// fleet is not trusted: the body is read only up to MAX_BODY_BYTES of
// inflated bytes (a gzip bomb is cut off there), a redirect is not followed,
// and the whole poll has a deadline. What a document may set at all is
// decided by the runner (CONFIG_SCOPE); a document is handed on only when
// its content changed, so a refused one is refused once, not on every poll.

import { boundedFetch, redirectOf, type BoundedResponse } from '../net/bounded-fetch.js';

export type FleetPoll = { changed: false } | { changed: true; doc: Record<string, unknown> };

/** A config is a few keys; a body larger than this (inflated) is refused unread. */
const MAX_BODY_BYTES = 1 << 20;

/** Longest wait for the fleet API; a poll that takes longer is a failed poll. */
const POLL_TIMEOUT_MS = 10_000;

export class FleetConfigClient {
  private etag: string | undefined;
  private last: string | undefined;

  constructor(
    readonly url: string,
    private readonly token: string,
  ) {}

  /** One poll. Throws, naming the URL and what went wrong, when the answer cannot be used. */
  async poll(): Promise<FleetPoll> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.token !== '') headers.authorization = `Bearer ${this.token}`;
    if (this.etag !== undefined) headers['if-none-match'] = this.etag;
    let res: BoundedResponse;
    try {
      res = await boundedFetch(this.url, { method: 'GET', headers, timeoutMs: POLL_TIMEOUT_MS, maxBodyBytes: MAX_BODY_BYTES, keepBody: true });
    } catch (err) {
      throw new Error(`GET ${this.url}: ${(err as Error).message}`, { cause: err });
    }
    if (res.status === 304) return { changed: false };
    if (res.status === 404) {
      this.etag = undefined;
      return this.answer('{}', {});
    }
    const redirect = redirectOf(res);
    if (redirect !== undefined) throw new Error(`GET ${this.url}: ${redirect}; not followed`);
    if (res.status !== 200) throw new Error(`GET ${this.url}: HTTP ${res.status}`);
    if (res.oversized) throw new Error(`GET ${this.url}: body: more than a config's ${MAX_BODY_BYTES} bytes (after decompression); not read further`);
    const text = res.body!.toString('utf8');
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (err) {
      throw new Error(`GET ${this.url}: body: invalid JSON: ${(err as Error).message}`);
    }
    if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new Error(`GET ${this.url}: body: expected a JSON object of config keys`);
    this.etag = res.headers.get('etag') ?? undefined;
    return this.answer(text, doc as Record<string, unknown>);
  }

  /** A server without ETags sends the same body again: that is no change either. */
  private answer(text: string, doc: Record<string, unknown>): FleetPoll {
    if (text === this.last) return { changed: false };
    this.last = text;
    return { changed: true, doc };
  }
}
