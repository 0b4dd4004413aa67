// Which parts of a record the public may see, declared once per record type next to its schema. Every
// output (API views, ledger entry `data`, exports) is derived from these declarations by `split`, so a
// confidential field cannot reach a public answer by being forgotten in one place.
//
// A declaration mirrors the value's shape: 'public' or 'confidential' for a whole subtree, an object of
// declarations for an object whose fields differ, and `{ '[]': … }` for an array of such objects.
// `VisibilityOf<T>` makes the compiler insist that every field of a mixed object is declared.

type Leaf = 'public' | 'confidential';

type Item<T> = T extends readonly (infer E)[] ? E : never;

export type VisibilityOf<T> =
  | Leaf
  | (NonNullable<T> extends readonly unknown[]
      ? { '[]': VisibilityOf<Item<NonNullable<T>>> }
      : NonNullable<T> extends object
        ? { [K in keyof Required<NonNullable<T>>]: VisibilityOf<NonNullable<T>[K]> }
        : never);

/** The untyped form the functions below walk. */
export type Visibility = Leaf | { '[]': Visibility } | { [field: string]: Visibility };

type Json = unknown;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isEmpty = (v: unknown) => v === undefined || (isObject(v) && Object.keys(v).length === 0);

export interface Parts {
  public: Json;
  confidential: Json;
}

/** Splits a value into what the public may see and what stays with the parties. */
export function split(value: Json, decl: Visibility): Parts {
  if (value === undefined) return { public: undefined, confidential: undefined };
  if (decl === 'public') return { public: value, confidential: undefined };
  if (decl === 'confidential') return { public: undefined, confidential: value };
  if ('[]' in decl && Array.isArray(value)) {
    const parts = value.map((item) => split(item, decl['[]']));
    // Items keep their index on both sides (as {} where a side has nothing), so `merge` can zip them.
    return {
      public: parts.map((p) => p.public ?? {}),
      confidential: parts.some((p) => !isEmpty(p.confidential)) ? parts.map((p) => p.confidential ?? {}) : undefined,
    };
  }
  if (!isObject(value)) {
    // A shape the declaration does not describe is never guessed to be public.
    return { public: undefined, confidential: value };
  }
  const pub: Record<string, Json> = {};
  const conf: Record<string, Json> = {};
  for (const [key, child] of Object.entries(value)) {
    const childDecl = (decl as Record<string, Visibility>)[key] ?? 'confidential';
    const parts = split(child, childDecl);
    if (!isEmpty(parts.public) || (parts.public !== undefined && childDecl === 'public')) pub[key] = parts.public;
    if (!isEmpty(parts.confidential) || (parts.confidential !== undefined && childDecl === 'confidential'))
      conf[key] = parts.confidential;
  }
  return { public: pub, confidential: Object.keys(conf).length ? conf : undefined };
}

/** The public part only. */
export function publicPart<T>(value: T, decl: Visibility): Partial<T> {
  return split(value, decl).public ?? {};
}

/** Puts the two parts of a split back together (objects field by field, arrays item by item). */
export function merge(a: Json, b: Json): Json {
  if (a === undefined) return b;
  if (b === undefined) return a;
  if (Array.isArray(a) && Array.isArray(b)) return a.map((item, i) => merge(item, b[i]));
  if (isObject(a) && isObject(b)) {
    const out: Record<string, Json> = { ...a };
    for (const [key, child] of Object.entries(b)) out[key] = merge(a[key], child);
    return out;
  }
  return b;
}
