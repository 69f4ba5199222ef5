// The agent's OTLP output on this machine's real /proc, decoded with the
// official opentelemetry-proto definitions and checked against the
// OpenTelemetry semantic conventions' own model files (v1.44.0, copied
// unchanged in test/fixtures/semantic-conventions): every process.* and
// system.* metric's instrument, unit, value type and attributes (with their
// enum values), every resource attribute's name and type, nothing
// deprecated, schema_url, no empty metric, exact integer-nanosecond
// timestamps. It prints what it checked, a line per metric.

import { readdirSync, readFileSync, statfsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { attrs, captureOtlp, metricsOf, type Captured } from './otlp-capture.js';

const MODEL = fileURLToPath(new URL('../fixtures/semantic-conventions/model/', import.meta.url));
const SCHEMA_URL = 'https://opentelemetry.io/schemas/1.44.0';

interface AttributeDef {
  type: string | { members: Array<{ value: string }> };
  deprecated: boolean;
}
interface MetricDef {
  instrument: 'gauge' | 'counter' | 'updowncounter' | 'histogram';
  unit: string;
  valueType: 'int' | 'double';
  attributes: Array<{ ref: string; required: boolean }>;
  deprecated: boolean;
}

/** Every group of every model file: the attribute registry and the metrics. */
function loadModel(): { attributes: Map<string, AttributeDef>; metrics: Map<string, MetricDef> } {
  const attributes = new Map<string, AttributeDef>();
  const metrics = new Map<string, MetricDef>();
  const files = (dir: string): string[] => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : n.endsWith('.yaml') ? [join(dir, n)] : []));
  for (const file of files(MODEL)) {
    for (const g of parse(readFileSync(file, 'utf8')).groups ?? []) {
      if (g.type === 'attribute_group') for (const a of g.attributes ?? []) if (a.id) attributes.set(a.id, { type: a.type, deprecated: a.deprecated !== undefined });
      if (g.type === 'metric') {
        metrics.set(g.metric_name, {
          instrument: g.instrument,
          unit: g.unit,
          valueType: g.annotations?.code_generation?.metric_value_type,
          attributes: (g.attributes ?? []).map((a: any) => ({ ref: a.ref, required: a.requirement_level === 'required' })),
          deprecated: g.deprecated !== undefined,
        });
      }
    }
  }
  return { attributes, metrics };
}

/** What is wrong with an attribute's value against the registry, or undefined. */
function attributeProblem(def: AttributeDef | undefined, key: string, value: Record<string, unknown>): string | undefined {
  if (def === undefined) return `${key} is not in the registry`;
  if (def.deprecated) return `${key} is deprecated`;
  const [kind, v] = Object.entries(value)[0];
  if (typeof def.type === 'object') {
    if (kind !== 'stringValue') return `${key} is ${kind}, the registry has an enum of strings`;
    return def.type.members.some((m) => m.value === v) ? undefined : `${key} = ${JSON.stringify(v)} is not one of ${def.type.members.map((m) => m.value).join(', ')}`;
  }
  const expected = { string: 'stringValue', int: 'intValue', double: 'doubleValue', boolean: 'boolValue' }[def.type];
  return kind === expected ? undefined : `${key} is ${kind}, the registry says ${def.type}`;
}

const isOurs = (key: string) => key.startsWith('infrawatch.');

/** The raw cmdline of a pid, or undefined when it is gone. */
function cmdlineOf(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'latin1');
  } catch {
    return undefined;
  }
}

let captured: Captured;
const model = loadModel();

beforeAll(async () => {
  captured = await captureOtlp(['interval_seconds: 0.5', 'sketch_window_s: 1', 'self_metrics_interval_s: 1', 'top_n: 5', 'host_id: h-conventions', 'disk_mounts: ["/"]'], (c) => {
    const names = new Set(metricsOf(c).map((m) => m.metric.name));
    return ['process.cpu.utilization', 'system.cpu.utilization', 'infrawatch.process.cpu.percent', 'infrawatch.agent.ticks'].every((n) => names.has(n));
  });
}, 30_000);

