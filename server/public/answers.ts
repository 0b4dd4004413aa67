// Public answers, made once per snapshot of the index (server/public/registry-index.ts) and kept as the
// JSON text they are sent as, with a strong ETag that is a digest of that text: two instances at the same
// tree size give the same ETag, and a reader's If-None-Match is answered 304 without making anything.
import { createHash } from 'node:crypto';
import type { RegistryContext } from '../context.ts';
import { Problem } from '../errors.ts';
import { readGate } from './read-gate.ts';
import { publicIndex, type Snapshot } from './registry-index.ts';

export interface Answer<T> {
  value: T;
  /** `value` as the text sent: JSON unless `encode` said otherwise. */
  text: string;
  etag: string;
}

/** Answers kept per snapshot; past this many, the least recently used go. */
const ANSWERS_KEPT = 2000;

const kept = new WeakMap<Snapshot, Map<string, Promise<Answer<unknown>>>>();

const etagOf = (json: string) => `"${createHash('sha256').update(json).digest('base64url').slice(0, 27)}"`;

/**
 * The answer under `key` at the current tree size, made by `make` once per snapshot (through the read
 * gate: a burst of different answers cannot hold the database); readers asking meanwhile share it.
 */
export async function cachedAnswer<T>(
  ctx: RegistryContext,
  key: string,
  make: (snap: Snapshot) => Promise<T> | T,
  encode: (value: T) => string = (value) => JSON.stringify(value),
): Promise<Answer<T>> {
  const snap = await publicIndex(ctx).current();
  let answers = kept.get(snap);
  if (!answers) kept.set(snap, (answers = new Map<string, Promise<Answer<unknown>>>()));
  let answer = answers.get(key);
  if (answer)
    answers.delete(key); // moved to the back: most recently used
  else
    answer = readGate(ctx).run(async () => {
      const value = await make(snap);
      const text = encode(value);
      return { value, text, etag: etagOf(text) };
    });
  answers.set(key, answer);
  // A refusal (the gate busy, the database away) is not the answer: the next reader tries again. A 404
  // is one, until the tree moves.
  const made = answer;
  made.catch((err: unknown) => {
    if (!(err instanceof Problem && err.status < 500) && answers.get(key) === made) answers.delete(key);
  });
  if (answers.size > ANSWERS_KEPT) answers.delete(answers.keys().next().value!);
  return answer as Promise<Answer<T>>;
}
