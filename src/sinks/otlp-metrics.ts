// OTLP metrics (ExportMetricsServiceRequest) from the agent's data, as the
// OpenTelemetry semantic conventions (SCHEMA_URL's version) define them and
// as the Collector's hostmetrics process scraper ships them:
// - each process row is its own Resource (process.pid, process.command_line,
//   … beside the host's attributes) with process.cpu.time (counter, by
//   cpu.mode), process.cpu.utilization (gauge, by cpu.mode),
//   process.memory.usage / .virtual and process.thread.count
//   (UpDownCounters: non-monotonic cumulative sums) and process.disk.io
//   (counter, by disk.io.direction) where io was read, and its busiest
//   threads (process_threads) as infrawatch.process.thread.cpu.utilization
//   (gauge, a point per thread by thread.id and thread.name; the state is
//   left out as the row's is: a thread going R to S would start a series);
// - the host's Resource carries system.* (cpu by cpu.mode, memory by
//   system.memory.state, filesystems by system.filesystem.state), the
//   aggregate rows under infrawatch.process_group.* (kept apart from
//   process.* so that no sum counts a process twice; the row
//   "(unattributed)" carries the host's cpu no process accounts for; the
//   reaped children's cpu of rows and groups under
//   infrawatch.process.reaped_children.* and
//   infrawatch.process_group.reaped_children.*), the processes that
//   ended in the tick under infrawatch.process_ephemeral.* (gauges of the
//   tick, per display name; by_parent.* per the parent's), the sketches as
//   ExponentialHistograms (delta, bins copied: the mapping is OTLP's), and
//   the agent's own metrics under infrawatch.agent.*.
// No metric goes out without a data point. Timestamps are integer
// nanoseconds written as decimal strings: a Number of nanoseconds since the
// epoch (~1.8e18) is past 2^53 and would be off by up to 128 ns.
// Encoded with the protobuf code that @opentelemetry/otlp-transformer ships;
// the requests themselves are plain objects in OTLP/JSON's shape, so the
// receiver sink sends the agent's own metrics as JSON without that code.

import { createRequire } from 'node:module';
import type { AgentConfig } from '../config/schema.js';
import { hostNameOf } from '../host-id.js';
import type { HostTelemetry } from '../host/telemetry.js';
import { packageVersion } from '../paths.js';
import { CPU_MODES } from '../procfs/host-cpu.js';
import type { ProcessEphemeral, ProcessEphemeralSummary } from '../report/ephemeral-summary.js';
import type { ProcessAggregateRow, ProcessRow } from '../report/process-rows.js';
import type { SketchPoint } from '../sketch/otlp-point.js';

const require = createRequire(import.meta.url);

/**
 * The package's generated root, loaded by the first protobuf encode: it
 * costs ~8 MB of RSS (a one-off measurement of the import, Node 20), which
 * an agent that only builds requests (the receiver sink's JSON) never pays.
 * A deep import: the package has no exports map, and its generated root is
 * the one part of it the sink needs.
 */
let otlpRoot: { collector: { metrics: { v1: { ExportMetricsServiceRequest: { encode(m: unknown): { finish(): Uint8Array }; fromObject(o: unknown): unknown } } } } } | undefined;

/** The semantic conventions these names, units and attributes follow. */
export const SCHEMA_URL = 'https://opentelemetry.io/schemas/1.44.0';

const DELTA = 1;
const CUMULATIVE = 2;

type AnyValue = { stringValue: string } | { intValue: number } | { doubleValue: number };
interface KeyValue {
  key: string;
  value: AnyValue;
}

function str(key: string, value: string): KeyValue {
  return { key, value: { stringValue: value } };
}

function int(key: string, value: number): KeyValue {
  return { key, value: { intValue: value } };
}

/** Integer nanoseconds since the epoch, as a decimal string (exact; protobufjs reads it into a 64-bit field). */
export function nanosOf(ms: number): string {
  return Number.isInteger(ms) ? (BigInt(ms) * 1_000_000n).toString() : (BigInt(Math.round(ms * 1000)) * 1000n).toString();
}

/** The Resource of the agent watching the host of `config` (under host_root, the host's name, not the container's). */
export function agentResourceOf(config: Pick<AgentConfig, 'host_root'>, hostId: string): OtlpResource {
  return { hostId, hostName: hostNameOf(config.host_root), nodeArch: process.arch, serviceVersion: packageVersion() };
}