describe('the OTLP output against the semantic conventions (v1.44.0) and opentelemetry-proto (v1.11.0)', () => {
  it('names, types, units and attributes every process.* and system.* metric as the conventions define it', () => {
    const problems: string[] = [];
    const seen = new Map<string, string>();
    for (const { metric } of metricsOf(captured)) {
      const kind = metric.gauge ? 'gauge' : metric.sum ? (metric.sum.isMonotonic ? 'counter' : 'updowncounter') : metric.exponentialHistogram ? 'exponential histogram' : 'none';
      const points: any[] = (metric.gauge ?? metric.sum ?? metric.exponentialHistogram)?.dataPoints ?? [];
      if (points.length === 0) problems.push(`${metric.name} has no data point`);
      if (!metric.unit) problems.push(`${metric.name} has no unit`);
      if (isOurs(metric.name)) {
        seen.set(metric.name, `${kind}, ${metric.unit}`);
        continue;
      }
      const def = model.metrics.get(metric.name);
      if (def === undefined) {
        problems.push(`${metric.name} is not a metric of the conventions`);
        continue;
      }
      if (def.deprecated) problems.push(`${metric.name} is deprecated`);
      if (kind !== def.instrument) problems.push(`${metric.name} is a ${kind}, the conventions say ${def.instrument}`);
      if (metric.sum && metric.sum.aggregationTemporality !== 2) problems.push(`${metric.name} is not cumulative`);
      if (metric.unit !== def.unit) problems.push(`${metric.name} has unit ${metric.unit}, the conventions say ${def.unit}`);
      for (const p of points) {
        const valueKind = p.asInt !== undefined ? 'int' : 'double';
        if (def.valueType && valueKind !== def.valueType) problems.push(`${metric.name} has ${valueKind} values, the conventions say ${def.valueType}`);
        const keys = (p.attributes ?? []).map((a: any) => a.key);
        for (const a of p.attributes ?? []) {
          if (!def.attributes.some((d) => d.ref === a.key)) problems.push(`${metric.name} has attribute ${a.key}, not one of the metric's`);
          const problem = attributeProblem(model.attributes.get(a.key), a.key, a.value);
          if (problem) problems.push(`${metric.name}: ${problem}`);
        }
        for (const d of def.attributes) if (d.required && !keys.includes(d.ref)) problems.push(`${metric.name} lacks the required ${d.ref}`);
      }
      seen.set(metric.name, `${kind}, ${metric.unit}, ${points[0]?.asInt !== undefined ? 'int' : 'double'}, attributes: ${[...new Set(points.flatMap((p) => (p.attributes ?? []).map((a: any) => `${a.key}=${Object.values(a.value)[0]}`)))].join(' ') || '-'}`);
    }
    console.log(['OTLP checks, a line per metric seen:', ...[...seen].sort().map(([n, d]) => `  ${n}: ${d}`)].join('\n'));
    expect(problems).toEqual([]);
    for (const name of ['process.cpu.time', 'process.cpu.utilization', 'process.memory.usage', 'process.memory.virtual', 'process.thread.count', 'process.disk.io', 'process.paging.faults', 'system.cpu.utilization', 'system.memory.usage', 'system.memory.utilization', 'system.filesystem.usage', 'system.filesystem.utilization', 'system.uptime']) {
      expect(seen.has(name), name).toBe(true);
    }
    // The agent's own metrics are under infrawatch.agent.*, never the generic agent.*.
    expect([...seen.keys()].filter((n) => n.startsWith('agent.'))).toEqual([]);
    expect(seen.get('infrawatch.agent.cpu_seconds')).toBe('counter, s');
    // No name twice in one request's scope.
    for (const r of captured.requests) {
      for (const rm of r.resourceMetrics) {
        for (const sm of rm.scopeMetrics) {
          const names = sm.metrics.map((m: any) => m.name);
          expect(names.filter((n: string, k: number) => names.indexOf(n) !== k)).toEqual([]);
        }
      }
    }
  });

  it('puts each process on its own Resource, beside the host and service attributes on every Resource, with schema_url set', () => {
    const problems: string[] = [];
    let processes = 0;
    for (const r of captured.requests) {
      for (const rm of r.resourceMetrics) {
        if (rm.schemaUrl !== SCHEMA_URL) problems.push(`schema_url ${rm.schemaUrl}`);
        for (const sm of rm.scopeMetrics) if (sm.schemaUrl !== SCHEMA_URL) problems.push(`scope schema_url ${sm.schemaUrl}`);
        if (rm.scopeMetrics.every((sm: any) => (sm.metrics ?? []).length === 0)) problems.push('a ResourceMetrics with no metric');
        const a = attrs(rm.resource.attributes);
        for (const key of ['host.id', 'host.name', 'host.arch', 'os.type', 'service.name', 'service.instance.id', 'service.version']) if (a[key] === undefined) problems.push(`a Resource lacks ${key}`);
        for (const kv of rm.resource.attributes) {
          if (isOurs(kv.key)) continue;
          const problem = attributeProblem(model.attributes.get(kv.key), kv.key, kv.value);
          if (problem) problems.push(problem);
        }
        const names = rm.scopeMetrics.flatMap((sm: any) => sm.metrics.map((m: any) => m.name));
        const processMetrics = names.filter((n: string) => n.startsWith('process.'));
        if (a['process.pid'] !== undefined) {
          processes++;
          // The identity of the hostmetrics process scraper, and only process.* metrics with it.
          // A kernel thread has no command line (an empty cmdline), and so no command.
          const kernelThread = cmdlineOf(Number(a['process.pid'])) === '';
          const keys = ['process.parent_pid', 'process.executable.name', 'process.owner', 'process.creation.time', ...(kernelThread ? [] : ['process.command', 'process.command_line'])];
          for (const key of keys) if (a[key] === undefined) problems.push(`process ${a['process.pid']} lacks ${key}`);
          if (Number.isNaN(Date.parse(a['process.creation.time']))) problems.push(`process.creation.time ${a['process.creation.time']} is not a time`);
          if (processMetrics.length !== names.length) problems.push(`process ${a['process.pid']}'s Resource carries ${names.join(', ')}`);
        } else if (processMetrics.length > 0) {
          problems.push(`process.* metrics on a Resource with no process: ${processMetrics.join(', ')}`);
        }
      }
    }
    expect(problems, problems.join('\n')).toEqual([]);
    expect(processes).toBeGreaterThanOrEqual(5);
    const first = attrs(captured.requests[0].resourceMetrics[0].resource.attributes);
    expect(first).toMatchObject({ 'host.id': 'h-conventions', 'os.type': 'linux', 'service.name': 'infrawatch-agent', 'service.instance.id': 'h-conventions' });
    expect(first['host.arch']).toBe({ x64: 'amd64', arm64: 'arm64' }[process.arch as string] ?? process.arch);
  });

  it('writes every timestamp as exact integer nanoseconds: whole milliseconds, and a cumulative sum starts when its process did', () => {
    const bad: string[] = [];
    for (const { resource, metric } of metricsOf(captured)) {
      for (const p of (metric.gauge ?? metric.sum ?? metric.exponentialHistogram).dataPoints) {
        for (const t of [p.timeUnixNano, p.startTimeUnixNano]) {
          // The agent's clocks are in whole ms: an exact conversion ends in six zeros (a float's would not, for 3 ms in 4).
          if (t !== undefined && BigInt(t) % 1_000_000n !== 0n) bad.push(`${metric.name} ${t}`);
        }
        if (p.startTimeUnixNano !== undefined && BigInt(p.startTimeUnixNano) > BigInt(p.timeUnixNano)) bad.push(`${metric.name} starts after it ends`);
      }
      if (metric.name === 'process.cpu.time') {
        const start = BigInt(metric.sum.dataPoints[0].startTimeUnixNano);
        expect(start).toBe(BigInt(Date.parse(resource['process.creation.time'])) * 1_000_000n);
      }
    }
    expect(bad).toEqual([]);
  });

  it('adds up: cpu modes to 1, memory states to MemTotal, a filesystem\'s states to its size', () => {
    const first = (name: string) => metricsOf(captured).find((m) => m.metric.name === name)!.metric;
    const cpu = first('system.cpu.utilization').gauge.dataPoints;
    expect(cpu.map((p: any) => attrs(p.attributes)['cpu.mode'])).toEqual(['user', 'nice', 'system', 'idle', 'iowait', 'interrupt', 'steal']);
    expect(cpu.reduce((s: number, p: any) => s + p.asDouble, 0)).toBeCloseTo(1, 9);
    const memTotal = Number(/^MemTotal:\s+(\d+) kB/m.exec(readFileSync('/proc/meminfo', 'utf8'))![1]) * 1024;
    const mem = first('system.memory.usage').sum.dataPoints;
    expect(mem.reduce((s: number, p: any) => s + Number(p.asInt), 0)).toBe(memTotal);
    const fs = first('system.filesystem.usage').sum.dataPoints;
    const st = statfsSync('/');
    expect(fs.reduce((s: number, p: any) => s + Number(p.asInt), 0)).toBe(st.blocks * st.bsize);
  });
});
