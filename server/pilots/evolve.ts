// How each ledger entry changes a pilot's record: a pure function of the previous record and the entry
// (its public `data` merged with its private content, parsed with its event type's schema). The projector
// stores its result and the replay check in the tests folds a pilot's entries with it, so the stored record
// always equals a replay.
import type { Decision } from '../../models/pilot-application.ts';
import type { PilotRecord } from '../../models/pilot.ts';
import type { Condition, Exemption } from '../../models/pilot-records.ts';
import { merge } from '../../models/visibility.ts';
import type { Entry, JsonObject } from '../ledger/entry.ts';
import {
  isPilotEvent,
  parseContent,
  type ContentOf,
  type NewCondition,
  type NewExemption,
  type PilotEventType,
} from './events.ts';
import { nextDueAt, reportSchedule } from './schedule.ts';

interface At {
  at: string;
  role: Entry['actor']['role'];
}
type Evolver<T extends PilotEventType> = (s: PilotRecord, p: ContentOf<T>, e: At) => void;

const exemption = (s: PilotRecord, id: string): Exemption => {
  const found = s.exemptions.find((x) => x.id === id);
  if (!found) throw new Error(`entry names unknown exemption ${id}`);
  return found;
};
const condition = (s: PilotRecord, id: string): Condition => {
  const found = s.conditions.find((x) => x.id === id);
  if (!found) throw new Error(`entry names unknown condition ${id}`);
  return found;
};
const grant = (n: NewExemption, validFrom: string, action: string, at: string, decision: Decision): Exemption => ({
  id: n.id,
  legalReference: n.legalReference,
  description: n.description,
  limits: n.limits,
  ...(n.legalUrl ? { legalUrl: n.legalUrl } : {}),
  validFrom,
  validUntil: n.validUntil ?? null,
  state: 'active',
  suspendedWithPilot: false,
  history: [{ action, at, decision, before: null, after: null }],
});
const impose = (n: NewCondition, at: string): Condition => ({ ...n, imposedAt: at, inBreach: false, breaches: [] });
const decided = (s: PilotRecord, action: string, at: string, decision: Decision | null) => {
  if (decision) s.decisions.push({ action, at, decision });
};
const setExemptions = (
  s: PilotRecord,
  ids: string[],
  state: Exemption['state'],
  action: string,
  at: string,
  decision: Decision | null,
) => {
  for (const id of ids) {
    const x = exemption(s, id);
    x.state = state;
    x.suspendedWithPilot = state === 'suspended';
    x.history.push({ action, at, decision, before: null, after: null });
  }
};

