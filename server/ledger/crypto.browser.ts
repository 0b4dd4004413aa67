// The ledger's crypto seam in the browser (see crypto.ts): pure JS and synchronous, so the verifier's
// functions are the same synchronous functions as on Node. WebCrypto would make every hash a promise.
import { hashes, verify } from '@noble/ed25519';
import { sha256 as nobleSha256, sha512 } from '@noble/hashes/sha2.js';
import type { Ed25519Verify, Sha256 } from './crypto.ts';

// @noble/ed25519 verifies synchronously once it is given a synchronous SHA-512.
hashes.sha512 = sha512;

export const sha256: Sha256 = (...parts) => {
  const hash = nobleSha256.create();
  for (const part of parts) hash.update(part);
  return hash.digest();
};

export const ed25519Verify: Ed25519Verify = (publicKey, message, signature) => {
  try {
    // zip215: false: RFC 8032's strict rules, closer to OpenSSL's (node:crypto, on the server) than ZIP-215's
    // lenient ones.
    return verify(signature, message, publicKey, { zip215: false });
  } catch {
    return false;
  }
};
