// The JSON bodies of the Infra-Watch API, serialised by fast-json-stringify
// with schemas compiled once at start (its generated serialiser writes the
// known fields straight, with no JSON.stringify walk).

import fastJson from 'fast-json-stringify';
import type { HostSnapshot } from '../host/snapshot.js';
import type { HostTelemetry } from '../host/telemetry.js';
import type { ProcessEphemeral } from '../report/ephemeral-summary.js';
import type { ProcessAggregateRow, ProcessRow } from '../report/process-rows.js';
import type { Totals } from '../sampler/cpu-sampler.js';
import type { TopNBatch } from '../report/tick-report.js';

// Schemas are plain JSON Schema objects; fast-json-stringify's own types do
// not take a union type list, hence one cast where each is compiled.
type JsonSchema = Parameters<typeof fastJson>[0];

const nullableNumber = { type: ['number', 'null'] };

const processRow = {
  type: 'object',
  properties: {
    processId: { type: 'integer' },
    parentProcessId: { type: 'integer' },
    commandName: { type: 'string' },
    processDisplayName: { type: 'string' },
    state: { type: 'string' },
    cpuPercent: nullableNumber,
    cpuUserPercent: nullableNumber,
    cpuSystemPercent: nullableNumber,
    reapedChildrenCpuPercent: nullableNumber,
    memoryResidentSizeBytes: { type: 'number' },
    memoryVirtualSizeBytes: { type: 'number' },
    threadCount: { type: 'integer' },
    minorPageFaults: { type: 'number' },
    majorPageFaults: { type: 'number' },
    commandLine: { type: 'string' },
    commandLineTruncated: { type: 'boolean' },
    userName: { type: 'string' },
    ioTotalReadBytes: { type: 'number' },
    ioTotalWriteBytes: { type: 'number' },
    pinned: { type: 'boolean' },
    agentSelf: { type: 'boolean' },
    threads: {
      type: 'array',
      items: { type: 'object', properties: { threadId: { type: 'integer' }, name: { type: 'string' }, state: { type: 'string' }, cpuPercent: { type: 'number' } } },
    },
  },
};

const aggregateRow = {
  type: 'object',
  properties: {
    processDisplayName: { type: 'string' },
    processCount: { type: 'integer' },
    cpuPercent: { type: 'number' },
    cpuUserPercent: { type: 'number' },
    cpuSystemPercent: { type: 'number' },
    memoryResidentSizeBytes: { type: 'number' },
    memoryVirtualSizeBytes: { type: 'number' },
    threadCount: { type: 'number' },
    reapedChildrenCpuPercent: { type: 'number' },
    unattributed: { type: 'boolean' },
  },
};

const ephemeralSummary = {
  type: 'object',
  properties: {
    processDisplayName: { type: 'string' },
    processCount: { type: 'integer' },
    cpuPercent: { type: 'number' },
    memoryResidentPeakBytes: { type: 'number' },
    lifetimeP50Ms: { type: 'number' },
    lifetimeP95Ms: { type: 'number' },
    lifetimeP99Ms: { type: 'number' },
    lifetimeMaxMs: { type: 'number' },
    exitCodes: { type: 'array', items: { type: 'object', properties: { exitCode: { type: 'integer' }, count: { type: 'integer' } } } },
  },
};

/** ProcessEphemeral (proto/infrawatch.proto): the processes that ended in the tick. */
const ephemeral = {
  type: 'object',
  properties: {
    byName: { type: 'array', items: ephemeralSummary },
    byParent: { type: 'array', items: ephemeralSummary },
    exits: { type: 'integer' },
    lost: { type: 'integer' },
    intervalMs: { type: 'number' },
  },
};