const EVOLVERS: { [T in PilotEventType]: Evolver<T> } = {
  'pilot.created': () => {},
  'pilot.edited': (s, p) => {
    s.application = { ...s.application, ...p.application };
  },
  'pilot.submitted': (s, p, e) => {
    s.reference = p.reference;
    s.submittedAt = e.at;
    s.changesRequested = null;
    for (const x of s.explanations ?? []) if (x.answeredAt === null) x.answeredAt = e.at;
    if (p.reviewDueBy) s.reviewDueBy = p.reviewDueBy;
  },
  'pilot.review_started': () => {},
  'pilot.changes_requested': (s, p, e) => {
    s.changesRequested = { reason: p.reason, deadline: p.deadline, at: e.at };
    (s.explanations ??= []).push({
      at: e.at,
      deadline: p.deadline,
      workingDays: p.workingDays ?? null,
      answeredAt: null,
    });
  },
  'pilot.lapsed': () => {},
  'pilot.returned': () => {},
  'pilot.approved': (s, p, e) => {
    s.publicSince = e.at;
    s.start = p.start;
    s.end = p.end;
    decided(s, 'approve', e.at, p.decision);
    s.exemptions = p.exemptions.map((x) => grant(x, p.start, 'grant', e.at, p.decision));
    s.conditions = p.conditions.map((c) => impose(c, e.at));
    if (p.decidingUnit) s.decidingUnit = p.decidingUnit;
  },
  'pilot.started': () => {},
  'pilot.rejected': (s, p, e) => decided(s, 'reject', e.at, p.decision),
  'pilot.extended': (s, p, e) => {
    s.end = p.end;
    s.extensions += 1;
    decided(s, 'extend', e.at, p.decision);
  },
  'pilot.amended': (s, p, e) => {
    decided(s, 'amend', e.at, p.decision);
    for (const m of p.exemptions.modified) {
      const x = exemption(s, m.id);
      Object.assign(x, m.after);
      x.history.push({ action: 'amend', at: e.at, decision: p.decision, before: m.before, after: m.after });
    }
    s.exemptions.push(...p.exemptions.added.map((x) => grant(x, e.at, 'grant', e.at, p.decision)));
    for (const m of p.conditions.modified) Object.assign(condition(s, m.id), m.after);
    s.conditions.push(...p.conditions.added.map((c) => impose(c, e.at)));
  },
  'pilot.suspended': (s, p, e) => {
    s.suspension = { by: p.by, reason: p.reason, incidentId: p.incidentId, at: e.at };
    (s.suspensions ??= []).push({ by: p.by, at: e.at, endedAt: null });
    decided(s, 'suspend', e.at, p.decision);
    setExemptions(s, p.exemptionIds, 'suspended', 'suspend-with-pilot', e.at, p.decision);
  },
  'pilot.reinstated': (s, p, e) => {
    s.suspension = null;
    for (const x of s.suspensions ?? []) if (x.endedAt === null) x.endedAt = e.at;
    decided(s, 'reinstate', e.at, p.decision);
    setExemptions(s, p.exemptionIds, 'active', 'reinstate-with-pilot', e.at, p.decision);
  },
  'pilot.revoked': (s, p, e) => {
    decided(s, 'revoke', e.at, p.decision);
    if (p.windDownBy) s.windDownBy = p.windDownBy;
    setExemptions(s, p.exemptionIds, 'revoked', 'revoke-with-pilot', e.at, p.decision);
  },
  'pilot.halted': (s, p, e) => {
    (s.halts ??= []).push({
      at: e.at,
      reason: p.reason,
      incidentId: p.incidentId,
      reportDueBy: p.reportDueBy,
      resumedAt: null,
    });
  },
  'pilot.resumed': (s, _p, e) => {
    for (const h of s.halts ?? []) if (h.resumedAt === null) h.resumedAt = e.at;
  },
  'consultation.requested': (s, p, e) => {
    (s.consultations ??= []).push({
      id: p.consultationId,
      authority: p.authority,
      question: p.question,
      askedAt: e.at,
      answer: null,
      answeredAt: null,
    });
  },
  'consultation.answered': (s, p, e) => {
    const x = (s.consultations ?? []).find((c) => c.id === p.consultationId);
    if (!x) throw new Error(`entry names unknown consultation ${p.consultationId}`);
    Object.assign(x, { answer: p.answer, answeredAt: e.at });
  },
  'inspection.announced': (s, p, e) => {
    (s.inspections ??= []).push({
      id: p.inspectionId,
      announcedAt: e.at,
      date: p.date,
      purpose: p.purpose,
      findings: null,
      recordedAt: null,
    });
  },
  'inspection.recorded': (s, p, e) => {
    const x = (s.inspections ?? []).find((i) => i.id === p.inspectionId);
    if (!x) throw new Error(`entry names unknown inspection ${p.inspectionId}`);
    Object.assign(x, { findings: p.findings, recordedAt: e.at });
  },
  'pilot.warned': (s, p, e) => {
    (s.warnings ??= []).push({ id: p.warningId, at: e.at, decision: p.decision, remedyBy: p.remedyBy });
    decided(s, 'warn', e.at, p.decision);
  },
  'pilot.change_requested': (s, p, e) => {
    (s.requests ??= []).push({ ...p.request, at: e.at, outcome: null });
  },
  'pilot.request_decided': (s, p, e) => {
    const r = (s.requests ?? []).find((x) => x.id === p.requestId);
    if (!r) throw new Error(`entry names unknown request ${p.requestId}`);
    r.outcome = { granted: p.granted, at: e.at, decision: p.decision };
    decided(s, r.kind === 'extension' ? 'extend' : 'decide-amendment-request', e.at, p.decision);
    if (p.end) {
      s.end = p.end;
      s.extensions += 1;
    }
  },
  'pilot.withdrawn': (s, p, e) => {
    s.withdrawal = { reason: p.reason, at: e.at };
  },
  'pilot.completed': (s, p, e) => {
    decided(s, 'complete', e.at, p.decision);
    if (p.exitReport) s.exitReport = { ...p.exitReport, receivedAt: e.at };
    s.completion = {
      outcome: p.outcome,
      openObligations: p.openObligations,
      at: e.at,
      certificate: p.decision.reference,
      transitionUntil: p.transitionUntil ?? null,
    };
  },
  'pilot.expired': (s, p, e) => setExemptions(s, p.exemptionIds, 'expired', 'expire-with-pilot', e.at, null),
  'exemption.granted': (s, p, e) => {
    s.exemptions.push(grant(p.exemption, e.at, 'grant', e.at, p.decision));
  },
  'exemption.modified': (s, p, e) => {
    const x = exemption(s, p.exemptionId);
    Object.assign(x, p.after);
    x.history.push({ action: 'modify', at: e.at, decision: p.decision, before: p.before, after: p.after });
  },
  'exemption.suspended': (s, p, e) => setExemptions(s, [p.exemptionId], 'suspended', 'suspend', e.at, p.decision),
  'exemption.reinstated': (s, p, e) => setExemptions(s, [p.exemptionId], 'active', 'reinstate', e.at, p.decision),
  'exemption.revoked': (s, p, e) => setExemptions(s, [p.exemptionId], 'revoked', 'revoke', e.at, p.decision),
  'exemption.expired': (s, p, e) => setExemptions(s, [p.exemptionId], 'expired', 'expire', e.at, null),
  'condition.breached': (s, p, e) => {
    const c = condition(s, p.conditionId);
    c.inBreach = true;
    c.breaches.push({
      id: p.breachId,
      at: e.at,
      reason: p.reason,
      by: e.role === 'system' ? 'system' : 'regulator',
      remediedAt: null,
      remedyReason: null,
    });
  },
  'condition.remedied': (s, p, e) => {
    const c = condition(s, p.conditionId);
    c.inBreach = false;
    for (const b of c.breaches) {
      if (b.remediedAt === null) Object.assign(b, { remediedAt: e.at, remedyReason: p.reason });
    }
  },
  'report.filed': (s, p, e) => {
    s.reports.push({ ...p.report, filedAt: e.at });
    const slot = s.schedule.find((x) => x.id === p.report.slotId);
    if (slot) Object.assign(slot, { status: p.report.late ? 'filed_late' : 'filed', reportId: p.report.id });
  },
  'report.overdue': (s, p, e) => {
    const slot = s.schedule.find((x) => x.id === p.slotId);
    if (slot) slot.status = 'overdue';
    const c = condition(s, p.conditionId);
    c.inBreach = true;
    c.breaches.push({
      id: p.breachId,
      at: e.at,
      reason: `The report due ${p.dueDate} was not filed.`,
      by: 'system',
      remediedAt: null,
      remedyReason: null,
    });
  },
  'incident.reported': (s, p, e) => {
    s.incidents.push({ ...p.incident, reportedAt: e.at });
  },
  'claim.filed': (s, p, e) => {
    s.claims.push({ ...p.claim, filedAt: e.at, ruling: null });
  },
  'claim.ruled': (s, p, e) => {
    const claim = s.claims.find((c) => c.id === p.claimId);
    if (!claim) throw new Error(`entry names unknown claim ${p.claimId}`);
    claim.ruling = { ...p.ruling, at: e.at, ...(p.assessment ? { assessment: p.assessment } : {}) };
  },
  'exit_report.filed': (s, p, e) => {
    s.exitReport = { ...p.exitReport, receivedAt: e.at };
  },
};

