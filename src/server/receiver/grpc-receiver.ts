// The receiver's gRPC transport (@grpc/grpc-js): OTLP's
// opentelemetry.proto.collector.metrics.v1.MetricsService/Export and our
// infrawatch.ingest.v1.EnvelopeService (proto/infrawatch_ingest.proto),
// over the same ingest core as HTTP. Messages are taken as bytes (identity
// serializers): the core decodes them once, as it does an HTTP body, and
// an envelope's bytes go to the topic as they came.
//
// Limits: grpc-js refuses a message past grpc.max_receive_message_length
// (20 MiB) with RESOURCE_EXHAUSTED, and since 1.10.9 it counts a
// compressed message's size as it inflates it, so a gzip bomb is cut off.
// A refusal is a status code (RPC_CODE_OF); back-pressure is
// RESOURCE_EXHAUSTED with a google.rpc.RetryInfo in grpc-status-details-bin,
// which gRPC clients (and the OpenTelemetry Collector's exporters) honour.

import * as grpc from '@grpc/grpc-js';
import protobuf from 'protobufjs/minimal.js';
import { otlpResponse } from './decode-otlp.js';
import type { EnvelopeKind } from './decode-envelope-stream.js';
import type { IngestCore, IngestFormat } from './ingest-core.js';
import { HTTP_STATUS_OF, type IngestOutcome, RPC_CODE_OF, type Refusal, refuse } from './ingest-outcome.js';
import type { ReceiverMetrics } from './receiver-metrics.js';

export const OTLP_EXPORT_PATH = '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export';

/** Our service's methods and the envelope kind of each. */
export const ENVELOPE_PATHS: Readonly<Record<string, EnvelopeKind>> = {
  '/infrawatch.ingest.v1.EnvelopeService/SendProcessEnvelopes': 'process',
  '/infrawatch.ingest.v1.EnvelopeService/SendSketchEnvelopes': 'sketch',
  '/infrawatch.ingest.v1.EnvelopeService/SendDiagEvents': 'diag',
};

export interface GrpcReceiverOptions {
  readonly maxBodyBytes: number;
}

export interface GrpcTls {
  readonly cert: Buffer;
  readonly key: Buffer;
  /** CA of the client certificates. */
  readonly clientCa?: Buffer;
  /** Refuse a client without a certificate the CA signed. */
  readonly requireClientCert: boolean;
}

const bytes = (b: Buffer): Buffer => b;

function unaryBytes(path: string): grpc.MethodDefinition<Buffer, Buffer> {
  return { path, requestStream: false, responseStream: false, requestSerialize: bytes, requestDeserialize: bytes, responseSerialize: bytes, responseDeserialize: bytes };
}

/**
 * A batch message (`repeated <Envelope> envelopes = 1`) as the ingest core
 * takes envelopes: length-delimited records. Fields other than 1 are
 * skipped (a newer client's); a field 1 that is not length-delimited, or a
 * cut message, is refused naming its byte offset.
 */
export function delimitedRecordsOf(batch: Uint8Array): Uint8Array | string {
  const reader = protobuf.Reader.create(batch);
  const out = protobuf.Writer.create();
  while (reader.pos < reader.len) {
    const at = reader.pos;
    try {
      const tag = reader.uint32();
      if (tag >>> 3 === 1) {
        if ((tag & 7) !== 2) return `byte ${at}: field 1 is not length-delimited (wire type ${tag & 7})`;
        out.bytes(reader.bytes());
      } else {
        reader.skipType(tag & 7);
      }
    } catch (err) {
      return `byte ${at}: ${(err as Error).message}`;
    }
  }
  return out.finish();
}

/** google.rpc.Status { code, message, details: [Any(google.rpc.RetryInfo { retry_delay })] }, as grpc-status-details-bin carries it. */
function retryInfoStatus(code: number, message: string, retryAfterSeconds: number): Buffer {
  const duration = protobuf.Writer.create().uint32(8).int64(Math.ceil(retryAfterSeconds)).finish();
  const retryInfo = protobuf.Writer.create().uint32(10).bytes(duration).finish();
  const any = protobuf.Writer.create().uint32(10).string('type.googleapis.com/google.rpc.RetryInfo').uint32(18).bytes(retryInfo).finish();
  return Buffer.from(protobuf.Writer.create().uint32(8).int32(code).uint32(18).string(message).uint32(26).bytes(any).finish());
}

export class GrpcReceiver {
  private readonly server: grpc.Server;

