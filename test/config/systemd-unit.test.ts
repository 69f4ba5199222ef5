import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
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
