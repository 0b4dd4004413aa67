// The slim public listing: one small document per pilot (a few hundred bytes against the pilot
// document's 5.7 KB), written by the pilot projection beside the pilot itself, and read whole by the
// public registry's in-memory index (server/public/registry-index.ts). On the embedded FerretDB every
// read but `_id` equality decodes the whole collection in Go (DESIGN §4), so the registry's cold reads
// decode this collection, never the pilots'.
import { Schema } from 'mongoose';
import type { Listing, PilotState } from './pilot.ts';

/** One line of a public list or export (server/pilots/public-listing.ts `publicSummary`). */
export type PublicSummaryRow = Record<string, unknown>;

export interface PublicListingDocument {
  /** The pilot's id (hex of its ObjectId). */
  _id: string;
  /** The pilot's version this row was made from. */
  version: number;
  state: PilotState;
  agencyCode: string | null;
  /** YYYY-MM of the first submission, null before it: statistics count every submitted application. */
  submittedMonth: string | null;
  reference: string | null;
  /** Approved once (public for good): what the public registry lists. */
  isPublic: boolean;
  /** The public listing and summary: null until the pilot is approved. */
  listing: Listing | null;
  summary: PublicSummaryRow | null;
  /**
   * The seq of each of the pilot's ledger entries, by the version it made ("1", "2", …): each write sets
   * its own key, so two instances projecting one after the other never lose one (no read-modify-write).
   */
  seqs: Record<string, number>;
}

export const publicListingSchema = new Schema<PublicListingDocument>(
  {
    _id: { type: String, required: true },
    version: { type: Number, required: true, default: 0 },
    state: { type: String },
    agencyCode: { type: String, default: null },
    submittedMonth: { type: String, default: null },
    reference: { type: String, default: null },
    isPublic: { type: Boolean, default: false },
    listing: { type: Schema.Types.Mixed, default: null },
    summary: { type: Schema.Types.Mixed, default: null },
    seqs: { type: Schema.Types.Mixed, default: {} },
  },
  { strict: 'throw', versionKey: false, minimize: false, collection: 'public_listings' },
);
