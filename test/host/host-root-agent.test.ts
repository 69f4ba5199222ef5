// A real agent (`infrawatch run`, a child process) with host_root pointed at a
// fixture host tree, as in a container with the host's / mounted at /host,
// and a loopback Infra-Watch API receiving its bodies: what it reports must
// come from the tree, not from this machine (which runs Debian 12, a real
// pyenv, another kernel and machine id).

import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, FIXTURE_PROC, runAgent } from '../helpers.js';

const otlp = createRequire(import.meta.url)('@opentelemetry/otlp-transformer/build/src/generated/root.js').opentelemetry.proto;
const OtlpRequest = otlp.collector.metrics.v1.ExportMetricsServiceRequest;

const HOST = fileURLToPath(new URL('../fixtures/host', import.meta.url));
const MACHINE_ID = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** The fixture host tree with the fixture processes in its proc: a whole host under one root. */
function hostTree(): string {
  const root = mkdtempSync(join(tmpdir(), 'iw-hostroot-agent-'));
  dirs.push(root);
  cpSync(HOST, join(root, 'host'), { recursive: true });
  cpSync(FIXTURE_PROC, join(root, 'host/proc'), { recursive: true, verbatimSymlinks: true, force: false });
  return root;
}

describe('an agent with host_root on a fixture host tree', () => {
  it('reports the tree\'s host: its machine id and name, OS, kernel, packages, users, memory and uptime', async () => {
    const got: Array<{ path: string; body: Record<string, any> }> = [];
    const otlpResources: Array<Record<string, unknown>> = [];
    const polls: string[] = [];
    const server = createServer(async (req, res) => {
      if (req.method === 'GET') {
        polls.push(req.url!);
        return void res.writeHead(404).end();
      }
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      if (req.url === '/v1/metrics') {
        // The OTLP sink gzips bodies over 8 KiB (the API sink does not, by default).
        const raw = req.headers['content-encoding'] === 'gzip' ? gunzipSync(Buffer.concat(chunks)) : Buffer.concat(chunks);
        const attributes: Array<{ key: string; value: Record<string, unknown> }> = OtlpRequest.toObject(OtlpRequest.decode(raw)).resourceMetrics[0].resource.attributes;
        otlpResources.push(Object.fromEntries(attributes.map((a) => [a.key, Object.values(a.value)[0]])));
        return void res.writeHead(200).end();
      }
      got.push({ path: req.url!, body: JSON.parse(Buffer.concat(chunks).toString()) });
      res.writeHead(200).end();
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const dir = hostTree();
    const config = join(dir, 'agent.yaml');
    const port = (server.address() as { port: number }).port;
    writeFileSync(
      config,
      [
        `api_url: "http://127.0.0.1:${port}/api"`,
        `otlp_endpoint: "http://127.0.0.1:${port}"`,
        `host_root: ${join(dir, 'host')}`, // no proc_root: it follows, <host_root>/proc
        'interval_seconds: 0.3',
        'top_n: 20',
        'env_whitelist: ["APP_ENV"]',
        `spool_dir: ${join(dir, 'spool')}`,
        `queue_dir: ${join(dir, 'queue')}`,
        'scan_cpu_budget_percent: 100',
        'metrics_listen: ""',
      ].join('\n') + '\n',
    );
    chmodSync(config, 0o600);
    // The agent's own environment points at this machine's pyenv (PATH, PYENV_ROOT) and a venv: under host_root they are the container's, not read.
    const agent = runAgent(config, { ...process.env, APP_ENV: 'in-container', PYENV_ROOT: '/root/.pyenv', VIRTUAL_ENV: '/root/.pyenv/versions/3.11.7' });
    try {
      await agent.waitFor(
        () => got.some((g) => g.path === '/api/snapshot') && got.filter((g) => g.path === '/api/telemetry').length >= 2 && otlpResources.length > 0,
        'a snapshot, two telemetry bodies and an OTLP request',
      );
    } finally {
      await agent.stop();
      server.close();
    }

    expect(agent.logs().find((l) => l.msg === 'agent started')).toMatchObject({ hostRoot: join(dir, 'host'), procRoot: join(dir, 'host/proc') });
    const register = got.find((g) => g.path === '/api/hosts/register')!.body;
    expect(register).toMatchObject({ host_id: MACHINE_ID, hostname: 'fixture-host' });
    expect(polls[0]).toBe(`/api/agents/${MACHINE_ID}/config`);
    expect(otlpResources[0]).toMatchObject({ 'host.id': MACHINE_ID, 'host.name': 'fixture-host' });

    const snapshot = got.find((g) => g.path === '/api/snapshot')!.body;
    expect(snapshot).toMatchObject({
      host_id: MACHINE_ID,
      os_info: { name: 'Infra-Watch Fixture Linux', version: '9.3 (test tree)' },
      kernel: '6.1.0-18-amd64',
      kernel_version: '#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)',
      env_vars: { APP_ENV: 'in-container' },
    });
    // The tree's site-packages only: none of this machine's pyenv or system Python.
    expect(snapshot.packages).toEqual([
      { name: 'PyYAML', version: '6.0.1' },
      { name: 'numpy', version: '1.26.4' },
      { name: 'requests', version: '2.31.0' },
      { name: 'six', version: '1.16.0' },
    ]);
    expect(snapshot.os_packages.map((p: { name: string }) => p.name)).toEqual(['adduser', 'bash', 'hello-tool', 'libfoo']);

    const telemetry = got.filter((g) => g.path === '/api/telemetry').map((g) => g.body);
    // The tree's meminfo (16 GB, 4 GB available) and uptime; this machine's are others.
    expect(telemetry[1]).toMatchObject({ host_id: MACHINE_ID, memory: 75, uptime: 12345 });
    // The disk is the tree's folder, under the host's name for it.
    expect(telemetry[1].disks.map((d: { mount: string }) => d.mount)).toEqual(['/']);
    // The tree's processes (proc_root followed host_root), named by the tree's passwd.
    const users = new Map<number, string>(telemetry[1].processes.top.map((r: { processId: number; userName: string }) => [r.processId, r.userName]));
    expect(telemetry[1].processes.totals.processCount).toBe(13);
    expect(users.get(100)).toBe('fixture-root');
    expect(users.get(117)).toBe('fixture-nobody');
  }, 60_000);

  it('refuses a host_root it cannot read, naming it, before it starts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'iw-hostroot-bad-'));
    dirs.push(dir);
    const config = join(dir, 'agent.yaml');
    writeFileSync(config, `host_root: ${join(dir, 'missing')}\nspool_dir: ${join(dir, 'spool')}\nmetrics_listen: ""\n`);
    const out = spawnSync(process.execPath, [CLI, 'run', '--config', config, '--once'], { encoding: 'utf8', timeout: 30_000 });
    expect(out.status).toBe(2);
    expect(out.stderr).toContain(`IW_ERR_CONFIG: host_root: ${join(dir, 'missing')}: not a folder the agent can read`);
  });
});
