// The ledger's one bytes helper: comparison, concatenation, hex, UTF-8 and standard base64 over plain
// Uint8Arrays. Nothing here needs Node (no Buffer), so the verifier built for the browser uses the same
// code as the server and the CLI.

const utf8 = new TextEncoder();

// RFC 4648 §4, padded: whole quanta, then at most one padded one.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
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
 * null for anything else, so that one value has one text.
 */
export function fromBase64(text: string): Uint8Array | null {
  if (!BASE64.test(text)) return null;
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return toBase64(bytes) === text ? bytes : null;
}
