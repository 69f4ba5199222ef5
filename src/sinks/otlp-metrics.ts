// OTLP metrics (ExportMetricsServiceRequest) from the agent's data, named
// after the OpenTelemetry semantic conventions: process.* gauges for each
// row (process.pid, process.executable.name, … as attributes), the same
// gauges under infrawatch.process_group.* for the aggregate rows (the
// display name as attribute: kept apart so that no sum counts a process
// twice), system.* for the host, and the sketches as ExponentialHistogram
// points (delta temporality) copied from their bins. Encoded with the
// protobuf code that @opentelemetry/otlp-transformer ships.

import { createRequire } from 'node:module';
import type { HostTelemetry } from '../host/telemetry.js';
import type { ProcessAggregateRow, ProcessRow } from '../report/process-rows.js';
import type { ExponentialHistogramPoint } from '../sketch/otlp-point.js';

const require = createRequire(import.meta.url);
// A deep import: the package has no exports map, and its generated root is
// the one part of it the sink needs.
const otlp = require('@opentelemetry/otlp-transformer/build/src/generated/root.js').opentelemetry.proto;

const DELTA = 1;

type AnyValue = { stringValue: string } | { intValue: number } | { doubleValue: number };
interface KeyValue {
  key: string;
  value: AnyValue;
}

function attr(key: string, value: string | number, integer = false): KeyValue {
  if (typeof value === 'string') return { key, value: { stringValue: value } };
  return { key, value: integer ? { intValue: value } : { doubleValue: value } };
}

export interface OtlpResource {
  hostId: string;
  hostName: string;
  serviceVersion: string;
}

function nanos(ms: number): number {
  return ms * 1_000_000;
}

function gauge(name: string, unit: string, points: Array<{ value: number; attributes: KeyValue[] }>, timeMs: number) {
  return {
    name,
    unit,
    gauge: { dataPoints: points.map((p) => ({ asDouble: p.value, timeUnixNano: nanos(timeMs), attributes: p.attributes })) },
  };
}

function envelope(resource: OtlpResource, metrics: unknown[]) {
  return {
    resourceMetrics: [
      {
        resource: {
          attributes: [attr('host.id', resource.hostId), attr('host.name', resource.hostName), attr('service.name', 'infrawatch-agent'), attr('service.version', resource.serviceVersion)],
        },
        scopeMetrics: [{ scope: { name: 'infrawatch', version: resource.serviceVersion }, metrics }],
      },
    ],
  };
}

/** One tick: process rows, aggregate rows and (when read) the host's figures. */
export function tickRequest(
  resource: OtlpResource,
  rows: readonly ProcessRow[],
  aggregates: readonly ProcessAggregateRow[],
  host: HostTelemetry | undefined,
  hostCpus: number,
  timeMs: number,
): unknown {
  const rowAttrs = (r: ProcessRow): KeyValue[] => {
    const a = [attr('process.pid', r.processId, true), attr('process.parent_pid', r.parentProcessId, true), attr('process.executable.name', r.commandName), attr('infrawatch.display_name', r.processDisplayName)];
    if (r.commandLine) a.push(attr('process.command_line', r.commandLine));
    if (r.userName) a.push(attr('process.owner', r.userName));
    return a;
  };
  const groupAttrs = (g: ProcessAggregateRow): KeyValue[] => [attr('infrawatch.display_name', g.processDisplayName)];
  const metrics: unknown[] = [
    // process.cpu.utilization: share of the cpus available, in [0, 1] (cpu% of one core / 100 / cpus).
    gauge('process.cpu.utilization', '1', rows.filter((r) => r.cpuPercent !== null).map((r) => ({ value: r.cpuPercent! / 100 / hostCpus, attributes: rowAttrs(r) })), timeMs),
    gauge('process.memory.usage', 'By', rows.map((r) => ({ value: r.memoryResidentSizeBytes, attributes: rowAttrs(r) })), timeMs),
    gauge('process.memory.virtual', 'By', rows.map((r) => ({ value: r.memoryVirtualSizeBytes, attributes: rowAttrs(r) })), timeMs),
    gauge('process.thread.count', '{thread}', rows.map((r) => ({ value: r.threadCount, attributes: rowAttrs(r) })), timeMs),
    gauge('infrawatch.process_group.count', '{process}', aggregates.map((g) => ({ value: g.processCount, attributes: groupAttrs(g) })), timeMs),
    gauge('infrawatch.process_group.cpu.utilization', '1', aggregates.map((g) => ({ value: g.cpuPercent / 100 / hostCpus, attributes: groupAttrs(g) })), timeMs),
    gauge('infrawatch.process_group.memory.usage', 'By', aggregates.map((g) => ({ value: g.memoryResidentSizeBytes, attributes: groupAttrs(g) })), timeMs),
  ];
  if (host !== undefined) {
    if (host.cpu !== null) metrics.push(gauge('system.cpu.utilization', '1', [{ value: host.cpu / 100, attributes: [] }], timeMs));
    if (host.memory !== null) metrics.push(gauge('system.memory.utilization', '1', [{ value: host.memory / 100, attributes: [] }], timeMs));
    if (host.disks.length > 0) {
      metrics.push(gauge('system.filesystem.utilization', '1', host.disks.map((d) => ({ value: d.percentUsed / 100, attributes: [attr('system.filesystem.mountpoint', d.mount)] })), timeMs));
    }
    if (host.uptime !== null) metrics.push(gauge('system.uptime', 's', [{ value: host.uptime, attributes: [] }], timeMs));
  }
  return envelope(resource, metrics);
}

