// A message's rows: its body decoded as its kind says (topic-message.ts)
// into one plain object per table row, field names as the tables name them.
// Shared by every RowStore implementation: what a message means is one
// function, whichever engine keeps it. A body that does not decode returns
// undefined (the store counts it), never throws.

import { infrawatch } from '../../wire/generated/infrawatch.js';
import type { MessageKind, TopicMessage } from '../topics/topic-message.js';
import type { MetricPointBody, SystemSampleBody } from '../topics/message-bodies.js';
import type { RowTable } from './row-store.js';

/** A row's fields by column; undefined is stored as NULL (protobufjs leaves absent fields undefined). */
export type Row = Record<string, string | number | bigint | Buffer | null | undefined>;

export interface MessageRows {
  readonly rows: Partial<Record<RowTable, Row[]>>;
  /** What the Host registry learns: the host's name, agent version and mode, when the message tells them. */
  readonly host: { hostName?: string; agentVersion?: string; mode?: string };
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
  const base = { account: m.account, hostId: m.entity, timestampMs: m.timestampMs };
  const top: Row[] = (p.top ?? []).map((r) => ({
    ...base,
    intervalMs: p.intervalMs,
    mode: p.mode,
    processId: r.processId,
    parentProcessId: r.parentProcessId,
    commandName: r.commandName,
    processDisplayName: r.processDisplayName,
    state: r.state,
    cpuPercent: r.cpuPercent ?? null,
    cpuUserPercent: r.cpuUserPercent ?? null,
    cpuSystemPercent: r.cpuSystemPercent ?? null,
    memoryResidentSizeBytes: num(r.memoryResidentSizeBytes),
    memoryVirtualSizeBytes: num(r.memoryVirtualSizeBytes),
    threadCount: r.threadCount,
    commandLine: r.commandLine,
    commandLineTruncated: bool(r.commandLineTruncated),
    userName: r.userName,
    ioTotalReadBytes: num(r.ioTotalReadBytes),
    ioTotalWriteBytes: num(r.ioTotalWriteBytes),
    pinned: bool(r.pinned),
    agentSelf: bool(r.agentSelf),
    minorPageFaults: num(r.minorPageFaults),
    majorPageFaults: num(r.majorPageFaults),
    messageId: m.id,
  }));
  const aggregates: Row[] = (p.aggregates ?? []).map((a) => ({
    ...base,
    processDisplayName: a.processDisplayName,
    processCount: a.processCount,
    cpuPercent: a.cpuPercent,
    cpuUserPercent: a.cpuUserPercent,
    cpuSystemPercent: a.cpuSystemPercent,
    memoryResidentSizeBytes: num(a.memoryResidentSizeBytes),
    memoryVirtualSizeBytes: num(a.memoryVirtualSizeBytes),
    threadCount: num(a.threadCount),
    messageId: m.id,
  }));
  return { rows: { ProcessSample: top, ProcessAggregateSample: aggregates }, host: p.mode ? { mode: p.mode } : {} };
}

function systemRows(m: TopicMessage): MessageRows {
  const b = json(m.body) as unknown as SystemSampleBody;
  const row: Row = {
    account: m.account,
    hostId: m.entity,
    timestampMs: m.timestampMs,
    cpu: b.cpu,
    memory: b.memory,
    disk: b.disk,
    uptime: b.uptime,
    extra: JSON.stringify(b.extra ?? {}),
    messageId: m.id,
  };
  return { rows: { SystemSample: [row] }, host: {} };
}

function snapshotRows(m: TopicMessage): MessageRows {
  const b = json(m.body);
  const os = (b.os_info ?? {}) as Record<string, unknown>;
  const row: Row = {
    account: m.account,
    hostId: m.entity,
    timestampMs: m.timestampMs,
    osName: str(os.name),
    osVersion: str(os.version),
    kernel: str(b.kernel),
    body: JSON.stringify(b),
    messageId: m.id,
  };
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
  const row: Row = {
    account: m.account,
    hostId: m.entity,
    timestampMs: m.timestampMs,
    tsNs,
    module: e.module,
    eventType: e.eventType,
    reason: e.reason,
    messageId: m.id,
  };
  return { rows: { AgentDiagEvent: [row] }, host: {} };
}

function metricRows(m: TopicMessage): MessageRows {
  const b = json(m.body) as unknown as MetricPointBody;
  const row: Row = {
    account: m.account,
    hostId: m.entity,
    timestampMs: m.timestampMs,
    name: b.name,
    unit: b.unit,
    type: b.type,
    monotonic: bool(b.monotonic),
    temporality: b.temporality,
    value: b.value,
    timeUnixNano: b.timeUnixNano,
    startTimeUnixNano: b.startTimeUnixNano,
    resource: JSON.stringify(b.resource),
    attributes: JSON.stringify(b.attributes),
    messageId: m.id,
  };
  return { rows: { MetricSample: [row] }, host: {} };
}

function sketchRows(m: TopicMessage): MessageRows {
  const e = infrawatch.SketchEnvelope.decode(m.body);
  const row: Row = {
    account: m.account,
    hostId: m.entity,
    timestampMs: m.timestampMs,
    metricName: e.metricName,
    displayName: e.displayName,
    windowStartMs: num(e.windowStartMs),
    windowEndMs: num(e.windowEndMs),
    scale: e.scale,
    gamma: e.gamma,
    count: e.count,
    sum: e.sum,
    min: e.min,
    max: e.max,
    body: Buffer.from(m.body.buffer, m.body.byteOffset, m.body.byteLength),
    messageId: m.id,
  };
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