export interface OtlpResource {
  hostId: string;
  hostName: string;
  /** process.arch (x64, arm64, …); named as host.arch's values. */
  nodeArch: string;
  serviceVersion: string;
}

const HOST_ARCH: Readonly<Record<string, string>> = { x64: 'amd64', arm64: 'arm64', arm: 'arm32', ia32: 'x86', ppc64: 'ppc64', ppc: 'ppc32', s390x: 's390x' };

/** host.*, os.type and service.*: on every Resource the agent sends. */
function hostAttributes(r: OtlpResource): KeyValue[] {
  return [
    str('host.id', r.hostId),
    str('host.name', r.hostName),
    str('host.arch', HOST_ARCH[r.nodeArch] ?? r.nodeArch),
    str('os.type', 'linux'),
    str('service.name', 'infrawatch-agent'),
    // One agent per host: the host id tells its instances apart.
    str('service.instance.id', r.hostId),
    str('service.version', r.serviceVersion),
  ];
}

function resourceMetrics(r: OtlpResource, extra: KeyValue[], metrics: unknown[]) {
  return {
    resource: { attributes: [...hostAttributes(r), ...extra] },
    schemaUrl: SCHEMA_URL,
    scopeMetrics: [{ scope: { name: 'infrawatch', version: r.serviceVersion }, schemaUrl: SCHEMA_URL, metrics }],
  };
}

/** The request of some ResourceMetrics, those with no metric left out. */
function request(resources: Array<ReturnType<typeof resourceMetrics>>) {
  return { resourceMetrics: resources.filter((rm) => rm.scopeMetrics[0].metrics.length > 0) };
}

