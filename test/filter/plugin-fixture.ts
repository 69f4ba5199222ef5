// The filter plugin tests' plugins: built from WAT by scripts/build-plugins.sh
// (`npm run build`, wat2wasm from Debian's wabt), signed here with a key
// made for the test, in a temp folder removed after each test.

import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';
import { newSigningKey, publicKeyOf, signPlugin } from '../../src/filter/plugin-signature.js';

const BUILT = fileURLToPath(new URL('../../dist/', import.meta.url));

/** The built plugin `name` (plugins/ for the example, test/fixtures/plugins/ for the others); throws saying what is missing. */
export function builtPlugin(name: string): string {
  const file = name === 'redact-tenant' ? join(BUILT, 'plugins', `${name}.wasm`) : join(BUILT, 'test/fixtures/plugins', `${name}.wasm`);
  if (!existsSync(file)) throw new Error(`${file} is missing: npm run build makes it with wat2wasm (Debian package wabt: apt-get install wabt)`);
  return file;
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

export function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'iw-filter-'));
  dirs.push(d);
  return d;
}

export const KEY = newSigningKey();
export const PUBLIC_KEY = publicKeyOf(KEY.publicKey);
/** Another key: a signature made with it does not verify against KEY. */
export const OTHER_KEY = newSigningKey();

/** The built plugin copied into `dir` and signed there; returns the paths of both. */
export function signedCopy(dir: string, name: string, privateKeyPem = KEY.privateKeyPem): { path: string; signature: string } {
  const path = join(dir, `${name}.wasm`);
  copyFileSync(builtPlugin(name), path);
  const signature = `${path}.sig`;
  writeFileSync(signature, signPlugin(readFileSync(path), privateKeyPem));
  return { path, signature };
}

/** A custom section named "note", empty: appended, the module stays valid and its bytes change (a new build, or a change after signing). */
export const NOTE_SECTION = Buffer.from([0, 5, 4, 0x6e, 0x6f, 0x74, 0x65]);
