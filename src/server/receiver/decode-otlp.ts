// OTLP/HTTP metrics (ExportMetricsServiceRequest), protobuf or JSON,
// decoded with the code @opentelemetry/otlp-transformer ships. Gauges and
// sums become 'metric' messages, one per resource and point time (up to
// METRIC_POINTS_PER_MESSAGE points each; a row a point in MetricSample):
// an agent's own metrics are ~57 points of one time a minute, and a
// message a point made them ~10x the topic messages of its
// ProcessEnvelopes (6 a minute). Exponential histograms become 'sketch'
// messages (a SketchEnvelope: OTLP's bucket i is (base^i,
// base^(i+1)], the bin our sketches use, so the copy is exact); histograms
// and summaries have no table yet and are rejected, counted in
// partial_success. A resource's host is its host.id attribute, else the
// token's host. Attributes past the limit (per resource and per data
// point) are dropped and counted, never an error.

import { createRequire } from 'node:module';
import { infrawatch } from '../../wire/generated/infrawatch.js';
import type { MetricPointBody } from '../topics/message-bodies.js';
import { type Decoded, type DraftMessage, decoded, malformed } from './draft-message.js';

const require = createRequire(import.meta.url);
// A deep import, as src/sinks/otlp-metrics.ts does: the package has no exports map.
const otlp = require('@opentelemetry/otlp-transformer/build/src/generated/root.js').opentelemetry.proto;
const Request = otlp.collector.metrics.v1.ExportMetricsServiceRequest;
const Response = otlp.collector.metrics.v1.ExportMetricsServiceResponse;

type Long = { toNumber(): number; toString(): string };
type Scalar = string | number | boolean;
interface AnyValue {
  stringValue?: string | null;
  boolValue?: boolean | null;
  intValue?: number | Long | null;
  doubleValue?: number | null;
  arrayValue?: { values?: AnyValue[] } | null;
  kvlistValue?: { values?: KeyValue[] } | null;
  bytesValue?: Uint8Array | null;
}
interface KeyValue {
  key: string;
  value?: AnyValue | null;
}
interface NumberPoint {
  attributes?: KeyValue[];
  startTimeUnixNano?: number | Long | null;
  timeUnixNano?: number | Long | null;
  asDouble?: number | null;
  asInt?: number | Long | null;
}
interface Buckets {
  offset?: number | null;
  bucketCounts?: Array<number | Long> | null;
}
interface ExpPoint extends NumberPoint {
  count?: number | Long | null;
  sum?: number | null;
  scale?: number | null;
  zeroCount?: number | Long | null;
  positive?: Buckets | null;
  negative?: Buckets | null;
  min?: number | null;
  max?: number | null;
}
interface Metric {
  name?: string;
  unit?: string;
  gauge?: { dataPoints?: NumberPoint[] } | null;
  sum?: { dataPoints?: NumberPoint[]; aggregationTemporality?: number; isMonotonic?: boolean } | null;
  histogram?: { dataPoints?: unknown[] } | null;
  exponentialHistogram?: { dataPoints?: ExpPoint[] } | null;
  summary?: { dataPoints?: unknown[] } | null;
}
interface ExportRequest {
  resourceMetrics?: Array<{ resource?: { attributes?: KeyValue[] } | null; scopeMetrics?: Array<{ metrics?: Metric[] }> }>;
}

/** The agent's sketch metrics under their OTLP names (src/sinks/otlp-metrics.ts), back to the SketchEnvelope's names. */
const SKETCH_NAME_OF: Readonly<Record<string, string>> = {
  'infrawatch.process.cpu.percent': 'cpuPercent',
  'infrawatch.process.memory.usage': 'memoryResidentSizeBytes',
};

const utf8 = new TextEncoder();

function num(v: number | Long | null | undefined): number {
  return v === null || v === undefined ? 0 : typeof v === 'number' ? v : v.toNumber();
}

/** A uint64 of nanoseconds as its exact decimal text. */
function nanos(v: number | Long | null | undefined): string {
  return v === null || v === undefined ? '0' : v.toString();
}

function msOfNanos(text: string): number {
  return Number(BigInt(text) / 1_000_000n);
}

