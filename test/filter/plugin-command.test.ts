// `infrawatch plugin keygen|sign`, run as the operator runs it: the key it
// writes, the signature the agent verifies, and a plugin the agent would
// refuse named at signing.

import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FilterPlugin } from '../../src/filter/filter-plugin.js';
import { publicKeyOf } from '../../src/filter/plugin-signature.js';
import { CLI } from '../helpers.js';
import { builtPlugin, tempDir } from './plugin-fixture.js';

const run = (...args: string[]) => spawnSync(process.execPath, [CLI, 'plugin', ...args], { encoding: 'utf8' });

describe('infrawatch plugin', () => {
  it('keygen writes a private key only its owner reads; sign writes a signature the agent verifies with the key keygen printed', () => {
    const dir = tempDir();
    const keyFile = join(dir, 'key.pem');
    const keygen = run('keygen', '--out', keyFile);
    expect(keygen.status).toBe(0);
    const publicKey = /^filter_plugin_public_key: (\S+)$/m.exec(keygen.stdout)![1];
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(run('keygen', '--out', keyFile).status).not.toBe(0); // never over an existing key

    const plugin = join(dir, 'redact-tenant.wasm');
    copyFileSync(builtPlugin('redact-tenant'), plugin);
    const sign = run('sign', '--key', keyFile, plugin);
    expect(sign.status).toBe(0);
    expect(sign.stdout).toContain(publicKey);
    expect(readFileSync(`${plugin}.sig`, 'utf8')).toMatch(/^[A-Za-z0-9+/]{86}==\n$/);
    const loaded = FilterPlugin.load({ path: plugin, signature: `${plugin}.sig`, fields: ['command_line'] }, publicKeyOf(publicKey));
    expect(loaded.call('command_line', 'tenant-a')).toEqual({ kind: 'replace', value: 'tenant-****' });

    const big = join(dir, 'big-memory.wasm');
    copyFileSync(builtPlugin('big-memory'), big);
    const refused = run('sign', '--key', keyFile, big);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/IW_ERR_CONFIG: .*big-memory\.wasm\.sig written, but the agent would refuse the plugin: .*at most 64 pages \(4 MiB\)/);
  }, 30_000);
});
