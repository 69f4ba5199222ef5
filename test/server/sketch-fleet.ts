// A fleet's sketches as the agents send them, with the raw values they
// summarise kept beside (what raw mode would have shipped as rows), for the
// merger's tests and bench: per host, window, metric and key (the host key
// '' and three display names), the values of that window's processes at
// four ticks; each key's DDSketch (the agent's, src/sketch/) as a
// SketchEnvelope on proc.sketch.v1, exactly as the receiver publishes it.
// One host sends at scale 7, the rest at 6 (the merge downscales).

import { createRequire } from 'node:module';
import { decodeOtlp } from '../../src/server/receiver/decode-otlp.js';
import { DDSketch } from '../../src/sketch/ddsketch.js';
import { otlpPointOf } from '../../src/sketch/otlp-point.js';
import { partitionOf } from '../../src/server/topics/partition.js';
import { messageIdOf, type TopicMessage } from '../../src/server/topics/topic-message.js';
import { sketchEnvelopeOf } from '../../src/wire/sketch-envelope.js';
import { infrawatch } from '../../src/wire/generated/infrawatch.js';

export const NAMES = ['nginx', 'postgres', 'java'] as const;
export const METRICS = ['cpuPercent', 'memoryResidentSizeBytes'] as const;
export const WINDOW_MS = 60_000;

export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 2 ** 32;
  };
}

/** Log-normal values, as cpu% and RSS are: exp(mu + sigma·N(0,1)). */
export function logNormal(r: () => number, mu: number, sigma: number): number {
  return Math.exp(mu + sigma * Math.sqrt(-2 * Math.log(r())) * Math.cos(2 * Math.PI * r()));
}

export interface FleetOptions {
  readonly account: string;
  readonly hosts: number;
  readonly windows: number;
  /** The first window's start (a multiple of 60 s). */
  readonly t0: number;
  /** Processes per display name per host. */
  readonly processesPerName: number;
  readonly ticks: number;
  readonly partitions: number;
  readonly seed: number;
  /** Hosts whose sketches come through OTLP (the receiver's exponential-histogram path) rather than as envelopes. */
  readonly otlpHosts?: number;
}

export interface Fleet {
  readonly messages: TopicMessage[];
  /** Raw values per `${entity}\0${metric}\0${display}\0${windowStart}` (entity '' for the fleet). */
  readonly raw: Map<string, number[]>;
  /** Rows raw mode would have stored: one ProcessSample per process per tick. */
  readonly rawRows: number;
}

export function rawKey(entity: string, metric: string, display: string, windowStartMs: number): string {
  return `${entity}\0${metric}\0${display}\0${windowStartMs}`;
}

export function makeFleet(o: FleetOptions): Fleet {
  const r = rng(o.seed);
  const messages: TopicMessage[] = [];
  const raw = new Map<string, number[]>();
  const push = (k: string, v: number) => {
    const list = raw.get(k);
    if (list === undefined) raw.set(k, [v]);
    else list.push(v);
  };
  let rawRows = 0;
  for (let w = 0; w < o.windows; w++) {
    const ws = o.t0 + w * WINDOW_MS;
    for (let h = 0; h < o.hosts; h++) {
      const entity = `host-${h}`;
      const scale = h === 0 ? 7 : 6;
      const otlp = h < (o.otlpHosts ?? 0) && h !== 0;
      for (const metric of METRICS) {
        const byName = new Map<string, number[]>();
        for (const name of NAMES) {
          const values: number[] = [];
          for (let p = 0; p < o.processesPerName; p++) {
            const base = metric === 'cpuPercent' ? logNormal(r, h % 3, 1.2) : logNormal(r, 17 + (h % 4), 0.8);
            for (let t = 0; t < o.ticks; t++) values.push(metric === 'cpuPercent' ? base * (0.5 + r()) : Math.round(base * (0.9 + 0.2 * r())));
          }
          byName.set(name, values);
        }
        const all = [...byName.values()].flat();
        if (metric === 'cpuPercent') rawRows += all.length;
        for (const [display, values] of [['', all] as const, ...byName]) {
          const s = new DDSketch(scale, 4096);
          for (const v of values) {
            s.add(v);
            push(rawKey(entity, metric, display, ws), v);
            push(rawKey('', metric, display, ws), v);
          }
          const receivedMs = ws + WINDOW_MS + 1_000 + h;
          if (otlp) {
            messages.push(otlpMessage(o, entity, metric, display, s, ws, receivedMs));
            continue;
          }
          const body = infrawatch.SketchEnvelope.encode(sketchEnvelopeOf(s, { metricName: metric, entityGuid: entity, displayName: display }, ws, ws + WINDOW_MS)).finish();
          messages.push({
            id: messageIdOf(o.account, entity, 'sketch', ws, `${metric}\0${display}`),
            account: o.account,
            entity,
            kind: 'sketch',
            partition: partitionOf(o.account, entity, o.partitions),
            timestampMs: ws,
            body,
            receivedMs,
          });
        }
      }
    }
  }
  return { messages, raw, rawRows };
}

const require = createRequire(import.meta.url);
const OTLP_NAME: Record<string, string> = { cpuPercent: 'infrawatch.process.cpu.percent', memoryResidentSizeBytes: 'infrawatch.process.memory.usage' };

/** The sketch as an OTLP exponential histogram, through the receiver's decoder: the message it publishes. */
function otlpMessage(o: FleetOptions, entity: string, metric: string, display: string, s: DDSketch, ws: number, receivedMs: number): TopicMessage {
  const point = otlpPointOf(s, ws, ws + WINDOW_MS);
  const request = {
    resourceMetrics: [
      {
        resource: { attributes: [{ key: 'host.id', value: { stringValue: entity } }] },
        scopeMetrics: [
          {
            metrics: [
              {
                name: OTLP_NAME[metric],
                exponentialHistogram: {
                  aggregationTemporality: 1,
                  dataPoints: [
                    {
                      attributes: display === '' ? [] : [{ key: 'infrawatch.display_name', value: { stringValue: display } }],
                      startTimeUnixNano: point.startTimeUnixNano.toString(),
                      timeUnixNano: point.timeUnixNano.toString(),
                      count: point.count,
                      sum: point.sum,
                      scale: point.scale,
                      zeroCount: point.zeroCount,
                      positive: point.positive,
                      negative: point.negative,
                      min: point.min,
                      max: point.max,
                    },
                  ],
                },
              },
            ],
          },
        ],
      },
    ],
  };
  const Request = require('@opentelemetry/otlp-transformer/build/src/generated/root.js').opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
  const body = Request.encode(Request.fromObject(request)).finish();
  const d = decodeOtlp('protobuf', body, entity, { maxAttributes: 100 });
  if (!d.ok) throw new Error(`OTLP decode: ${d.message}`);
  const draft = d.drafts[0];
  return {
    id: messageIdOf(o.account, draft.entity, 'sketch', draft.timestampMs, draft.key),
    account: o.account,
    entity: draft.entity,
    kind: 'sketch',
    partition: partitionOf(o.account, draft.entity, o.partitions),
    timestampMs: draft.timestampMs,
    body: draft.body,
    receivedMs,
  };
}

/** The exact q-quantile as the sketch defines it: the element of rank floor(q·(n−1)). */
export function exactQuantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(q * (sorted.length - 1))];
}
