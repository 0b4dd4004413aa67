// What the public registry shows of a pilot. Everything is taken from the public part of the record,
// derived from the model's one declaration (PILOT_VISIBILITY), never from the record itself.
import { PILOT_VISIBILITY, type PilotRecord } from '../../models/pilot.ts';
import { publicPart } from '../../models/visibility.ts';

export const publicPilotPath = (reference: string) => `/api/v1/public/pilots/${encodeURIComponent(reference)}`;
/** The pilot's permanent page on the site. */
export const pilotPagePath = (reference: string) => `/pilots/${encodeURIComponent(reference)}`;

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

/** The pilot page: scope, caps, exemptions, conditions and breaches, filings' public parts, rulings. */
export function publicPage(pub: PublicRecord) {
  const app = pub.application ?? {};
  return {
    ...publicSummary(pub),
    programmeId: pub.programmeId ?? null,
    submittedAt: pub.submittedAt ?? null,
    scope: app.scope ?? null,
    plannedStart: app.plannedStart ?? null,
    plannedEnd: app.plannedEnd ?? null,
    requestedExemptions: app.requestedExemptions ?? [],
    safeguards: app.safeguards ?? null,
    extensions: pub.extensions ?? 0,
    decisions: pub.decisions ?? [],
    suspension: pub.suspension ?? null,
    withdrawal: pub.withdrawal ?? null,
    exemptions: pub.exemptions ?? [],
    conditions: pub.conditions ?? [],
    breaches: (pub.conditions ?? []).flatMap((c) =>
      c.breaches.map((b) => ({ conditionId: c.id, conditionType: c.type, ...b })),
    ),
    reportSchedule: pub.schedule ?? [],
    reports: pub.reports ?? [],
    incidents: pub.incidents ?? [],
    claims: pub.claims ?? [],
    exitReport: pub.exitReport ?? null,
    completion: pub.completion ?? null,
  };
}
