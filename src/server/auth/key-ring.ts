// The keys that may sign agents' tokens, read from the files server.yaml
// names (auth.keys), each bound to one account and an allow-list of
// algorithms. A secret must be a file only its owner can read, and long
// enough that guessing it is not the weak point (32 bytes: HS256's own
// output size, as RFC 7518 §3.2 asks).

import { createPublicKey, createSecretKey, type KeyObject } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { InfraWatchError } from '../../errors.js';
import type { AuthKeyConfig, KeyAlgorithm } from '../config/server-config.js';

export const MIN_SECRET_BYTES = 32;

export interface SigningKey {
  readonly id: string;
  readonly account: string;
  readonly algorithms: readonly KeyAlgorithm[];
  /** The HMAC secret, or the public key: what jose verifies with. */
  readonly key: KeyObject;
  /** HS*: the secret is also what `infrawatch token issue` signs with. */
  readonly symmetric: boolean;
}

function keyError(at: string, problem: string, cause?: unknown): InfraWatchError {
  return new InfraWatchError('IW_ERR_CONFIG', `${at}: ${problem}`, cause === undefined ? undefined : { cause });
}

function readKeyFile(file: string, at: string, secret: boolean): Buffer {
  try {
    if (secret && (statSync(file).mode & 0o077) !== 0) {
      throw keyError(at, `${file} may be read by others than its owner; run: chmod 600 ${file}`);
    }
    return readFileSync(file);
  } catch (err) {
    if (err instanceof InfraWatchError) throw err;
    throw keyError(at, `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, err);
  }
}

/** Reads every key of `keys`; `where` is the config file, named in errors. */
export function loadKeyRing(keys: readonly AuthKeyConfig[], where: string): SigningKey[] {
  return keys.map((k, i) => {
    const at = `${where}: auth.keys[${i}]`;
    if (k.secret_file !== '') {
      // A trailing newline (echo … > file) is not part of the secret.
      const text = readKeyFile(k.secret_file, `${at}.secret_file`, true);
      const secret = text.subarray(0, text.length - (text.at(-1) === 0x0a ? 1 : 0));
      if (secret.length < MIN_SECRET_BYTES) throw keyError(`${at}.secret_file`, `${secret.length} bytes, fewer than the ${MIN_SECRET_BYTES} an HS* secret needs`);
      return { id: k.id, account: k.account, algorithms: k.algorithms, key: createSecretKey(secret), symmetric: true };
    }
    const pem = readKeyFile(k.public_key_file, `${at}.public_key_file`, false);
    let key: KeyObject;
    try {
      key = createPublicKey(pem);
    } catch (err) {
      throw keyError(`${at}.public_key_file`, `${k.public_key_file} is not a PEM public key`, err);
    }
    const type = key.asymmetricKeyType;
    const fits = k.algorithms.every((a) => (a.startsWith('ES') ? type === 'ec' : type === 'rsa' || type === 'rsa-pss'));
    if (!fits) throw keyError(`${at}.algorithms`, `a ${type} key cannot verify ${k.algorithms.join(', ')}`);
    return { id: k.id, account: k.account, algorithms: k.algorithms, key, symmetric: false };
  });
}
