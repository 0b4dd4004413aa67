// The signing side of the ledger's signed notes (C2SP signed-note, Ed25519): the server's key and its
// signatures. Node only (node:crypto key objects); everything a verifier needs is in signed-note.ts.
import { createPrivateKey, createPublicKey, randomBytes, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { ED25519_KEY_SIZE, assertKeyName, assertNoteText, noteWithSignature } from './signed-note.ts';

export interface NoteKey {
  name: string;
  publicKey: Uint8Array; // 32 bytes
  privateKey: KeyObject;
}

// The DER wrapper of a raw Ed25519 seed (PKCS #8, RFC 8410 §7).
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export function noteKeyFromSeed(name: string, seed: Uint8Array): NoteKey {
  assertKeyName(name);
  if (seed.length !== ED25519_KEY_SIZE) throw new Error('an Ed25519 seed has 32 bytes');
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  // The SPKI form (RFC 8410 §4) ends with the raw 32-byte key.
  return { name, publicKey: new Uint8Array(spki.subarray(spki.length - ED25519_KEY_SIZE)), privateKey };
}

export function generateNoteKey(name: string): { key: NoteKey; seed: Uint8Array } {
  const seed = new Uint8Array(randomBytes(ED25519_KEY_SIZE));
  return { key: noteKeyFromSeed(name, seed), seed };
}

/** signed-note §Format: the text, a blank line, then "— <name> base64(key ID ‖ signature)". */
export function signNote(body: string, key: NoteKey): string {
  assertNoteText(body);
  return noteWithSignature(body, key.name, key.publicKey, sign(null, Buffer.from(body, 'utf8'), key.privateKey));
}
