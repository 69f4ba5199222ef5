import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { MetricsRegistry } from '../../src/health/metrics-registry.js';
import { CLI, FIXTURE_PROC } from '../helpers.js';

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
    const child = spawn(process.execPath, [CLI, 'run', '--config', join(dir, 'agent.yaml')], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    for (let i = 0; i < 100 && (out.match(/"msg":"tick"/g) ?? []).length < 2; i++) await sleep(50);
    const port = JSON.parse(out.split('\n').find((l) => l.includes('"health listening"'))!).port as number;
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    const missing = await fetch(`http://127.0.0.1:${port}/nothing`);
    child.kill('SIGINT');
    await once(child, 'exit');
    expect(health.status).toBe(200);
    expect(await health.text()).toBe('ok\n');
    expect(missing.status).toBe(404);
    expect(metrics).toMatch(/^# HELP agent_cpu_seconds_total /m);
    expect(metrics).toMatch(/^# TYPE agent_cpu_seconds_total counter$/m);
    expect(metrics).toMatch(/^agent_cpu_seconds_total\{mode="user"\} \d/m);
    expect(metrics).toMatch(/^agent_pids_scanned 13$/m);
    expect(metrics).toMatch(/^agent_pids_total\{outcome="malformed"\} (\d+)$/m);
    expect(Number(/^agent_pids_total\{outcome="malformed"\} (\d+)$/m.exec(metrics)![1]) % 4).toBe(0); // 4 a tick
    expect(metrics).toMatch(/^agent_topn_capture_ratio\{resource="rss"\} [\d.]+$/m);
    expect(metrics).toMatch(/^agent_tick_duration_seconds\{phase="read"\} [\d.e-]+$/m);
    expect(Number(/^agent_ticks_total (\d+)$/m.exec(metrics)![1])).toBeGreaterThanOrEqual(2);
    expect(metrics).toMatch(/^agent_resident_memory_bytes \d+$/m);
    // Every counter ends in _total; every sample line has its TYPE before it.
    for (const m of metrics.matchAll(/^# TYPE (\S+) counter$/gm)) expect(m[1]).toMatch(/_total$/);
  });

  it('a taken port is reported, not fatal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iw-health-'));
    dirs.push(dir);
    const blocker = (await import('node:http')).createServer();
    blocker.listen(0, '127.0.0.1');
    await once(blocker, 'listening');
    const { port } = blocker.address() as { port: number };
    writeFileSync(join(dir, 'agent.yaml'), `proc_root: ${FIXTURE_PROC}\ninterval_seconds: 0.2\nspool_dir: ${join(dir, 'spool')}\nmetrics_listen: "127.0.0.1:${port}"\n`);
    const child = spawn(process.execPath, [CLI, 'run', '--config', join(dir, 'agent.yaml')], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    for (let i = 0; i < 100 && !out.includes('"msg":"tick"'); i++) await sleep(50);
    child.kill('SIGINT');
    const [code] = await once(child, 'exit');
    blocker.close();
    expect(code).toBe(0);
    expect(out).toMatch(/health listener not started/);
    expect(out).toMatch(/"msg":"tick"/);
  });
});
