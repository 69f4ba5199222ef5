// The envelope the ingest benches send: one smart-mode tick of a busy host,
// 20 top rows with the strings a real row has and 60 aggregate rows (what
// the replay recordings make), for the embedded server (server-ingest) and
// for VictoriaMetrics (victoria-metrics), so both take the same samples;
// and the SketchEnvelopes of the same host's window, for the embedded
// bench's --sketches.

import protobuf from 'protobufjs/minimal.js';
import { DDSketch } from '../src/sketch/ddsketch.js';
import { infrawatch } from '../src/wire/generated/infrawatch.js';
import { sketchEnvelopeOf } from '../src/wire/sketch-envelope.js';

export const TOP = 20;
export const AGGREGATES = 60;

/** One smart-mode tick's envelope: 20 rows with the strings a real row has, 60 aggregate rows. */
export function envelope(host: string, timestampMs: number) {
  return {
    entityGuid: host,
    schemaVersion: '2.2',
    payload: {
      timestampMs,
      intervalMs: 10_000,
      mode: 'smart',
      topN: TOP,
      top: Array.from({ length: TOP }, (_, i) => ({
        processId: 1000 + i,
        parentProcessId: 1,
        commandName: `worker-${i}`,
        processDisplayName: `worker-${i}`,
        state: 'S',
        cpuPercent: 1.5 * i,
        cpuUserPercent: i,
        cpuSystemPercent: 0.5 * i,
        memoryResidentSizeBytes: 50_000_000 + i * 4096,
        memoryVirtualSizeBytes: 900_000_000,
        threadCount: 8,
        commandLine: `/usr/bin/python3 /srv/app/worker.py --queue jobs-${i} --concurrency 4 --log-level info`,
        userName: 'app',
        ioTotalReadBytes: 1_000_000,
        ioTotalWriteBytes: 2_000_000,
        minorPageFaults: 12345,
        majorPageFaults: 12,
      })),
      aggregates: Array.from({ length: AGGREGATES }, (_, i) => ({
        processDisplayName: `kworker/${i}:1`,
        processCount: 3,
        cpuPercent: 0.1,
        cpuUserPercent: 0.05,
        cpuSystemPercent: 0.05,
        memoryResidentSizeBytes: 3_000_000,
        memoryVirtualSizeBytes: 9_000_000,
        threadCount: 3,
      })),
      totals: { processCount: TOP + 3 * AGGREGATES },
    },
  };
}

export const WINDOW_MS = 60_000;

/** The keys of a host's sketches: the host key '' and every display name of the envelope (top rows and aggregates). */
function sketchKeys(): string[] {
  const e = envelope('x', 0);
  return ['', ...e.payload.top.map((r) => r.processDisplayName), ...e.payload.aggregates.map((a) => a.processDisplayName)];
}

/**
 * A host's SketchEnvelopes of one window, as its agent sends them once a
 * minute (cpuPercent and memoryResidentSizeBytes for the host key and each
 * display name: 162 envelopes), length-delimited: window j of
 * firstWindowMs + j·60 s. Encoded once; each window's body is a copy with
 * the window's bounds written over the template's (fields 7 and 8, 6-byte
 * varints for every time from 2^35 to 2^42 ms), so that the client's cpu
 * goes to sending.
 */
export function sketchWindowMaker(host: string, firstWindowMs: number): (j: number) => Buffer {
  const w = protobuf.Writer.create();
  let seed = 1;
  const random = () => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
  for (const metricName of ['cpuPercent', 'memoryResidentSizeBytes']) {
    for (const displayName of sketchKeys()) {
      const s = new DDSketch(6);
      // Six ticks of three processes.
      for (let v = 0; v < 18; v++) s.add(metricName === 'cpuPercent' ? 100 * random() : 50_000_000 * (0.5 + random()));
      infrawatch.SketchEnvelope.encodeDelimited(sketchEnvelopeOf(s, { metricName, entityGuid: host, displayName }, firstWindowMs, firstWindowMs + WINDOW_MS), w);
    }
  }
  const template = Buffer.from(w.finish());
  const field = (tag: number, v: number) => Buffer.concat([Buffer.from([tag]), Buffer.from(protobuf.Writer.create().uint64(v).finish())]);
  const offsetsOf = (needle: Buffer) => {
    const out: number[] = [];
    for (let at = template.indexOf(needle); at >= 0; at = template.indexOf(needle, at + 1)) out.push(at);
    return out;
  };
  const starts = offsetsOf(field(0x38, firstWindowMs));
  const ends = offsetsOf(field(0x40, firstWindowMs + WINDOW_MS));
  if (starts.length !== 162 || ends.length !== 162) throw new Error(`sketch template: found ${starts.length} window starts and ${ends.length} ends, expected 162 of each`);
  return (j) => {
    const body = Buffer.from(template);
    const ws = firstWindowMs + j * WINDOW_MS;
    const [start, end] = [field(0x38, ws), field(0x40, ws + WINDOW_MS)];
    for (const at of starts) start.copy(body, at);
    for (const at of ends) end.copy(body, at);
    return body;
  };
}
