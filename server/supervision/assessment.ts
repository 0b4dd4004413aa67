// The assessment the liability exemption asks for (Law on Science, Technology and Innovation 2025; DESIGN
// §1): did the tester keep its conditions, report promptly, and act to limit the damage? Computed from
// the record each time it is shown, so it always reflects what the ledger says.
import type { PilotRecord } from '../../models/pilot.ts';
import type { Claim } from '../../models/pilot-records.ts';

const HOUR = 3_600_000;

export function claimAssessment(pilot: PilotRecord, claim: Claim) {
  const incident = pilot.incidents.find((i) => i.id === claim.incidentId);
  if (!incident) return null;
  const at = incident.occurredAt;
  const conditionsInBreach = pilot.conditions.flatMap((c) =>
    c.breaches
      .filter((b) => b.at <= at && (b.remediedAt === null || b.remediedAt > at))
      .map((b) => ({
        conditionId: c.id,
        type: c.type,
        description: c.description,
        breachedAt: b.at,
        reason: b.reason,
        remediedAt: b.remediedAt,
      })),
  );
  const deadlines = pilot.conditions.flatMap((c) =>
    c.type === 'reporting' && c.parameters.incidentReportHours
      ? [{ conditionId: c.id, hours: c.parameters.incidentReportHours }]
      : [],
  );
  const deadline = deadlines.sort((a, b) => a.hours - b.hours)[0] ?? null;
  const delayHours =
    Math.round(((Date.parse(incident.reportedAt) - Date.parse(incident.occurredAt)) / HOUR) * 100) / 100;
  const withinDeadline = deadline ? delayHours <= deadline.hours : null;
  return {
    incidentId: incident.id,
    conditionsInBreach,
    reporting: {
      occurredAt: incident.occurredAt,
      reportedAt: incident.reportedAt,
      delayHours,
      deadlineHours: deadline?.hours ?? null,
      deadlineSetBy: deadline?.conditionId ?? null,
      withinDeadline,
    },
    mitigationSteps: incident.mitigationSteps,
    findings: {
      conditionsKept: conditionsInBreach.length === 0,
      reportedPromptly: withinDeadline,
      mitigationRecorded: incident.mitigationSteps.length > 0,
    },
  };
}
