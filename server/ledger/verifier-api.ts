// The verifier's side of the public ledger API (DESIGN §3, "Public ledger API"): the two ways a run
// ends badly, the wire contract as schemas, and GETs through a fetch-like function, so the same walk
// runs against the real server, a test fixture, or from the browser's page.
// zod/mini, zod's tree-shakable form: the page's bundle carries only the checks used here.
import { en } from 'zod/locales';
import * as z from 'zod/mini';
import { fromBase64 } from './bytes.ts';
import { HASH_SIZE, type Hash } from './merkle.ts';

/** The log answered, and the answer does not match what it signed or showed before (exit 1). */
export class VerificationFailure extends Error {
  override name = 'VerificationFailure';
}

/** Verification could not run: the log is unreachable or answers an error, or the state file is unusable (exit 2). */
export class CannotVerify extends Error {
  override name = 'CannotVerify';
}

export type FetchLike = (
  url: string,
  init: { headers: Record<string, string>; signal: AbortSignal },
) => Promise<{ status: number; text(): Promise<string>; arrayBuffer?(): Promise<ArrayBuffer> }>;

/** A 32-byte hash in standard, padded, canonical base64 (RFC 4648 §4); null for anything else. */
export function hashFromBase64(text: string): Hash | null {
  const bytes = fromBase64(text);
  return bytes !== null && bytes.length === HASH_SIZE ? bytes : null;
}

export function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function describeIssues(error: z.core.$ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'answer'}: ${issue.message}`).join('; ');
}

// --- The wire contract -------------------------------------------------------------------------------

// Issue messages in English wherever this runs: zod/mini brings no messages of its own, and zod's
// process-wide configuration is not the verifier's to set.
const ENGLISH = { error: en().localeError };

/** Checks a JSON answer (or part of one) against the contract. */
export function parseAnswer<S extends z.ZodMiniType>(schema: S, value: unknown) {
  const parsed = schema.safeParse(value);
  // Messages are wanted only when it fails: parsing again with them keeps the verifier's common path fast.
  return parsed.success ? parsed : schema.safeParse(value, ENGLISH);
}

// z.int() is a safe integer.
const count = z.int().check(z.nonnegative());
const hash = z.pipe(
  z.string(),
  z.transform((text: string, ctx) => {
    const bytes = hashFromBase64(text);
    if (bytes === null) {
      ctx.issues.push({ code: 'custom', message: 'expected a 32-byte hash in standard base64', input: text });
      return z.NEVER;
    }
    return bytes;
  }),
);
export const keyAnswer = z.object({ algorithm: z.literal('Ed25519'), vkey: z.string(), publicKey: hash });
export const entriesPage = z.object({ entries: z.array(z.unknown()), next: z.nullable(count) });
export const entryItem = z.object({ seq: count, canonical: z.string(), leafHash: z.string() });
export const inclusionAnswer = z.object({
  index: count,
  size: count,
  leafHash: hash,
  rootHash: hash,
  proof: z.array(hash),
});
export const consistencyAnswer = z.object({
  first: count,
  second: count,
  firstRoot: hash,
  secondRoot: hash,
  proof: z.array(hash),
});

export interface Api {
  fetch: FetchLike;
  base: URL;
  timeoutMs: number;
}

/** The base URL as a directory, so that a prefix such as https://host/registry/ is kept. */
export function ledgerBase(baseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new CannotVerify(`not a URL: ${baseUrl}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CannotVerify(`not an http(s) URL: ${baseUrl}`);
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  url.search = '';
  url.hash = '';
  return url;
}

export async function get(api: Api, path: string): Promise<string> {
  const url = new URL(`api/v1/ledger/${path}`, api.base).href;
  try {
    const response = await api.fetch(url, {
      headers: { accept: 'application/json, text/plain' },
      signal: AbortSignal.timeout(api.timeoutMs),
    });
    const body = await response.text();
    if (response.status !== 200) {
      throw new CannotVerify(`GET ${url} answered ${response.status}${problemDetail(body)}`);
    }
    return body;
  } catch (error) {
    if (error instanceof CannotVerify) throw error;
    throw new CannotVerify(`cannot reach ${url}: ${networkReason(error, api.timeoutMs)}`);
  }
}

function problemDetail(body: string): string {
  try {
    const problem: unknown = JSON.parse(body);
    if (typeof problem === 'object' && problem !== null && 'detail' in problem && typeof problem.detail === 'string') {
      return ` (${problem.detail})`;
    }
  } catch {
    // Not problem+json: the status says enough.
  }
  return '';
}

function networkReason(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && error.name === 'TimeoutError') return `no answer within ${timeoutMs / 1000} s`;
  // Node's fetch throws "fetch failed" and keeps the useful part (ECONNREFUSED, ENOTFOUND…) in `cause`.
  if (error instanceof Error && error.cause instanceof Error) return error.cause.message;
  return reason(error);
}

export async function getJson<S extends z.ZodMiniType>(
  api: Api,
  path: string,
  schema: S,
  what: string,
): Promise<z.output<S>> {
  const body = await get(api, path);
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new VerificationFailure(`${what}: the answer is not JSON`);
  }
  const parsed = parseAnswer(schema, json);
  if (!parsed.success)
    throw new VerificationFailure(
      `${what}: the answer does not follow the ledger API (${describeIssues(parsed.error)})`,
    );
  return parsed.data;
}
