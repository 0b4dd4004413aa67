// Supervising agencies. Registering one is a ledger event (who supervises is public record); the Agency
// document is its projection.
import { Types } from 'mongoose';
import { z } from 'zod';
import type { Models } from '../../models/index.ts';
import type { RegistryContext } from '../context.ts';
import { isDuplicateKey } from '../db/duplicate.ts';
import { problems } from '../errors.ts';
import type { Entry } from '../ledger/entry.ts';
import { onVersionConflict, type Projector } from '../ledger/ledger.ts';
import { agencyView } from '../accounts/views.ts';

export interface NewAgency {
  code: string;
  name: string;
  nameVi?: string;
  website?: string;
}

export const agencySubject = (code: string) => `agency:${code}`;

export async function registerAgency(ctx: RegistryContext, input: NewAgency, actor: { role: 'admin' }) {
  const id = new Types.ObjectId();
  const data: AgencyRegistered = {
    id: String(id),
    code: input.code,
    name: input.name,
    nameVi: input.nameVi ?? null,
    website: input.website ?? null,
  };
  await ctx.ledger
    .append(
      {
        type: 'agency.registered',
        subject: agencySubject(input.code),
        actor: { role: actor.role, agency: null },
        data,
      },
      { expectedVersion: 0 },
    )
    .catch(onVersionConflict(() => codeInUse('Agency', input.code)));
  const agency = await ctx.models.Agency.findById(id);
  if (!agency) throw problems.internal('The agency was recorded but not projected.');
  return agencyView(agency);
}

export async function listAgencies(ctx: RegistryContext) {
  const agencies = await ctx.models.Agency.find({}).sort({ code: 1 });
  return agencies.map(agencyView);
}

/** The content of an `agency.registered` entry, as parsed where it is projected. */
const agencyRegistered = z.strictObject({
  id: z.string().regex(/^[0-9a-f]{24}$/),
  code: z.string().min(1),
  name: z.string().min(1),
  nameVi: z.string().nullable(),
  website: z.string().nullable(),
});
type AgencyRegistered = z.infer<typeof agencyRegistered>;

/** A directory code (an agency's, a programme's) is registered once: a second one lost the race. */
export const codeInUse = (what: string, code: string) =>
  problems.conflict(`${what} code ${code} is already in use.`, {
    errors: [{ field: 'code', reason: 'is already in use' }],
  });

export function agencyProjectors(models: Models): Record<string, Projector> {
  return {
    async 'agency.registered'(entry: Entry, subjectVersion: number) {
      if (subjectVersion !== 1) return;
      const d = agencyRegistered.parse(entry.data);
      try {
        await models.Agency.create({
          _id: d.id,
          code: d.code,
          name: d.name,
          ...(d.nameVi ? { nameVi: d.nameVi } : {}),
          ...(d.website ? { website: d.website } : {}),
          version: subjectVersion,
        });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err; // applied already (a retry or the reconciler)
      }
    },
  };
}
