// Checks that synthetic pilot documents have the shape of those the API made: the same keys at the top,
// in the record, its application and the listing, and no key path the API's pilots never have. A bench
// whose bulk rows drift from the real projection would measure something the app never serves.
type Doc = Record<string, unknown>;

const isPlain = (v: unknown): v is Doc =>
  typeof v === 'object' &&
  v !== null &&
  !Array.isArray(v) &&
  [Object.prototype, null].includes(Object.getPrototypeOf(v) as object | null);

/** Every key path of a document; array items are walked as `path[]`. */
export function keyPaths(doc: Doc, prefix = '', into = new Set<string>()): Set<string> {
  for (const [key, value] of Object.entries(doc)) {
    const p = prefix ? `${prefix}.${key}` : key;
    into.add(p);
    if (isPlain(value)) keyPaths(value, p, into);
    if (Array.isArray(value)) for (const item of value) if (isPlain(item)) keyPaths(item, `${p}[]`, into);
  }
  return into;
}

/** The levels every pilot document has in full, whatever its state. */
const LEVELS = [
  '',
  'record',
  'record.application',
  'record.application.scope',
  'record.application.safeguards',
  'listing',
];

const at = (doc: Doc, level: string): unknown =>
  level ? level.split('.').reduce<unknown>((v, k) => (isPlain(v) ? v[k] : undefined), doc) : doc;

/** The keys each level holds, over a set of documents (sorted, joined), level by level. */
export function keyPathsByLevel(docs: Doc[]): Record<string, string> {
  return Object.fromEntries(
    LEVELS.map((level) => {
      const keys = new Set<string>();
      for (const d of docs) {
        const v = at(d, level);
        if (isPlain(v)) for (const k of Object.keys(v)) keys.add(k);
      }
      return [level || '(top)', [...keys].sort().join(',')];
    }),
  );
}

/** What differs between the API's public pilots and synthetic ones; empty when they have one shape. */
export function shapeDifferences(real: Doc[], synthetic: Doc[]): string[] {
  const problems: string[] = [];
  const realLevels = keyPathsByLevel(real);
  for (const d of synthetic) {
    const mine = keyPathsByLevel([d]);
    for (const [level, keys] of Object.entries(realLevels)) {
      if (mine[level] !== keys)
        problems.push(`${String(d.reference)} ${level}: has [${mine[level]}], the API's pilots [${keys}]`);
    }
  }
  const known = new Set<string>();
  for (const d of real) keyPaths(d, '', known);
  const unknown = new Set<string>();
  for (const d of synthetic) for (const p of keyPaths(d)) if (!known.has(p)) unknown.add(p);
  if (unknown.size) problems.push(`key paths no API pilot has: ${[...unknown].join(', ')}`);
  return problems.slice(0, 20);
}
