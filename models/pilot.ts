// A pilot as the registry holds it: the projection of its ledger entries (DESIGN §3). The whole record
// lives in one document that each entry replaces under a version check, because FerretDB has neither
// transactions nor positional updates (DESIGN §4); the top-level fields beside `record` are copies kept
// for queries and indexes.
import { Schema, type Types } from 'mongoose';
import { APPLICATION_VISIBILITY, type Decision, type Draft } from './pilot-application.ts';
import {
  CLAIM_VISIBILITY,
  EXIT_REPORT_VISIBILITY,
  INCIDENT_VISIBILITY,
  REPORT_VISIBILITY,
  type Claim,
  type Condition,
  type Exemption,
  type ExitReport,
  type Incident,
  type Report,
  type ReportSlot,
} from './pilot-records.ts';
import type { VisibilityOf } from './visibility.ts';

export const PILOT_STATES = [
  'draft',
  'submitted',
  'under_review',
  'changes_requested',
  // An unanswered changes request before the one-chance rule (records made then keep it).
  'lapsed',
  // An unanswered request for explanation returns the dossier (Decree 94/2025 Art. 17).
  'returned',
  'approved',
  'active',
  'rejected',
  'suspended',
  'revoked',
  'withdrawn',
  'completed',
  'expired',
] as const;
export type PilotState = (typeof PILOT_STATES)[number];

export const EXIT_OUTCOMES = ['graduated', 'ceased'] as const;

export interface BusinessRequest {
  id: string;
  kind: 'amendment' | 'extension';
  at: string;
  description: string;
  reasons: string;
  /** For an extension: the end asked for. */
  end: string | null;
  outcome: { granted: boolean; at: string; decision: Decision } | null;
}

export interface PilotRecord {
  id: string;
  organization: { id: string; name: string };
  agency: { id: string; code: string };
  programmeId: string;
  state: PilotState;
  reference: string | null;
  application: Draft;
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  publicSince: string | null;
  changesRequested: { reason: string; deadline: string; at: string } | null;
  /** Every request for explanation: when asked, the deadline (and its working days), when answered. */
  explanations?: { at: string; deadline: string; workingDays: number | null; answeredAt: string | null }[];
  /** When the agency must decide on the application, its clock paused while the applicant explained. */
  reviewDueBy?: string | null;
  start: string | null;
  end: string | null;
  extensions: number;
  decisions: { action: string; at: string; decision: Decision }[];
  suspension: { by: 'regulator' | 'business'; reason: string; incidentId: string | null; at: string } | null;
  /** Every suspension with when it ended (null while it lasts), so an incident's day can be checked against them. */
  suspensions?: { by: 'regulator' | 'business'; at: string; endedAt: string | null }[];
  withdrawal: { reason: string; at: string } | null;
  /**
   * The business's own halts after an incident: its status is unchanged (suspension is the agency's
   * decision), but the incident must be reported within the programme's hours.
   */
  halts?: { at: string; reason: string; incidentId: string | null; reportDueBy: string; resumedAt: string | null }[];
  /** On-site inspections: announced with the programme's notice, then their findings (Decree 94/2025 Art. 14). */
  inspections?: {
    id: string;
    announcedAt: string;
    date: string;
    purpose: string;
    findings: string | null;
    recordedAt: string | null;
  }[];
  /** Other authorities consulted, with their answer and its time (Decree 142/2026 Art. 23). */
  consultations?: {
    id: string;
    authority: string;
    question: string;
    askedAt: string;
    answer: string | null;
    answeredAt: string | null;
  }[];
  /** The unit of the agency that decided the application, where the programme names several. */
  decidingUnit?: string | null;
  /** Written warnings, each a decision, with a deadline for remedy when one is set. */
  warnings?: { id: string; at: string; decision: Decision; remedyBy: string | null }[];
  /** The business's requests for an amendment or an extension, and the agency's decision on each. */
  requests?: BusinessRequest[];
  exemptions: Exemption[];
  conditions: Condition[];
  schedule: ReportSlot[];
  reports: Report[];
  incidents: Incident[];
  claims: Claim[];
  exitReport: ExitReport | null;
  completion: {
    outcome: (typeof EXIT_OUTCOMES)[number];
    openObligations: { description: string; dueBy: string | null }[];
    at: string;
    /** The completion-of-testing certificate: the completion decision's reference (absent on records made before). */
    certificate?: string;
    transitionUntil?: string | null;
  } | null;
  /** After a stop (revocation), when the wind-down must be done (Decree 94/2025 Art. 9). */
  windDownBy?: string | null;
  /** The earliest moment time-driven work (lapse, start, expiry, an overdue report) is due. */
  nextDueAt: string | null;
}

