// The agent's OTLP/HTTP requests, received by a real server on loopback and
// decoded with the OpenTelemetry protobuf definitions that the
// OpenTelemetry JS packages ship (@opentelemetry/otlp-transformer).

import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, FIXTURE_PROC } from '../helpers.js';

const require = createRequire(import.meta.url);
const otlp = require('@opentelemetry/otlp-transformer/build/src/generated/root.js').opentelemetry.proto;
const Request = otlp.collector.metrics.v1.ExportMetricsServiceRequest;

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

type Attr = { key: string; value: Record<string, unknown> };
const attrs = (list: Attr[] = []) => Object.fromEntries(list.map((a) => [a.key, Object.values(a.value)[0]]));

describe('the otlp sink', () => {
  it('sends process.*, infrawatch.process_group.* and the sketches as exponential histograms', async () => {
    const requests: any[] = [];
    const heads: Record<string, unknown>[] = [];
    const server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      heads.push({ path: req.url, type: req.headers['content-type'], key: req.headers['x-api-key'], agent: req.headers['user-agent'] });
      requests.push(Request.toObject(Request.decode(Buffer.concat(chunks)), { longs: Number }));
      res.writeHead(200).end();
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as { port: number };
    const dir = mkdtempSync(join(tmpdir(), 'iw-otlp-'));
    dirs.push(dir);
    const config = join(dir, 'agent.yaml');
    writeFileSync(
      config,
      [`otlp_endpoint: "http://127.0.0.1:${port}"`, 'otlp_headers: { x-api-key: "k-123" }', `proc_root: ${FIXTURE_PROC}`, 'interval_seconds: 0.25', 'sketch_window_s: 1', 'self_metrics_interval_s: 1', 'top_n: 3', 'scan_cpu_budget_percent: 100', 'host_id: h-otlp', `spool_dir: ${join(dir, 'spool')}`, `queue_dir: ${join(dir, 'queue')}`].join('\n') + '\n',
    );
    const child = spawn(process.execPath, [CLI, 'run', '--config', config], { stdio: 'ignore' });
    const metricsNamed = (name: string) => requests.flatMap((r) => r.resourceMetrics[0].scopeMetrics[0].metrics).filter((m: any) => m.name === name);
    for (let i = 0; i < 100 && (metricsNamed('infrawatch.process.memory.usage').length === 0 || metricsNamed('agent.ticks').length === 0); i++) await sleep(100);
    child.kill('SIGINT');
    await once(child, 'exit');
    server.close();

    expect(heads[0]).toEqual({ path: '/v1/metrics', type: 'application/x-protobuf', key: 'k-123', agent: expect.stringMatching(/^infrawatch-agent\/\d+\.\d+\.\d+$/) });
    const resource = attrs(requests[0].resourceMetrics[0].resource.attributes);
    expect(resource).toMatchObject({ 'host.id': 'h-otlp', 'service.name': 'infrawatch-agent' });

    const memory = metricsNamed('process.memory.usage')[1];
    expect(memory.unit).toBe('By');
    const points = memory.gauge.dataPoints.map((p: any) => ({ ...attrs(p.attributes), value: p.asDouble }));
    expect(points.map((p: any) => p['process.pid'])).toEqual([113, 117, 100]);
    expect(points[1]).toMatchObject({ 'process.executable.name': 'java', 'process.owner': 'nobody', 'process.parent_pid': 1, value: 250000 * 4096 });
    expect(points[1]['process.command_line']).toBe('java -Dpassword=******** -jar app.jar --api-key ********');
    expect(metricsNamed('process.cpu.utilization')[1].unit).toBe('1');
    const groups = metricsNamed('infrawatch.process_group.count')[0].gauge.dataPoints;
    expect(groups).toHaveLength(10);
    expect(groups.reduce((n: number, p: any) => n + p.asDouble, 0)).toBe(10);

    const hist = metricsNamed('infrawatch.process.memory.usage')[0];
    expect(hist.unit).toBe('By');
    expect(hist.exponentialHistogram.aggregationTemporality).toBe(1); // delta
    const host = hist.exponentialHistogram.dataPoints.find((p: any) => (p.attributes ?? []).length === 0);
    expect(host.scale).toBe(6);
    const buckets = (host.positive?.bucketCounts ?? []).reduce((a: number, b: number) => a + b, 0);
    expect(buckets + (host.zeroCount ?? 0)).toBe(host.count);
    expect(host.count % 13).toBe(0); // 13 processes a tick
    // The agent's own metrics, as on /metrics: counters as cumulative monotonic sums, gauges as gauges.
    const ticks = metricsNamed('agent.ticks')[0];
    expect(ticks.sum).toMatchObject({ aggregationTemporality: 2, isMonotonic: true });
    expect(ticks.sum.dataPoints[0].asDouble).toBeGreaterThanOrEqual(4);
    expect(ticks.sum.dataPoints[0].startTimeUnixNano).toBeLessThan(ticks.sum.dataPoints[0].timeUnixNano);
    const cpuModes = metricsNamed('agent.cpu_seconds')[0].sum.dataPoints.map((p: any) => attrs(p.attributes).mode);
    expect(cpuModes).toEqual(['user', 'system']);
    expect(metricsNamed('agent.resident_memory_bytes')[0].gauge.dataPoints[0].asDouble).toBeGreaterThan(10e6);
    const java = hist.exponentialHistogram.dataPoints.find((p: any) => attrs(p.attributes)['infrawatch.display_name'] === 'java');
    expect(java.min).toBe(250000 * 4096);
  });
});
