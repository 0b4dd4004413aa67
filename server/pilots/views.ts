// What a pilot looks like over the API. Parties get the whole record, the version and what they may do
// now; everyone else gets the public part, derived from the model's one declaration (PILOT_VISIBILITY).
import { PILOT_VISIBILITY, type PilotRecord } from '../../models/pilot.ts';
import { publicPart } from '../../models/visibility.ts';
import { claimAssessment } from '../supervision/assessment.ts';
import { clocksOf } from '../supervision/clocks.ts';
import type { LoadedPilot } from './access.ts';

export const etag = (version: number) => `"${version}"`;

/** What the reader may do now: on the pilot, and on each exemption, condition and claim by id. */
export interface AllowedActions {
  pilot: string[];
  on: (target: 'exemption' | 'condition' | 'claim', id: string) => string[];
}

/** The whole record for one of its parties, with the version and what they may do now. */
export function partyView({ record, version }: LoadedPilot, allowed: AllowedActions) {
  return {
    ...record,
    view: 'party' as const,
    version,
    allowedActions: allowed.pilot,
    /** The statutory clocks running now (due dates in working days, paused while the applicant explains). */
    clocks: clocksOf(record),
    exemptions: record.exemptions.map((x) => ({ ...x, allowedActions: allowed.on('exemption', x.id) })),
    conditions: record.conditions.map((c) => ({ ...c, allowedActions: allowed.on('condition', c.id) })),
    claims: record.claims.map((c) => ({
      ...c,
      assessment: claimAssessment(record, c),
      allowedActions: allowed.on('claim', c.id),
    })),
  };
}
export type PartyView = ReturnType<typeof partyView>;

export function publicView({ record, version }: LoadedPilot) {
  return { ...publicPart(record, PILOT_VISIBILITY), view: 'public' as const, version, allowedActions: [] };
}

export function summaryView(record: PilotRecord, version: number) {
  return {
    id: record.id,
    reference: record.reference,
    state: record.state,
    title: record.application.title ?? null,
    organization: record.organization,
    agency: record.agency,
    programmeId: record.programmeId,
    submittedAt: record.submittedAt,
    updatedAt: record.updatedAt,
    start: record.start,
    end: record.end,
    version,
  };
}