/** What the public sees of a pilot that was ever approved; everything else stays with its parties. */
export const PILOT_VISIBILITY = {
  id: 'public',
  organization: 'public',
  agency: 'public',
  programmeId: 'public',
  state: 'public',
  reference: 'public',
  application: APPLICATION_VISIBILITY,
  createdAt: 'public',
  updatedAt: 'public',
  submittedAt: 'public',
  publicSince: 'public',
  // Review notes before approval are between the business and its regulator.
  changesRequested: 'confidential',
  explanations: 'confidential',
  reviewDueBy: 'confidential',
  start: 'public',
  end: 'public',
  extensions: 'public',
  decisions: 'public',
  suspension: 'public',
  suspensions: 'public',
  withdrawal: 'public',
  halts: 'public',
  inspections: 'public',
  consultations: {
    '[]': {
      id: 'public',
      authority: 'public',
      question: 'confidential',
      askedAt: 'public',
      answer: 'confidential',
      answeredAt: 'public',
    },
  },
  decidingUnit: 'public',
  warnings: 'public',
  requests: 'public',
  exemptions: 'public',
  conditions: 'public',
  schedule: 'public',
  reports: { '[]': REPORT_VISIBILITY },
  incidents: { '[]': INCIDENT_VISIBILITY },
  claims: { '[]': CLAIM_VISIBILITY },
  exitReport: EXIT_REPORT_VISIBILITY,
  completion: 'public',
  windDownBy: 'public',
  nextDueAt: 'confidential',
} as const satisfies VisibilityOf<PilotRecord>;

/**
 * The public listing (server/pilots/listing.ts): copies of public fields for lists, filters, search and
 * statistics; null until the pilot is approved.
 */
export interface Listing {
  /** Folded words of the public text, matched by prefix (no $text on FerretDB, DESIGN §4). */
  tokens: string[];
  sector: string | null;
  technologies: string[];
  provinces: string[];
  title: string;
  start: string;
  end: string;
  /** When the pilot stopped running (revoked, completed, withdrawn), or its end: "active on a date" is start ≤ d < activeUntil. */
  activeUntil: string;
  publicSince: string;
  updatedAt: string;
  /** YYYY-MM of the approval, for statistics (aggregation cannot compute it, DESIGN §4). */
  approvedMonth: string;
}

/** A pilot's document: the record, its version, and the copies of record fields that queries use. */
export interface PilotDocument {
  _id: Types.ObjectId;
  version: number;
  state: PilotState;
  organizationId: string;
  agencyId: string;
  reference: string | null;
  submittedAt: string | null;
  nextDueAt: string | null;
  isPublic: boolean;
  agencyCode: string | null;
  submittedMonth: string | null;
  listing: Listing | null;
  record: PilotRecord;
}

const listingSchema = new Schema<Listing>(
  {
    tokens: { type: [String], required: true },
    sector: { type: String, default: null },
    technologies: { type: [String], required: true },
    provinces: { type: [String], required: true },
    title: { type: String, required: true },
    start: { type: String, required: true },
    end: { type: String, required: true },
    activeUntil: { type: String, required: true },
    publicSince: { type: String, required: true },
    updatedAt: { type: String, required: true },
    approvedMonth: { type: String, required: true },
  },
  { _id: false, strict: 'throw' },
);

export const pilotSchema = new Schema<PilotDocument>(
  {
    _id: { type: Schema.Types.ObjectId, required: true },
    // Number of ledger entries under the key pilot:<id>; the ETag.
    version: { type: Number, required: true },
    state: { type: String, enum: PILOT_STATES, required: true, index: true },
    organizationId: { type: String, required: true, index: true },
    agencyId: { type: String, required: true, index: true },
    reference: { type: String, default: null },
    // ISO strings (UTC, fixed width) sort like the instants they name.
    submittedAt: { type: String, default: null },
    nextDueAt: { type: String, default: null },
    isPublic: { type: Boolean, required: true, default: false },
    // For the public registry's statistics: counts of applications are public even when their content
    // is not (the agency and the month of submission are in the ledger's envelope anyway).
    agencyCode: { type: String, default: null },
    submittedMonth: { type: String, default: null },
    // The public listing (server/public/listing.ts): copies of public fields for lists, filters, search
    // and statistics; null until the pilot is approved.
    listing: { type: listingSchema, default: null },
    record: { type: Schema.Types.Mixed, required: true },
  },
  { strict: 'throw', versionKey: false, minimize: false, collection: 'pilots' },
);

// The public registry's lists (server/public/query.ts): public pilots in each sort order, _id breaking
// ties, so MongoDB walks an index instead of sorting the selection in memory; the reference order also
// serves a pilot's page by reference. (FerretDB's SQLite backend scans whatever the indexes; DESIGN §4.)
for (const field of [
  'reference',
  'listing.title',
  'listing.start',
  'listing.end',
  'listing.updatedAt',
  'listing.publicSince',
]) {
  pilotSchema.index({ isPublic: 1, [field]: 1, _id: 1 });
}
// Statistics and the status/agency filters.
pilotSchema.index({ agencyCode: 1, state: 1 });

/**
 * Reference numbers (<AGENCY>-<YEAR>-<NNNN>) are handed out by inserting into this collection: _id is the
 * reference, so of two racing submissions exactly one gets a number (FerretDB's $inc is read-modify-write
 * and would hand both the same one).
 */
export const pilotReferenceSchema = new Schema(
  {
    _id: { type: String, required: true },
    series: { type: String, required: true, index: true },
    n: { type: Number, required: true },
    // One number per pilot: concurrent first submissions of one pilot cannot take two.
    pilotId: { type: String, required: true, unique: true },
  },
  { strict: 'throw', versionKey: false, collection: 'pilot_references' },
);
