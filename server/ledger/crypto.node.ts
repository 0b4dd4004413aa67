// The ledger's crypto seam on Node (see crypto.ts): node:crypto.
import { createHash, createPublicKey, verify } from 'node:crypto';
import type { Ed25519Verify, Sha256 } from './crypto.ts';

// The DER wrapper of a raw Ed25519 public key (SPKI, RFC 8410 §4).
const SPKI_PREFIX = Uint8Array.of(0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00);

export const sha256: Sha256 = (...parts) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
};

export const ed25519Verify: Ed25519Verify = (publicKey, message, signature) => {
  try {
    const key = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, publicKey]), format: 'der', type: 'spki' });
    return verify(null, message, key, signature);
  } catch {
    return false;
  }
};
