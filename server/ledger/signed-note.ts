// C2SP signed-note (https://c2sp.org/signed-note) with Ed25519 keys, and the C2SP tlog-checkpoint body
// (https://c2sp.org/tlog-checkpoint) the ledger signs. Go's golang.org/x/mod/sumdb/note reads the same
// format, so outside tools can check our checkpoints. Pure, and the same in the browser's verifier: the
// crypto comes through the seam, and signing (Node only) is in note-signing.ts.
import { ed25519Verify, sha256 } from '#ledger/crypto';
import { concatBytes, fromBase64, sameBytes, toBase64, toHex, utf8Bytes } from './bytes.ts';

// signed-note §Signature types: 0x01 is Ed25519.
const ED25519 = 0x01;
export const ED25519_KEY_SIZE = 32;
const KEY_ID_SIZE = 4;
const ROOT_SIZE = 32;
// signed-note §Format: verifiers should cap the number of signatures and must accept at least 16.
const MAX_SIGNATURES = 100;
const SIGNATURE_PREFIX = '\u2014 '; // em dash, space

// signed-note §Format: UTF-8 without ASCII control characters other than newline. A JS string is
// UTF-8-encodable exactly when it has no lone surrogate.
// eslint-disable-next-line no-control-regex -- the control characters are what the format forbids
const FORBIDDEN_IN_NOTE = /[\u0000-\u0009\u000b-\u001f]|\p{Cs}/u;
// signed-note §Format: key names are non-empty, without Unicode spaces or '+'.
// eslint-disable-next-line no-control-regex -- the control characters are what the format forbids
const FORBIDDEN_IN_NAME = /[\p{White_Space}+\u0000-\u001f]|\p{Cs}/u;

function isKeyName(name: string): boolean {
  return name.length > 0 && !FORBIDDEN_IN_NAME.test(name);
}

export function assertKeyName(name: string): void {
  if (!isKeyName(name))
    throw new Error(`invalid key name ${JSON.stringify(name)}: it must be non-empty, without spaces, '+' or newlines`);
}

/** signed-note §Signatures: key ID = SHA-256(key name ‖ 0x0A ‖ 0x01 ‖ 32-byte Ed25519 public key)[:4]. */
export function keyId(name: string, publicKey: Uint8Array): Uint8Array {
  assertKeyName(name);
  if (publicKey.length !== ED25519_KEY_SIZE) throw new Error('an Ed25519 public key has 32 bytes');
  return new Uint8Array(sha256(utf8Bytes(`${name}\n`), Uint8Array.of(ED25519), publicKey).subarray(0, KEY_ID_SIZE));
}

/** The verifier key, "<name>+<key ID as 8 hex digits>+<base64(0x01 ‖ public key)>". */
export function verifierKey(name: string, publicKey: Uint8Array): string {
  const id = keyId(name, publicKey);
  return `${name}+${toHex(id)}+${toBase64(concatBytes(Uint8Array.of(ED25519), publicKey))}`;
}

/** A verifier key, parsed: the key's name, its key ID and the Ed25519 public key. */
export interface VerifierKey {
  name: string;
  keyId: Uint8Array;
  publicKey: Uint8Array;
}

export function parseVerifierKey(vkey: string): VerifierKey {
  // The key data is base64 and may itself contain '+': split at the first two only.
  const first = vkey.indexOf('+');
  const second = first < 0 ? -1 : vkey.indexOf('+', first + 1);
  if (second < 0) throw new Error('malformed verifier key: expected <name>+<key id>+<key>');
  const name = vkey.slice(0, first);
  const idHex = vkey.slice(first + 1, second);
  const key = fromBase64(vkey.slice(second + 1));
  if (!isKeyName(name)) throw new Error('malformed verifier key: invalid key name');
  if (!/^[0-9a-fA-F]{8}$/.test(idHex)) throw new Error('malformed verifier key: the key id must be 8 hex digits');
  if (key === null || key.length === 0) throw new Error('malformed verifier key: the key is not base64');
  if (key[0] !== ED25519) throw new Error(`malformed verifier key: unknown algorithm ${key[0]}`);
  if (key.length !== 1 + ED25519_KEY_SIZE) throw new Error('malformed verifier key: an Ed25519 key has 32 bytes');
  const publicKey = key.subarray(1);
  const id = keyId(name, publicKey);
  if (toHex(id) !== idHex.toLowerCase()) throw new Error('malformed verifier key: the key id does not match the key');
  return { name, keyId: id, publicKey };
}

/** tlog-checkpoint §Note text: origin, tree size and base64 root hash, each line ending in a newline. */
export function checkpointBody(origin: string, size: number, root: Uint8Array): string {
  if (origin.length === 0 || origin.includes('\n') || FORBIDDEN_IN_NOTE.test(origin)) {
    throw new Error('invalid checkpoint origin: it must be one non-empty line of text');
  }
  if (!Number.isSafeInteger(size) || size < 0) throw new Error(`invalid tree size ${size}`);
  if (root.length !== ROOT_SIZE) throw new Error('a root hash has 32 bytes');
  return `${origin}\n${size}\n${toBase64(root)}\n`;
}

