// The receiver's counters, exposed by the server's /metrics (Prometheus
// text, through the agent's MetricsRegistry): every accepted record and
// every refusal, by account and reason. The account label is only ever an
// account of the server's config (the key that verified the token), or
// "unknown" before a token is verified: a client cannot grow the label set.

import type { MetricsRegistry, Sample } from '../../health/metrics-registry.js';

export const UNKNOWN_ACCOUNT = 'unknown';

class LabelledCounter {
  private readonly values = new Map<string, { labels: Record<string, string>; value: number }>();

  add(labels: Record<string, string>, n: number): void {
    const key = Object.values(labels).join('\0');
    const entry = this.values.get(key);
    if (entry) entry.value += n;
    else this.values.set(key, { labels, value: n });
  }

  samples(): Sample[] {
    return [...this.values.values()].map((e) => [e.labels, e.value] as const);
  }
}

export class ReceiverMetrics {
  readonly acceptedRecords = new LabelledCounter();
  readonly acceptedRequests = new LabelledCounter();
  readonly refusedRequests = new LabelledCounter();
  readonly droppedAttributes = new LabelledCounter();
  readonly rejectedDataPoints = new LabelledCounter();

  accepted(account: string, endpoint: string, records: number, droppedAttributes: number, rejectedDataPoints: number): void {
    this.acceptedRequests.add({ account, endpoint }, 1);
    this.acceptedRecords.add({ account, endpoint }, records);
    if (droppedAttributes > 0) this.droppedAttributes.add({ account }, droppedAttributes);
    if (rejectedDataPoints > 0) this.rejectedDataPoints.add({ account }, rejectedDataPoints);
  }

  refused(account: string | undefined, endpoint: string, reason: string, status: number): void {
    this.refusedRequests.add({ account: account ?? UNKNOWN_ACCOUNT, endpoint, reason, status: String(status) }, 1);
  }

  register(registry: MetricsRegistry): void {
    registry.register('infrawatch_server_accepted_requests_total', 'counter', 'Requests answered 2xx: their data is durable.', () => this.acceptedRequests.samples());
    registry.register('infrawatch_server_accepted_records_total', 'counter', 'Records (rows, points, envelopes, events) in the requests answered 2xx.', () => this.acceptedRecords.samples());
    registry.register('infrawatch_server_refused_requests_total', 'counter', 'Requests refused, by account, endpoint, reason and HTTP status; nothing of them was stored.', () =>
      this.refusedRequests.samples(),
    );
    registry.register('infrawatch_server_dropped_attributes_total', 'counter', 'OTLP attributes dropped past the per-resource and per-point limit.', () => this.droppedAttributes.samples());
    registry.register('infrawatch_server_rejected_data_points_total', 'counter', 'OTLP data points rejected (histograms, summaries), reported in partial_success.', () =>
      this.rejectedDataPoints.samples(),
    );
  }
}
