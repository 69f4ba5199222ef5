// The JSON bodies of the kinds that travel as JSON (see MessageKind): what
// the receiver writes and the writer reads. The register and snapshot
// bodies are the agent's API bodies as sent (api-bodies.ts); these are the
// ones the receiver makes.

/** kind 'system': an /api/telemetry body without its process rows (they travel as a 'process' ProcessEnvelope). */
export interface SystemSampleBody {
  readonly host_id: string;
  readonly timestamp: string;
  readonly cpu: number | null;
  readonly memory: number | null;
  readonly disk: number | null;
  readonly uptime: number | null;
  /** The rest of the body as sent (disks, the host's own figures): kept whole. */
  readonly extra: Readonly<Record<string, unknown>>;
}

/** kind 'metric': a JSON array of these, the OTLP gauge and sum points of one resource and time (one object alone: a message of a receiver before that). */
export interface MetricPointBody {
  readonly name: string;
  readonly unit: string;
  /** 'gauge', or 'sum' with its temporality and monotonicity. */
  readonly type: 'gauge' | 'sum';
  readonly monotonic: boolean;
  /** 1 delta, 2 cumulative, 0 unspecified (gauges). */
  readonly temporality: number;
  readonly timeUnixNano: string;
  readonly startTimeUnixNano: string;
  readonly value: number;
  /** The resource's attributes, then the point's, flattened to strings and numbers. */
  readonly resource: Readonly<Record<string, string | number | boolean>>;
  readonly attributes: Readonly<Record<string, string | number | boolean>>;
}
