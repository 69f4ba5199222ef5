// The agent's OTLP/HTTP requests, received by a real server on loopback and
// decoded with the official opentelemetry-proto definitions: the values of
// the fixture tree's processes, where they land and how they are typed.
// (The semantic conventions themselves: otlp-conventions.test.ts.)

import { describe, expect, it } from 'vitest';
import { FIXTURE_PROC } from '../helpers.js';
import { attrs, captureOtlp, metricsOf } from './otlp-capture.js';

describe('the otlp sink', () => {
  it('sends a Resource per process row, infrawatch.process_group.* and the sketches as exponential histograms', async () => {
    const c = await captureOtlp(
      ['otlp_headers: { x-api-key: "k-123" }', `proc_root: ${FIXTURE_PROC}`, 'interval_seconds: 0.25', 'sketch_window_s: 1', 'self_metrics_interval_s: 1', 'top_n: 3', 'scan_cpu_budget_percent: 100', 'host_id: h-otlp'],
      (got) => {
        const names = metricsOf(got).map((m) => m.metric.name);
        return names.includes('infrawatch.process.memory.usage') && names.includes('infrawatch.agent.ticks') && names.filter((n) => n === 'process.cpu.utilization').length >= 3;
      },
    );
    expect(c.headers[0]).toMatchObject({ 'content-type': 'application/x-protobuf', 'x-api-key': 'k-123', 'user-agent': expect.stringMatching(/^infrawatch-agent\/\d+\.\d+\.\d+$/) });
    const all = metricsOf(c);
    const named = (name: string) => all.filter((m) => m.metric.name === name);

    // The rows of the second tick: a Resource each, the process's identity on it.
    const tick = c.requests.find((r) => r.resourceMetrics.length > 1 && r.resourceMetrics.slice(1).some((rm: any) => rm.scopeMetrics[0].metrics.some((m: any) => m.name === 'process.cpu.utilization')));
    const rows = tick.resourceMetrics.slice(1).map((rm: any) => ({ resource: attrs(rm.resource.attributes), metrics: Object.fromEntries(rm.scopeMetrics[0].metrics.map((m: any) => [m.name, m])) }));
    expect(rows.map((r: any) => Number(r.resource['process.pid']))).toEqual([113, 117, 100]);
    const java = rows[1];
    expect(java.resource).toMatchObject({ 'host.id': 'h-otlp', 'service.name': 'infrawatch-agent', 'process.executable.name': 'java', 'process.owner': 'nobody', 'process.command': 'java', 'infrawatch.display_name': 'java' });
    expect(Number(java.resource['process.parent_pid'])).toBe(1);
    expect(java.resource['process.command_line']).toBe('java -Dpassword=******** -jar app.jar --api-key ********');
    expect(java.metrics['process.memory.usage'].sum.dataPoints[0].asInt).toBe(String(250000 * 4096));
    expect(java.metrics['process.memory.usage'].sum.isMonotonic).toBeFalsy();
    // utime and stime of the fixture (fields 14 and 15), in seconds at 100 ticks a second.
    const cpuTime = java.metrics['process.cpu.time'].sum;
    expect(cpuTime).toMatchObject({ aggregationTemporality: 2, isMonotonic: true });
    expect(Object.fromEntries(cpuTime.dataPoints.map((p: any) => [attrs(p.attributes)['cpu.mode'], p.asDouble]))).toEqual({ user: 900, system: 10 });
    const io = java.metrics['process.disk.io'].sum.dataPoints.map((p: any) => [attrs(p.attributes)['disk.io.direction'], p.asInt]);
    expect(io).toEqual([['read', '4096'], ['write', '8192']]);
    // A u64max RSS (process 113) saturates the int64 field rather than wrapping it.
    expect(rows[0].metrics['process.memory.usage'].sum.dataPoints[0].asInt).toBe('9223372036854775807');

    const groups = named('infrawatch.process_group.count')[0].metric.sum.dataPoints;
    expect(groups).toHaveLength(10);
    expect(groups.reduce((n: number, p: any) => n + Number(p.asInt), 0)).toBe(10);

    const hist = named('infrawatch.process.memory.usage')[0].metric;
    expect(hist.unit).toBe('By');
    expect(hist.exponentialHistogram.aggregationTemporality).toBe(1);
    const host = hist.exponentialHistogram.dataPoints.find((p: any) => (p.attributes ?? []).length === 0);
    expect(host.scale).toBe(6);
    const buckets = (host.positive?.bucketCounts ?? []).reduce((a: number, b: string) => a + Number(b), 0);
    expect(buckets + Number(host.zeroCount ?? 0)).toBe(Number(host.count));
    expect(Number(host.count) % 13).toBe(0); // 13 processes a tick
    const javaPoint = hist.exponentialHistogram.dataPoints.find((p: any) => attrs(p.attributes)['infrawatch.display_name'] === 'java');
    expect(javaPoint.min).toBe(250000 * 4096);

    // The agent's own metrics, as on /metrics: counters as cumulative monotonic sums, gauges as gauges, units in the unit field.
    const ticks = named('infrawatch.agent.ticks')[0].metric;
    expect(ticks).toMatchObject({ unit: '1', sum: { aggregationTemporality: 2, isMonotonic: true } });
    // Cumulative: it counts the ticks so far, and never goes down from one request to the next (how many a busy host managed is not asserted).
    const counts = named('infrawatch.agent.ticks').map((m) => m.metric.sum.dataPoints[0].asDouble as number);
    expect(counts[0]).toBeGreaterThanOrEqual(1);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(BigInt(ticks.sum.dataPoints[0].startTimeUnixNano)).toBeLessThan(BigInt(ticks.sum.dataPoints[0].timeUnixNano));
    const cpu = named('infrawatch.agent.cpu_seconds')[0].metric;
    expect(cpu.unit).toBe('s');
    expect(cpu.sum.dataPoints.map((p: any) => attrs(p.attributes)['cpu.mode'])).toEqual(['user', 'system']);
    const rss = named('infrawatch.agent.resident_memory_bytes')[0].metric;
    expect(rss.unit).toBe('By');
    expect(rss.gauge.dataPoints[0].asDouble).toBeGreaterThan(10e6);
  });
});
