// A message's rows: its body decoded as its kind says (topic-message.ts)
// into one array of values per table row, in the order of TABLE_COLUMNS.
// Shared by every RowStore implementation: what a message means, and the
// columns it fills, are defined once, whichever engine keeps them. A body
// that does not decode returns undefined (the store counts it), never
// throws. Arrays, not objects: an object literal of 26 fields per row,
// made by spreading a base, cost ~50 µs a row (a one-off profile; V8 left
// its fast path), and the writer makes 80 rows per envelope: the server
// bench went from 88 to 377 envelopes/s with arrays
// (bench/server-ingest.bench.ts, then single-threaded).

import { infrawatch } from '../../wire/generated/infrawatch.js';
import { type MessageKind, metricPointIdOf, type TopicMessage } from '../topics/topic-message.js';
import type { MetricPointBody, SystemSampleBody } from '../topics/message-bodies.js';
import type { RowTable } from './row-store.js';

/** A row's values in its table's TABLE_COLUMNS order; undefined is stored as NULL (protobufjs leaves absent fields undefined). */
export type Row = Array<string | number | bigint | Buffer | null | undefined>;

/** The columns each table is written with, in the order of its rows' values. */
export const TABLE_COLUMNS = {
  ProcessSample: [
    'account',
    'hostId',
    'timestampMs',
    'intervalMs',
    'mode',
    'processId',
    'parentProcessId',
    'commandName',
    'processDisplayName',
    'state',
    'cpuPercent',
    'cpuUserPercent',
    'cpuSystemPercent',
    'memoryResidentSizeBytes',
    'memoryVirtualSizeBytes',
    'threadCount',
    'commandLine',
    'commandLineTruncated',
    'userName',
    'ioTotalReadBytes',
    'ioTotalWriteBytes',
    'pinned',
    'agentSelf',
    'minorPageFaults',
    'majorPageFaults',
    'reapedChildrenCpuPercent',
    'messageId',
  ],
  ProcessAggregateSample: [
    'account',
    'hostId',
    'timestampMs',
    'processDisplayName',
    'processCount',
    'cpuPercent',
    'cpuUserPercent',
    'cpuSystemPercent',
    'memoryResidentSizeBytes',
    'memoryVirtualSizeBytes',
    'threadCount',
    'reapedChildrenCpuPercent',
    'unattributed',
    'messageId',
  ],
  ProcessTickSample: [
    'account',
    'hostId',
    'timestampMs',
    'intervalMs',
    'mode',
    'topN',
    'topRows',
    'aggregateRows',
    'topnCaptureRatioCpu',
    'topnCaptureRatioRss',
    'processCount',
    'kernelThreadCount',
    'threadCount',
    'cpuPercent',
    'cpuUserPercent',
    'cpuSystemPercent',
    'memoryResidentSizeBytes',
    'memoryVirtualSizeBytes',
    'listed',
    'scanned',
    'vanished',
    'denied',
    'malformed',
    'readErrors',
    'newProcesses',
    'pidsReused',
    'counterBackwards',
    'cpuClamped',
    'missing',
    'scanner',
    'bpfFallbacks',
    'reapedChildrenCpuPercent',
    'hostCpuPercent',
    'unattributedCpuPercent',
    'messageId',
  ],
  ProcessEphemeralSample: [
    'account',
    'hostId',
    'timestampMs',
    'grouping',
    'processDisplayName',
    'processCount',
    'cpuPercent',
    'memoryResidentPeakBytes',
    'lifetimeP50Ms',
    'lifetimeP95Ms',
    'lifetimeP99Ms',
    'lifetimeMaxMs',
    'exitCodes',
    'messageId',
  ],
  ProcessThreadSample: ['account', 'hostId', 'timestampMs', 'processId', 'processDisplayName', 'threadId', 'name', 'state', 'cpuPercent', 'messageId'],
  SystemSample: ['account', 'hostId', 'timestampMs', 'cpu', 'memory', 'disk', 'uptime', 'extra', 'messageId'],
  HostSnapshot: ['account', 'hostId', 'timestampMs', 'osName', 'osVersion', 'kernel', 'body', 'messageId'],
  AgentDiagEvent: ['account', 'hostId', 'timestampMs', 'tsNs', 'module', 'eventType', 'reason', 'messageId'],
  MetricSample: ['account', 'hostId', 'timestampMs', 'name', 'unit', 'type', 'monotonic', 'temporality', 'value', 'timeUnixNano', 'startTimeUnixNano', 'resource', 'attributes', 'messageId'],
  SketchSample: ['account', 'hostId', 'timestampMs', 'metricName', 'displayName', 'windowStartMs', 'windowEndMs', 'scale', 'gamma', 'count', 'sum', 'min', 'max', 'body', 'messageId'],
} as const satisfies Record<Exclude<RowTable, 'Host'>, readonly string[]>;

