// server.yaml's `merger:` section (config/server.yaml documents each key):
// its shape, defaults and checks, in the style of config/server-config.ts,
// which includes it as one section.

export const LATE_POLICIES = ['amend', 'aside'] as const;
export type LatePolicy = (typeof LATE_POLICIES)[number];

export interface MergerConfig {
  /** Run the merger (embedded: inside `serve`; scale-out: `--role merger`/`all`). Off: the writer keeps the sketches whole (SketchSample), as before the merger. */
  readonly enabled: boolean;
  /** A window closes when its partition's watermark passes its end plus this many windows. */
  readonly allowed_lateness_windows: number;
  /** Data for a window already closed: merged into an amended window (amend) or kept aside (aside); counted either way. */
  readonly late: LatePolicy;
  /** A window closes anyway once its oldest delivery was held this long (wall clock); it may pass the ack wait (held deliveries are told in progress). */
  readonly max_hold_ms: number;
  /** Bound of the open windows' state (bins, ids, held bodies); past it the oldest windows close early (counted). */
  readonly max_state_bytes: number;
  /** Messages per pull. */
  readonly batch_messages: number;
  readonly pull_wait_ms: number;
  /** JetStream: the ack wait of the merger's durables: held deliveries are told in progress every third of it; a dead merger's come back after it (and its partitions' marks wait as long). */
  readonly ack_wait_ms: number;
  /** Scale-out: redis://host:port of the high-water marks and the partition leases ("" embedded: a row in the store, one merger). */
  readonly redis_url: string;
  /** Scale-out: a merger's partitions are taken over this long after it stops renewing them. */
  readonly lease_ttl_ms: number;
  /** How far behind a drained pull the mark stays: the receiver stamps receivedMs before its publish is durable (limits of topics' publish timeout). */
  readonly publish_slack_ms: number;
  /** How long committed message ids are kept to refuse a second merge of a redelivery. */
  readonly id_retention_hours: number;
}

export const DEFAULT_MERGER_CONFIG: MergerConfig = {
  enabled: true,
  allowed_lateness_windows: 2,
  late: 'amend',
  max_hold_ms: 240_000,
  max_state_bytes: 256 * 1024 * 1024,
  batch_messages: 500,
  pull_wait_ms: 100,
  ack_wait_ms: 60_000,
  redis_url: '',
  lease_ttl_ms: 15_000,
  publish_slack_ms: 10_000,
  id_retention_hours: 48,
};

/** Problems between the merger's keys (the server config reports them with the rest). */
export function mergerProblems(m: MergerConfig): string[] {
  const problems: string[] = [];
  if (m.pull_wait_ms * 3 >= m.ack_wait_ms) problems.push('merger.pull_wait_ms: must be below a third of merger.ack_wait_ms (held deliveries are told in progress between pulls)');
  if (m.redis_url !== '' && !/^rediss?:\/\//.test(m.redis_url)) problems.push('merger.redis_url: expected "" or redis://host:port');
  return problems;
}
