// The attributes a query may name, per event type: the allow-list every SQL
// identifier comes from (a name not listed here never reaches SQL). Names
// are the agent's (its API rows and ProcessEnvelope fields, camelCase) and
// map to the row store's columns (store/row-store.ts, sqlite-file.ts):
//   entityGuid, hostId  → "hostId" (the message's entity: the agent's host id)
//   hostname            → the Host registry's "hostName" of the row's host
//                         (the name the agent registered), not a row column
//   timestamp           → "timestampMs"
// SystemSample's columns are the API body's names (cpu, memory, disk,
// uptime); New Relic's names (cpuPercent, memoryUsedPercent,
// diskUsedPercent) are accepted as aliases of them. ProcessEphemeralSample's
// processCount is also `count`.
// DistributionMetric has no rows: its attributes are the sketch keys'.

import type { EventType } from './nrql-ast.js';

export type AttributeType = 'number' | 'string';

export interface AttributeSpec {
  /** The store's column, or 'hostName' of the Host registry (see compile-sql.ts). */
  readonly column: string;
  readonly type: AttributeType;
  /** Read from the Host registry through the row's hostId rather than from the row. */
  readonly viaHost?: true;
}

const n = (column: string): AttributeSpec => ({ column, type: 'number' });
const s = (column: string): AttributeSpec => ({ column, type: 'string' });

const HOST_ATTRIBUTES: Readonly<Record<string, AttributeSpec>> = {
  hostId: s('hostId'),
  hostname: { column: 'hostName', type: 'string', viaHost: true },
  timestamp: n('timestampMs'),
};

const PROCESS_NUMBERS = ['cpuPercent', 'cpuUserPercent', 'cpuSystemPercent', 'memoryResidentSizeBytes', 'memoryVirtualSizeBytes', 'threadCount'];

