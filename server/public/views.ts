// What the public registry shows of a pilot. Everything is taken from the public part of the record,
// derived from the model's one declaration (PILOT_VISIBILITY), never from the record itself. A list's
// line (publicSummary) is made by the pilot projection, which stores it in the slim listing.

export {
  publicPilotPath,
  publicRecordOf,
  publicSummary,
  type PublicRecord,
  type PublicSummary,
} from '../pilots/public-listing.ts';
import { publicSummary, type PublicRecord } from '../pilots/public-listing.ts';

/** The pilot's permanent page on the site. */
export const pilotPagePath = (reference: string) => `/pilots/${encodeURIComponent(reference)}`;

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
