// What a public list asks for, turned into one filter and one stable sort over the public listings.
// Operators are built here from validated values (sanitizeFilter is on, so each is marked trusted).
import mongoose, { Types } from 'mongoose';
import type { PilotState } from '../../models/pilot.ts';
import { invalid } from '../validation.ts';
import { facetKey, searchTokens } from '../pilots/search-text.ts';

export const PUBLIC_SORTS = ['reference', 'title', 'start', 'end', 'updated', 'approved'] as const;
export type PublicSortKey = (typeof PUBLIC_SORTS)[number];
export type PublicSort = PublicSortKey | `-${PublicSortKey}`;

export interface PublicPilotFilter {
  q?: string;
  status?: PilotState[];
  /** Agency codes. */
  agency?: string[];
  sector?: string;
  technology?: string;
  province?: string;
  /** ISO instants (validated and normalized by the route). */
  activeOn?: string;
  startFrom?: string;
  startTo?: string;
  endFrom?: string;
  endTo?: string;
}

export interface PublicPilotQuery extends PublicPilotFilter {
  sort: PublicSort;
  limit: number;
  after?: string;
}

const SORT_FIELD: Record<PublicSortKey, string> = {
  reference: 'reference',
  title: 'listing.title',
  start: 'listing.start',
  end: 'listing.end',
  updated: 'listing.updatedAt',
  approved: 'listing.publicSince',
};

const trusted = (op: Record<string, unknown>) => mongoose.trusted(op);
const range = (from?: string, to?: string) =>
  from || to ? trusted({ ...(from ? { $gte: from } : {}), ...(to ? { $lte: to } : {}) }) : undefined;
const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The filter over pilot documents: public listings only, then each criterion the caller gave. */
export function publicFilter(f: PublicPilotFilter): Record<string, unknown> {
  const and: Record<string, unknown>[] = [{ isPublic: true }];
  if (f.status?.length) and.push({ state: trusted({ $in: f.status }) });
  if (f.agency?.length) and.push({ agencyCode: trusted({ $in: f.agency }) });
  if (f.sector) and.push({ 'listing.sector': facetKey(f.sector) });
  if (f.technology) and.push({ 'listing.technologies': facetKey(f.technology) });
  if (f.province) and.push({ 'listing.provinces': facetKey(f.province) });
  if (f.activeOn)
    and.push(
      { 'listing.start': trusted({ $lte: f.activeOn }) },
      { 'listing.activeUntil': trusted({ $gt: f.activeOn }) },
    );
  const start = range(f.startFrom, f.startTo);
  if (start) and.push({ 'listing.start': start });
  const end = range(f.endFrom, f.endTo);
  if (end) and.push({ 'listing.end': end });
  // Every word of the query must begin some word of the pilot's public text.
  for (const token of searchTokens(f.q ?? '').slice(0, 20)) {
    and.push({ 'listing.tokens': trusted({ $regex: `^${escapeRegex(token)}` }) });
  }
  return { $and: and };
}

export interface SortPlan {
  sort: Record<string, 1 | -1>;
  field: string;
  valueOf: (doc: { _id: unknown; reference?: string | null; listing?: unknown }) => string;
}

export function sortPlan(sort: PublicSort): SortPlan {
  const key = (sort.startsWith('-') ? sort.slice(1) : sort) as PublicSortKey;
  const dir = sort.startsWith('-') ? -1 : 1;
  const field = SORT_FIELD[key];
  const valueOf: SortPlan['valueOf'] = (doc) => {
    if (field === 'reference') return doc.reference ?? '';
    const value = (doc.listing as Record<string, string | null> | null)?.[field.slice('listing.'.length)];
    return value ?? '';
  };
  // _id breaks ties in the same direction, so the order is total and a cursor names one place in it.
  return { sort: { [field]: dir, _id: dir }, field, valueOf };
}

export const encodeCursor = (value: string, id: string) =>
  Buffer.from(JSON.stringify([value, id])).toString('base64url');

/** The condition "after the cursor" in the sort's order. */
export function afterCursor(plan: SortPlan, cursor: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  if (
    !Array.isArray(parsed) ||
    typeof parsed[0] !== 'string' ||
    typeof parsed[1] !== 'string' ||
    !/^[0-9a-f]{24}$/.test(parsed[1])
  ) {
    throw invalid([{ field: 'after', reason: 'is not a cursor this list gave out' }]);
  }
  const [value, id] = parsed as [string, string];
  const op = plan.sort[plan.field] === 1 ? '$gt' : '$lt';
  return {
    $or: [
      { [plan.field]: trusted({ [op]: value }) },
      { [plan.field]: value, _id: trusted({ [op]: new Types.ObjectId(id) }) },
    ],
  };
}
