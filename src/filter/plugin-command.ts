// `infrawatch plugin keygen|sign`: the operator's side of the signed filter
// plugins. keygen writes a new Ed25519 private key (PEM, mode 0600, never
// over an existing file) and prints the public key as
// filter_plugin_public_key takes it; sign writes a plugin's detached
// signature beside it and loads the plugin as the agent would (verified,
// metered, its exports checked), so a plugin the agent would refuse is
// found before it is shipped.

import { createPublicKey } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { InfraWatchError } from '../errors.js';
import { FilterPlugin } from './filter-plugin.js';
import { newSigningKey, publicKeyOf, signPlugin } from './plugin-signature.js';

export const PLUGIN_USAGE = `  plugin keygen --out KEY.pem
                              write a new Ed25519 signing key (mode 0600) and print its
                              public key, as filter_plugin_public_key takes it
  plugin sign --key KEY.pem PLUGIN.wasm [--out SIG]
                              sign a filter plugin (default PLUGIN.wasm.sig) and check
                              that the agent would load it`;

function usage(message: string): InfraWatchError {
  return new InfraWatchError('IW_ERR_USAGE', `plugin: ${message}`);
}

function parse(args: string[], options: Record<string, { type: 'string' }>) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: true });
  } catch (err) {
    throw usage((err as Error).message);
  }
}

export function pluginCommand(args: string[]): void {
  const [sub, ...rest] = args;
  if (sub === 'keygen') {
    const { values, positionals } = parse(rest, { out: { type: 'string' } });
    if (values.out === undefined || positionals.length > 0) throw usage('keygen: expected --out KEY.pem');
    const key = newSigningKey();
    writeFileSync(values.out, key.privateKeyPem, { mode: 0o600, flag: 'wx' });
    process.stdout.write(`filter_plugin_public_key: ${key.publicKey}\n`);
    return;
  }
  if (sub === 'sign') {
    const { values, positionals } = parse(rest, { key: { type: 'string' }, out: { type: 'string' } });
    if (values.key === undefined || positionals.length !== 1) throw usage('sign: expected --key KEY.pem PLUGIN.wasm');
    const path = positionals[0];
    const signature = values.out ?? `${path}.sig`;
    const pem = readFileSync(values.key, 'utf8');
    writeFileSync(signature, signPlugin(readFileSync(path), pem));
    const publicKey = Buffer.from(createPublicKey(pem).export({ format: 'jwk' }).x!, 'base64url').toString('base64');
    try {
      FilterPlugin.load({ path, signature, fields: [] }, publicKeyOf(publicKey));
    } catch (err) {
      throw new InfraWatchError('IW_ERR_CONFIG', `${signature} written, but the agent would refuse the plugin: ${(err as Error).message}`);
    }
    process.stdout.write(`${signature}: signed; the agent takes it with filter_plugin_public_key: ${publicKey}\n`);
    return;
  }
  throw usage(`expected keygen or sign, got ${JSON.stringify(sub ?? '')}`);
}