export const ATTRIBUTES: Readonly<Record<EventType, Readonly<Record<string, AttributeSpec>>>> = {
  ProcessSample: {
    ...HOST_ATTRIBUTES,
    intervalMs: n('intervalMs'),
    mode: s('mode'),
    processId: n('processId'),
    parentProcessId: n('parentProcessId'),
    commandName: s('commandName'),
    processDisplayName: s('processDisplayName'),
    state: s('state'),
    ...Object.fromEntries(PROCESS_NUMBERS.map((c) => [c, n(c)])),
    commandLine: s('commandLine'),
    commandLineTruncated: n('commandLineTruncated'),
    userName: s('userName'),
    ioTotalReadBytes: n('ioTotalReadBytes'),
    ioTotalWriteBytes: n('ioTotalWriteBytes'),
    pinned: n('pinned'),
    agentSelf: n('agentSelf'),
    minorPageFaults: n('minorPageFaults'),
    majorPageFaults: n('majorPageFaults'),
    reapedChildrenCpuPercent: n('reapedChildrenCpuPercent'),
  },
  ProcessAggregateSample: {
    ...HOST_ATTRIBUTES,
    processDisplayName: s('processDisplayName'),
    processCount: n('processCount'),
    ...Object.fromEntries(PROCESS_NUMBERS.map((c) => [c, n(c)])),
    reapedChildrenCpuPercent: n('reapedChildrenCpuPercent'),
    // 1 on the row "(unattributed)": the host's busy cpu that no process accounts for.
    unattributed: n('unattributed'),
  },
  // One row a tick: the host's totals under the process rows' names, the agent's capture ratio and its scan's counters.
  ProcessTickSample: {
    ...HOST_ATTRIBUTES,
    intervalMs: n('intervalMs'),
    mode: s('mode'),
    scanner: s('scanner'),
    ...Object.fromEntries(
      [
        'topN',
        'topRows',
        'aggregateRows',
        'topnCaptureRatioCpu',
        'topnCaptureRatioRss',
        'processCount',
        'kernelThreadCount',
        ...PROCESS_NUMBERS,
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
        'bpfFallbacks',
        'reapedChildrenCpuPercent',
        'hostCpuPercent',
        'unattributedCpuPercent',
      ].map((c) => [c, n(c)]),
    ),
  },
  // One row a tick per summary of the processes that ended in it, grouped ('name') by their display name or
  // ('parent') by their parent's; exitCodes is a JSON object, exit code → count.
  ProcessEphemeralSample: {
    ...HOST_ATTRIBUTES,
    grouping: s('grouping'),
    processDisplayName: s('processDisplayName'),
    processCount: n('processCount'),
    cpuPercent: n('cpuPercent'),
    memoryResidentPeakBytes: n('memoryResidentPeakBytes'),
    lifetimeP50Ms: n('lifetimeP50Ms'),
    lifetimeP95Ms: n('lifetimeP95Ms'),
    lifetimeP99Ms: n('lifetimeP99Ms'),
    lifetimeMaxMs: n('lifetimeMaxMs'),
    exitCodes: s('exitCodes'),
  },
  // One row per thread of a ProcessSample row that carried its busiest threads (process_threads, ProcessEnvelope 2.4).
  ProcessThreadSample: {
    ...HOST_ATTRIBUTES,
    processId: n('processId'),
    processDisplayName: s('processDisplayName'),
    threadId: n('threadId'),
    name: s('name'),
    state: s('state'),
    cpuPercent: n('cpuPercent'),
  },
  SystemSample: {
    ...HOST_ATTRIBUTES,
    cpu: n('cpu'),
    memory: n('memory'),
    disk: n('disk'),
    uptime: n('uptime'),
  },
  // One row an OTLP gauge or sum data point (the agents' own infrawatch.agent.* among them): its labels are
  // `attributes`, the point's attributes as one JSON object; a counter's run is its startTimeUnixNano.
  MetricSample: {
    ...HOST_ATTRIBUTES,
    name: s('name'),
    unit: s('unit'),
    type: s('type'),
    value: n('value'),
    attributes: s('attributes'),
    startTimeUnixNano: s('startTimeUnixNano'),
  },
  DistributionMetric: {
    hostId: s('entity'),
    hostname: { column: 'hostName', type: 'string', viaHost: true },
    processDisplayName: s('displayName'),
    cpuPercent: n('cpuPercent'),
    memoryResidentSizeBytes: n('memoryResidentSizeBytes'),
  },
};

/** Other names for an attribute in any event type. */
const ALIASES: Readonly<Record<string, string>> = { entityGuid: 'hostId', 'entity.guid': 'hostId', host: 'hostname' };
/** Other names for an attribute in one event type (tried before ALIASES). */
const TYPE_ALIASES: Readonly<Partial<Record<EventType, Readonly<Record<string, string>>>>> = {
  MetricSample: { metricName: 'name' },
  SystemSample: { cpuPercent: 'cpu', memoryUsedPercent: 'memory', diskUsedPercent: 'disk' },
  // A summary's processes: sum(count) is the exits of a name.
  ProcessEphemeralSample: { count: 'processCount' },
};

/** The canonical name of `name` in `eventType`, or undefined when it has none. */
export function canonicalAttribute(eventType: EventType, name: string): string | undefined {
  const table = ATTRIBUTES[eventType];
  if (Object.hasOwn(table, name)) return name;
  const alias = TYPE_ALIASES[eventType]?.[name] ?? ALIASES[name];
  return alias !== undefined && Object.hasOwn(table, alias) ? alias : undefined;
}

export function attributeSpec(eventType: EventType, canonical: string): AttributeSpec {
  const spec = ATTRIBUTES[eventType][canonical];
  if (spec === undefined) throw new Error(`bug: ${canonical} is not an attribute of ${eventType}`);
  return spec;
}

/** The row attributes of `eventType` in a stable order (SELECT *). */
export function attributesOf(eventType: EventType): string[] {
  return Object.keys(ATTRIBUTES[eventType]);
}
