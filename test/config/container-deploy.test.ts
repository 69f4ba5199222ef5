// The Dockerfile and the Kubernetes DaemonSet cannot be built or run here (no
// Docker engine, no cluster): what can be checked without them is that the
// configs they carry are ones the agent takes, with host_root /host, and that
// they hold the settings host_root depends on (the host's pid namespace, the
// host's / read-only at /host, the token in a file only its owner reads).

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { loadConfig, validateConfig } from '../../src/config/load-config.js';

const repo = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('the Dockerfile', () => {
  it('runs `infrawatch run --config /etc/infrawatch/agent.yaml` on node:20-slim, with a config of host_root /host the agent takes', () => {
    const dockerfile = readFileSync(repo('Dockerfile'), 'utf8');
    const stages = dockerfile.split('\n').filter((l) => l.startsWith('FROM '));
    expect(stages.at(-1)).toBe('FROM node:20-slim');
    expect(dockerfile).toContain('COPY deploy/container/agent.yaml /etc/infrawatch/agent.yaml');
    expect(dockerfile).toContain('ENTRYPOINT ["infrawatch"]');
    expect(dockerfile).toContain('CMD ["run", "--config", "/etc/infrawatch/agent.yaml"]');
    expect(loadConfig(repo('deploy/container/agent.yaml'))).toMatchObject({ host_root: '/host', proc_root: '/host/proc', spool_dir: '/var/lib/infrawatch/spool' });
  });
});

describe('deploy/kubernetes/daemonset.yaml', () => {
  const docs = parseAllDocuments(readFileSync(repo('deploy/kubernetes/daemonset.yaml'), 'utf8')).map((d) => d.toJS());
  const of = (kind: string) => docs.find((d) => d.kind === kind);
  const pod = of('DaemonSet').spec.template.spec;
  const agent = pod.containers[0];

  it('watches the node: its pid namespace, its / read-only at /host, host_root /host in the ConfigMap\'s config', () => {
    expect(pod.hostPID).toBe(true);
    const hostRoot = pod.volumes.find((v: { hostPath?: { path: string } }) => v.hostPath?.path === '/');
    expect(agent.volumeMounts.find((m: { name: string }) => m.name === hostRoot.name)).toMatchObject({ mountPath: '/host', readOnly: true });
    const config = validateConfig(parseAllDocuments(of('ConfigMap').data['agent.yaml'])[0].toJS(), 'the ConfigMap');
    expect(config).toMatchObject({ host_root: '/host', proc_root: '/host/proc' });
    expect(agent.resources.limits.memory).toBe('100Mi'); // the agent's budget: 100 MB
    expect(agent.securityContext.capabilities).toEqual({ drop: ['ALL'], add: ['SYS_PTRACE', 'DAC_READ_SEARCH'] });
  });

  it('gives the agent the ConfigMap\'s config with the Secret\'s token, in a file only its owner reads (the agent refuses any other)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'iw-deploy-'));
    dirs.push(dir);
    for (const sub of ['config', 'token', 'run']) mkdirSync(join(dir, sub));
    writeFileSync(join(dir, 'config/agent.yaml'), of('ConfigMap').data['agent.yaml']);
    writeFileSync(join(dir, 'token/auth_token'), of('Secret').stringData.auth_token);
    // The container's own script, on this test's folders, up to the exec of the agent.
    const script = (agent.args[0] as string)
      .replaceAll('/etc/infrawatch-token/', `${dir}/token/`)
      .replaceAll('/etc/infrawatch/', `${dir}/config/`)
      .replaceAll('/run/infrawatch/', `${dir}/run/`)
      .replace(/^exec infrawatch run .*$/m, 'exit 0');
    expect(agent.command).toEqual(['/bin/sh', '-c']);
    const out = spawnSync('/bin/sh', ['-c', script], { encoding: 'utf8' });
    expect(out.status, out.stderr).toBe(0);
    const composed = join(dir, 'run/agent.yaml');
    expect(statSync(composed).mode & 0o777).toBe(0o600);
    expect(loadConfig(composed)).toMatchObject({ host_root: '/host', auth_token: 'replace-with-the-host-jwt', api_url: 'https://infrawatch.example.com/api' });
    // The script ran the agent on the composed file.
    expect(agent.args[0]).toMatch(/^exec infrawatch run --config \/run\/infrawatch\/agent\.yaml$/m);
  });
});
