// Detached Ed25519 signatures of filter plugins (node:crypto). The public
// key is 32 bytes in base64, as filter_plugin_public_key holds it; a
// signature file holds the 64 bytes of the signature in base64 (one line),
// as `infrawatch plugin sign` writes it. The signature covers the plugin's
// bytes exactly as read: the agent verifies and compiles the same buffer.

import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';

const PUBLIC_KEY_BYTES = 32;
const SIGNATURE_BYTES = 64;

/** The key of a base64 text of 32 bytes; throws saying what is wrong. */
export function publicKeyOf(base64: string): KeyObject {
  const raw = Buffer.from(base64.trim(), 'base64');
  if (raw.length !== PUBLIC_KEY_BYTES || raw.toString('base64') !== base64.trim()) {
    throw new Error(`expected the base64 of a ${PUBLIC_KEY_BYTES}-byte Ed25519 public key (got ${raw.length} bytes)`);
  }
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
}

/** The signature of a signature file's text; throws saying what is wrong. */
export function signatureOf(text: string): Buffer {
  const raw = Buffer.from(text.trim(), 'base64');
  if (raw.length !== SIGNATURE_BYTES) throw new Error(`expected the base64 of a ${SIGNATURE_BYTES}-byte Ed25519 signature (got ${raw.length} bytes)`);
  return raw;
}

export function verifies(bytes: Uint8Array, signature: Buffer, key: KeyObject): boolean {
  return verify(null, bytes, key, signature);
}

/** A signature file's text for `bytes`, signed with a PEM private key. */
export function signPlugin(bytes: Uint8Array, privateKeyPem: string): string {
  return `${sign(null, bytes, createPrivateKey(privateKeyPem)).toString('base64')}\n`;
}

/** A new key pair: the private key as PEM, the public key as filter_plugin_public_key holds it. */
export function newSigningKey(): { privateKeyPem: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const jwk = publicKey.export({ format: 'jwk' });
  return { privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), publicKey: Buffer.from(jwk.x!, 'base64url').toString('base64') };
}