export type SampleTable = keyof typeof TABLE_COLUMNS;

export interface MessageRows {
  readonly rows: Partial<Record<RowTable, Row[]>>;
  /** What the Host registry learns: the host's name, agent version and mode, when the message tells them. */
  readonly host: { hostName?: string; agentVersion?: string; mode?: string };
  /** A metric message's MetricSample rows are stored each under its point's own id (row i, pointIds[i]: metricPointIdOf) rather than the message's; their messageId column still names the message that carried them. */
  readonly pointIds?: readonly string[];
}

/** A uint64 as protobufjs decodes it (a Long past 2^53, a number below) as a number. */
function num(v: number | { toNumber(): number } | null | undefined): number | null {
  if (v === null || v === undefined) return null;
  return typeof v === 'number' ? v : v.toNumber();
}

function bool(v: boolean | null | undefined): number {
  return v ? 1 : 0;
}

function json(body: Uint8Array): Record<string, unknown> {
  return JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8')) as Record<string, unknown>;
}

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

function processRows(m: TopicMessage): MessageRows {
  const e = infrawatch.ProcessEnvelope.decode(m.body);
  const p = e.payload;
  if (!p) return { rows: {}, host: {} };
  const { account, entity, timestampMs, id } = m;
  // A row's busiest threads (v2.4), each beside its process's pid and display name: a thread is found by its process without a join.
  const threads: Row[] = [];
  for (const r of p.top ?? []) {
    for (const t of r.threads ?? []) threads.push([account, entity, timestampMs, r.processId, r.processDisplayName, t.threadId, t.name, t.state, t.cpuPercent, id]);
  }
  const top: Row[] = (p.top ?? []).map((r) => [
    account,
    entity,
    timestampMs,
    p.intervalMs,
    p.mode,
    r.processId,
    r.parentProcessId,
    r.commandName,
    r.processDisplayName,
    r.state,
    r.cpuPercent,
    r.cpuUserPercent,
    r.cpuSystemPercent,
    num(r.memoryResidentSizeBytes),
    num(r.memoryVirtualSizeBytes),
    r.threadCount,
    r.commandLine,
    bool(r.commandLineTruncated),
    r.userName,
    num(r.ioTotalReadBytes),
    num(r.ioTotalWriteBytes),
    bool(r.pinned),
    bool(r.agentSelf),
    num(r.minorPageFaults),
    num(r.majorPageFaults),
    r.reapedChildrenCpuPercent,
    id,
  ]);
  const aggregates: Row[] = (p.aggregates ?? []).map((a) => [
    account,
    entity,
    timestampMs,
    a.processDisplayName,
    a.processCount,
    a.cpuPercent,
    a.cpuUserPercent,
    a.cpuSystemPercent,
    num(a.memoryResidentSizeBytes),
    num(a.memoryVirtualSizeBytes),
    num(a.threadCount),
    a.reapedChildrenCpuPercent,
    bool(a.unattributed),
    id,
  ]);
  // The tick itself: what the agent measured of the whole host and of its own selection (the capture ratio), which the rows alone cannot give back.
  const t = p.totals;
  const c = p.counters;
  const tick: Row = [
    account,
    entity,
    timestampMs,
    p.intervalMs,
    p.mode,
    p.topN,
    top.length,
    aggregates.length,
    p.topnCaptureRatioCpu,
    p.topnCaptureRatioRss,
    t?.processCount,
    t?.kernelThreadCount,
    num(t?.threadCount),
    t?.cpuPercent,
    t?.cpuUserPercent,
    t?.cpuSystemPercent,
    num(t?.memoryResidentSizeBytes),
    num(t?.memoryVirtualSizeBytes),
    c?.listed,
    c?.scanned,
    c?.vanished,
    c?.denied,
    c?.malformed,
    c?.readErrors,
    c?.newProcesses,
    c?.pidsReused,
    c?.counterBackwards,
    c?.cpuClamped,
    c?.missing,
    c?.scanner,
    c?.bpfFallbacks,
    t?.reapedChildrenCpuPercent,
    t?.hostCpuPercent,
    t?.unattributedCpuPercent,
    id,
  ];
  const ephemeral: Row[] = [];
  for (const [grouping, list] of [
    ['name', p.ephemeral?.byName],
    ['parent', p.ephemeral?.byParent],
  ] as const) {
    for (const s of list ?? []) {
      // Exit codes as a JSON object, code → count: a handful per name, read whole.
      const codes: Record<number, number> = {};
      for (const c of s.exitCodes ?? []) codes[c.exitCode ?? 0] = (codes[c.exitCode ?? 0] ?? 0) + (c.count ?? 0);
      ephemeral.push([
        account,
        entity,
        timestampMs,
        grouping,
        s.processDisplayName ?? '',
        s.processCount,
        s.cpuPercent,
        num(s.memoryResidentPeakBytes),
        s.lifetimeP50Ms,
        s.lifetimeP95Ms,
        s.lifetimeP99Ms,
        s.lifetimeMaxMs,
        JSON.stringify(codes),
        id,
      ]);
    }
  }
  return {
    rows: { ProcessSample: top, ProcessAggregateSample: aggregates, ProcessTickSample: [tick], ProcessEphemeralSample: ephemeral, ProcessThreadSample: threads },
    host: p.mode ? { mode: p.mode } : {},
  };
}

