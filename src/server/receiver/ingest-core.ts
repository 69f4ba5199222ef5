// The receiver's core, which no transport owns: back-pressure → token →
// decode (with the limits a decoder applies) → authorize (every record's
// host is the token's) → publish, and the outcome. The HTTP transport
// (http-receiver.ts) hands it a body already inflated and within the size
// limit; a gRPC transport would do the same and map the outcome to codes.
// It never throws for a client's mistake: every refusal is an outcome, and
// counted by the transport with its account and reason.

import type { ServerConfig } from '../config/server-config.js';
import { partitionOf } from '../topics/partition.js';
import { messageIdOf, TOPIC_NAMES, TOPIC_OF_KIND, type TopicMessage, type TopicName } from '../topics/topic-message.js';
import type { TopicProducer } from '../topics/topic-producer.js';
import type { TokenGrant, TokenVerifier } from '../auth/token-verifier.js';
import { type ApiEndpoint, decodeApiBody } from './decode-api-body.js';
import { decodeEnvelopeStream, type EnvelopeKind } from './decode-envelope-stream.js';
import { decodeOtlp, type OtlpEncoding } from './decode-otlp.js';
import { type Decoded, malformed } from './draft-message.js';
import { type IngestOutcome, type Refusal, refuse } from './ingest-outcome.js';

/** What is being sent, as the transport's route and content type say. */
export type IngestFormat = { api: ApiEndpoint } | { otlp: OtlpEncoding } | { envelopes: EnvelopeKind };

export interface IngestRequest {
  readonly format: IngestFormat;
  /** The Authorization header (or gRPC metadata) as sent. */
  readonly authorization: string | undefined;
  /** The body, inflated, within the size limit. */
  readonly body: Uint8Array;
}

export interface IngestLimits {
  readonly maxAttributes: number;
  readonly maxBacklogMessages: number;
  readonly maxBacklogBytes: number;
  readonly retryAfterSeconds: number;
}

/** The limits of `limits:` in the server config. */
export function ingestLimitsOf(l: ServerConfig['limits']): IngestLimits {
  return { maxAttributes: l.max_attributes, maxBacklogMessages: l.max_backlog_messages, maxBacklogBytes: l.max_backlog_bytes, retryAfterSeconds: l.retry_after_seconds };
}

export class IngestCore {
  constructor(
    private readonly producer: TopicProducer,
    private readonly verifier: TokenVerifier,
    private readonly partitions: number,
    private readonly limits: IngestLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** The backlog refusal, or undefined while the topics keep up. Cheap: the transport may call it before reading a body. */
  backPressure(): Refusal | undefined {
    for (const topic of TOPIC_NAMES) {
      const b = this.producer.backlog(topic);
      if (b.messages > this.limits.maxBacklogMessages || b.bytes > this.limits.maxBacklogBytes) {
        const r = refuse('busy', 'backlog', `${topic}: ${b.messages} messages (${b.bytes} bytes) wait to be written, over the bound; retry after ${this.limits.retryAfterSeconds} s`);
        return { ...r, retryAfterSeconds: this.limits.retryAfterSeconds };
      }
    }
    return undefined;
  }

  /** The token's grant, or its refusal. */
  async authenticate(authorization: string | undefined): Promise<TokenGrant | Refusal> {
    const v = await this.verifier.verify(authorization);
    if (v.ok) return v.grant;
    return refuse('unauthenticated', v.reason, `Authorization: ${v.reason.replaceAll('-', ' ')}`, v.account);
  }

  async ingest(r: IngestRequest): Promise<IngestOutcome> {
    const busy = this.backPressure();
    if (busy) return busy;
    const grant = await this.authenticate(r.authorization);
    if ('ok' in grant) return grant;
    return this.ingestFor(grant, r.format, r.body);
  }

  /**
   * The steps after the token: decode, authorize, publish. A transport that
   * authenticates before it reads the body (HTTP does: no body is read for
   * a request without a valid token) calls this with the grant.
   */
  async ingestFor(grant: TokenGrant, format: IngestFormat, body: Uint8Array): Promise<IngestOutcome> {
    const r = { format, body };
    const d = this.decode(r, grant.host);
    if (!d.ok) return refuse('invalid', d.reason, d.message, grant.account);
    const stranger = d.drafts.find((m) => m.entity !== grant.host);
    if (stranger !== undefined) {
      // The host's name is the client's own data; the message says which field, not whose.
      return refuse(
        'forbidden',
        'wrong-host',
        `the token is for another host than the data's (${'api' in r.format ? 'host_id' : 'otlp' in r.format ? 'resource host.id' : 'entity_guid'}); nothing was written`,
        grant.account,
      );
    }
    const receivedMs = this.now();
    const byTopic = new Map<TopicName, TopicMessage[]>();
    let records = 0;
    for (const m of d.drafts) {
      const topic = TOPIC_OF_KIND[m.kind];
      const message: TopicMessage = {
        id: messageIdOf(grant.account, m.entity, m.kind, m.timestampMs, m.key),
        account: grant.account,
        entity: m.entity,
        kind: m.kind,
        partition: partitionOf(grant.account, m.entity, this.partitions),
        timestampMs: m.timestampMs,
        body: m.body,
        receivedMs,
      };
      const list = byTopic.get(topic);
      if (list) list.push(message);
      else byTopic.set(topic, [message]);
      records += m.records;
    }
    try {
      await Promise.all([...byTopic].map(([topic, messages]) => this.producer.publish(topic, messages)));
    } catch (err) {
      return refuse('unavailable', 'not-durable', `the data could not be stored (${(err as Error).message}); retry`, grant.account);
    }
    return { ok: true, account: grant.account, records, rejectedDataPoints: d.rejectedDataPoints, droppedAttributes: d.droppedAttributes, warning: d.warning };
  }

  /** The decoders return what was wrong; one that throws on a body nobody foresaw is still the body's fault: 400, not 500. */
  private decode(r: { format: IngestFormat; body: Uint8Array }, host: string): Decoded {
    try {
      return this.decodeWith(r, host);
    } catch (err) {
      return malformed('undecodable', `body: ${(err as Error).message}`);
    }
  }

  private decodeWith(r: { format: IngestFormat; body: Uint8Array }, host: string): Decoded {
    const f = r.format;
    if ('api' in f) return decodeApiBody(f.api, r.body);
    if ('otlp' in f) return decodeOtlp(f.otlp, r.body, host, { maxAttributes: this.limits.maxAttributes });
    return decodeEnvelopeStream(f.envelopes, r.body, host);
  }
}