interface Point {
  value: number;
  attributes?: KeyValue[];
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** An int64 field's value: exact up to 2^53, saturated at the int64 range beyond it (a u64max from a hostile /proc). */
function int64(v: number): number | string {
  const r = Math.round(v);
  if (Number.isSafeInteger(r)) return r;
  if (Number.isNaN(r)) return 0;
  if (r === Infinity) return INT64_MAX.toString();
  if (r === -Infinity) return INT64_MIN.toString();
  const b = BigInt(r);
  return (b > INT64_MAX ? INT64_MAX : b < INT64_MIN ? INT64_MIN : b).toString();
}

/** The value of a point as the convention types it (int or double). */
function valued(p: Point, integer: boolean, times: { timeUnixNano: string; startTimeUnixNano?: string }) {
  return { ...(integer ? { asInt: int64(p.value) } : { asDouble: p.value }), attributes: p.attributes ?? [], ...times };
}

type Kind = 'gauge' | 'counter' | 'updowncounter';

interface MetricSpec {
  name: string;
  unit: string;
  kind: Kind;
  /** metric_value_type int in the conventions. */
  integer: boolean;
  description?: string;
}

/** A metric of `points`, or nothing when there are none; sums are cumulative from `startMs` (when known). */
function metric(spec: MetricSpec, points: readonly Point[], timeMs: number, startMs?: number | null): unknown[] {
  if (points.length === 0) return [];
  const times = { timeUnixNano: nanosOf(timeMs), ...(spec.kind !== 'gauge' && startMs != null ? { startTimeUnixNano: nanosOf(startMs) } : {}) };
  const dataPoints = points.map((p) => valued(p, spec.integer, times));
  const head = { name: spec.name, unit: spec.unit, ...(spec.description ? { description: spec.description } : {}) };
  if (spec.kind === 'gauge') return [{ ...head, gauge: { dataPoints } }];
  return [{ ...head, sum: { aggregationTemporality: CUMULATIVE, isMonotonic: spec.kind === 'counter', dataPoints } }];
}

const PROCESS_CPU_MODES = ['user', 'system'] as const;

/** process.* of one row, cumulative sums from the process's start. */
function processMetrics(row: ProcessRow, hostCpus: number, timeMs: number, createdMs: number | undefined): unknown[] {
  const byMode = (user: number | null, system: number | null): Point[] =>
    user === null || system === null ? [] : [user, system].map((value, k) => ({ value, attributes: [str('cpu.mode', PROCESS_CPU_MODES[k])] }));
  const io: Point[] =
    row.ioTotalReadBytes === undefined || row.ioTotalWriteBytes === undefined
      ? []
      : [
          { value: row.ioTotalReadBytes, attributes: [str('disk.io.direction', 'read')] },
          { value: row.ioTotalWriteBytes, attributes: [str('disk.io.direction', 'write')] },
        ];
  // Share of the cpus available: percent of one core / 100 / cpus.
  const share = (percent: number | null) => (percent === null ? null : percent / 100 / hostCpus);
  return [
    ...metric({ name: 'process.cpu.time', unit: 's', kind: 'counter', integer: false }, byMode(row.cpuUserSeconds, row.cpuSystemSeconds), timeMs, createdMs),
    ...metric({ name: 'process.cpu.utilization', unit: '1', kind: 'gauge', integer: false }, byMode(share(row.cpuUserPercent), share(row.cpuSystemPercent)), timeMs),
    ...metric(
      { name: 'infrawatch.process.reaped_children.cpu.utilization', unit: '1', kind: 'gauge', integer: false },
      row.reapedChildrenCpuPercent === null ? [] : [{ value: row.reapedChildrenCpuPercent / 100 / hostCpus }],
      timeMs,
    ),
    ...metric({ name: 'process.memory.usage', unit: 'By', kind: 'updowncounter', integer: true }, [{ value: row.memoryResidentSizeBytes }], timeMs, createdMs),
    ...metric({ name: 'process.memory.virtual', unit: 'By', kind: 'updowncounter', integer: true }, [{ value: row.memoryVirtualSizeBytes }], timeMs, createdMs),
    ...metric({ name: 'process.thread.count', unit: '{thread}', kind: 'updowncounter', integer: true }, [{ value: row.threadCount }], timeMs, createdMs),
    ...metric({ name: 'process.disk.io', unit: 'By', kind: 'counter', integer: true }, io, timeMs, createdMs),
    ...metric(
      { name: 'infrawatch.process.thread.cpu.utilization', unit: '1', kind: 'gauge', integer: false },
      (row.threads ?? []).map((t) => ({ value: t.cpuPercent / 100 / hostCpus, attributes: [int('thread.id', t.threadId), str('thread.name', t.name)] })),
      timeMs,
    ),
    ...metric(
      { name: 'process.paging.faults', unit: '{fault}', kind: 'counter', integer: true },
      [
        { value: row.majorPageFaults, attributes: [str('system.paging.fault.type', 'major')] },
        { value: row.minorPageFaults, attributes: [str('system.paging.fault.type', 'minor')] },
      ],
      timeMs,
      createdMs,
    ),
  ];
}

/** The Resource attributes of a process, as the hostmetrics process scraper sets them. */
function processAttributes(row: ProcessRow, createdMs: number | undefined): KeyValue[] {
  const a = [int('process.pid', row.processId), int('process.parent_pid', row.parentProcessId), str('process.executable.name', row.commandName)];
  if (row.command) a.push(str('process.command', row.command));
  if (row.commandLine) a.push(str('process.command_line', row.commandLine));
  if (row.userName) a.push(str('process.owner', row.userName));
  if (createdMs !== undefined) a.push(str('process.creation.time', new Date(createdMs).toISOString()));
  a.push(str('infrawatch.display_name', row.processDisplayName));
  return a;
}

/** system.* of the host. */
function systemMetrics(host: HostTelemetry, timeMs: number): unknown[] {
  const boot = host.bootTimeMs;
  const out: unknown[] = [];
  if (host.cpuModes !== null) {
    const points = host.cpuModes.map((value, k) => ({ value, attributes: [str('cpu.mode', CPU_MODES[k])] }));
    out.push(...metric({ name: 'system.cpu.utilization', unit: '1', kind: 'gauge', integer: false }, points, timeMs));
  }
  const m = host.memoryBytes;
  if (m !== null) {
    // The states sum to the total: used is what free, buffers and cached leave.
    const states: Array<[string, number]> = [
      ['used', Math.max(0, m.totalBytes - m.freeBytes - m.buffersBytes - m.cachedBytes)],
      ['free', m.freeBytes],
      ['buffers', m.buffersBytes],
      ['cached', m.cachedBytes],
    ];
    const byState = (f: (bytes: number) => number) => states.map(([state, bytes]) => ({ value: f(bytes), attributes: [str('system.memory.state', state)] }));
    out.push(...metric({ name: 'system.memory.usage', unit: 'By', kind: 'updowncounter', integer: true }, byState((b) => b), timeMs, boot));
    out.push(...metric({ name: 'system.memory.utilization', unit: '1', kind: 'gauge', integer: false }, byState((b) => b / m.totalBytes), timeMs));
  }
  const fsUsage = host.disks.flatMap((d) =>
    (
      [
        ['used', d.usedBytes],
        ['free', d.availableBytes],
        ['reserved', d.reservedBytes],
      ] as const
    ).map(([state, value]) => ({ value, attributes: [str('system.filesystem.mountpoint', d.mount), str('system.filesystem.state', state)] })),
  );
  out.push(...metric({ name: 'system.filesystem.usage', unit: 'By', kind: 'updowncounter', integer: true }, fsUsage, timeMs, boot));
  // As df counts it: used / (used + available to unprivileged users).
  const fsShare = host.disks.map((d) => ({ value: d.percentUsed / 100, attributes: [str('system.filesystem.mountpoint', d.mount)] }));
  out.push(...metric({ name: 'system.filesystem.utilization', unit: '1', kind: 'gauge', integer: false }, fsShare, timeMs));
  if (host.uptime !== null) out.push(...metric({ name: 'system.uptime', unit: 's', kind: 'gauge', integer: false }, [{ value: host.uptime }], timeMs));
  return out;
}

/** infrawatch.process_group.*: the processes that are not rows, per display name. */
function groupMetrics(aggregates: readonly ProcessAggregateRow[], hostCpus: number, timeMs: number, startMs: number | null): unknown[] {
  const per = (value: (g: ProcessAggregateRow) => number): Point[] => aggregates.map((g) => ({ value: value(g), attributes: [str('infrawatch.display_name', g.processDisplayName)] }));
  return [
    ...metric({ name: 'infrawatch.process_group.count', unit: '{process}', kind: 'updowncounter', integer: true }, per((g) => g.processCount), timeMs, startMs),
    ...metric({ name: 'infrawatch.process_group.cpu.utilization', unit: '1', kind: 'gauge', integer: false }, per((g) => g.cpuPercent / 100 / hostCpus), timeMs),
    ...metric(
      { name: 'infrawatch.process_group.reaped_children.cpu.utilization', unit: '1', kind: 'gauge', integer: false },
      per((g) => g.reapedChildrenCpuPercent / 100 / hostCpus),
      timeMs,
    ),
    ...metric({ name: 'infrawatch.process_group.memory.usage', unit: 'By', kind: 'updowncounter', integer: true }, per((g) => g.memoryResidentSizeBytes), timeMs, startMs),
    ...metric({ name: 'infrawatch.process_group.memory.virtual', unit: 'By', kind: 'updowncounter', integer: true }, per((g) => g.memoryVirtualSizeBytes), timeMs, startMs),
    ...metric({ name: 'infrawatch.process_group.thread.count', unit: '{thread}', kind: 'updowncounter', integer: true }, per((g) => g.threadCount), timeMs, startMs),
  ];
}

/** infrawatch.process_ephemeral.*: the processes that ended in the tick, per display name and per their parent's. */
function ephemeralMetrics(e: ProcessEphemeral | undefined, hostCpus: number, timeMs: number): unknown[] {
  if (e === undefined) return [];
  const gauge = (name: string, unit: string, integer: boolean) => ({ name: `infrawatch.process_ephemeral.${name}`, unit, kind: 'gauge' as const, integer });
  const per = (list: readonly ProcessEphemeralSummary[], key: string, value: (s: ProcessEphemeralSummary) => number): Point[] =>
    list.map((s) => ({ value: value(s), attributes: [str(key, s.processDisplayName)] }));
  const byName = (value: (s: ProcessEphemeralSummary) => number) => per(e.byName, 'infrawatch.display_name', value);
  const byParent = (value: (s: ProcessEphemeralSummary) => number) => per(e.byParent, 'infrawatch.parent_display_name', value);
  const exits: Point[] = e.byName.flatMap((s) => s.exitCodes.map((c) => ({ value: c.count, attributes: [str('infrawatch.display_name', s.processDisplayName), int('process.exit.code', c.exitCode)] })));
  return [
    ...metric(gauge('count', '{process}', true), byName((s) => s.processCount), timeMs),
    ...metric(gauge('cpu.utilization', '1', false), byName((s) => s.cpuPercent / 100 / hostCpus), timeMs),
    ...metric(gauge('memory.peak', 'By', true), byName((s) => s.memoryResidentPeakBytes), timeMs),
    ...metric(gauge('lifetime.p50', 'ms', false), byName((s) => s.lifetimeP50Ms), timeMs),
    ...metric(gauge('lifetime.p95', 'ms', false), byName((s) => s.lifetimeP95Ms), timeMs),
    ...metric(gauge('lifetime.p99', 'ms', false), byName((s) => s.lifetimeP99Ms), timeMs),
    ...metric(gauge('lifetime.max', 'ms', false), byName((s) => s.lifetimeMaxMs), timeMs),
    ...metric(gauge('exits', '{process}', true), exits, timeMs),
    ...metric(gauge('by_parent.count', '{process}', true), byParent((s) => s.processCount), timeMs),
    ...metric(gauge('by_parent.cpu.utilization', '1', false), byParent((s) => s.cpuPercent / 100 / hostCpus), timeMs),
    ...metric(gauge('lost', '{process}', true), [{ value: e.lost }], timeMs),
  ];
}

/** One tick: a Resource per process row, and the host's with system.*, the aggregate rows and the ended processes. */
export function tickRequest(
  resource: OtlpResource,
  rows: readonly ProcessRow[],
  aggregates: readonly ProcessAggregateRow[],
  host: HostTelemetry | undefined,
  hostCpus: number,
  timeMs: number,
  ephemeral?: ProcessEphemeral,
): unknown {
  const boot = host?.bootTimeMs ?? null;
  const hostMetrics = [
    ...(host === undefined ? [] : systemMetrics(host, timeMs)),
    ...groupMetrics(aggregates, hostCpus, timeMs, boot),
    ...ephemeralMetrics(ephemeral, hostCpus, timeMs),
  ];
  const processes = rows.map((row) => {
    const createdMs = boot === null ? undefined : boot + row.startedAfterBootSeconds * 1000;
    return resourceMetrics(resource, processAttributes(row, createdMs), processMetrics(row, hostCpus, timeMs, createdMs));
  });
  return request([resourceMetrics(resource, [], hostMetrics), ...processes]);
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
        attributes: displayName === '' ? [] : [str('infrawatch.display_name', displayName)],
        startTimeUnixNano: point.startTimeUnixNano.toString(),
        timeUnixNano: point.timeUnixNano.toString(),
        count: point.count,
        sum: point.sum,
        scale: point.scale,
        zeroCount: point.zeroCount,
        positive: point.positive,
        negative: point.negative,
        ...(point.count > 0 ? { min: point.min, max: point.max } : {}),
      })),
    },
  }));
  return request([resourceMetrics(resource, [], metrics)]);
}

