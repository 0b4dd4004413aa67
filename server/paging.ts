// Cursor pagination with a stable sort on _id: the cursor is the last _id seen, so pages never skip or
// repeat a record while others are inserted.
import mongoose, { Types } from 'mongoose';

export interface PageRequest {
  limit: number;
  after?: string;
}

export interface Page<T> {
  items: T[];
  /** Cursor for the next page, or null on the last one. */
  next: string | null;
}

type Finder<D> = (filter: Record<string, unknown>, limit: number) => Promise<D[]>;

export async function pageOf<D extends { _id: Types.ObjectId }, T>(
  find: Finder<D>,
  filter: Record<string, unknown>,
  page: PageRequest,
  view: (doc: D) => T,
): Promise<Page<T>> {
  // sanitizeFilter wraps objects from user input in $eq; this $gt is ours, built from a validated id.
  const query = page.after ? { ...filter, _id: mongoose.trusted({ $gt: new Types.ObjectId(page.after) }) } : filter;
  const docs = await find(query, page.limit + 1);
  const more = docs.length > page.limit;
  const items = docs.slice(0, page.limit);
  return { items: items.map(view), next: more ? String(items[items.length - 1]._id) : null };
}