function scalarOf(v: AnyValue | null | undefined): Scalar {
  if (!v) return '';
  if (v.stringValue !== undefined && v.stringValue !== null) return v.stringValue;
  if (v.boolValue !== undefined && v.boolValue !== null) return v.boolValue;
  if (v.intValue !== undefined && v.intValue !== null) return num(v.intValue);
  if (v.doubleValue !== undefined && v.doubleValue !== null) return v.doubleValue;
  if (v.bytesValue) return Buffer.from(v.bytesValue).toString('base64');
  if (v.arrayValue) return JSON.stringify((v.arrayValue.values ?? []).map(scalarOf));
  if (v.kvlistValue) return JSON.stringify(Object.fromEntries((v.kvlistValue.values ?? []).map((kv) => [kv.key, scalarOf(kv.value)])));
  return '';
}

/** Points of one resource and time in one 'metric' message: ~0.5 KB of JSON each, so a message stays far under NATS's 1 MB payload. */
export const METRIC_POINTS_PER_MESSAGE = 500;

export interface OtlpLimits {
  readonly maxAttributes: number;
}

export type OtlpEncoding = 'protobuf' | 'json';

function parse(encoding: OtlpEncoding, body: Uint8Array): ExportRequest | string {
  if (encoding === 'protobuf') {
    try {
      return Request.decode(body) as ExportRequest;
    } catch (err) {
      // protobufjs names the offset ("index out of range: 12 + 10 > 20").
      return `body: not an ExportMetricsServiceRequest (${(err as Error).message})`;
    }
  }
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'));
  } catch (err) {
    return `body: invalid JSON: ${(err as Error).message}`;
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return 'body: expected a JSON ExportMetricsServiceRequest object';
  try {
    return Request.fromObject(raw) as ExportRequest;
  } catch (err) {
    return `body: not an ExportMetricsServiceRequest (${(err as Error).message})`;
  }
}

export function decodeOtlp(encoding: OtlpEncoding, body: Uint8Array, host: string, limits: OtlpLimits): Decoded {
  const request = parse(encoding, body);
  if (typeof request === 'string') return malformed(encoding === 'json' ? 'invalid-json' : 'invalid-protobuf', request);
  const drafts: DraftMessage[] = [];
  /** Gauge and sum points per (host, resource, time), in the order they came: each a 'metric' message (or several past the cap). */
  const pointGroups = new Map<string, { entity: string; timeUnixNano: string; resourceKey: string; points: MetricPointBody[]; keys: string[] }>();
  let droppedAttributes = 0;
  let rejectedDataPoints = 0;
  /** The first `maxAttributes` of `list` as a flat object; the rest counted as dropped. */
  const flatten = (list: KeyValue[] | undefined): Record<string, Scalar> => {
    const out: Record<string, Scalar> = {};
    const kept = list ?? [];
    if (kept.length > limits.maxAttributes) droppedAttributes += kept.length - limits.maxAttributes;
    for (let i = 0; i < kept.length && i < limits.maxAttributes; i++) out[kept[i].key] = scalarOf(kept[i].value);
    return out;
  };
  for (const [r, rm] of (request.resourceMetrics ?? []).entries()) {
    const resource = flatten(rm.resource?.attributes);
    const hostId = resource['host.id'];
    if (hostId !== undefined && typeof hostId !== 'string') return malformed('invalid-resource', `resourceMetrics[${r}].resource: host.id: expected a string`);
    const entity = hostId || host;
    const resourceKey = JSON.stringify(resource);
    for (const sm of rm.scopeMetrics ?? []) {
      for (const m of sm.metrics ?? []) {
        const name = m.name ?? '';
        const numberPoints = m.gauge?.dataPoints ?? m.sum?.dataPoints;
        if (numberPoints) {
          const type = m.gauge ? 'gauge' : 'sum';
          for (const p of numberPoints) {
            const attributes = flatten(p.attributes);
            const timeUnixNano = nanos(p.timeUnixNano);
            const point: MetricPointBody = {
              name,
              unit: m.unit ?? '',
              type,
              monotonic: m.sum?.isMonotonic ?? false,
              temporality: m.sum?.aggregationTemporality ?? 0,
              timeUnixNano,
              startTimeUnixNano: nanos(p.startTimeUnixNano),
              value: p.asDouble !== undefined && p.asDouble !== null ? p.asDouble : num(p.asInt),
              resource,
              attributes,
            };
            const groupKey = `${entity}\0${timeUnixNano}\0${resourceKey}`;
            let group = pointGroups.get(groupKey);
            if (group === undefined) {
              group = { entity, timeUnixNano, resourceKey, points: [], keys: [] };
              pointGroups.set(groupKey, group);
            }
            group.points.push(point);
            group.keys.push(`${name}\0${JSON.stringify(attributes)}`);
          }
          continue;
        }
        if (m.exponentialHistogram) {
          for (const p of m.exponentialHistogram.dataPoints ?? []) {
            const attributes = flatten(p.attributes);
            drafts.push(sketchDraft(entity, name, p, attributes));
          }
          continue;
        }
        rejectedDataPoints += m.histogram?.dataPoints?.length ?? m.summary?.dataPoints?.length ?? 0;
      }
    }
  }
  for (const g of pointGroups.values()) {
    for (let at = 0; at < g.points.length; at += METRIC_POINTS_PER_MESSAGE) {
      const points = g.points.slice(at, at + METRIC_POINTS_PER_MESSAGE);
      // The content names the message: the same request sent again (an agent's retry) is the same ids, stored once.
      const key = `${g.resourceKey}\0${g.keys.slice(at, at + METRIC_POINTS_PER_MESSAGE).join('\0')}`;
      drafts.push({ entity: g.entity, kind: 'metric', timestampMs: msOfNanos(g.timeUnixNano), key, body: utf8.encode(JSON.stringify(points)), records: points.length });
    }
  }
  const notes: string[] = [];
  if (rejectedDataPoints > 0) notes.push(`${rejectedDataPoints} data points of histograms or summaries rejected: this server stores gauges, sums and exponential histograms`);
  if (droppedAttributes > 0) notes.push(`${droppedAttributes} attributes dropped past the limit of ${limits.maxAttributes} per resource and per data point`);
  return decoded(drafts, { rejectedDataPoints, droppedAttributes, warning: notes.join('; ') });
}

