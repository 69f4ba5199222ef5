// The Infra-Watch API's JSON bodies (/api/hosts/register, /api/telemetry,
// /api/snapshot), as the agent's api-sink sends them (api-bodies.ts) and
// seed 001 describes them. A telemetry body becomes a 'system' message (the
// host's figures) and, when it carries rows, a 'process' message: the rows
// re-encoded as the ProcessEnvelope the agent's protobuf path would have
// sent, so that the writer knows one encoding of rows, not two.

import { infrawatch } from '../../wire/generated/infrawatch.js';
import type { SystemSampleBody } from '../topics/message-bodies.js';
import { type Decoded, type DraftMessage, decoded, malformed } from './draft-message.js';

export type ApiEndpoint = 'register' | 'telemetry' | 'snapshot';

/** The ProcessEnvelope version the JSON rows are re-encoded as (the fields of v2.4). */
const ROWS_SCHEMA_VERSION = '2.4';

const utf8 = new TextEncoder();

function parseJson(body: Uint8Array): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8')) };
  } catch (err) {
    // V8's message names the token and quotes a few bytes around it; at the end of the input it says only that.
    const why = (err as Error).message;
    return { ok: false, message: `body: invalid JSON: ${why}${/end of JSON input/.test(why) ? ` (byte offset ${body.byteLength}, the end of the body)` : ''}` };
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The body's timestamp (ISO 8601) in Unix ms, or a problem naming it. */
function timestampOf(b: Record<string, unknown>): number | string {
  if (typeof b.timestamp !== 'string') return 'timestamp: expected an ISO 8601 string';
  const ms = Date.parse(b.timestamp);
  return Number.isFinite(ms) ? ms : 'timestamp: expected an ISO 8601 string (does not parse as a date)';
}

function numberOrNull(b: Record<string, unknown>, key: string, problems: string[]): number | null {
  const v = b[key];
  if (v === undefined || v === null) return null;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  problems.push(`${key}: expected a number or null`);
  return null;
}

function rowsProblem(processes: unknown): string | undefined {
  if (!isObject(processes)) return 'processes: expected an object of top, aggregates, totals and ephemeral';
  for (const list of ['top', 'aggregates'] as const) {
    const rows = processes[list];
    if (rows === undefined) continue;
    if (!Array.isArray(rows)) return `processes.${list}: expected a list of rows`;
    const bad = rows.findIndex((r) => !isObject(r));
    if (bad >= 0) return `processes.${list}[${bad}]: expected an object`;
    const badThreads = rows.findIndex((r) => r.threads !== undefined && !(Array.isArray(r.threads) && r.threads.every(isObject)));
    if (badThreads >= 0) return `processes.${list}[${badThreads}].threads: expected a list of objects`;
  }
  if (processes.totals !== undefined && !isObject(processes.totals)) return 'processes.totals: expected an object';
  const e = processes.ephemeral;
  if (e === undefined) return;
  if (!isObject(e)) return 'processes.ephemeral: expected an object of byName, byParent, exits, lost and intervalMs';
  for (const list of ['byName', 'byParent'] as const) {
    const rows = e[list];
    if (rows === undefined) continue;
    if (!Array.isArray(rows)) return `processes.ephemeral.${list}: expected a list of summaries`;
    const bad = rows.findIndex((r) => !isObject(r) || (r.exitCodes !== undefined && !(Array.isArray(r.exitCodes) && r.exitCodes.every(isObject))));
    if (bad >= 0) return `processes.ephemeral.${list}[${bad}]: expected an object whose exitCodes is a list of objects`;
  }
}

export function decodeApiBody(endpoint: ApiEndpoint, body: Uint8Array): Decoded {
  const parsed = parseJson(body);
  if (!parsed.ok) return malformed('invalid-json', parsed.message);
  const b = parsed.value;
  if (!isObject(b)) return malformed('invalid-body', 'body: expected a JSON object');
  if (typeof b.host_id !== 'string' || b.host_id === '') return malformed('invalid-body', 'host_id: expected a non-empty string');
  const entity = b.host_id;
  if (endpoint === 'register') {
    const ts = b.timestamp === undefined ? Date.now() : timestampOf(b);
    if (typeof ts === 'string') return malformed('invalid-body', ts);
    for (const key of ['hostname', 'agent_version'] as const) {
      if (b[key] !== undefined && typeof b[key] !== 'string') return malformed('invalid-body', `${key}: expected a string`);
    }
    // One registration per (host, agent version, host name): a restart of the same agent is the same message.
    return decoded([{ entity, kind: 'register', timestampMs: 0, key: `${b.agent_version ?? ''}\0${b.hostname ?? ''}`, body, records: 1 }]);
  }
  const ts = timestampOf(b);
  if (typeof ts === 'string') return malformed('invalid-body', ts);
  if (endpoint === 'snapshot') {
    if (b.os_info !== undefined && !isObject(b.os_info)) return malformed('invalid-body', 'os_info: expected an object');
    return decoded([{ entity, kind: 'snapshot', timestampMs: ts, key: '', body, records: 1 }]);
  }
  const problems: string[] = [];
  const { host_id, timestamp, cpu, memory, disk, uptime, processes, ...extra } = b;
  const system: SystemSampleBody = {
    host_id: entity,
    timestamp: String(timestamp),
    cpu: numberOrNull(b, 'cpu', problems),
    memory: numberOrNull(b, 'memory', problems),
    disk: numberOrNull(b, 'disk', problems),
    uptime: numberOrNull(b, 'uptime', problems),
    extra,
  };
  if (processes !== undefined) {
    const p = rowsProblem(processes);
    if (p !== undefined) problems.push(p);
  }
  if (problems.length > 0) return malformed('invalid-body', problems.join('; '));
  const drafts: DraftMessage[] = [{ entity, kind: 'system', timestampMs: ts, key: '', body: utf8.encode(JSON.stringify(system)), records: 1 }];
  if (isObject(processes)) {
    const top = (processes.top as unknown[] | undefined) ?? [];
    const aggregates = (processes.aggregates as unknown[] | undefined) ?? [];
    let envelope: Uint8Array;
    try {
      // fromObject takes the rows' camelCase names as the proto's fields (they were made to match) and drops unknown ones.
      // The batch's head as the agent's body carries it (mode, N, capture ratios, counters): the tick stores alike from either path.
      const { mode, topN, intervalMs, topnCaptureRatioCpu, topnCaptureRatioRss, counters } = processes;
      const head = { mode, topN, intervalMs, topnCaptureRatioCpu, topnCaptureRatioRss, counters };
      const payload = infrawatch.TopNBatch.fromObject({ ...head, timestampMs: ts, top, aggregates, totals: processes.totals ?? {}, ephemeral: processes.ephemeral });
      envelope = infrawatch.ProcessEnvelope.encode({ entityGuid: entity, schemaVersion: ROWS_SCHEMA_VERSION, payload }).finish();
    } catch (err) {
      return malformed('invalid-body', `processes: ${(err as Error).message}`);
    }
    drafts.push({ entity, kind: 'process', timestampMs: ts, key: '', body: envelope, records: top.length + aggregates.length });
  }
  return decoded(drafts);
}
