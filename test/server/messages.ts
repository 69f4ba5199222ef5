// TopicMessages as the receiver makes them, for the seam tests and the
// store benchmark: bodies encoded as topic-message.ts's table says.

import { infrawatch } from '../../src/wire/generated/infrawatch.js';
import { partitionOf } from '../../src/server/topics/partition.js';
import { type MessageKind, messageIdOf, type TopicMessage } from '../../src/server/topics/topic-message.js';

export const P = 16;

export function message(kind: MessageKind, account: string, entity: string, timestampMs: number, body: Uint8Array, key = '', partition?: number): TopicMessage {
  return {
    id: messageIdOf(account, entity, kind, timestampMs, key),
    account,
    entity,
    kind,
    partition: partition ?? partitionOf(account, entity, P),
    timestampMs,
    body,
    receivedMs: timestampMs + 5,
  };
}

/** A ProcessEnvelope body of `top` rows and `aggregates` aggregate rows. */
export function processBody(entity: string, timestampMs: number, top = 3, aggregates = 2): Uint8Array {
  return infrawatch.ProcessEnvelope.encode({
    entityGuid: entity,
    schemaVersion: '2.3',
    payload: {
      timestampMs,
      intervalMs: 15_000,
      mode: 'smart',
      topN: top,
      top: Array.from({ length: top }, (_, i) => ({
        processId: 1000 + i,
        parentProcessId: 1,
        commandName: `cmd${i}`,
        processDisplayName: `proc-${i}`,
        state: 'S',
        cpuPercent: 1.5 * i,
        cpuUserPercent: i,
        cpuSystemPercent: 0.5 * i,
        memoryResidentSizeBytes: 1_000_000 + i,
        memoryVirtualSizeBytes: 5_000_000 + i,
        threadCount: 4,
        commandLine: `/usr/bin/cmd${i} --flag\t"quoted" \\ back`,
        userName: 'root',
        ioTotalReadBytes: 10 * i,
        ioTotalWriteBytes: 20 * i,
        minorPageFaults: 100 + i,
        majorPageFaults: i,
      })),
      aggregates: Array.from({ length: aggregates }, (_, i) => ({
        processDisplayName: `agg-${i}`,
        processCount: 3 + i,
        cpuPercent: 0.25 * i,
        cpuUserPercent: 0.1,
        cpuSystemPercent: 0.15,
        memoryResidentSizeBytes: 2_000_000 + i,
        memoryVirtualSizeBytes: 9_000_000 + i,
        threadCount: 6 + i,
      })),
    },
  }).finish();
}

export function processMessage(account: string, entity: string, timestampMs: number, top = 3, aggregates = 2): TopicMessage {
  return message('process', account, entity, timestampMs, processBody(entity, timestampMs, top, aggregates));
}

export function systemMessage(account: string, entity: string, timestampMs: number): TopicMessage {
  const body = { host_id: entity, timestamp: new Date(timestampMs).toISOString(), cpu: 12.5, memory: 40, disk: 71.25, uptime: 3600, extra: { disks: [{ mount: '/', used: 1 }] } };
  return message('system', account, entity, timestampMs, Buffer.from(JSON.stringify(body)));
}

export function registerMessage(account: string, entity: string, timestampMs: number): TopicMessage {
  const body = { host_id: entity, hostname: `${entity}.example`, agent_version: '0.1.0' };
  return message('register', account, entity, timestampMs, Buffer.from(JSON.stringify(body)));
}

export function sketchMessage(account: string, entity: string, timestampMs: number, metric = 'cpuPercent'): TopicMessage {
  const body = infrawatch.SketchEnvelope.encode({
    metricName: metric,
    gamma: 2 ** (2 ** -4),
    sketchVersion: '1',
    entityGuid: entity,
    displayName: '',
    windowStartMs: timestampMs - 60_000,
    windowEndMs: timestampMs,
    count: 10,
    sum: 55,
    min: 1,
    max: 10,
    scale: 4,
  }).finish();
  return message('sketch', account, entity, timestampMs, body, metric);
}