/** An exponential histogram point as the SketchEnvelope the agent would have sent for it. */
function sketchDraft(entity: string, name: string, p: ExpPoint, attributes: Record<string, Scalar>): DraftMessage {
  const scale = p.scale ?? 0;
  const gamma = 2 ** (2 ** -scale);
  const store = (b: Buckets | null | undefined) => ({ contiguousBinCounts: (b?.bucketCounts ?? []).map(num), contiguousBinIndexOffset: b?.offset ?? 0 });
  const metricName = SKETCH_NAME_OF[name] ?? name;
  const displayName = typeof attributes['infrawatch.display_name'] === 'string' ? attributes['infrawatch.display_name'] : '';
  const windowStartMs = msOfNanos(nanos(p.startTimeUnixNano));
  const envelope = infrawatch.SketchEnvelope.encode({
    metricName,
    gamma,
    sketchVersion: '1',
    histogram: { mapping: { gamma, indexOffset: 0, interpolation: 0 }, positiveValues: store(p.positive), negativeValues: store(p.negative), zeroCount: num(p.zeroCount) },
    entityGuid: entity,
    displayName,
    windowStartMs,
    windowEndMs: msOfNanos(nanos(p.timeUnixNano)),
    count: num(p.count),
    sum: p.sum ?? 0,
    min: p.min ?? 0,
    max: p.max ?? 0,
    scale,
  }).finish();
  // The key of the agent's own SketchEnvelope of this window: sent both ways, it is stored once.
  return { entity, kind: 'sketch', timestampMs: windowStartMs, key: `${metricName}\0${displayName}`, body: envelope, records: 1 };
}

/** The ExportMetricsServiceResponse, partial_success set when something was rejected or dropped. */
export function otlpResponse(encoding: OtlpEncoding, rejectedDataPoints: number, warning: string): { body: Uint8Array | string; contentType: string } {
  const partial = rejectedDataPoints > 0 || warning !== '' ? { partialSuccess: { rejectedDataPoints, errorMessage: warning } } : {};
  if (encoding === 'json') return { body: JSON.stringify(partial), contentType: 'application/json' };
  return { body: Response.encode(Response.fromObject(partial)).finish(), contentType: 'application/x-protobuf' };
}