export function assertNoteText(body: string): void {
  if (!body.endsWith('\n')) throw new Error('malformed note: the text must end with a newline');
  if (FORBIDDEN_IN_NOTE.test(body)) throw new Error('malformed note: control characters or invalid UTF-16');
}

/** signed-note §Format: the text, a blank line, then "— <name> base64(key ID ‖ signature)". */
export function noteWithSignature(body: string, name: string, publicKey: Uint8Array, signature: Uint8Array): string {
  assertNoteText(body);
  const id = keyId(name, publicKey);
  return `${body}\n${SIGNATURE_PREFIX}${name} ${toBase64(concatBytes(id, signature))}\n`;
}

/** A signature line of a note: the key's name and ID, and the Ed25519 signature that follows them. */
export interface NoteSignature {
  name: string;
  keyId: Uint8Array;
  signature: Uint8Array;
}

/**
 * signed-note §Format: splits a note into its text and its signature lines, checking the format only
 * (nothing is verified).
 */
export function parseNote(note: string): { body: string; signatures: NoteSignature[] } {
  if (FORBIDDEN_IN_NOTE.test(note)) throw new Error('malformed note: control characters or invalid UTF-16');
  // The text is separated from the signatures by the last blank line.
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new Error('malformed note: no blank line before the signatures');
  const body = note.slice(0, split + 1);
  const block = note.slice(split + 2);
  if (block.length === 0 || !block.endsWith('\n'))
    throw new Error('malformed note: the signatures must end with a newline');
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw new Error(`malformed note: more than ${MAX_SIGNATURES} signatures`);
  const signatures = lines.map((line) => {
    if (!line.startsWith(SIGNATURE_PREFIX))
      throw new Error('malformed note: a signature line must start with an em dash and a space');
    const rest = line.slice(SIGNATURE_PREFIX.length);
    const space = rest.indexOf(' ');
    const name = space < 0 ? rest : rest.slice(0, space);
    const blob = space < 0 ? null : fromBase64(rest.slice(space + 1));
    if (!isKeyName(name) || blob === null || blob.length <= KEY_ID_SIZE) {
      throw new Error('malformed note: a signature line must be "— <name> <base64 signature>"');
    }
    return { name, keyId: blob.subarray(0, KEY_ID_SIZE), signature: blob.subarray(KEY_ID_SIZE) };
  });
  return { body, signatures };
}

/** signed-note §Signatures: the signatures by `key`, the ones with its name and key ID. */
export function signaturesBy(signatures: readonly NoteSignature[], key: VerifierKey): NoteSignature[] {
  return signatures.filter((s) => s.name === key.name && sameBytes(s.keyId, key.keyId));
}

/**
 * Opens a signed note with one trusted key (signed-note §Signatures): signatures of unknown keys (a
 * different name or key ID) are ignored, every signature of the trusted key must verify, and at least
 * one must be there. Throws with the reason otherwise.
 */
export function openNote(note: string, vkey: string): { body: string } {
  const trusted = parseVerifierKey(vkey);
  const { body, signatures } = parseNote(note);
  const ours = signaturesBy(signatures, trusted);
  const named = `${trusted.name}+${toHex(trusted.keyId)}`;
  if (ours.length === 0) throw new Error(`the note has no signature by key ${named}`);
  const message = utf8Bytes(body);
  for (const { signature } of ours) {
    if (!ed25519Verify(trusted.publicKey, message, signature)) throw new Error(`invalid signature for key ${named}`);
  }
  return { body };
}

/**
 * tlog-checkpoint §Note text: at least three non-empty lines (origin, tree size in decimal without
 * leading zeroes, base64 root hash), then optional non-empty extension lines, which are returned as is.
 */
export function parseCheckpoint(body: string): {
  origin: string;
  size: number;
  root: Uint8Array;
  extensions: string[];
} {
  assertNoteText(body);
  const lines = body.slice(0, -1).split('\n');
  if (lines.length < 3) throw new Error('malformed checkpoint: expected origin, tree size and root hash lines');
  if (lines.some((line) => line.length === 0)) throw new Error('malformed checkpoint: empty line');
  const [origin, sizeText, rootText] = lines as [string, string, string];
  if (!/^(?:0|[1-9][0-9]*)$/.test(sizeText))
    throw new Error('malformed checkpoint: the tree size must be decimal without leading zeroes');
  const size = Number(sizeText);
  if (!Number.isSafeInteger(size)) throw new Error('malformed checkpoint: the tree size is too large');
  const root = fromBase64(rootText);
  if (root === null || root.length !== ROOT_SIZE)
    throw new Error('malformed checkpoint: the root hash must be 32 bytes in base64');
  return { origin, size, root, extensions: lines.slice(3) };
}