  constructor(
    private readonly core: IngestCore,
    private readonly metrics: ReceiverMetrics,
    o: GrpcReceiverOptions,
  ) {
    this.server = new grpc.Server({
      'grpc.max_receive_message_length': o.maxBodyBytes,
      'grpc.max_send_message_length': 1024 * 1024,
      // A client that opens streams and never finishes them holds no more than these.
      'grpc.max_concurrent_streams': 100,
    });
    const otlp: grpc.ServiceDefinition = { Export: unaryBytes(OTLP_EXPORT_PATH) };
    this.server.addService(otlp, { Export: this.unary(OTLP_EXPORT_PATH, (body) => ({ format: { otlp: 'protobuf' }, body })) });
    const envelopes: Record<string, grpc.MethodDefinition<Buffer, Buffer>> = {};
    const handlers: grpc.UntypedServiceImplementation = {};
    for (const [path, kind] of Object.entries(ENVELOPE_PATHS)) {
      const name = path.slice(path.lastIndexOf('/') + 1);
      envelopes[name] = unaryBytes(path);
      handlers[name] = this.unary(path, (body) => {
        const records = delimitedRecordsOf(body);
        return typeof records === 'string' ? refuse('invalid', 'malformed', records) : { format: { envelopes: kind }, body: records };
      });
    }
    this.server.addService(envelopes, handlers);
  }

  /** Binds `host:port` (port 0: any free one); resolves with the port. */
  listen(host: string, port: number, tls: GrpcTls | undefined): Promise<number> {
    const credentials =
      tls === undefined ? grpc.ServerCredentials.createInsecure() : grpc.ServerCredentials.createSsl(tls.clientCa ?? null, [{ cert_chain: tls.cert, private_key: tls.key }], tls.requireClientCert);
    const address = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
    return new Promise((resolve, reject) => this.server.bindAsync(address, credentials, (err, bound) => (err ? reject(err) : resolve(bound))));
  }

  /** Stops taking calls and waits for those in flight (at most `graceMs`, then ends them). */
  close(graceMs = 5000): Promise<void> {
    return new Promise((resolve) => {
      const force = setTimeout(() => {
        this.server.forceShutdown();
        resolve();
      }, graceMs);
      this.server.tryShutdown(() => {
        clearTimeout(force);
        resolve();
      });
    });
  }

  private unary(path: string, requestOf: (body: Buffer) => { format: IngestFormat; body: Uint8Array } | Refusal): grpc.handleUnaryCall<Buffer, Buffer> {
    return (call, callback) => {
      const authorization = call.metadata.get('authorization')[0];
      this.handle(path, requestOf(call.request), typeof authorization === 'string' ? authorization : undefined).then(
        (answer) => callback(answer.error, answer.value),
        // A bug of ours, not the client's mistake.
        (err: unknown) => callback({ code: grpc.status.INTERNAL, details: (err as Error).message }),
      );
    };
  }

  private async handle(
    path: string,
    request: { format: IngestFormat; body: Uint8Array } | Refusal,
    authorization: string | undefined,
  ): Promise<{ error: Partial<grpc.StatusObject> | null; value?: Buffer }> {
    let outcome: IngestOutcome;
    if ('ok' in request) {
      // A malformed batch: still only for a client with a valid token, and counted under its account.
      const grant = await this.core.authenticate(authorization);
      outcome = 'ok' in grant ? grant : { ...request, account: grant.account };
    } else {
      outcome = await this.core.ingest({ format: request.format, authorization, body: request.body });
    }
    if (!outcome.ok) return { error: this.refused(path, outcome) };
    this.metrics.accepted(outcome.account, path, outcome.records, outcome.droppedAttributes, outcome.rejectedDataPoints);
    if (path === OTLP_EXPORT_PATH) return { error: null, value: Buffer.from(otlpResponse('protobuf', outcome.rejectedDataPoints, outcome.warning).body as Uint8Array) };
    // EnvelopeAck { records = 1 }
    return { error: null, value: Buffer.from(protobuf.Writer.create().uint32(8).uint64(outcome.records).finish()) };
  }

  private refused(path: string, r: Refusal): Partial<grpc.StatusObject> {
    this.metrics.refused(r.account, path, r.reason, HTTP_STATUS_OF[r.kind]);
    const code = RPC_CODE_OF[r.kind];
    const metadata = new grpc.Metadata();
    if (r.retryAfterSeconds !== undefined) metadata.set('grpc-status-details-bin', retryInfoStatus(code, r.message, r.retryAfterSeconds));
    return { code, details: r.message, metadata };
  }
}
