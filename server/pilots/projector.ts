// The pilot projection: every pilot entry replaces the pilot's document with `evolve(record, entry)`,
// applied only when the document is at the entry's version minus one, so a retry or the reconciler never
// applies an entry twice (DESIGN §3).
import type { Models } from '../../models/index.ts';
import type { PilotRecord } from '../../models/pilot.ts';
import { isDuplicateKey } from '../db/duplicate.ts';
import type { Entry, JsonObject } from '../ledger/entry.ts';
import type { Projector } from '../ledger/ledger.ts';
import { envelopeSchema, PILOT_EVENT_TYPES } from './events.ts';
import { evolve } from './evolve.ts';
import { listingOf } from './listing.ts';
import { writePublicListing } from './public-listing.ts';

/** The private content an entry commits to (stored apart from the entry, keyed by the commitment). */
export async function privateContentOf(models: Models, entry: Entry): Promise<JsonObject | null> {
  if (!entry.commitment) return null;
  const doc = await models.LedgerPrivate.findById(entry.commitment).select({ content: 1 });
  if (!doc) throw new Error(`private content of entry ${entry.seq} is missing`);
  return JSON.parse(doc.content) as JsonObject;
}

/** The copies of record fields that queries and indexes use. */
export function indexFields(s: PilotRecord) {
  return {
    state: s.state,
    organizationId: s.organization.id,
    agencyId: s.agency.id,
    reference: s.reference,
    submittedAt: s.submittedAt,
    nextDueAt: s.nextDueAt,
    isPublic: s.publicSince !== null,
    agencyCode: s.agency.code,
    submittedMonth: s.submittedAt ? s.submittedAt.slice(0, 7) : null,
    listing: listingOf(s),
  };
}

export function pilotProjectors(models: Models): Record<string, Projector> {
  const project: Projector = async (entry, subjectVersion) => {
    const id = envelopeSchema.shape.pilot.parse(entry.data.pilot);
    const privateContent = await privateContentOf(models, entry);
    if (subjectVersion === 1) {
      const record = evolve(null, entry, privateContent);
      try {
        await models.Pilot.create({ _id: id, version: 1, ...indexFields(record), record });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err; // applied already
      }
      await writePublicListing(models, id, { version: 1, seq: entry.seq }, record, 1);
      return;
    }
    const doc = await models.Pilot.findById(id).select({ version: 1, record: 1 });
    if (!doc) throw new Error(`pilot ${id} has no projection to apply version ${subjectVersion} to`);
    if (doc.version >= subjectVersion) {
      // Applied already; its slim listing may not be (a crash between the two writes).
      await writePublicListing(models, id, { version: subjectVersion, seq: entry.seq }, doc.record, doc.version);
      return;
    }
    // Entries are applied in order (the reconciler goes by seq); a gap means an earlier one is pending.
    if (doc.version !== subjectVersion - 1)
      throw new Error(`pilot ${id} is at version ${doc.version}, cannot apply ${subjectVersion}`);
    const record = evolve(doc.record, entry, privateContent);
    await models.Pilot.updateOne(
      { _id: id, version: subjectVersion - 1 },
      { $set: { version: subjectVersion, ...indexFields(record), record } },
    );
    await writePublicListing(models, id, { version: subjectVersion, seq: entry.seq }, record, subjectVersion);
  };
  return Object.fromEntries(PILOT_EVENT_TYPES.map((t) => [t, project]));
}