const totals = {
  type: 'object',
  properties: Object.fromEntries(
    [
      'processCount',
      'kernelThreadCount',
      'threadCount',
      'cpuPercent',
      'cpuUserPercent',
      'cpuSystemPercent',
      'memoryResidentSizeBytes',
      'memoryVirtualSizeBytes',
      'reapedChildrenCpuPercent',
      'hostCpuPercent',
      'unattributedCpuPercent',
    ].map((k) => [k, { type: 'number' }]),
  ),
};

/** ScanCounters (proto/infrawatch.proto): the scan's counts, and the source it read. */
const counters = {
  type: 'object',
  properties: {
    ...Object.fromEntries(
      ['listed', 'scanned', 'vanished', 'denied', 'malformed', 'readErrors', 'newProcesses', 'pidsReused', 'counterBackwards', 'cpuClamped', 'missing', 'bpfFallbacks'].map((k) => [
        k,
        { type: 'integer' },
      ]),
    ),
    scanner: { type: 'string' },
  },
};

export interface TelemetryBody extends Omit<HostTelemetry, 'disks'> {
  disks: HostTelemetry['disks'];
  /** The tick's rows, and the head of its batch (tick-report.ts's TopNBatch): the same fields as the ProcessEnvelope's, so the server stores one tick alike from either. */
  processes?: { top: readonly ProcessRow[]; aggregates: readonly ProcessAggregateRow[]; totals: Totals; ephemeral?: ProcessEphemeral } & Partial<
    Pick<TopNBatch, 'mode' | 'topN' | 'intervalMs' | 'topnCaptureRatioCpu' | 'topnCaptureRatioRss' | 'counters'>
  >;
}

export const stringifyTelemetry: (body: TelemetryBody) => string = fastJson(<JsonSchema>{
  type: 'object',
  properties: {
    host_id: { type: 'string' },
    timestamp: { type: 'string' },
    cpu: nullableNumber,
    memory: nullableNumber,
    disk: nullableNumber,
    uptime: nullableNumber,
    disks: {
      type: 'array',
      items: {
        type: 'object',
        properties: { mount: { type: 'string' }, usedBytes: { type: 'number' }, availableBytes: { type: 'number' }, percentUsed: { type: 'number' } },
      },
    },
    processes: {
      type: 'object',
      properties: {
        top: { type: 'array', items: processRow },
        aggregates: { type: 'array', items: aggregateRow },
        totals,
        ephemeral,
        mode: { type: 'string' },
        topN: { type: 'integer' },
        intervalMs: { type: 'integer' },
        topnCaptureRatioCpu: { type: 'number' },
        topnCaptureRatioRss: { type: 'number' },
        counters,
      },
    },
  },
  required: ['host_id', 'timestamp'],
});

const packageList = { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, version: { type: 'string' } }, required: ['name', 'version'] } };

export type SnapshotBody = HostSnapshot & { host_id: string; timestamp: string };

export const stringifySnapshot: (body: SnapshotBody) => string = fastJson(<JsonSchema>{
  type: 'object',
  properties: {
    host_id: { type: 'string' },
    timestamp: { type: 'string' },
    // The spec's fields, in its shapes: os_info names the OS and its version, kernel is a string, packages the Python packages.
    os_info: { type: 'object', properties: { name: { type: 'string' }, version: { type: 'string' } }, required: ['name', 'version'] },
    kernel: { type: 'string' },
    packages: packageList,
    env_vars: { type: 'object', additionalProperties: { type: 'string' } },
    // Beside them, what the spec has no field for.
    kernel_version: { type: 'string' },
    os_packages: packageList,
  },
  required: ['host_id', 'timestamp', 'os_info', 'kernel', 'packages', 'env_vars'],
});

export interface RegisterBody {
  host_id: string;
  hostname: string;
  agent_version: string;
  timestamp: string;
}

export const stringifyRegister: (body: RegisterBody) => string = fastJson(<JsonSchema>{
  type: 'object',
  properties: { host_id: { type: 'string' }, hostname: { type: 'string' }, agent_version: { type: 'string' }, timestamp: { type: 'string' } },
  required: ['host_id'],
});
