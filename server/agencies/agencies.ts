// Supervising agencies. Registering one is a ledger event (who supervises is public record); the Agency
// document is its projection.
import { Types } from 'mongoose';
import type { Models } from '../../models/index.ts';
import type { RegistryContext } from '../context.ts';
import { isDuplicateKey } from '../db/duplicate.ts';
import { problems } from '../errors.ts';
import type { Entry } from '../ledger/entry.ts';
import { VersionConflict, type Projector } from '../ledger/ledger.ts';
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
  try {
    await ctx.ledger.append(
      {
        type: 'agency.registered',
        subject: agencySubject(input.code),
        actor: { role: actor.role, agency: null },
        data: {
          id: String(id),
          code: input.code,
          name: input.name,
          nameVi: input.nameVi ?? null,
          website: input.website ?? null,
        },
      },
      { expectedVersion: 0 },
    );
  } catch (err) {
    if (err instanceof VersionConflict) {
      throw problems.conflict(`Agency code ${input.code} is already in use.`, {
        errors: [{ field: 'code', reason: 'is already in use' }],
      });
    }
    throw err;
  }
  const agency = await ctx.models.Agency.findById(id);
  if (!agency) throw problems.internal('The agency was recorded but not projected.');
  return agencyView(agency);
}

export async function listAgencies(ctx: RegistryContext) {
  const agencies = await ctx.models.Agency.find({}).sort({ code: 1 });
  return agencies.map(agencyView);
}

interface AgencyRegistered {
  id: string;
  code: string;
  name: string;
  nameVi: string | null;
  website: string | null;
}

export function agencyProjectors(models: Models): Record<string, Projector> {
  return {
    async 'agency.registered'(entry: Entry, subjectVersion: number) {
      if (subjectVersion !== 1) return;
      const d = entry.data as unknown as AgencyRegistered;
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
