// Registry statistics. Counts of applications are public even when their content is not: every submitted
// application counts (received), whether or not it was approved; sectors and other content are counted
// only for pilots that are public. Aggregation is limited to $match/$group($sum)/$sort (DESIGN §4), so
// what is grouped by is stored on the projection (agencyCode, submittedMonth, listing.approvedMonth).
// They are counted from the slim listing rows of the in-memory index, once per tree size; the pipelines
// below say what each count is, as the database would compute it from the pilots.
import type { RegistryContext } from '../context.ts';
import { publicIndex, type IndexRow, type Snapshot } from './registry-index.ts';

interface Bucket {
  _id: string | null;
  count: number;
}

const asCounts = (buckets: Bucket[]) =>
  buckets
    .filter((b) => b._id !== null && b._id !== undefined)
    .map((b) => ({ key: String(b._id), count: b.count }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));

const received = { submittedAt: { $ne: null } };
const listed = { isPublic: true };

/** The counts statistics are made of: which pilots, grouped by which stored field. */
export const STATS_COUNTS = {
  receivedByState: [received, 'state'],
  receivedByAgency: [received, 'agencyCode'],
  receivedByMonth: [received, 'submittedMonth'],
  publicByState: [listed, 'state'],
  publicByAgency: [listed, 'agencyCode'],
  publicBySector: [listed, 'record.application.sector'],
  approvedByMonth: [listed, 'listing.approvedMonth'],
} as const satisfies Record<string, [Record<string, unknown>, string]>;

export const countPipeline = ([match, by]: readonly [Record<string, unknown>, string]) => [
  { $match: match },
  { $group: { _id: `$${by}`, count: { $sum: 1 } } },
];

/** Buckets of `rows` by `key` (as `$group` would make them: one per value, null included). */
function bucketsOf(rows: readonly IndexRow[], key: (r: IndexRow) => string | null | undefined): Bucket[] {
  const counts = new Map<string | null, number>();
  for (const r of rows) {
    const k = key(r) ?? null;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts].map(([_id, count]) => ({ _id, count }));
}

/**
 * The statistics of a snapshot of the index: the seven counts of STATS_COUNTS over the slim rows, made
 * once per tree size (so they stay current without reading a pilot document).
 */
export function statsFrom(snap: Snapshot) {
  return snap.memo('stats', () => {
    const received = [...snap.rows.values()].filter((r) => r.submittedMonth !== null);
    const listed = snap.publicRows;
    return statsOf({
      receivedByState: bucketsOf(received, (r) => r.state),
      receivedByAgency: bucketsOf(received, (r) => r.agencyCode),
      receivedByMonth: bucketsOf(received, (r) => r.submittedMonth),
      publicByState: bucketsOf(listed, (r) => r.state),
      publicByAgency: bucketsOf(listed, (r) => r.agencyCode),
      publicBySector: bucketsOf(listed, (r) => (r.summary?.sector as string | null | undefined) ?? null),
      approvedByMonth: bucketsOf(listed, (r) => r.listing?.approvedMonth),
    });
  });
}

export async function registryStats(ctx: RegistryContext) {
  return statsFrom(await publicIndex(ctx).current());
}

function statsOf({
  receivedByState,
  receivedByAgency,
  receivedByMonth,
  publicByState,
  publicByAgency,
  publicBySector,
  approvedByMonth,
}: Record<keyof typeof STATS_COUNTS, Bucket[]>) {
  const total = (b: Bucket[]) => b.reduce((n, x) => n + x.count, 0);
  const months = new Map<string, { month: string; received: number; approved: number }>();
  const month = (m: string) => months.get(m) ?? months.set(m, { month: m, received: 0, approved: 0 }).get(m)!;
  for (const b of receivedByMonth) if (b._id) month(b._id).received += b.count;
  for (const b of approvedByMonth) if (b._id) month(b._id).approved += b.count;

  const byAgency = new Map<string, { agency: string; received: number; approved: number }>();
  const agency = (a: string) => byAgency.get(a) ?? byAgency.set(a, { agency: a, received: 0, approved: 0 }).get(a)!;
  for (const b of receivedByAgency) if (b._id) agency(b._id).received += b.count;
  for (const b of publicByAgency) if (b._id) agency(b._id).approved += b.count;

  return {
    applications: {
      received: total(receivedByState),
      approved: total(publicByState),
      notApproved: total(receivedByState) - total(publicByState),
      /** Current state of every submitted application, approved or not. */
      byStatus: asCounts(receivedByState),
    },
    pilots: {
      total: total(publicByState),
      byStatus: asCounts(publicByState),
      bySector: asCounts(publicBySector),
    },
    byAgency: [...byAgency.values()].sort((a, b) => a.agency.localeCompare(b.agency)),
    byMonth: [...months.values()].sort((a, b) => a.month.localeCompare(b.month)),
  };
}

/** Public pilots by state, of one agency or of all: what the home and agency pages count. */
export async function publicPilotCounts(ctx: RegistryContext, agency?: string) {
  const snap = await publicIndex(ctx).current();
  return snap.memo(`counts:${agency ?? ''}`, () => {
    const rows = agency ? snap.publicRows.filter((r) => r.agencyCode === agency) : snap.publicRows;
    const byStatus = asCounts(bucketsOf(rows, (r) => r.state));
    return { total: byStatus.reduce((n, b) => n + b.count, 0), byStatus };
  });
}
