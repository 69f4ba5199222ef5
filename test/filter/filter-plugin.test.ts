// One plugin, loaded and called: what the example redaction changes (and
// what it leaves), the limits that stop a plugin that misbehaves, and the
// plugins that are refused before they run.

import { appendFileSync, rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FilterPlugin } from '../../src/filter/filter-plugin.js';
import { NOTE_SECTION, OTHER_KEY, PUBLIC_KEY, signedCopy, tempDir } from './plugin-fixture.js';

function load(name: string, key = PUBLIC_KEY): FilterPlugin {
  const { path, signature } = signedCopy(tempDir(), name);
  return FilterPlugin.load({ path, signature, fields: ['command_line'] }, key);
}

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('the plugin was loaded');
}

describe('a signed redaction plugin', () => {
  it('masks the tenant names, drops the rows it is told to, and leaves everything else as it was', () => {
    const p = load('redact-tenant');
    expect(p.call('command_line', 'worker --tenant-acme7 --password=******** --db=/var/tenant-/x')).toEqual({
      kind: 'replace',
      value: 'worker --tenant-**** --password=******** --db=/var/tenant-/x',
    });
    expect(p.call('command_line', 'tenant-a tenant-b9b,tenant-')).toEqual({ kind: 'replace', value: 'tenant-**** tenant-****,tenant-' });
    expect(p.call('user_name', 'tenant-ops')).toEqual({ kind: 'replace', value: 'tenant-****' });
    expect(p.call('command_line', 'nginx: worker process')).toEqual({ kind: 'keep' });
    expect(p.call('command_line', 'backup --iw-private --to /mnt')).toEqual({ kind: 'drop' });
    // Only a command line drops a row; another field with the word is kept.
    expect(p.call('user_name', '--iw-private')).toEqual({ kind: 'keep' });
    // UTF-8 both ways, and a field longer than its first page of memory (the plugin grows it).
    expect(p.call('command_line', 'é tenant-x9 ü')).toEqual({ kind: 'replace', value: 'é tenant-**** ü' });
    const long = p.call('command_line', `${'a'.repeat(40_000)} tenant-zz`);
    expect(long.kind === 'replace' && long.value === `${'a'.repeat(40_000)} tenant-****`).toBe(true);
  });
});

describe('a plugin that misbehaves is stopped, and the call says why', () => {
  it('an endless loop runs out of fuel, and the next call runs on a new instance', () => {
    const p = load('loop-forever');
    const first = p.call('command_line', 'x');
    expect(first).toMatchObject({ kind: 'fault', cause: 'fuel' });
    expect(p.call('command_line', 'x')).toMatchObject({ kind: 'fault', cause: 'fuel' });
  });

  it('a plugin that grows its memory past its maximum is stopped there', () => {
    const p = load('grow-memory');
    expect(p.call('command_line', 'x')).toMatchObject({ kind: 'fault', cause: 'memory', reason: expect.stringMatching(/past its maximum \(4096 KiB at most\)/) });
  });

  it('a trap is a fault, not an exception', () => {
    const p = load('trap');
    expect(p.call('command_line', 'x')).toEqual({ kind: 'fault', cause: 'trap', reason: 'trapped: divide by zero' });
  });
});

describe('a plugin is refused before it runs', () => {
  it('without a signature', () => {
    const { path, signature } = signedCopy(tempDir(), 'redact-tenant');
    rmSync(signature);
    expect(refusal(() => FilterPlugin.load({ path, signature, fields: ['command_line'] }, PUBLIC_KEY))).toMatch(/redact-tenant\.wasm\.sig: the plugin's signature: ENOENT/);
  });

  it('signed with another key', () => {
    const { path, signature } = signedCopy(tempDir(), 'redact-tenant', OTHER_KEY.privateKeyPem);
    expect(refusal(() => FilterPlugin.load({ path, signature, fields: ['command_line'] }, PUBLIC_KEY))).toMatch(
      /redact-tenant\.wasm: its signature .* does not verify against filter_plugin_public_key/,
    );
  });

  it('changed after it was signed', () => {
    const { path, signature } = signedCopy(tempDir(), 'redact-tenant');
    appendFileSync(path, NOTE_SECTION);
    expect(refusal(() => FilterPlugin.load({ path, signature, fields: ['command_line'] }, PUBLIC_KEY))).toMatch(/does not verify/);
  });

  it('whose memory has no maximum, or one over 4 MiB', () => {
    expect(refusal(() => load('no-memory-max'))).toMatch(/its memory declares no maximum: one of at most 64 pages \(4 MiB\) is required/);
    expect(refusal(() => load('big-memory'))).toMatch(/its memory's maximum is 128 pages \(8 MiB\): at most 64 pages \(4 MiB\) are taken/);
  });

  it('that imports anything, or holds an instruction the metering does not read', () => {
    expect(refusal(() => load('imports'))).toMatch(/not taken: it imports: a filter plugin may import nothing/);
    expect(refusal(() => load('simd'))).toMatch(/not taken: instruction 0xfd at byte \d+ of a function body is not taken \(SIMD/);
  });

  it('whose start function never returns: stopped by the fuel at load, not hung', () => {
    expect(refusal(() => load('start-loop'))).toMatch(/start-loop\.wasm: its start function did not finish \(out of fuel, or a trap\)/);
  });
});

describe('the metering keeps what a module does', () => {
  it('tables, call_indirect, br_table, globals, a start function, i64 and f64, bulk memory: the same answers', () => {
    const p = load('kitchen-sink');
    expect(p.call('command_line', '')).toEqual({ kind: 'keep' });
    expect(p.call('command_line', 'x'.repeat(7))).toEqual({ kind: 'replace', value: '7' });
    expect(p.call('command_line', 'x'.repeat(1234))).toEqual({ kind: 'replace', value: '1234' });
  });
});
