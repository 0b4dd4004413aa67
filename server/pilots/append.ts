// Turns a decided change into exactly one ledger entry under the pilot's key. The entry's public `data`
// is derived from the payload's visibility declaration once the pilot is public (from its approval on);
// before that it carries only the envelope (opaque id, agency, state change) and everything else is
// committed private content, so applications that are never approved stay anonymous (DESIGN §3).
import type { PilotState } from '../../models/pilot.ts';
import { split } from '../../models/visibility.ts';
import type { RegistryContext } from '../context.ts';
import { problems } from '../errors.ts';
import { VersionConflict } from '../ledger/ledger.ts';
import type { EntryActor, JsonObject } from '../ledger/entry.ts';
import type { Decided } from '../lifecycle/operation.ts';
import type { LoadedPilot } from './access.ts';
import type { Envelope } from './evolve.ts';

export const pilotKey = (id: string) => `pilot:${id}`;

export interface Change {
  decided: Decided;
  from: PilotState | null;
  to: PilotState;
}

const isEmpty = (o: unknown) => o === undefined || (typeof o === 'object' && o !== null && Object.keys(o).length === 0);

export function entryContent(
  pilot: { id: string; agencyCode: string; reference: string | null; publicSince: string | null },
  change: Change,
) {
  const { decided } = change;
  const envelope: Envelope = { pilot: pilot.id, agency: pilot.agencyCode, from: change.from, to: change.to };
  const goesPublic = pilot.publicSince !== null || decided.type === 'pilot.approved';
  const payload = decided.payload as unknown as JsonObject;
  if (!goesPublic) {
    return {
      subject: pilotKey(pilot.id),
      data: { ...envelope } as unknown as JsonObject,
      private: isEmpty(payload) ? undefined : payload,
    };
  }
  const parts = split(payload, decided.visibility);
  const reference = decided.type === 'pilot.approved' ? (payload.reference as string) : pilot.reference!;
  return {
    subject: reference,
    data: { ...envelope, ...(parts.public as JsonObject | undefined) } as unknown as JsonObject,
    private: isEmpty(parts.confidential) ? undefined : (parts.confidential as JsonObject),
  };
}

/**
 * Appends the change as the pilot's next version. A concurrent action that took the version first makes
 * this one lose: 412 when the caller named the version it saw (If-Match), 409 otherwise.
 */
export async function appendChange(
  ctx: RegistryContext,
  pilot: LoadedPilot,
  actor: EntryActor,
  change: Change,
  ifMatch: boolean,
) {
  const r = pilot.record;
  const content = entryContent(
    { id: r.id, agencyCode: r.agency.code, reference: r.reference, publicSince: r.publicSince },
    change,
  );
  try {
    return await ctx.ledger.append(
      {
        type: change.decided.type,
        subject: content.subject,
        actor,
        data: content.data,
        ...(content.private ? { private: content.private } : {}),
      },
      { expectedVersion: pilot.version, key: pilotKey(r.id) },
    );
  } catch (err) {
    if (err instanceof VersionConflict) {
      const detail = `The pilot changed meanwhile (version ${pilot.version} is no longer current); read it again.`;
      throw ifMatch
        ? problems.preconditionFailed(detail)
        : problems.conflict(detail, { extra: { reason: 'version-conflict' } });
    }
    throw err;
  }
}
