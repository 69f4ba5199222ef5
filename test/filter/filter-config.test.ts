// The filter plugin keys as the config check reads them: every problem
// named by its field path, and the public key required and checked.

import { describe, expect, it } from 'vitest';
import { checkConfig } from '../../src/config/schema.js';
import { KEY } from './plugin-fixture.js';

const problems = (doc: Record<string, unknown>) => checkConfig(doc).problems;
const plugin = { path: '/p/a.wasm', signature: '/p/a.wasm.sig', fields: ['command_line'] };

describe('filter_plugins in the config', () => {
  it('is taken with a public key, and each item is checked by its path', () => {
    expect(problems({ filter_plugins: [plugin], filter_plugin_public_key: KEY.publicKey })).toEqual([]);
    expect(problems({ filter_plugins: [{ ...plugin, path: 'a.wasm' }], filter_plugin_public_key: KEY.publicKey })).toEqual([
      'filter_plugins[0].path: expected an absolute path (got a string of 6 characters)',
    ]);
    expect(problems({ filter_plugins: [plugin, { ...plugin, fields: ['command_line', 'argv'] }], filter_plugin_public_key: KEY.publicKey })).toEqual([
      'filter_plugins[1].fields[1]: expected one of command_line, command, user_name, command_name, display_name, env_value (got a string of 4 characters)',
    ]);
    expect(problems({ filter_plugins: [{ ...plugin, fields: [] }], filter_plugin_public_key: KEY.publicKey })[0]).toMatch(/^filter_plugins\[0\]\.fields: expected a non-empty list/);
    expect(problems({ filter_plugins: [{ ...plugin, fields: ['user_name', 'user_name'] }], filter_plugin_public_key: KEY.publicKey })).toEqual([
      'filter_plugins[0].fields[1]: user_name is named twice',
    ]);
    expect(problems({ filter_plugins: [{ ...plugin, key: 'x' }], filter_plugin_public_key: KEY.publicKey })).toEqual(['filter_plugins[0].key: unknown key (expected path, signature, fields)']);
    expect(problems({ filter_plugin_failure: 'drop' })[0]).toMatch(/^filter_plugin_failure: expected one of hold, scrubbed/);
  });

  it('needs filter_plugin_public_key, and one that is 32 bytes of base64', () => {
    expect(problems({ filter_plugins: [plugin] })).toEqual(['filter_plugin_public_key: required with filter_plugins (every plugin is verified against it)']);
    expect(problems({ filter_plugins: [plugin], filter_plugin_public_key: 'c2hvcnQ=' })).toEqual(['filter_plugin_public_key: expected the base64 of a 32-byte Ed25519 public key (got 5 bytes)']);
  });
});
