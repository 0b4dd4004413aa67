// Cursor pagination, the one scheme every list uses: a stable order (a field the documents carry, then
// `_id` to break ties, or `_id` alone) and a cursor that names the last item seen by its place in that
// order, so pages never skip or repeat a record while others are inserted. For the `_id` order the cursor
// is that id itself; for a field order it is base64url(JSON [value, id]).
import mongoose, { type Types } from 'mongoose';
import { invalid } from './validation.ts';

export interface PageRequest {
  limit: number;
  after?: string;
}

export interface Page<T> {
  items: T[];
  /** Cursor for the next page, or null on the last one. */
  next: string | null;
}

/** A stable order: by `field` (its value read by `valueOf`) then `_id`, both in `direction`; `_id` alone without a field. */
export interface Order<D> {
  direction: 1 | -1;
  field?: { path: string; valueOf: (doc: D) => string };
}

/** The `_id` order, ascending: the order of creation. */
export const BY_ID: Order<unknown> = { direction: 1 };

/** What of an order decides its sort and cursors. */
type Shape = { direction: 1 | -1; field?: { path: string } };

export function sortOf(order: Shape): Record<string, 1 | -1> {
  return order.field ? { [order.field.path]: order.direction, _id: order.direction } : { _id: order.direction };
}

const OBJECT_ID = /^[0-9a-f]{24}$/;
const badCursor = () => invalid([{ field: 'after', reason: 'is not a cursor this list gave out' }]);

function encodeCursor<D extends { _id: unknown }>(order: Order<D>, doc: D): string {
  const id = String(doc._id);
  return order.field ? Buffer.from(JSON.stringify([order.field.valueOf(doc), id])).toString('base64url') : id;
}

function decodeCursor(order: Shape, cursor: string): { value: string | null; id: string } {
  if (!order.field) {
    if (!OBJECT_ID.test(cursor)) throw badCursor();
    return { value: null, id: cursor };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) throw badCursor();
  const value: unknown = parsed[0];
  const id: unknown = parsed[1];
  if (typeof value !== 'string' || typeof id !== 'string' || !OBJECT_ID.test(id)) throw badCursor();
  return { value, id };
}

/** "After the cursor" in the order, as a filter. Operators are ours, built from validated values. */
function afterFilter(order: Shape, cursor: string): Record<string, unknown> {
  const { value, id } = decodeCursor(order, cursor);
  const op = order.direction === 1 ? '$gt' : '$lt';
  const afterId = { _id: mongoose.trusted({ [op]: new mongoose.Types.ObjectId(id) }) };
  if (!order.field || value === null) return afterId;
  const path = order.field.path;
  return { $or: [{ [path]: mongoose.trusted({ [op]: value }) }, { [path]: value, ...afterId }] };
}

/** `filter`, narrowed to what comes after the cursor (if any) in the order. */
export function filterAfter(filter: Record<string, unknown>, order: Shape, cursor?: string): Record<string, unknown> {
  if (!cursor) return filter;
  const after = afterFilter(order, cursor);
  return Object.keys(filter).length ? { $and: [filter, after] } : after;
}

export type Finder<D> = (filter: Record<string, unknown>, sort: Record<string, 1 | -1>, limit: number) => Promise<D[]>;

/** One page of `filter` in `order`: reads one more than asked to know whether another page follows. */
export async function pageOf<D extends { _id: Types.ObjectId }, T>(
  find: Finder<D>,
  filter: Record<string, unknown>,
  order: Order<D>,
  page: PageRequest,
  view: (doc: D) => T,
): Promise<Page<T>> {
  const docs = await find(filterAfter(filter, order, page.after), sortOf(order), page.limit + 1);
  const items = docs.slice(0, page.limit);
  const last = items.at(-1);
  return { items: items.map(view), next: docs.length > page.limit && last ? encodeCursor(order, last) : null };
}

/**
 * One page of rows already selected and sorted in `order` (an in-memory index, server/public/), with the
 * cursors `pageOf` gives out and takes: the same page the database would return for the same rows.
 * `_id`s compare as the hex of their ObjectIds, i.e. as the database orders them.
 */
export function pageOfSorted<D extends { _id: string }, T>(
  sorted: readonly D[],
  order: Order<D>,
  page: PageRequest,
  view: (doc: D) => T,
): Page<T> {
  let from = 0;
  if (page.after) {
    const { value, id } = decodeCursor(order, page.after);
    const d = order.direction;
    const beyond = (a: string, b: string) => (d === 1 ? a > b : a < b);
    const isAfter =
      !order.field || value === null
        ? (doc: D) => beyond(doc._id, id)
        : (doc: D) => {
            const v = order.field!.valueOf(doc);
            return beyond(v, value) || (v === value && beyond(doc._id, id));
          };
    from = sorted.findIndex(isAfter);
    if (from === -1) from = sorted.length;
  }
  const items = sorted.slice(from, from + page.limit);
  const last = items.at(-1);
  const more = from + page.limit < sorted.length;
  return { items: items.map(view), next: more && last ? encodeCursor(order, last) : null };
}
