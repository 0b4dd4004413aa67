// Creating a draft, listing pilots for the caller's scope (with the regulator's review queue), and the
// parties' view of a pilot's private ledger content.
import mongoose, { Types } from 'mongoose';
import type { Draft } from '../../models/pilot-application.ts';
import type { PilotRecord, PilotState } from '../../models/pilot.ts';
import type { Principal } from '../accounts/principal.ts';
import type { RegistryContext } from '../context.ts';
import { problems } from '../errors.ts';
import type { Entry } from '../ledger/entry.ts';
import { getProgramme } from '../programmes/programmes.ts';
import { invalid } from '../validation.ts';
import { findPilot, pilotForParty, type LoadedPilot } from './access.ts';
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

export interface PilotListQuery {
  limit: number;
  after?: string;
  state?: PilotState[];
  programmeId?: string;
  /** `review`: a regulator's queue, submitted and under review, oldest submission first. */
  queue?: 'review';
}

function scopeFilter(principal: Principal): Record<string, unknown> {
  switch (principal.role) {
    case 'admin':
      return {};
    case 'business':
      return { organizationId: principal.organizationId ?? '-' };
    case 'regulator':
      // A draft is the business's own until it is submitted.
      return { agencyId: principal.agencyId ?? '-', submittedAt: mongoose.trusted({ $ne: null }) };
  }
}

/** Pages by a stable sort: _id, or (submittedAt, _id) for the review queue; the cursor is the last key seen. */
export async function listPilots(ctx: RegistryContext, principal: Principal, q: PilotListQuery) {
  const filter: Record<string, unknown> = { ...scopeFilter(principal) };
  const states =
    q.queue === 'review'
      ? (q.state ?? ['submitted', 'under_review']).filter((s) => s === 'submitted' || s === 'under_review')
      : q.state;
  if (states) filter.state = mongoose.trusted({ $in: states });
  if (q.programmeId) filter['record.programmeId'] = q.programmeId;
  let sort: Record<string, 1>;
  if (q.queue === 'review') {
    sort = { submittedAt: 1, _id: 1 };
    if (q.after) {
      const [at, id] = decodeCursor(q.after);
      filter.$or = [
        { submittedAt: mongoose.trusted({ $gt: at }) },
        { submittedAt: at, _id: mongoose.trusted({ $gt: new Types.ObjectId(id) }) },
      ];
    }
  } else {
    sort = { _id: 1 };
    if (q.after) filter._id = mongoose.trusted({ $gt: new Types.ObjectId(decodeCursor(q.after)[1]) });
  }
  const docs = await ctx.models.Pilot.find(filter)
    .select({ version: 1, record: 1, submittedAt: 1 })
    .sort(sort)
    .limit(q.limit + 1);
  const page = docs.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((d) => summaryView(d.record as PilotRecord, d.version)),
    next:
      docs.length > q.limit && last
        ? encodeCursor(q.queue === 'review' ? (last.submittedAt ?? '') : '', String(last._id))
        : null,
  };
}

const encodeCursor = (at: string, id: string) => Buffer.from(`${at}|${id}`).toString('base64url');
function decodeCursor(cursor: string): [string, string] {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (id === undefined || !/^[0-9a-f]{24}$/.test(id))
    throw invalid([{ field: 'after', reason: 'is not a cursor this list gave out' }]);
  return [at ?? '', id];
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
