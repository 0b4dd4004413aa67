// Who may see a pilot in full: its business, its agency's regulators once it was submitted (a draft is
// the business's own), and admins. Anyone else sees the public view of a pilot that was ever approved,
// and nothing (404) of one that was not.
import { Types } from 'mongoose';
import type { PilotRecord } from '../../models/pilot.ts';
import type { Principal } from '../accounts/principal.ts';
import type { RegistryContext } from '../context.ts';
import { problems } from '../errors.ts';

export interface LoadedPilot {
  record: PilotRecord;
  version: number;
}

const REFERENCE = /^[A-Z][A-Z0-9]{1,11}-\d{4}-\d{4,}$/;

/** By opaque id or, for convenience, by reference number. */
export async function findPilot(ctx: RegistryContext, idOrReference: string): Promise<LoadedPilot | null> {
  const { Pilot } = ctx.models;
  let doc;
  if (Types.ObjectId.isValid(idOrReference) && /^[0-9a-f]{24}$/i.test(idOrReference)) {
    doc = await Pilot.findById(idOrReference.toLowerCase()).select({ version: 1, record: 1 });
  } else if (REFERENCE.test(idOrReference)) {
    doc = await Pilot.findOne({ reference: idOrReference }).select({ version: 1, record: 1 });
  }
  return doc ? { record: doc.record as PilotRecord, version: doc.version } : null;
}

export function isParty(principal: Principal | undefined, pilot: PilotRecord): boolean {
  if (!principal) return false;
  switch (principal.role) {
    case 'admin':
      return true;
    case 'business':
      return Boolean(principal.organizationId) && principal.organizationId === pilot.organization.id;
    case 'regulator':
      return Boolean(principal.agencyId) && principal.agencyId === pilot.agency.id && pilot.submittedAt !== null;
  }
}

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