/** A family of the agent's own metrics, as the registry collects it. */
export interface AgentMetricFamily {
  readonly name: string;
  readonly type: 'counter' | 'gauge';
  readonly help: string;
  readonly samples: ReadonlyArray<readonly [Readonly<Record<string, string>>, number]>;
}

/**
 * The OTLP name and unit of a Prometheus-named agent metric: agent_ becomes
 * infrawatch.agent., _total goes, and the unit the name ends in is also
 * the unit field (_seconds → s, _bytes → By; else 1). The unit stays in
 * the name: each OTLP name is then its /metrics name, and no two collide
 * (stripping it would make agent_queue_corrupt_skipped_total and
 * agent_queue_corrupt_skipped_bytes_total one name with two units).
 */
export function otlpNameOf(promName: string): { name: string; unit: string } {
  const base = promName.replace(/^agent_/, '').replace(/_total$/, '');
  const unit = base.endsWith('_seconds') ? 's' : base.endsWith('_bytes') ? 'By' : '1';
  return { name: `infrawatch.agent.${base}`, unit };
}

/** The attribute names of the agent's labels: its cpu mode label is the conventions' cpu.mode. */
const LABEL_ATTRIBUTE: Readonly<Record<string, string>> = { mode: 'cpu.mode' };

/** The agent's own metrics: counters as cumulative monotonic sums from the agent's start; gauges stay gauges. */
export function agentMetricsRequest(resource: OtlpResource, families: readonly AgentMetricFamily[], startMs: number, nowMs: number): unknown {
  const metrics = families.flatMap((f) => {
    const { name, unit } = otlpNameOf(f.name);
    const points = f.samples.map(([labels, value]) => ({ value, attributes: Object.entries(labels).map(([k, v]) => str(LABEL_ATTRIBUTE[k] ?? k, v)) }));
    return metric({ name, unit, kind: f.type === 'counter' ? 'counter' : 'gauge', integer: false, description: f.help }, points, nowMs, startMs);
  });
  return request([resourceMetrics(resource, [], metrics)]);
}

export function encodeMetricsRequest(request: unknown): Uint8Array {
  otlpRoot ??= require('@opentelemetry/otlp-transformer/build/src/generated/root.js').opentelemetry.proto;
  const Request = otlpRoot!.collector.metrics.v1.ExportMetricsServiceRequest;
  return Request.encode(Request.fromObject(request)).finish();
}
