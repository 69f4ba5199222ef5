// One simulated host of `npm run fleet`: the agent's own parts, as
// src/agent.ts wires them for a tick (the scanner reading a replayed /proc
// tree, the tick pipeline with enrichment, the ProcessEnvelope encoder, the
// sketch window, the receiver sink with its disk queue and sender), driven
// by the fleet's virtual clock instead of the agent's scheduler: the tick is
// stamped with virtual time (so a 10 s interval needs no 10 s wait), while
// cpu% is taken over the recorded times (as the replay harness does). What
// is left out is what a thousand hosts in one process cannot each have: the
// health listener, the host telemetry and the local spool.

import { pino } from 'pino';
import { enricherFor, scannerOptionsOf, sketchBookFor } from '../src/agent-parts.js';
import type { AgentConfig } from '../src/config/schema.js';
import { DiagEvents } from '../src/health/diag-events.js';
import { SketchWindow } from '../src/pipeline/sketch-window.js';
import { TickPipeline } from '../src/pipeline/tick-pipeline.js';
import type { SystemConf } from '../src/procfs/system-conf.js';
import { topNBatchOf } from '../src/report/tick-report.js';
import { Scanner } from '../src/scan/scanner.js';
import { ReceiverSink } from '../src/sinks/receiver-sink.js';
import { ProcessEnvelopeEncoder } from '../src/wire/process-envelope.js';

const NO_HOST_TELEMETRY = (): never => {
  throw new Error('the receiver sink does not read the host figures');
};

export interface FleetAgentOptions {
  readonly hostId: string;
  /** The agent config (mode, sketch_enable, proc_root of the group's tree, queue_dir, receiver_url and receiver_token). */
  readonly config: AgentConfig;
  readonly system: SystemConf;
  /** Virtual time of the first tick. */
  readonly firstMs: number;
}

export class FleetAgent {
  readonly hostId: string;
  readonly mode: string;
  private readonly pipeline: TickPipeline;
  private readonly encoder: ProcessEnvelopeEncoder;
  private readonly sketches: SketchWindow | undefined;
  readonly sink: ReceiverSink;
  private readonly intervalMs: number;
  /** Bytes of the bodies handed to the sink (protobuf, before the sender's gzip). */
  processBytes = 0;
  sketchBytes = 0;
  envelopes = 0;
  sketchEnvelopes = 0;
  /** Series shipped: a row's process (pid:starttime), an aggregate's name, a sketch key and metric. */
  readonly series = new Set<string>();
  /** Sketch series: the most keys × metrics a window shipped. */
  sketchSeries = 0;

  constructor(o: FleetAgentOptions) {
    this.hostId = o.hostId;
    this.mode = o.config.mode;
    this.intervalMs = Math.round(o.config.interval_seconds * 1000);
    // The recorded host's pids are not ours: no row is the agent's own (selfPid -1).
    // A table reserves address space for the kernel's 4 M pids (1.1 GiB a
    // table); a thousand of them in one process pass V8's 1 TiB limit on
    // reserved buffers (it crashed in GC), so a replayed host reserves 64 k.
    const scanner = new Scanner({ ...scannerOptionsOf(o.config), system: o.system, selfPid: -1, maxSlots: 65_536 });
    this.pipeline = new TickPipeline(scanner, enricherFor(o.config));
    this.encoder = new ProcessEnvelopeEncoder(o.hostId);
    if (o.config.sketch_enable) this.sketches = new SketchWindow(sketchBookFor(o.config), o.hostId, o.config.sketch_window_s * 1000, o.firstMs);
    const log = pino({ level: 'silent' });
    this.sink = new ReceiverSink(o.config, o.hostId, log, new DiagEvents(undefined));
  }

  /** One tick: the tree holds the recorded tick of `recordedMs`; the envelope is stamped `nowMs` (virtual). */
  async tick(recordedMs: number, nowMs: number): Promise<void> {
    const t = await this.pipeline.tick({ enrich: true, atMs: recordedMs });
    const r = t.scan;
    const batch = topNBatchOf(r, t.rows, t.aggregates, this.intervalMs, nowMs);
    const record = this.encoder.encodeDelimited(batch);
    this.sink.tick({ nowMs, rows: t.rows, aggregates: t.aggregates, totals: r.totals, batch, processEnvelope: record, host: NO_HOST_TELEMETRY });
    this.envelopes++;
    this.processBytes += record.length;
    for (const row of t.rows) this.series.add(`${row.processId}:${row.commandName}`);
    for (const a of t.aggregates) this.series.add(`aggregate:${a.processDisplayName}`);
    if (this.sketches === undefined) return;
    this.sketches.add(this.pipeline.scanner.views, r.counters.listed, r.names);
    if (this.sketches.due(nowMs)) this.flushSketches(nowMs);
  }

  /** The window still open (its end `nowMs`), as the agent ships it at a stop. */
  flushSketches(nowMs: number): void {
    if (this.sketches === undefined) return;
    const f = this.sketches.flush(nowMs);
    this.sink.sketchEnvelopes(f.records);
    this.sketchEnvelopes += f.records.length;
    this.sketchSeries = Math.max(this.sketchSeries, f.records.length);
    this.sketchBytes += f.bytes;
  }

  /** Sends what is queued until `deadlineMs`, then stops the sink and the scanner. */
  async stop(deadlineMs: number): Promise<void> {
    await this.sink.drain(deadlineMs);
    await this.sink.stop();
    await this.pipeline.scanner.close();
  }
}
