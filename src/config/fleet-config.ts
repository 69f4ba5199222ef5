// The fleet's config for this host: GET {api_url}/agents/{host_id}/config,
// polled with If-None-Match so that an unchanged config costs a 304 and no
// body. A 200 carries a JSON object of config keys (a partial config laid
// over the file's); a 404 means the fleet sets nothing for this host.

export type FleetPoll = { changed: false } | { changed: true; doc: Record<string, unknown> };

/** A config is a few keys; a body larger than this is refused. */
const MAX_BODY_CHARS = 1 << 20;

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
    const res = await fetch(this.url, { headers, signal: AbortSignal.timeout(POLL_TIMEOUT_MS) });
    if (res.status === 304) return { changed: false };
    if (res.status === 404) {
      this.etag = undefined;
      return this.answer('{}', {});
    }
    const text = await res.text();
    if (res.status !== 200) throw new Error(`GET ${this.url}: HTTP ${res.status}`);
    if (text.length > MAX_BODY_CHARS) throw new Error(`GET ${this.url}: body: ${text.length} characters, more than a config of ${MAX_BODY_CHARS}`);
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
