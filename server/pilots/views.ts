// What a pilot looks like over the API. Parties get the whole record, the version and what they may do
// now; everyone else gets the public part, derived from the model's one declaration (PILOT_VISIBILITY).
import { PILOT_VISIBILITY, type PilotRecord } from '../../models/pilot.ts';
import { publicPart } from '../../models/visibility.ts';
import type { Principal } from '../accounts/principal.ts';
import { allowedPilotActions, allowedRecordActions } from '../lifecycle/allowed.ts';
import { CLAIM_ACTIONS, CONDITION_ACTIONS, EXEMPTION_ACTIONS } from '../lifecycle/records.ts';
import { claimAssessment } from '../supervision/assessment.ts';
import type { LoadedPilot } from './access.ts';

export const etag = (version: number) => `"${version}"`;

export function exemptionsView(pilot: PilotRecord, principal: Principal) {
  return pilot.exemptions.map((x) => ({
    ...x,
    allowedActions: allowedRecordActions(EXEMPTION_ACTIONS, pilot, principal.role, x.id),
  }));
}

export function conditionsView(pilot: PilotRecord, principal: Principal) {
  return pilot.conditions.map((c) => ({
    ...c,
    allowedActions: allowedRecordActions(CONDITION_ACTIONS, pilot, principal.role, c.id),
  }));
}

export function claimsView(pilot: PilotRecord, principal: Principal) {
  return pilot.claims.map((c) => ({
    ...c,
    assessment: claimAssessment(pilot, c),
    allowedActions: allowedRecordActions(CLAIM_ACTIONS, pilot, principal.role, c.id),
  }));
}

export function partyView({ record, version }: LoadedPilot, principal: Principal) {
  return {
    ...record,
    view: 'party' as const,
    version,
    allowedActions: allowedPilotActions(record, principal.role),
    exemptions: exemptionsView(record, principal),
    conditions: conditionsView(record, principal),
    claims: claimsView(record, principal),
  };
}

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
