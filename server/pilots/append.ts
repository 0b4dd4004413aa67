// Turns a decided event into exactly one ledger entry under the pilot's key. The entry's public `data` is
// derived from the event type's visibility declaration (events.ts) once the pilot is public (from its
// approval on); before that it carries only the envelope (opaque id, agency, state change) and everything
// else is committed private content, so applications that are never approved stay anonymous (DESIGN §3).
import type { PilotState } from '../../models/pilot.ts';
import { split } from '../../models/visibility.ts';
import type { RegistryContext } from '../context.ts';
import { problems } from '../errors.ts';
import { toJsonObject, type EntryActor, type JsonObject } from '../ledger/entry.ts';
import { onVersionConflict } from '../ledger/ledger.ts';
import type { LoadedPilot } from './access.ts';
import { visibilityOf, type Envelope, type PilotEvent } from './events.ts';
import { pilotKey } from './keys.ts';

export interface Change {
  event: PilotEvent;
  from: PilotState | null;
  to: PilotState;
}

interface Named {
  id: string;
  agencyCode: string;
  reference: string | null;
  publicSince: string | null;
}

const orNothing = (o: JsonObject | null) => (o && Object.keys(o).length > 0 ? o : undefined);

/** The entry's subject, public data and private content for a change of the pilot. */
export function entryContent(pilot: Named, change: Change) {
  const { event } = change;
  const envelope: Envelope = { pilot: pilot.id, agency: pilot.agencyCode, from: change.from, to: change.to };
  const payload = toJsonObject(event.payload);
  if (pilot.publicSince === null && event.type !== 'pilot.approved') {
    return { subject: pilotKey(pilot.id), data: toJsonObject(envelope), private: orNothing(payload) };
  }
  const parts = split(payload, visibilityOf(event.type));
  return {
    subject: event.type === 'pilot.approved' ? event.payload.reference : (pilot.reference ?? pilotKey(pilot.id)),
    data: { ...toJsonObject(envelope), ...(parts.public === undefined ? {} : toJsonObject(parts.public)) },
    private: parts.confidential === undefined ? undefined : orNothing(toJsonObject(parts.confidential)),
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
  const detail = `The pilot changed meanwhile (version ${pilot.version} is no longer current); read it again.`;
  return ctx.ledger
    .append(
      { type: change.event.type, subject: content.subject, actor, data: content.data, private: content.private },
      { expectedVersion: pilot.version, key: pilotKey(r.id) },
    )
    .catch(
      onVersionConflict(() =>
        ifMatch
          ? problems.preconditionFailed(detail)
          : problems.conflict(detail, { extra: { reason: 'version-conflict' } }),
      ),
    );
}
