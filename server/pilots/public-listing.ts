// The slim public listing of a pilot (models/public-listing.ts), a second projection written beside the
// pilot document: what the public registry's lists, searches, exports and statistics need, and the seq of
// each of the pilot's entries (its timeline by `_id` reads). Also the one public summary of a pilot (a
// line of a list or an export), which the row stores so that a list never reads a pilot document.
import mongoose from 'mongoose';
import type { Models } from '../../models/index.ts';
import { PILOT_VISIBILITY, type PilotRecord } from '../../models/pilot.ts';
import type { PublicListingDocument } from '../../models/public-listing.ts';
import { publicPart } from '../../models/visibility.ts';
import { isDuplicateKey } from '../db/duplicate.ts';
import { listingOf } from './listing.ts';

export const publicPilotPath = (reference: string) => `/api/v1/public/pilots/${encodeURIComponent(reference)}`;

export type PublicRecord = Partial<PilotRecord>;

export const publicRecordOf = (record: PilotRecord): PublicRecord => publicPart(record, PILOT_VISIBILITY);

/** One line of a list or an export. */
export function publicSummary(pub: PublicRecord) {
  const app = pub.application ?? {};
  return {
    reference: pub.reference ?? null,
    url: pub.reference ? publicPilotPath(pub.reference) : null,
    title: app.title ?? null,
    status: pub.state ?? null,
    agency: pub.agency?.code ?? null,
    organization: pub.organization?.name ?? null,
    sector: app.sector ?? null,
    solutionType: app.solutionType ?? null,
    technologies: app.technologies ?? [],
    provinces: app.scope?.provinces ?? [],
    participantCap: app.scope?.participantCap ?? null,
    publicSummary: app.publicSummary ?? null,
    start: pub.start ?? null,
    end: pub.end ?? null,
    publicSince: pub.publicSince ?? null,
    updatedAt: pub.updatedAt ?? null,
    exemptions: (pub.exemptions ?? []).map((x) => x.legalReference),
  };
}
export type PublicSummary = ReturnType<typeof publicSummary>;

/** The row of a pilot at `version` (its seqs aside). */
export function publicListingRow(record: PilotRecord, version: number) {
  const listing = listingOf(record);
  const isPublic = record.publicSince !== null;
  return {
    version,
    state: record.state,
    agencyCode: record.agency.code,
    submittedMonth: record.submittedAt ? record.submittedAt.slice(0, 7) : null,
    reference: record.reference,
    isPublic,
    listing,
    summary: isPublic ? publicSummary(publicRecordOf(record)) : null,
  } satisfies Omit<PublicListingDocument, '_id' | 'seqs'>;
}

/**
 * Writes the row of pilot `id` at `version` (unless it is at that version or later) and the seq of the
 * entry that made `entryVersion`. Idempotent, so the projector calls it on a retry or from the
 * reconciler too; a row written by a slower instance never replaces a newer one.
 */
export async function writePublicListing(
  models: Models,
  id: string,
  entry: { version: number; seq: number },
  record: PilotRecord,
  version: number,
): Promise<void> {
  const { PublicListing } = models;
  const seq = { [`seqs.${entry.version}`]: entry.seq };
  const set = await PublicListing.updateOne({ _id: id }, { $set: seq });
  if (set.matchedCount === 0) {
    try {
      await PublicListing.create({
        _id: id,
        ...publicListingRow(record, version),
        seqs: { [entry.version]: entry.seq },
      });
      return;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err; // created meanwhile: set the seq on it below
      await PublicListing.updateOne({ _id: id }, { $set: seq });
    }
  }
  await PublicListing.updateOne(
    { _id: id, version: mongoose.trusted({ $lt: version }) },
    { $set: publicListingRow(record, version) },
  );
}
