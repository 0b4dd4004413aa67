// Races are detected by inserts into unique indexes (DESIGN.md §4): both MongoDB and FerretDB answer an
// insert that breaks one with code 11000. (For updates FerretDB answers code 1, so we never rely on that.)
export function isDuplicateKey(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown; message?: unknown; writeErrors?: { code?: unknown }[] };
  if (e.code === 11000 || e.code === 11001) return true;
  if (Array.isArray(e.writeErrors) && e.writeErrors.some((w) => w.code === 11000)) return true;
  return typeof e.message === 'string' && /E11000|duplicate key/i.test(e.message);
}