export interface SketchPoint {
  /** The sketch's metric: cpuPercent or memoryResidentSizeBytes. */
  metricName: string;
  /** Empty for the host key. */
  displayName: string;
  point: ExponentialHistogramPoint;
}

const SKETCH_METRIC_NAMES: Readonly<Record<string, { name: string; unit: string }>> = {
  cpuPercent: { name: 'infrawatch.process.cpu.percent', unit: '%' },
  memoryResidentSizeBytes: { name: 'infrawatch.process.memory.usage', unit: 'By' },
};

/** One sketch window: each metric as an ExponentialHistogram, a point per key. */
export function sketchRequest(resource: OtlpResource, points: readonly SketchPoint[]): unknown {
  const byMetric = new Map<string, SketchPoint[]>();
  for (const p of points) byMetric.set(p.metricName, [...(byMetric.get(p.metricName) ?? []), p]);
  const metrics = [...byMetric].map(([metric, ps]) => ({
    ...(SKETCH_METRIC_NAMES[metric] ?? { name: `infrawatch.${metric}`, unit: '1' }),
    exponentialHistogram: {
      aggregationTemporality: DELTA,
      dataPoints: ps.map(({ displayName, point }) => ({
        attributes: displayName === '' ? [] : [attr('infrawatch.display_name', displayName)],
        startTimeUnixNano: Number(point.startTimeUnixNano),
        timeUnixNano: Number(point.timeUnixNano),
        count: point.count,
        sum: point.sum,
        scale: point.scale,
        zeroCount: point.zeroCount,
        positive: point.positive,
        negative: point.negative,
        min: point.count > 0 ? point.min : 0,
        max: point.count > 0 ? point.max : 0,
      })),
    },
  }));
  return envelope(resource, metrics);
}

/** A family of the agent's own metrics, as the registry collects it. */
export interface AgentMetricFamily {
  readonly name: string;
  readonly type: 'counter' | 'gauge';
  readonly help: string;
  readonly samples: ReadonlyArray<readonly [Readonly<Record<string, string>>, number]>;
}

const CUMULATIVE = 2;

/**
 * The agent's own metrics: agent_cpu_seconds_total becomes agent.cpu_seconds,
 * a cumulative monotonic sum from the agent's start; gauges stay gauges.
 */
export function agentMetricsRequest(resource: OtlpResource, families: readonly AgentMetricFamily[], startMs: number, nowMs: number): unknown {
  const metrics = families.map((f) => {
    const name = f.name.replace(/^agent_/, 'agent.').replace(/_total$/, '');
    const dataPoints = f.samples.map(([labels, value]) => ({
      asDouble: value,
      startTimeUnixNano: f.type === 'counter' ? nanos(startMs) : undefined,
      timeUnixNano: nanos(nowMs),
      attributes: Object.entries(labels).map(([k, v]) => attr(k, v)),
    }));
    return f.type === 'counter'
      ? { name, description: f.help, sum: { aggregationTemporality: CUMULATIVE, isMonotonic: true, dataPoints } }
      : { name, description: f.help, gauge: { dataPoints } };
  });
  return envelope(resource, metrics);
}

export function encodeMetricsRequest(request: unknown): Uint8Array {
  const Request = otlp.collector.metrics.v1.ExportMetricsServiceRequest;
  return Request.encode(Request.fromObject(request)).finish();
}
