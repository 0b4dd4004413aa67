// Ledger entries (DESIGN.md §3): `{v:1, seq, at, type, subject, actor, data, commitment}`, encoded as
// RFC 8785 (JCS) canonical JSON. Confidential content is committed to by SHA-256(salt ‖ canonical(private)).
import { createHash, randomBytes } from 'node:crypto';
import canonicalize from 'canonicalize';
import { toBase64, utf8Bytes } from './bytes.ts';
import { leafHash } from './merkle.ts';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Who acted, by role and agency code only: never a personal name or e-mail. */
export interface EntryActor {
  role: 'business' | 'regulator' | 'admin' | 'system';
  agency: string | null;
}

export interface LedgerEvent {
  type: string;
  subject: string;
  actor: EntryActor;
  /** Public content of the event. */
  data: JsonObject;
  /** Confidential content: stored apart, only its commitment goes into the entry. */
  private?: JsonObject;
}

export interface Entry {
  v: 1;
  seq: number;
  at: string;
  type: string;
  subject: string;
  actor: EntryActor;
  data: JsonObject;
  commitment: string | null;
}

const isJsonValue = (v: unknown): v is JsonValue =>
  v === null ||
  typeof v === 'string' ||
  typeof v === 'boolean' ||
  (typeof v === 'number' && Number.isFinite(v)) ||
  (Array.isArray(v) && v.every(isJsonValue)) ||
  isJsonObject(v);
const isJsonObject = (v: unknown): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every(isJsonValue);

/** A value as the JSON object it is written as (undefined fields dropped); refuses anything else. */
export function toJsonObject(value: unknown): JsonObject {
  const json: unknown = JSON.parse(JSON.stringify(value) ?? 'null');
  if (!isJsonObject(json)) throw new TypeError('value is not a JSON object');
  return json;
}

/** RFC 8785 canonical JSON; refuses what JSON cannot carry (undefined, NaN, Infinity, functions). */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('value has no canonical JSON form');
  return text;
}

export interface Commitment {
  commitment: string; // hex
  salt: string; // base64
  content: string; // canonical JSON of the private content
}

/** commitment = hex(SHA-256(salt ‖ canonical(private))); the salt stops guessing of short contents. */
export function commitTo(privateContent: JsonObject, salt: Uint8Array = randomBytes(32)): Commitment {
  const content = canonicalJson(privateContent);
  const commitment = createHash('sha256').update(salt).update(content, 'utf8').digest('hex');
  return { commitment, salt: toBase64(salt), content };
}

export function encodeEntry(entry: Entry): { canonical: string; leafHash: string } {
  const canonical = canonicalJson(entry);
  return { canonical, leafHash: toBase64(leafHash(utf8Bytes(canonical))) };
}
