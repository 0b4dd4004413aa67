// Who may see a pilot in full: its business, its agency's regulators once it was submitted (a draft is
// the business's own), and admins. Anyone else sees the public view of a pilot that was ever approved,
// and nothing (404) of one that was not.
import mongoose from 'mongoose';
import type { PilotRecord } from '../../models/pilot.ts';
import type { Principal } from '../accounts/principal.ts';
import { inScope, type ScopeFields, type Scoped } from '../access/scope.ts';
import type { RegistryContext } from '../context.ts';
import { problems } from '../errors.ts';
import { isPilotId, isReference } from './keys.ts';

export interface LoadedPilot {
  record: PilotRecord;
  version: number;
}

/** By opaque id or, for convenience, by reference number. */
export async function findPilot(ctx: RegistryContext, idOrReference: string): Promise<LoadedPilot | null> {
  const { Pilot } = ctx.models;
  const id = idOrReference.toLowerCase();
  let doc;
  if (isPilotId(id)) doc = await Pilot.findById(id).select({ version: 1, record: 1 }).lean();
  else if (isReference(idOrReference))
    doc = await Pilot.findOne({ reference: idOrReference }).select({ version: 1, record: 1 }).lean();
  return doc ? { record: doc.record, version: doc.version } : null;
}

/** Scope (server/access/scope.ts) as a pilot carries it, on the record and on its document. */
export const pilotScope = (r: PilotRecord): Scoped => ({
  organizationId: r.organization.id,
  agencyId: r.agency.id,
  submitted: r.submittedAt !== null,
});
export const PILOT_SCOPE_FIELDS: ScopeFields = {
  organizationId: 'organizationId',
  agencyId: 'agencyId',
  submitted: { submittedAt: mongoose.trusted({ $ne: null }) },
};

/** Its business, its agency's regulators once it was submitted, and admins. */
export const isParty = (principal: Principal | undefined, pilot: PilotRecord) => inScope(principal, pilotScope(pilot));

const noSuchPilot = () => problems.notFound('No such pilot.');

/** The pilot, if the caller is one of its parties; 404 otherwise, so that existence does not leak. */
export async function pilotForParty(
  ctx: RegistryContext,
  principal: Principal,
  idOrReference: string,
): Promise<LoadedPilot> {
  const pilot = await findPilot(ctx, idOrReference);
  if (!pilot || !isParty(principal, pilot.record)) throw noSuchPilot();
  return pilot;
}

/** The pilot for a party, or for anyone once it is public; `party` says which view applies. */
export async function pilotForReader(ctx: RegistryContext, principal: Principal | undefined, idOrReference: string) {
  const pilot = await findPilot(ctx, idOrReference);
  if (!pilot) throw noSuchPilot();
  if (isParty(principal, pilot.record)) return { ...pilot, party: true };
  if (pilot.record.publicSince !== null) return { ...pilot, party: false };
  throw noSuchPilot();
}
