import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MetricsRegistry } from '../../src/health/metrics-registry.js';
import { FIXTURE_PROC, runAgent } from '../helpers.js';
import { parseExposition } from './exposition-parser.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('MetricsRegistry', () => {
  it('writes the Prometheus text format: HELP, TYPE, labels escaped, special values', () => {
    const r = new MetricsRegistry();
    r.single('agent_things_total', 'counter', 'things done', () => 3);
    r.register('agent_level_ratio', 'gauge', 'a "level"\nof things', () => [
      [{ sink: 'http', note: 'a "quoted"\\ value\n' }, 0.5],
      [{ sink: 'otlp', note: '' }, NaN],
    ]);
    expect(r.expose()).toBe(
      [
        '# HELP agent_things_total things done',
        '# TYPE agent_things_total counter',
        'agent_things_total 3',
        '# HELP agent_level_ratio a "level"\\nof things',
        '# TYPE agent_level_ratio gauge',
        'agent_level_ratio{sink="http",note="a \\"quoted\\"\\\\ value\\n"} 0.5',
        'agent_level_ratio{sink="otlp",note=""} NaN',
        '',
      ].join('\n'),
    );
  });

  it('is read back by the strict parser, which refuses what the format forbids', () => {
    const r = new MetricsRegistry();
    r.register('agent_level_ratio', 'gauge', 'a level', () => [[{ note: 'a "q"\\\n' }, 0.5]]);
    expect(parseExposition(r.expose()).get('agent_level_ratio')!.samples).toEqual([{ labels: { note: 'a "q"\\\n' }, value: 0.5 }]);
    expect(() => parseExposition('x 1\n')).toThrow(/line 1: sample of x before its TYPE/);
    expect(() => parseExposition('# TYPE x counter\nx -1\n')).toThrow(/counter x is -1/);
    expect(() => parseExposition('# TYPE x gauge\nx{a="1"} 1\nx{a="1"} 2\n')).toThrow(/twice/);
    expect(() => parseExposition('# TYPE x gauge\n# TYPE y gauge\nx 1\ny 1\nx{a="2"} 1\n')).toThrow(/not together/);
    expect(() => parseExposition('# TYPE x gauge\nx{a="\\q"} 1\n')).toThrow(/bad escape/);
    expect(() => parseExposition('# TYPE x gauge\nx one\n')).toThrow(/not a sample value/);
    expect(() => parseExposition('# TYPE x gauge\nx 1')).toThrow(/line feed/);
  });

  it('refuses a counter without _total, a bad name and a name used twice', () => {
    const r = new MetricsRegistry();
    expect(() => r.single('agent_things', 'counter', 'x', () => 1)).toThrow(/must end in _total/);
    expect(() => r.single('agent-things', 'gauge', 'x', () => 1)).toThrow(/not a Prometheus name/);
    r.single('agent_x', 'gauge', 'x', () => 1);
    expect(() => r.single('agent_x', 'gauge', 'x', () => 1)).toThrow(/registered twice/);
  });
});

describe('the health listener', () => {
  it('serves /metrics with the agent_* metrics and /healthz ok while ticking', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iw-health-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'agent.yaml'), `proc_root: ${FIXTURE_PROC}\ninterval_seconds: 0.2\nspool_dir: ${join(dir, 'spool')}\nmetrics_listen: "127.0.0.1:0"\ntop_n: 3\n`);
    const agent = runAgent(join(dir, 'agent.yaml'));
    await agent.waitFor(() => agent.logs().filter((l) => l.msg === 'tick').length >= 2, 'two ticks');
    const port = agent.logs().find((l) => l.msg === 'health listening')!.port as number;
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    const missing = await fetch(`http://127.0.0.1:${port}/nothing`);
    await agent.stop();
    expect(health.status).toBe(200);
    expect(await health.text()).toBe('ok\n');
    expect(missing.status).toBe(404);
    const families = parseExposition(metrics);
    const one = (name: string, labels: Record<string, string> = {}) =>
      families.get(name)!.samples.find((x) => JSON.stringify(x.labels) === JSON.stringify(labels))!.value;
    expect(families.get('agent_cpu_seconds_total')).toMatchObject({ type: 'counter', help: 'cpu time of the agent process, all threads' });
    expect(one('agent_cpu_seconds_total', { mode: 'user' })).toBeGreaterThan(0);
    expect(one('agent_pids_scanned')).toBe(13);
    expect(one('agent_pids_total', { outcome: 'malformed' }) % 4).toBe(0); // 4 a tick
    expect(one('agent_pids_total', { outcome: 'missing' })).toBe(0);
    expect(one('agent_topn_capture_ratio', { resource: 'rss' })).toBeGreaterThan(0);
    expect(one('agent_tick_duration_seconds', { phase: 'read' })).toBeGreaterThan(0);
    const phases = families.get('agent_tick_duration_seconds')!.samples.map((x) => x.labels.phase);
    expect(phases).toEqual(['list', 'read', 'sample', 'enrich', 'filter', 'encode', 'sketch', 'total']);
    expect(one('agent_ticks_total')).toBeGreaterThanOrEqual(2);
    expect(one('agent_resident_memory_bytes')).toBeGreaterThan(10e6);
    expect(one('agent_cpu_host_ratio')).toBeGreaterThan(0);
    expect(one('agent_cpu_host_ratio')).toBeLessThan(1);
    expect(one('agent_breaker_state', { module: 'sketch' })).toBe(0);
    expect(one('agent_breaker_state', { module: 'enrich' })).toBe(0);
    expect(one('agent_config_generation')).toBe(1);
    expect(one('agent_config_last_change_success')).toBe(1);
    // Every counter ends in _total, and every family says what it is.
    for (const [name, f] of families) {
      if (f.type === 'counter') expect(name).toMatch(/_total$/);
      expect(f.help, name).toBeTruthy();
    }
  });

  it('a taken port is reported, not fatal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iw-health-'));
    dirs.push(dir);
    const blocker = (await import('node:http')).createServer();
    blocker.listen(0, '127.0.0.1');
    await once(blocker, 'listening');
    const { port } = blocker.address() as { port: number };
    writeFileSync(join(dir, 'agent.yaml'), `proc_root: ${FIXTURE_PROC}\ninterval_seconds: 0.2\nspool_dir: ${join(dir, 'spool')}\nmetrics_listen: "127.0.0.1:${port}"\n`);
    const agent = runAgent(join(dir, 'agent.yaml'));
    await agent.waitFor(() => agent.logs().some((l) => l.msg === 'tick'), 'a tick');
    const code = await agent.stop();
    const out = agent.logs().map((l) => JSON.stringify(l)).join('\n');
    blocker.close();
    expect(code).toBe(0);
    expect(out).toMatch(/health listener not started/);
    expect(out).toMatch(/"msg":"tick"/);
  });
});