function systemRows(m: TopicMessage): MessageRows {
  const b = json(m.body) as unknown as SystemSampleBody;
  const row: Row = [m.account, m.entity, m.timestampMs, b.cpu, b.memory, b.disk, b.uptime, JSON.stringify(b.extra ?? {}), m.id];
  return { rows: { SystemSample: [row] }, host: {} };
}

function snapshotRows(m: TopicMessage): MessageRows {
  const b = json(m.body);
  const os = (b.os_info ?? {}) as Record<string, unknown>;
  const row: Row = [m.account, m.entity, m.timestampMs, str(os.name), str(os.version), str(b.kernel), JSON.stringify(b), m.id];
  return { rows: { HostSnapshot: [row] }, host: {} };
}

function registerRows(m: TopicMessage): MessageRows {
  const b = json(m.body);
  const host: { hostName?: string; agentVersion?: string } = {};
  if (typeof b.hostname === 'string') host.hostName = b.hostname;
  if (typeof b.agent_version === 'string') host.agentVersion = b.agent_version;
  return { rows: {}, host };
}

function diagRows(m: TopicMessage): MessageRows {
  const e = infrawatch.AgentDiagEvent.decode(m.body);
  const tsNs = typeof e.tsNs === 'number' ? BigInt(e.tsNs) : BigInt(String(e.tsNs));
  const row: Row = [m.account, m.entity, m.timestampMs, tsNs, e.module, e.eventType, e.reason, m.id];
  return { rows: { AgentDiagEvent: [row] }, host: {} };
}

function metricRows(m: TopicMessage): MessageRows {
  const body = JSON.parse(Buffer.from(m.body.buffer, m.body.byteOffset, m.body.byteLength).toString('utf8')) as MetricPointBody[] | MetricPointBody;
  const points = Array.isArray(body) ? body : [body];
  const pointIds = points.map((b) => metricPointIdOf(m.account, m.entity, m.timestampMs, b));
  const rows = points.map(
    (b): Row => [
      m.account,
      m.entity,
      m.timestampMs,
      b.name,
      b.unit,
      b.type,
      bool(b.monotonic),
      b.temporality,
      b.value,
      b.timeUnixNano,
      b.startTimeUnixNano,
      JSON.stringify(b.resource),
      JSON.stringify(b.attributes),
      m.id,
    ],
  );
  return { rows: { MetricSample: rows }, host: {}, pointIds };
}

function sketchRows(m: TopicMessage): MessageRows {
  const e = infrawatch.SketchEnvelope.decode(m.body);
  const row: Row = [
    m.account,
    m.entity,
    m.timestampMs,
    e.metricName,
    e.displayName,
    num(e.windowStartMs),
    num(e.windowEndMs),
    e.scale,
    e.gamma,
    e.count,
    e.sum,
    e.min,
    e.max,
    Buffer.from(m.body.buffer, m.body.byteOffset, m.body.byteLength),
    m.id,
  ];
  return { rows: { SketchSample: [row] }, host: {} };
}

const DECODERS: Readonly<Record<MessageKind, (m: TopicMessage) => MessageRows>> = {
  register: registerRows,
  system: systemRows,
  process: processRows,
  snapshot: snapshotRows,
  diag: diagRows,
  metric: metricRows,
  sketch: sketchRows,
};

/** The rows of `m`, or undefined when its body does not decode as its kind. */
export function rowsOfMessage(m: TopicMessage): MessageRows | undefined {
  const decode = DECODERS[m.kind];
  if (decode === undefined) return undefined;
  try {
    return decode(m);
  } catch {
    return undefined;
  }
}
