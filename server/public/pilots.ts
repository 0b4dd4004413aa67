// The public registry's pilots: lists with filters, search and cursor pages; the selection as a whole for
// exports; and one pilot's page by its reference. Only pilots that were ever approved exist here.

import type { PilotDocument } from '../../models/pilot.ts';
import type { RegistryContext } from '../context.ts';
import { pageOf, sortOf, type Finder } from '../paging.ts';
import { problems } from '../errors.ts';
import { getProgramme } from '../programmes/programmes.ts';
import { orderOf, publicFilter, type PublicPilotFilter, type PublicPilotQuery, type PublicSort } from './query.ts';
import { pilotTimeline } from './timeline.ts';
import { publicPage, publicRecordOf, publicSummary, type PublicSummary } from './views.ts';

/** The most rows one export carries; a larger selection is cut and says so. */
export const EXPORT_LIMIT = 5000;

/** What a list or an export reads of each pilot. */
export const LISTED_FIELDS = { reference: 1, listing: 1, record: 1 } as const;

const findListed =
  (ctx: RegistryContext): Finder<PilotDocument> =>
  (filter, sort, limit) =>
    ctx.models.Pilot.find(filter).select(LISTED_FIELDS).sort(sort).limit(limit).lean();

export function listPublicPilots(ctx: RegistryContext, q: PublicPilotQuery) {
  return pageOf(findListed(ctx), publicFilter(q), orderOf(q.sort), q, (d) => publicSummary(publicRecordOf(d.record)));
}

export async function exportPublicPilots(ctx: RegistryContext, q: PublicPilotFilter & { sort: PublicSort }) {
  const docs = await findListed(ctx)(publicFilter(q), sortOf(orderOf(q.sort)), EXPORT_LIMIT + 1);
  const items: PublicSummary[] = docs.slice(0, EXPORT_LIMIT).map((d) => publicSummary(publicRecordOf(d.record)));
  return { items, truncated: docs.length > EXPORT_LIMIT };
}

const REFERENCE = /^[A-Z][A-Z0-9]{1,11}-\d{4}-\d{4,}$/;

/** A public pilot by reference, with its programme and full timeline; 404 for anything never approved. */
export async function publicPilot(ctx: RegistryContext, reference: string) {
  const doc = REFERENCE.test(reference)
    ? await ctx.models.Pilot.findOne({ reference, isPublic: true }).select({ record: 1, version: 1 }).lean()
    : null;
  if (!doc) throw problems.notFound(`No public pilot ${reference}.`);
  const { record } = doc;
  const programme = await getProgramme(ctx, record.programmeId).catch(() => null);
  return {
    ...publicPage(publicRecordOf(record)),
    version: doc.version,
    programme: programme && {
      id: programme.id,
      code: programme.code,
      name: programme.name,
      legalBasis: programme.legalBasis,
    },
    timeline: await pilotTimeline(ctx, record.id),
  };
}
