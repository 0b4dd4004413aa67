// Public answers, made once per snapshot of the index (server/public/registry-index.ts) and kept as the
// JSON text they are sent as, with a strong ETag that is a digest of that text: two instances at the same
// tree size give the same ETag, and a reader's If-None-Match is answered 304 without making anything.
import { createHash } from 'node:crypto';
import type { RegistryContext } from '../context.ts';
import { publicIndex, type Snapshot } from './registry-index.ts';

export interface Answer<T> {
  value: T;
  /** `value` as JSON text, exactly as sent. */
  json: string;
  etag: string;
}

/** Answers kept per snapshot; past this many, the least recently used go. */
const ANSWERS_KEPT = 2000;

const kept = new WeakMap<Snapshot, Map<string, Promise<Answer<unknown>>>>();

const etagOf = (json: string) => `"${createHash('sha256').update(json).digest('base64url').slice(0, 27)}"`;

/** The answer under `key` at the current tree size, made by `make` once per snapshot. */
export async function cachedAnswer<T>(
  ctx: RegistryContext,
  key: string,
  make: (snap: Snapshot) => Promise<T> | T,
): Promise<Answer<T>> {
  const snap = await publicIndex(ctx).current();
  let answers = kept.get(snap);
  if (!answers) kept.set(snap, (answers = new Map<string, Promise<Answer<unknown>>>()));
  let answer = answers.get(key);
  if (answer)
    answers.delete(key); // moved to the back: most recently used
  else
    answer = (async () => {
      const value = await make(snap);
      const json = JSON.stringify(value);
      return { value, json, etag: etagOf(json) };
    })();
  answers.set(key, answer);
  if (answers.size > ANSWERS_KEPT) answers.delete(answers.keys().next().value!);
  return answer as Promise<Answer<T>>;
}
