// What the pages show, read through the same functions as the public API (server/public/*), so a page
// can never show more than the API does. Small directory data (agencies, facet values) is cached for a
// short while: it changes rarely and every page needs it.
import { listAgencies } from '../agencies/agencies.ts';
import type { RegistryContext } from '../context.ts';
import { entryCount, getEntry, latestCheckpoint, listEntries } from '../ledger/public-api.ts';
import { listProgrammes } from '../programmes/programmes.ts';
import { pilotKey } from '../pilots/keys.ts';

const TTL_MS = 30_000;

function cached<T>(load: () => Promise<T>): () => Promise<T> {
  let value: { at: number; promise: Promise<T> } | undefined;
  return () => {
    const now = Date.now();
    if (!value || now - value.at > TTL_MS) {
      const promise = load();
      value = { at: now, promise };
      promise.catch(() => (value = undefined));
    }
    return value.promise;
  };
}

export interface AgencyInfo {
  code: string;
  name: string;
  nameVi: string | null;
  website: string | null;
}

export interface Facets {
  sectors: string[];
  technologies: string[];
  provinces: string[];
}

interface Bucket {
  _id: string | null;
  count: number;
}

/** Per-app caches of the directory and of the values the filters offer. */
export function siteData(ctx: RegistryContext) {
  const agencies = cached<AgencyInfo[]>(async () =>
    (await listAgencies(ctx)).map((a) => ({
      code: a.code,
      name: a.name,
      nameVi: a.nameVi ?? null,
      website: a.website ?? null,
    })),
  );
  const programmes = cached(() => listProgrammes(ctx));
  const facets = cached<Facets>(async () => {
    const { Pilot } = ctx.models;
    // Public pilots only; $unwind (string form) and $group/$sum are within what FerretDB runs (DESIGN §4).
    const values = async (path: string, unwind: boolean) => {
      const stages: Record<string, unknown>[] = [{ $match: { isPublic: true } }];
      if (unwind) stages.push({ $unwind: `$${path}` });
      stages.push({ $group: { _id: `$${path}`, count: { $sum: 1 } } });
      const buckets = await Pilot.aggregate<Bucket>(stages as never);
      return buckets
        .map((b) => b._id)
        .filter((v): v is string => typeof v === 'string' && v.length > 0)
        .sort((a, b) => a.localeCompare(b, 'vi'));
    };
    const [sectors, technologies, provinces] = await Promise.all([
      values('record.application.sector', false),
      values('record.application.technologies', true),
      values('record.application.scope.provinces', true),
    ]);
    return { sectors, technologies, provinces };
  });
  return { agencies, programmes, facets };
}
export type SiteData = ReturnType<typeof siteData>;

export interface Checkpoint {
  origin: string;
  size: number;
  root: string;
  note: string;
}

/** The latest signed checkpoint, its body parsed (the browser checks the signature itself). */
export async function checkpoint(ctx: RegistryContext): Promise<Checkpoint> {
  const note = await latestCheckpoint(ctx);
  const [origin = '', size = '0', root = ''] = note.split('\n');
  return { origin, size: Number(size), root, note };
}

export const ENTRIES_PER_PAGE = 25;

/** A page of the log, newest first: the entries before `upTo` (exclusive), default the whole log. */
export async function ledgerPage(ctx: RegistryContext, upTo?: number) {
  const count = await entryCount(ctx);
  const end = Math.min(upTo ?? count, count);
  const start = Math.max(0, end - ENTRIES_PER_PAGE);
  const entries = end > start ? (await listEntries(ctx, start, end - start)).entries : [];
  return {
    count,
    entries: entries.reverse().map((e) => ({ ...e, entry: JSON.parse(e.canonical) as Record<string, unknown> })),
    older: start > 0 ? start : null,
    newer: end < count ? Math.min(count, end + ENTRIES_PER_PAGE) : null,
  };
}

/** One entry, with the public pilot it belongs to (if any: entries of unapproved applications name none). */
export async function ledgerEntry(ctx: RegistryContext, seq: number) {
  const item = await getEntry(ctx, seq);
  const key = await ctx.models.LedgerEntry.findOne({ seq }).select({ subject: 1 }).lean();
  const pilotId = key?.subject.startsWith(pilotKey('')) ? key.subject.slice(pilotKey('').length) : null;
  const pilot =
    pilotId && /^[0-9a-f]{24}$/.test(pilotId)
      ? await ctx.models.Pilot.findOne({ _id: pilotId, isPublic: true }).select({ reference: 1 }).lean()
      : null;
  return { ...item, reference: pilot?.reference ?? null };
}