function created(entry: Entry, p: ContentOf<'pilot.created'>): PilotRecord {
  return {
    id: p.pilot,
    organization: p.organization,
    agency: { id: p.agencyId, code: p.agency },
    programmeId: p.programmeId,
    state: p.to,
    reference: null,
    application: p.application,
    createdAt: entry.at,
    updatedAt: entry.at,
    submittedAt: null,
    publicSince: null,
    changesRequested: null,
    explanations: [],
    reviewDueBy: null,
    start: null,
    end: null,
    extensions: 0,
    decisions: [],
    suspension: null,
    suspensions: [],
    withdrawal: null,
    windDownBy: null,
    halts: [],
    requests: [],
    exemptions: [],
    conditions: [],
    schedule: [],
    reports: [],
    incidents: [],
    claims: [],
    exitReport: null,
    completion: null,
    nextDueAt: null,
  };
}

function apply<T extends PilotEventType>(type: T, s: PilotRecord, content: unknown, at: At): PilotRecord {
  const parsed = parseContent(type, content);
  const evolver: Evolver<T> = EVOLVERS[type];
  evolver(s, parsed, at);
  s.state = parsed.to;
  return s;
}

/** The record after `entry`; `previous` is null for the entry that creates the pilot. */
export function evolve(previous: PilotRecord | null, entry: Entry, privateContent: JsonObject | null): PilotRecord {
  if (!isPilotEvent(entry.type)) throw new Error(`not a pilot entry: ${entry.type}`);
  const content = merge(entry.data, privateContent ?? undefined);
  let s: PilotRecord;
  if (previous) s = structuredClone(previous);
  else if (entry.type === 'pilot.created') s = created(entry, parseContent('pilot.created', content));
  else throw new Error(`entry ${entry.seq} (${entry.type}) names a pilot that was never created`);
  apply(entry.type, s, content, { at: entry.at, role: entry.actor.role });
  s.updatedAt = entry.at;
  s.schedule = reportSchedule(s);
  s.nextDueAt = nextDueAt(s);
  // JSON round trip: the record is stored and compared as plain JSON (no undefined, no shared objects).
  return JSON.parse(JSON.stringify(s)) as PilotRecord;
}
