// What the ingest core answers, in terms no transport owns: each refusal
// says whether to retry, the way the OpenTelemetry Collector's receivers
// map them (InvalidArgument ⇄ 400, ResourceExhausted ⇄ 429 + Retry-After,
// Unavailable ⇄ 503). The HTTP transport maps them to statuses here; a gRPC
// transport maps them to codes.

/** Why a request was refused: the `reason` label of the refusal counter. */
export type RefusalKind =
  /** 400: the body is not what the endpoint takes; never retried. */
  | 'invalid'
  /** 401: no valid token. */
  | 'unauthenticated'
  /** 403: a valid token for another host than the data's. */
  | 'forbidden'
  /** 413: the body is over the size limit (after decompression). */
  | 'too-large'
  /** 415: a content type or encoding the endpoint does not take. */
  | 'unsupported'
  /** 429: the topics' backlog is over its bound; retry after retryAfterSeconds. */
  | 'busy'
  /** 503: the topic did not take the data (not durable); retry. */
  | 'unavailable'
  /** 408: the body did not arrive in time. */
  | 'timeout';

export interface Refusal {
  readonly ok: false;
  readonly kind: RefusalKind;
  /** A short word for the refusal counter's reason label (e.g. 'expired', 'gzip-bomb'). */
  readonly reason: string;
  /** What was wrong, for the client: never quotes the client's secrets. */
  readonly message: string;
  readonly account?: string;
  readonly retryAfterSeconds?: number;
}

export interface Acceptance {
  readonly ok: true;
  readonly account: string;
  /** Records (rows, points, envelopes, events) published. */
  readonly records: number;
  /** OTLP: data points refused (histograms and summaries, which no table takes). */
  readonly rejectedDataPoints: number;
  /** Attributes dropped past the limit (OTLP), counted. */
  readonly droppedAttributes: number;
  /** Why some were rejected or dropped, for OTLP's partial_success.error_message; '' when none. */
  readonly warning: string;
}

export type IngestOutcome = Acceptance | Refusal;

export const HTTP_STATUS_OF: Readonly<Record<RefusalKind, number>> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  timeout: 408,
  'too-large': 413,
  unsupported: 415,
  busy: 429,
  unavailable: 503,
};

export function refuse(kind: RefusalKind, reason: string, message: string, account?: string): Refusal {
  return { ok: false, kind, reason, message, ...(account === undefined ? {} : { account }) };
}

/** The gRPC status code of each refusal (google.rpc.Code): what the gRPC transport answers, and what OTLP/HTTP puts in its Status body. */
export const RPC_CODE_OF: Readonly<Record<Refusal['kind'], number>> = {
  invalid: 3,
  unauthenticated: 16,
  forbidden: 7,
  timeout: 4,
  'too-large': 8,
  unsupported: 3,
  busy: 8,
  unavailable: 14,
};
