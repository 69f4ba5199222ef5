import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ROLES } from '../../src/server/config/server-config.js';
import { shebangNodeFlags, unitNodeFlags } from '../agent-command.js';

const UNIT = fileURLToPath(new URL('../../config/infrawatch.service', import.meta.url));
const analyze = spawnSync('sh', ['-c', 'command -v systemd-analyze'], { encoding: 'utf8' }).stdout.trim();

describe('config/infrawatch.service', () => {
  it.skipIf(analyze === '')('passes systemd-analyze verify', () => {
    const out = spawnSync(analyze, ['verify', UNIT], { encoding: 'utf8' });
    expect(out.status, out.stderr).toBe(0);
  });

  it('starts node with the flags of the CLI\'s shebang line (--no-memory-reducer), so `infrawatch run` and the service run alike', () => {
    const flags = unitNodeFlags();
    expect(flags).toContain('--no-memory-reducer');
    expect(shebangNodeFlags(readFileSync(fileURLToPath(new URL('../../src/cli.ts', import.meta.url)), 'utf8'))).toEqual(flags);
    // Node takes them: it prints the version and exits 0.
    const out = spawnSync(process.execPath, [...flags, '--version'], { encoding: 'utf8' });
    expect(out.status, out.stderr).toBe(0);
  });

  it('restarts on failure, runs unprivileged with only the capabilities /proc needs, and is hardened', () => {
    const unit = readFileSync(UNIT, 'utf8');
    for (const line of [
      'Restart=on-failure',
      'User=infrawatch',
      'AmbientCapabilities=CAP_SYS_PTRACE CAP_DAC_READ_SEARCH',
      'CapabilityBoundingSet=CAP_SYS_PTRACE CAP_DAC_READ_SEARCH',
      'NoNewPrivileges=yes',
      'ProtectSystem=strict',
      'LimitNOFILE=1048576',
    ]) {
      expect(unit).toContain(line);
    }
  });
});

const SERVER_UNIT = fileURLToPath(new URL('../../config/infrawatch-server@.service', import.meta.url));

describe('config/infrawatch-server@.service', () => {
  it.skipIf(analyze === '')('passes systemd-analyze verify for each role, without a warning', () => {
    const dir = mkdtempSync(join(tmpdir(), 'iw-unit-'));
    try {
      for (const role of [...ROLES, 'query']) {
        // A template is verified as one of its instances.
        const instance = join(dir, `infrawatch-server@${role}.service`);
        copyFileSync(SERVER_UNIT, instance);
        const out = spawnSync(analyze, ['verify', instance], { encoding: 'utf8' });
        expect(out.status, out.stderr).toBe(0);
        expect(out.stderr).toBe('');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs `serve --role <instance>` on that role\'s config, restarts a crashed role a second later, unprivileged and hardened', () => {
    const unit = readFileSync(SERVER_UNIT, 'utf8');
    for (const line of [
      'ExecStart=/usr/bin/node /opt/infrawatch/dist/src/cli.js serve --config /etc/infrawatch/server-%i.yaml --role %i',
      'Restart=on-failure',
      'RestartSec=1s',
      'User=infrawatch',
      'CapabilityBoundingSet=',
      'NoNewPrivileges=yes',
      'ProtectSystem=strict',
    ]) {
      expect(unit).toContain(line);
    }
  });
});
