// What a public list asks for, turned into one filter and one stable sort over the public listings.
// Operators are built here from validated values (sanitizeFilter is on, so each is marked trusted).
import mongoose from 'mongoose';
import type { Listing, PilotDocument } from '../../models/pilot.ts';
import type { Order } from '../paging.ts';
import type { PilotState } from '../../models/pilot.ts';
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

/** Each sort key's field in the listing (reference excepted: it is the document's own). */
const LISTING_FIELD = {
  title: 'title',
  start: 'start',
  end: 'end',
  updated: 'updatedAt',
  approved: 'publicSince',
} as const satisfies Record<Exclude<PublicSortKey, 'reference'>, keyof Listing>;

const trusted = (op: Record<string, unknown>) => mongoose.trusted(op);
const range = (from?: string, to?: string) =>
  from || to ? trusted({ ...(from ? { $gte: from } : {}), ...(to ? { $lte: to } : {}) }) : undefined;
const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The filter over pilot documents: public listings only, then each criterion the caller gave. */
export function publicFilter(f: PublicPilotFilter): Record<string, unknown> {
  const and: Record<string, unknown>[] = [{ isPublic: true }];
  if (f.status?.length) and.push({ state: trusted({ $in: f.status }) });
  if (f.agency?.length) and.push({ agencyCode: trusted({ $in: f.agency }) });
  if (f.sector) and.push({ 'listing.sector': trusted({ $regex: wordsPattern(facetKey(f.sector)) }) });
  if (f.technology) and.push({ 'listing.technologies': trusted({ $regex: wordsPattern(facetKey(f.technology)) }) });
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

/** A word and its plural forms (`drone`, `drones`; `bus`, `buses`), either way round. */
function forms(word: string): string[] {
  const singular =
    word.endsWith('es') && word.length > 4 ? word.slice(0, -2) : word.endsWith('s') ? word.slice(0, -1) : word;
  return [...new Set([word, singular, `${singular}s`, `${singular}es`])];
}

/**
 * Whether every word of a sector or technology asked for is a whole word of the value (facet keys, see
 * server/pilots/search-text.ts): `drone` finds `drones` and `delivery drones`, `AI` finds `ai` but not
 * `airport`.
 */
export function wordsMatch(asked: string, value: string): boolean {
  const words = new Set(value.split(' '));
  return asked.split(' ').every((w) => forms(w).some((f) => words.has(f)));
}

/** `wordsMatch` as a regular expression over the stored value, for the database's filter. */
function wordsPattern(asked: string): string {
  return asked
    .split(' ')
    .map((w) => `(?=(?:^|.* )(?:${forms(w).map(escapeRegex).join('|')})(?: |$))`)
    .join('');
}

/**
 * `publicFilter` as a predicate over the slim listing rows the in-memory index holds
 * (server/public/registry-index.ts): the same selection, criterion by criterion.
 */
export function publicPredicate(f: PublicPilotFilter): (row: Listed & { isPublic: boolean }) => boolean {
  const tests: ((l: Listing) => boolean)[] = [];
  const status = f.status?.length ? new Set<string>(f.status) : null;
  const agency = f.agency?.length ? new Set(f.agency) : null;
  if (f.sector) {
    const key = facetKey(f.sector);
    tests.push((l) => l.sector !== null && wordsMatch(key, l.sector));
  }
  if (f.technology) {
    const key = facetKey(f.technology);
    tests.push((l) => l.technologies.some((t) => wordsMatch(key, t)));
  }
  if (f.province) {
    const key = facetKey(f.province);
    tests.push((l) => l.provinces.includes(key));
  }
  const { activeOn, startFrom, startTo, endFrom, endTo } = f;
  if (activeOn) tests.push((l) => l.start <= activeOn && l.activeUntil > activeOn);
  if (startFrom) tests.push((l) => l.start >= startFrom);
  if (startTo) tests.push((l) => l.start <= startTo);
  if (endFrom) tests.push((l) => l.end >= endFrom);
  if (endTo) tests.push((l) => l.end <= endTo);
  for (const token of searchTokens(f.q ?? '').slice(0, 20)) {
    tests.push((l) => l.tokens.some((t) => t.startsWith(token)));
  }
  return (row) => {
    if (!row.isPublic) return false;
    if (status && !status.has(row.state)) return false;
    if (agency && !(row.agencyCode !== null && agency.has(row.agencyCode))) return false;
    if (tests.length === 0) return true;
    // A criterion on the listing matches nothing without one, as the database's filter does.
    const l = row.listing;
    return l !== null && tests.every((t) => t(l));
  };
}

/** What an order and a predicate read of a row or a document. */
type Listed = { reference: string | null; listing: Listing | null; state: string; agencyCode: string | null };

/** The order of a public list: its sort field, then _id in the same direction, so the order is total. */
export function orderOf(sort: PublicSort): Order<Pick<PilotDocument, 'reference' | 'listing'>> {
  const key = (sort.startsWith('-') ? sort.slice(1) : sort) as PublicSortKey;
  const direction = sort.startsWith('-') ? -1 : 1;
  if (key === 'reference') return { direction, field: { path: 'reference', valueOf: (doc) => doc.reference ?? '' } };
  const field = LISTING_FIELD[key];
  return { direction, field: { path: `listing.${field}`, valueOf: (doc) => doc.listing?.[field] ?? '' } };
}
