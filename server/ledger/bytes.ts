// The ledger's one bytes helper: comparison, concatenation, hex, UTF-8 and standard base64 over plain
// Uint8Arrays. Nothing here needs Node (no Buffer), so the verifier built for the browser uses the same
// code as the server and the CLI.

const utf8 = new TextEncoder();

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** The value of each base64 character by its char code; -1 for every other character. */
const VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i += 1) VALUE[ALPHABET.charCodeAt(i)] = i;
// String.fromCharCode takes its bytes as arguments: chunks keep large inputs under the engine's limit.
const ARGUMENTS_PER_CALL = 0x8000;

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

export function utf8Bytes(text: string): Uint8Array {
  return utf8.encode(text);
}

export function toHex(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/** Standard base64 (RFC 4648 §4), padded. */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let at = 0; at < bytes.length; at += ARGUMENTS_PER_CALL) {
    binary += String.fromCharCode(...bytes.subarray(at, at + ARGUMENTS_PER_CALL));
  }
  return btoa(binary);
}

/**
 * Standard base64 (RFC 4648 §4), padded and canonical (the unused bits of the last character are zero);
 * null for anything else, so that one value has one text. A decoder of its own, not atob: atob skips
 * whitespace and accepts missing padding, and the verifier reads every served hash through this.
 */
export function fromBase64(text: string): Uint8Array | null {
  if (text.length % 4 !== 0) return null;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const bytes = new Uint8Array((text.length / 4) * 3 - padding);
  let at = 0;
  for (let i = 0; i < text.length; i += 4) {
    const last = i + 4 === text.length;
    const a = value(text, i);
    const b = value(text, i + 1);
    const c = last && padding === 2 ? 0 : value(text, i + 2);
    const d = last && padding > 0 ? 0 : value(text, i + 3);
    if ((a | b | c | d) < 0) return null;
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    bytes[at++] = n >> 16;
    if (at < bytes.length) bytes[at++] = (n >> 8) & 0xff;
    if (at < bytes.length) bytes[at++] = n & 0xff;
    // Canonical: the bits the padding leaves over are zero.
    if (last && ((padding === 2 && (b & 0x0f) !== 0) || (padding === 1 && (c & 0x03) !== 0))) return null;
  }
  return bytes;
}

function value(text: string, at: number): number {
  const code = text.charCodeAt(at);
  return code < 128 ? VALUE[code] : -1;
}
