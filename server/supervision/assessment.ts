// The compliance assessment the liability exemption asks for (Law 93/2025/QH15 Art. 23; DESIGN §1): was
// the test inside its approved scope when the incident happened, were the plan and its conditions kept,
// was the risk reported promptly, was the damage limited? And no fraud or intent (Art. 9(3)), which is the
// regulator's finding, recorded with its ruling. Each criterion is computed from the public part of the
// record, with the evidence it used, each time it is shown; the ruling keeps a copy as it stood then.
import type { PilotRecord } from '../../models/pilot.ts';
import type { Claim, Exemption, Incident } from '../../models/pilot-records.ts';

const HOUR = 3_600_000;
/** The law's incident-report window when neither the programme nor a condition recorded one (Decree 142 Art. 25). */
export const DEFAULT_INCIDENT_REPORT_HOURS = 72;

/** Met, not met, or not known from the record. */
export type Met = boolean | null;
export type CriterionId = 'scope' | 'conditions' | 'reporting' | 'mitigation' | 'fraud';
export interface Criterion {
  id: CriterionId;
  met: Met;
  evidence: Record<string, unknown>;
}

const hours = (from: string, to: string) => Math.round(((Date.parse(to) - Date.parse(from)) / HOUR) * 100) / 100;
/** Every part must be met; one that is not makes the whole not met; otherwise unknown parts leave it unknown. */
const allOf = (parts: Met[]): Met => (parts.includes(false) ? false : parts.includes(null) ? null : true);

const EXEMPTION_STATE_AFTER: Record<string, Exemption['state']> = {
  grant: 'active',
  reinstate: 'active',
  'reinstate-with-pilot': 'active',
  suspend: 'suspended',
  'suspend-with-pilot': 'suspended',
  revoke: 'revoked',
  'revoke-with-pilot': 'revoked',
  expire: 'expired',
  'expire-with-pilot': 'expired',
};

/** The exemption's state at `at`, from its history (modifications leave the state as it was). */
function exemptionStateAt(x: Exemption, at: string): Exemption['state'] | null {
  let state: Exemption['state'] | null = null;
  for (const h of x.history) if (h.at <= at) state = EXEMPTION_STATE_AFTER[h.action] ?? state;
  return state;
}

function scopeCriterion(pilot: PilotRecord, incident: Incident): Criterion {
  const at = incident.occurredAt;
  const scope = pilot.application.scope;
  const inPeriod = pilot.start !== null && pilot.end !== null ? pilot.start <= at && at <= pilot.end : false;
  const provinces = scope?.provinces ?? [];
  const fold = (s: string) => s.normalize('NFC').trim().toLowerCase();
  const inProvinces = incident.province ? provinces.some((p) => fold(p) === fold(incident.province!)) : null;
  const lastReport = [...pilot.reports].filter((r) => r.filedAt <= incident.reportedAt).pop() ?? null;
  const cap = scope?.participantCap ?? null;
  const withinCap =
    cap === null
      ? null
      : incident.affectedParticipants <= cap && (lastReport === null || lastReport.metrics.participants <= cap);
  const suspension = (pilot.suspensions ?? []).find((s) => s.at <= at && (s.endedAt === null || s.endedAt > at));
  const exemptions = pilot.exemptions.map((x) => {
    const until = x.validUntil ?? pilot.end;
    const stateThen = x.validFrom <= at ? exemptionStateAt(x, at) : null;
    return {
      id: x.id,
      legalReference: x.legalReference,
      validFrom: x.validFrom,
      validUntil: until,
      stateThen,
      valid: x.validFrom <= at && (until === null || at <= until) && stateThen === 'active',
    };
  });
  const exemptionValid = exemptions.some((x) => x.valid);
  return {
    id: 'scope',
    met: allOf([inPeriod, inProvinces, withinCap, !suspension, exemptionValid]),
    evidence: {
      occurredAt: at,
      period: { start: pilot.start, end: pilot.end, inPeriod },
      province: { incident: incident.province ?? null, approved: provinces, inProvinces },
      participants: {
        cap,
        affected: incident.affectedParticipants,
        lastReported: lastReport ? { reportId: lastReport.id, participants: lastReport.metrics.participants } : null,
        withinCap,
      },
      suspendedThen: suspension ? { since: suspension.at, by: suspension.by, until: suspension.endedAt } : null,
      exemptions,
      exemptionValid,
    },
  };
}

/** The incident-report deadline: the tightest reporting condition's, else the programme's when reported, else the law's. */
function reportDeadline(pilot: PilotRecord, incident: Incident) {
  const byCondition = pilot.conditions
    .flatMap((c) =>
      c.type === 'reporting' && c.parameters.incidentReportHours
        ? [{ conditionId: c.id, hours: c.parameters.incidentReportHours }]
        : [],
    )
    .sort((a, b) => a.hours - b.hours)[0];
  if (byCondition) return { hours: byCondition.hours, conditionId: byCondition.conditionId, source: 'condition' };
  if (incident.reportWindowHours) return { hours: incident.reportWindowHours, conditionId: null, source: 'programme' };
  return { hours: DEFAULT_INCIDENT_REPORT_HOURS, conditionId: null, source: 'law' };
}

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
  const deadline = reportDeadline(pilot, incident);
  const delayHours = hours(incident.occurredAt, incident.reportedAt);
  const withinDeadline = delayHours <= deadline.hours;
  const reporting = {
    occurredAt: incident.occurredAt,
    reportedAt: incident.reportedAt,
    delayHours,
    deadlineHours: deadline.hours,
    deadlineSetBy: deadline.conditionId,
    deadlineSource: deadline.source,
    withinDeadline,
  };
  const steps = incident.mitigationSteps.map((s) => ({ ...s, hoursAfterIncident: hours(at, s.at) }));
  const fraud = claim.ruling?.fraudOrIntent ?? null;
  const criteria: Criterion[] = [
    scopeCriterion(pilot, incident),
    { id: 'conditions', met: conditionsInBreach.length === 0, evidence: { conditionsInBreach } },
    { id: 'reporting', met: withinDeadline, evidence: reporting },
    { id: 'mitigation', met: steps.length > 0, evidence: { steps } },
    { id: 'fraud', met: fraud === null ? null : fraud === 'not_found', evidence: { finding: fraud } },
  ];
  const metOf = (id: CriterionId) => criteria.find((c) => c.id === id)!.met;
  return {
    incidentId: incident.id,
    liability: claim.liability ?? null,
    conditionsInBreach,
    reporting,
    mitigationSteps: incident.mitigationSteps,
    criteria,
    findings: {
      withinScope: metOf('scope'),
      conditionsKept: conditionsInBreach.length === 0,
      reportedPromptly: withinDeadline,
      mitigationRecorded: steps.length > 0,
    },
    /** Whether the record allows exemption at all: every criterion met, fraud excluded (the regulator decides). */
    exemptionPossible: allOf(criteria.map((c) => c.met)),
  };
}
export type ClaimAssessment = NonNullable<ReturnType<typeof claimAssessment>>;
