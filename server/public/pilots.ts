// The public registry's pilots: lists with filters, search and cursor pages; the selection as a whole for
// exports; and one pilot's page by its reference. Only pilots that were ever approved exist here. Lists
// and exports are read from the in-memory index of slim listings (server/public/registry-index.ts); a
// pilot's page reads its one document by `_id` and its entries by seq.
import type { RegistryContext } from '../context.ts';
import { problems } from '../errors.ts';
import { mapLimited } from '../ledger/concurrency.ts';
import { pageOfSorted, type Order } from '../paging.ts';
import { getProgramme } from '../programmes/programmes.ts';
import { cachedAnswer } from './answers.ts';
import { orderOf, publicPredicate, type PublicPilotFilter, type PublicPilotQuery, type PublicSort } from './query.ts';
import { publicIndex, type IndexRow, type Snapshot } from './registry-index.ts';
import { pilotTimeline, timelineItem, type TimelineItem } from './timeline.ts';
import { publicPage, publicRecordOf, type PublicSummary } from './views.ts';

/** The most rows one export carries; a larger selection is cut and says so. */
export const EXPORT_LIMIT = 5000;

/** What a list read of each pilot document before the slim listing (the bench's driver side reads it). */
export const LISTED_FIELDS = { reference: 1, listing: 1, record: 1 } as const;

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The public rows in a sort's order (field, then `_id`), once per snapshot. */
function sortedRows(snap: Snapshot, sort: PublicSort) {
  const order = orderOf(sort);
  const rows = snap.memo(`sorted:${sort}`, () => {
    const field = order.field;
    const by = (a: IndexRow, b: IndexRow) =>
      (field ? compare(field.valueOf(a), field.valueOf(b)) : 0) || compare(a._id, b._id);
    return [...snap.publicRows].sort((a, b) => order.direction * by(a, b));
  });
  return { rows, order: order as Order<IndexRow> };
}

const summaryOf = (row: IndexRow) => row.summary as PublicSummary;

export function listFrom(snap: Snapshot, q: PublicPilotQuery) {
  const { rows, order } = sortedRows(snap, q.sort);
  return pageOfSorted(rows.filter(publicPredicate(q)), order, q, summaryOf);
}

export async function listPublicPilots(ctx: RegistryContext, q: PublicPilotQuery) {
  return listFrom(await publicIndex(ctx).current(), q);
}

export function exportFrom(snap: Snapshot, q: PublicPilotFilter & { sort: PublicSort }) {
  const selected = sortedRows(snap, q.sort).rows.filter(publicPredicate(q));
  const items: PublicSummary[] = selected.slice(0, EXPORT_LIMIT).map(summaryOf);
  return { items, truncated: selected.length > EXPORT_LIMIT };
}

export async function exportPublicPilots(ctx: RegistryContext, q: PublicPilotFilter & { sort: PublicSort }) {
  return exportFrom(await publicIndex(ctx).current(), q);
}

const REFERENCE = /^[A-Z][A-Z0-9]{1,11}-\d{4}-\d{4,}$/;
const ENTRY_READS_IN_FLIGHT = 8;

/** The pilot's entries by the seqs its row keeps (by `_id`), or from the log when a seq is missing. */
async function timelineOf(ctx: RegistryContext, row: IndexRow, version: number): Promise<TimelineItem[]> {
  const seqs = Array.from({ length: version }, (_, i) => row.seqs[String(i + 1)]);
  // Pilots projected before the slim listing existed have no seqs there.
  if (seqs.some((s) => typeof s !== 'number')) return pilotTimeline(ctx, row._id);
  const stored = await mapLimited(seqs.length, ENTRY_READS_IN_FLIGHT, (i) => ctx.ledger.entries.get(seqs[i]));
  if (stored.some((e) => !e)) return pilotTimeline(ctx, row._id);
  return stored.map((e) => timelineItem(e!.seq, e!.canonical));
}

/** A public pilot by reference, with its programme and full timeline; 404 for anything never approved. */
export async function pilotFrom(ctx: RegistryContext, snap: Snapshot, asked: string) {
  // References are written in capitals, but a reader may type them in any case (`sbv-2026-0001`).
  const reference = asked.toUpperCase();
  const row = REFERENCE.test(reference) ? snap.byReference.get(reference) : undefined;
  const doc = row
    ? await ctx.models.Pilot.findById(row._id).select({ record: 1, version: 1, isPublic: 1 }).lean()
    : null;
  if (!row || !doc?.isPublic) throw problems.notFound(`No public pilot ${reference}.`);
  const { record } = doc;
  const [programme, timeline] = await Promise.all([
    getProgramme(ctx, record.programmeId).catch(() => null),
    timelineOf(ctx, row, doc.version),
  ]);
  return {
    ...publicPage(publicRecordOf(record)),
    version: doc.version,
    programme: programme && {
      id: programme.id,
      code: programme.code,
      name: programme.name,
      legalBasis: programme.legalBasis,
      legalUrl: programme.legalUrl ?? null,
    },
    timeline,
  };
}

/** The pilot's page, made once per tree size (the API's answer and the site's page share it). */
export async function publicPilot(ctx: RegistryContext, reference: string) {
  return (await cachedAnswer(ctx, pilotAnswerKey(reference), (snap) => pilotFrom(ctx, snap, reference))).value;
}

export const pilotAnswerKey = (reference: string) => `pilot:${reference}`;
