// Creating a draft, listing pilots for the caller's scope (with the regulator's review queue), and the
// parties' view of a pilot's private ledger content.
import mongoose, { Types } from 'mongoose';
import type { Draft } from '../../models/pilot-application.ts';
import type { PilotDocument, PilotState } from '../../models/pilot.ts';
import type { Principal } from '../accounts/principal.ts';
import { scopeFilter } from '../access/scope.ts';
import type { RegistryContext } from '../context.ts';
import { problems } from '../errors.ts';
import type { Entry } from '../ledger/entry.ts';
import { BY_ID, pageOf, type Order, type PageRequest } from '../paging.ts';
import { getProgramme } from '../programmes/programmes.ts';
import { invalid } from '../validation.ts';
import { findPilot, PILOT_SCOPE_FIELDS, pilotForParty, type LoadedPilot } from './access.ts';
import { entryContent } from './append.ts';
import { pilotEvent } from './events.ts';
import { pilotKey } from './keys.ts';
import { summaryView } from './views.ts';

export async function createPilot(
  ctx: RegistryContext,
  principal: Principal,
  input: Draft & { programmeId: string },
): Promise<LoadedPilot> {
  const { programmeId, ...application } = input;
  const programme = await getProgramme(ctx, programmeId).catch(() => {
    throw invalid([{ field: 'programmeId', reason: 'names no programme' }]);
  });
  const organization = await ctx.models.Organization.findById(principal.organizationId);
  if (!organization) throw problems.forbidden('This account belongs to no organization.');
  const id = String(new Types.ObjectId());
  const payload = {
    organization: { id: String(organization._id), name: organization.name },
    agencyId: programme.agency.id,
    programmeId: programme.id,
    application,
  };
  const content = entryContent(
    { id, agencyCode: programme.agency.code, reference: null, publicSince: null },
    { event: pilotEvent('pilot.created', payload), from: null, to: 'draft' },
  );
  await ctx.ledger.append(
    {
      type: 'pilot.created',
      subject: content.subject,
      actor: { role: 'business', agency: null },
      data: content.data,
      private: content.private,
    },
    { expectedVersion: 0, key: pilotKey(id) },
  );
  const pilot = await findPilot(ctx, id);
  if (!pilot) throw problems.internal('The pilot was recorded but not projected.');
  return pilot;
}

export interface PilotListQuery extends PageRequest {
  status?: PilotState[];
  programmeId?: string;
  /** `review`: a regulator's queue, submitted and under review, oldest submission first. */
  queue?: 'review';
}

const REVIEW_STATES: PilotState[] = ['submitted', 'under_review'];
/** The review queue's order: oldest submission first. */
const BY_SUBMISSION: Order<PilotDocument> = {
  direction: 1,
  field: { path: 'submittedAt', valueOf: (d) => d.submittedAt ?? '' },
};

/** The pilots in the caller's scope, a page at a time in creation order (or the review queue's). */
export async function listPilots(ctx: RegistryContext, principal: Principal, q: PilotListQuery) {
  const filter: Record<string, unknown> = scopeFilter(principal, PILOT_SCOPE_FIELDS);
  const states = q.queue === 'review' ? (q.status ?? REVIEW_STATES).filter((s) => REVIEW_STATES.includes(s)) : q.status;
  if (states) filter.state = mongoose.trusted({ $in: states });
  if (q.programmeId) filter['record.programmeId'] = q.programmeId;
  return pageOf(
    (f, sort, limit) =>
      ctx.models.Pilot.find(f).select({ version: 1, record: 1, submittedAt: 1 }).sort(sort).limit(limit).lean(),
    filter,
    q.queue === 'review' ? BY_SUBMISSION : BY_ID,
    q,
    (d) => summaryView(d.record, d.version),
  );
}

/** The most records a dashboard reads at once: a party's own pilots, not the registry. */
export const DASHBOARD_LIMIT = 1000;

/** The whole records of the pilots in the caller's scope (a dashboard's reading), newest first. */
export async function pilotsInScope(ctx: RegistryContext, principal: Principal): Promise<LoadedPilot[]> {
  const docs = await ctx.models.Pilot.find(scopeFilter(principal, PILOT_SCOPE_FIELDS))
    .select({ version: 1, record: 1 })
    .sort({ _id: -1 })
    .limit(DASHBOARD_LIMIT)
    .lean();
  return docs.map((d) => ({ record: d.record, version: d.version }));
}

/** A pilot's entries with their private content and salt, so its parties can check each commitment. */
export async function privateLedger(ctx: RegistryContext, principal: Principal, idOrReference: string) {
  const pilot = await pilotForParty(ctx, principal, idOrReference);
  const entries = await ctx.models.LedgerEntry.find({ subject: pilotKey(pilot.record.id) })
    .select({ canonical: 1, subjectVersion: 1 })
    .sort({ _id: 1 });
  const parsed = entries.map((d) => ({
    seq: d._id,
    version: d.subjectVersion,
    canonical: d.canonical,
    entry: JSON.parse(d.canonical) as Entry,
  }));
  const commitments = parsed.flatMap((p) => (p.entry.commitment ? [p.entry.commitment] : []));
  const privates = commitments.length
    ? await ctx.models.LedgerPrivate.find({ _id: mongoose.trusted({ $in: commitments }) })
    : [];
  const byId = new Map(privates.map((p) => [p._id, { salt: p.salt, content: p.content }]));
  return {
    items: parsed.map((p) => ({
      seq: p.seq,
      version: p.version,
      canonical: p.canonical,
      commitment: p.entry.commitment,
      private: p.entry.commitment ? (byId.get(p.entry.commitment) ?? null) : null,
    })),
  };
}
