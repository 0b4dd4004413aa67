// The pilot lifecycle of DESIGN §1, as one table: each action's from-states, to-states, actors, what it
// must carry and the entry it decides. `POST /api/v1/pilots/{id}/actions/{action}` runs these rows;
// return, start and expire belong to the system and are run by the due-work job.
import { z } from 'zod';
import { applicationSchema, decisionSchema, instant } from '../../models/pilot-application.ts';
import { EXIT_OUTCOMES, type PilotRecord, type PilotState } from '../../models/pilot.ts';
import { conditionInput, exemptionChanges, exemptionInput, exitReportInput } from '../../models/pilot-records.ts';
import { problems } from '../errors.ts';
import { addMonths } from '../programmes/programmes.ts';
import { fieldProblems, safeParseWorded } from '../validation.ts';
import { decided, noFields, operation, reason, type ActionContext, type Operation } from './operation.ts';
import { amendment, newConditions, newExemptions } from './grants.ts';
import { requestChanges, requestChangesInput, reviewDueBy } from './explanation.ts';
import { extensionAllowed, fieldError } from './limits.ts';
import {
  decideRequest,
  decideRequestInput,
  halt,
  haltInput,
  openHalt,
  pending,
  requestExtension,
  requestExtensionInput,
} from './participant.ts';

const withDecision = z.strictObject({ decision: decisionSchema });
const exemptionIds = (s: PilotRecord, states: string[]) =>
  s.exemptions.filter((x) => states.includes(x.state)).map((x) => x.id);

/** Submission checks the whole application, and that the programme admits the solution type. */
async function submit(_input: unknown, c: ActionContext) {
  const { changesRequested } = c.pilot;
  if (c.pilot.state === 'changes_requested' && changesRequested && changesRequested.deadline <= c.now) {
    // Returned at the deadline; the due-work job records it on its next run.
    throw problems.conflict(
      `The deadline for the explanation (${changesRequested.deadline}) has passed; the dossier is returned.`,
      { extra: { state: c.pilot.state, allowedActions: [] } },
    );
  }
  const parsed = safeParseWorded(applicationSchema, c.pilot.application);
  if (!parsed.success) {
    const errors = fieldProblems('body', parsed.error).map((e) => ({ ...e, field: `application.${e.field}` }));
    throw problems.validation(
      'The application is incomplete or invalid: ' + errors.map((e) => `${e.field} ${e.reason}`).join('; '),
      { errors },
    );
  }
  if (!c.programme.solutionTypes.includes(parsed.data.solutionType)) {
    throw fieldError(
      'application.solutionType',
      `is not admitted by programme ${c.programme.code} (${c.programme.solutionTypes.join(', ')})`,
    );
  }
  if (parsed.data.plannedEnd <= parsed.data.plannedStart)
    throw fieldError('application.plannedEnd', 'must be after plannedStart');
  const limit = addMonths(parsed.data.plannedStart, c.programme.maxDurationMonths);
  if (parsed.data.plannedEnd > limit)
    throw fieldError(
      'application.plannedEnd',
      `exceeds programme ${c.programme.code}'s maximum duration of ${c.programme.maxDurationMonths} months (${limit})`,
    );
  const licenceEnd = parsed.data.licence?.expiresAt;
  if (licenceEnd && parsed.data.plannedEnd > licenceEnd)
    throw fieldError('application.plannedEnd', `must not be after the business licence's expiry (${licenceEnd})`);
  if (parsed.data.livesOrHealthAtRisk && parsed.data.safeguards.compensation.kind !== 'insurance')
    throw fieldError(
      'application.safeguards.compensation.kind',
      'must be insurance when the test puts lives or health at risk (Decree 142/2026/ND-CP Art. 24)',
    );
  return decided('pilot.submitted', { reference: await c.reference(), reviewDueBy: await reviewDueBy(c) });
}

const approveInput = z.strictObject({
  decision: decisionSchema,
  start: instant,
  end: instant,
  exemptions: z.array(exemptionInput).min(1).max(30),
  conditions: z.array(conditionInput).max(50).default([]),
  /** Where the programme names several deciding units: which one decided. */
  decidingUnit: z.string().trim().min(1).max(300).optional(),
});

function approve(input: z.infer<typeof approveInput>, c: ActionContext) {
  const { programme } = c;
  if (input.end <= input.start) throw fieldError('end', 'must be after start');
  // The period runs from the decision (the certificate), not from a later start (Decree 94 Art. 6).
  const from = input.decision.signedAt < input.start ? input.decision.signedAt : input.start;
  const limit = addMonths(from, programme.maxDurationMonths);
  if (input.end > limit)
    throw fieldError(
      'end',
      `exceeds programme ${programme.code}'s maximum of ${programme.maxDurationMonths} months from the decision (${limit})`,
    );
  const licenceEnd = c.pilot.application.licence?.expiresAt;
  if (licenceEnd && input.end > licenceEnd)
    throw fieldError('end', `must not be after the business licence's expiry (${licenceEnd})`);
  const startBy = new Date(Date.parse(input.decision.signedAt) + programme.startWithinDays * 86_400_000).toISOString();
  if (input.start > startBy)
    throw fieldError(
      'start',
      `must be within programme ${programme.code}'s ${programme.startWithinDays} days of the decision (${startBy})`,
    );
  if (!programme.solutionTypes.includes(c.pilot.application.solutionType ?? '')) {
    throw fieldError('application.solutionType', `is not admitted by programme ${programme.code}`);
  }
  if (programme.decidingUnits.length && input.decidingUnit && !programme.decidingUnits.includes(input.decidingUnit))
    throw fieldError(
      'decidingUnit',
      `is not one of programme ${programme.code}'s units (${programme.decidingUnits.join('; ')})`,
    );
  if (!programme.decidingUnits.length && input.decidingUnit)
    throw fieldError('decidingUnit', `programme ${programme.code} names no deciding units`);
  const exemptions = newExemptions(input.exemptions, c, input.end, 'exemptions');
  const payload = {
    reference: c.pilot.reference!,
    organization: c.pilot.organization,
    application: c.pilot.application,
    decision: input.decision,
    start: input.start,
    end: input.end,
    exemptions,
    conditions: newConditions(input.conditions, c),
    ...(input.decidingUnit ? { decidingUnit: input.decidingUnit } : {}),
  };
  return decided('pilot.approved', payload, input.start > c.now ? 'approved' : 'active');
}

const extendInput = z.strictObject({ decision: decisionSchema, end: instant });
function extend(input: z.infer<typeof extendInput>, c: ActionContext) {
  const end = extensionAllowed(input.end, c);
  return decided('pilot.extended', { decision: input.decision, previousEnd: end, end: input.end });
}

const amendInput = z
  .strictObject({
    decision: decisionSchema,
    exemptions: z
      .strictObject({
        add: z.array(exemptionInput).max(30).default([]),
        modify: z
          .array(z.strictObject({ id: z.string(), changes: exemptionChanges }))
          .max(30)
          .default([]),
      })
      .default({ add: [], modify: [] }),
    conditions: z
      .strictObject({
        add: z.array(conditionInput).max(50).default([]),
        modify: z
          .array(
            z.strictObject({
              id: z.string(),
              description: z.string().trim().min(1).max(5000),
              parameters: z.record(z.string(), z.unknown()).optional(),
            }),
          )
          .max(50)
          .default([]),
      })
      .default({ add: [], modify: [] }),
  })
  .refine(
    (a) =>
      a.exemptions.add.length + a.exemptions.modify.length + a.conditions.add.length + a.conditions.modify.length > 0,
    'must change something',
  );

const suspendByRegulator = z.strictObject({ decision: decisionSchema });
const suspendByBusiness = z.strictObject({ incidentId: z.string().min(1).max(64), reason });

function suspend(input: z.infer<typeof suspendByRegulator> | z.infer<typeof suspendByBusiness>, c: ActionContext) {
  const exemptions = exemptionIds(c.pilot, ['active']);
  if ('decision' in input) {
    return decided('pilot.suspended', {
      by: 'regulator',
      decision: input.decision,
      incidentId: null,
      reason: input.decision.reason,
      exemptionIds: exemptions,
    });
  }
  if (!c.pilot.incidents.some((i) => i.id === input.incidentId))
    throw fieldError('incidentId', 'names no incident of this pilot');
  return decided('pilot.suspended', {
    by: 'business',
    decision: null,
    incidentId: input.incidentId,
    reason: input.reason,
    exemptionIds: exemptions,
  });
}

const completeInput = z.strictObject({
  decision: decisionSchema,
  outcome: z.enum(EXIT_OUTCOMES),
  openObligations: z
    .array(z.strictObject({ description: z.string().trim().min(1).max(2000), dueBy: instant.optional() }))
    .max(50)
    .default([]),
  /** The exit report, when the regulator records its receipt now rather than the business filing it. */
  exitReport: exitReportInput.optional(),
  /** The end of a transition period, where the programme allows one (Decree 142/2026 Art. 27). */
  transitionUntil: instant.optional(),
});
function complete(input: z.infer<typeof completeInput>, c: ActionContext) {
  if (!c.pilot.exitReport && !input.exitReport) {
    throw problems.conflict('A pilot is completed once its exit report is received; none has been filed.', {
      extra: { missing: ['exitReport'] },
    });
  }
  const { programme } = c;
  if (input.transitionUntil) {
    const limit = addMonths(input.decision.signedAt, programme.transitionMonths);
    if (programme.transitionMonths === 0)
      throw fieldError('transitionUntil', `programme ${programme.code} allows no transition period`);
    if (input.transitionUntil > limit)
      throw fieldError(
        'transitionUntil',
        `exceeds programme ${programme.code}'s transition of ${programme.transitionMonths} months (${limit})`,
      );
  }
  const payload = {
    decision: input.decision,
    outcome: input.outcome,
    openObligations: input.openObligations.map((o) => ({ description: o.description, dueBy: o.dueBy ?? null })),
    exitReport: input.exitReport ?? null,
    ...(input.transitionUntil ? { transitionUntil: input.transitionUntil } : {}),
  };
  return decided('pilot.completed', payload);
}

const SUPERVISED_STATES: PilotState[] = ['approved', 'active', 'suspended'];
const CONSULTING_STATES: PilotState[] = ['under_review', 'approved', 'active', 'suspended'];

const BEFORE_FINAL: PilotState[] = [
  'draft',
  'submitted',
  'under_review',
  'changes_requested',
  'approved',
  'active',
  'suspended',
];

export const PILOT_ACTIONS = {
  submit: operation({
    from: ['draft', 'changes_requested'],
    to: ['submitted'],
    event: 'pilot.submitted',
    input: { business: noFields },
    decide: submit,
  }),
  start_review: operation({
    from: ['submitted'],
    to: ['under_review'],
    event: 'pilot.review_started',
    input: { regulator: noFields },
    decide: () => decided('pilot.review_started', {}),
  }),
  request_changes: operation({
    from: ['under_review'],
    to: ['changes_requested'],
    event: 'pilot.changes_requested',
    input: { regulator: requestChangesInput },
    decide: requestChanges,
  }),
  // An unanswered request for explanation returns the dossier (Decree 94/2025 Art. 17); `lapsed` is the
  // state records made before this rule keep.
  return: operation({
    from: ['changes_requested'],
    to: ['returned'],
    event: 'pilot.returned',
    input: { system: noFields },
    decide: () => decided('pilot.returned', {}),
  }),
  approve: operation({
    from: ['under_review'],
    to: ['approved', 'active'],
    event: 'pilot.approved',
    input: { regulator: approveInput },
    decide: approve,
  }),
  start: operation({
    from: ['approved'],
    to: ['active'],
    event: 'pilot.started',
    input: { system: noFields },
    decide: () => decided('pilot.started', {}),
  }),
  reject: operation({
    from: ['under_review'],
    to: ['rejected'],
    event: 'pilot.rejected',
    input: { regulator: withDecision },
    decide: (input) => decided('pilot.rejected', input),
  }),
  extend: operation({
    from: ['active'],
    to: ['active'],
    event: 'pilot.extended',
    input: { regulator: extendInput },
    decide: extend,
  }),
  // An approved pilot is supervised before it starts (issue 15 item 9): amended, suspended, revoked.
  amend: operation({
    from: ['approved', 'active'],
    to: ['active', 'approved'],
    event: 'pilot.amended',
    input: { regulator: amendInput },
    decide: (input, c) => decided('pilot.amended', amendment(input, c), c.pilot.state),
  }),
  suspend: operation({
    from: ['approved', 'active'],
    to: ['suspended'],
    event: 'pilot.suspended',
    input: { regulator: suspendByRegulator, business: suspendByBusiness },
    // A business may suspend its own pilot only after an incident.
    when: (pilot, role) => role !== 'business' || pilot.incidents.length > 0,
    decide: suspend,
  }),
  reinstate: operation({
    from: ['suspended'],
    // Back to approved when suspended before a start that is still to come.
    to: ['active', 'approved'],
    event: 'pilot.reinstated',
    input: { regulator: withDecision },
    decide: (input, c) =>
      decided(
        'pilot.reinstated',
        {
          decision: input.decision,
          exemptionIds: c.pilot.exemptions
            .filter((x) => x.suspendedWithPilot && x.state === 'suspended')
            .map((x) => x.id),
        },
        c.pilot.start && c.pilot.start > c.now ? 'approved' : 'active',
      ),
  }),
  revoke: operation({
    from: ['approved', 'active', 'suspended'],
    to: ['revoked'],
    event: 'pilot.revoked',
    input: { regulator: withDecision },
    decide: (input, c) =>
      decided('pilot.revoked', {
        decision: input.decision,
        exemptionIds: exemptionIds(c.pilot, ['active', 'suspended']),
        // A stop starts the wind-down clock (Decree 94/2025 Art. 9: 6 months).
        windDownBy: addMonths(input.decision.effectiveAt, c.programme.windDownMonths),
      }),
  }),
  halt: operation({
    from: ['active'],
    to: ['active'],
    event: 'pilot.halted',
    input: { business: haltInput },
    when: (pilot) => !openHalt(pilot),
    decide: halt,
  }),
  resume: operation({
    from: ['active'],
    to: ['active'],
    event: 'pilot.resumed',
    input: { business: z.strictObject({ reason }) },
    when: (pilot) => openHalt(pilot),
    decide: (input) => decided('pilot.resumed', input),
  }),
  request_amendment: operation({
    from: ['approved', 'active'],
    to: ['approved', 'active'],
    event: 'pilot.change_requested',
    input: { business: z.strictObject({ description: reason, reasons: reason }) },
    decide: (input, c) =>
      decided(
        'pilot.change_requested',
        { request: { id: c.newId(), kind: 'amendment', ...input, end: null } },
        c.pilot.state,
      ),
  }),
  request_extension: operation({
    from: ['active'],
    to: ['active'],
    event: 'pilot.change_requested',
    input: { business: requestExtensionInput },
    when: (pilot) => !pending(pilot).some((r) => r.kind === 'extension'),
    decide: requestExtension,
  }),
  decide_request: operation({
    from: ['approved', 'active'],
    to: ['approved', 'active'],
    event: 'pilot.request_decided',
    input: { regulator: decideRequestInput },
    when: (pilot) => pending(pilot).length > 0,
    decide: (input, c) => ({ ...decideRequest(input, c), to: c.pilot.state }),
  }),
  // Other ministries consulted, with their answer and its time (issue 14 item 9).
  consult: operation({
    from: CONSULTING_STATES,
    to: CONSULTING_STATES,
    event: 'consultation.requested',
    input: { regulator: z.strictObject({ authority: reason, question: reason }) },
    decide: (input, c) => decided('consultation.requested', { consultationId: c.newId(), ...input }, c.pilot.state),
  }),
  record_consultation_answer: operation({
    from: CONSULTING_STATES,
    to: CONSULTING_STATES,
    event: 'consultation.answered',
    input: { regulator: z.strictObject({ consultationId: z.string().min(1).max(64), answer: reason }) },
    when: (pilot) => (pilot.consultations ?? []).some((x) => x.answeredAt === null),
    decide: (input, c) => {
      if (!(c.pilot.consultations ?? []).some((x) => x.id === input.consultationId && x.answeredAt === null))
        throw fieldError('consultationId', 'names no consultation of this pilot awaiting an answer');
      return decided('consultation.answered', input, c.pilot.state);
    },
  }),
  // Supervision acts (issue 14 item 7; Decree 94/2025 Art. 14): announced inspections and written warnings.
  announce_inspection: operation({
    from: SUPERVISED_STATES,
    to: SUPERVISED_STATES,
    event: 'inspection.announced',
    input: { regulator: z.strictObject({ date: instant, purpose: reason }) },
    decide: async (input, c) => {
      const notice = c.programme.inspectionNoticeWorkingDays;
      const given = await c.workingDaysBetween(c.now, input.date);
      if (given < notice)
        throw fieldError(
          'date',
          `must give at least ${notice} working days' notice under programme ${c.programme.code} (${given} given)`,
        );
      return decided('inspection.announced', { inspectionId: c.newId(), ...input }, c.pilot.state);
    },
  }),
  record_inspection: operation({
    from: SUPERVISED_STATES,
    to: SUPERVISED_STATES,
    event: 'inspection.recorded',
    input: { regulator: z.strictObject({ inspectionId: z.string().min(1).max(64), findings: reason }) },
    when: (pilot) => (pilot.inspections ?? []).some((i) => i.findings === null),
    decide: (input, c) => {
      if (!(c.pilot.inspections ?? []).some((i) => i.id === input.inspectionId && i.findings === null))
        throw fieldError('inspectionId', 'names no announced inspection of this pilot awaiting findings');
      return decided('inspection.recorded', input, c.pilot.state);
    },
  }),
  warn: operation({
    from: SUPERVISED_STATES,
    to: SUPERVISED_STATES,
    event: 'pilot.warned',
    input: { regulator: z.strictObject({ decision: decisionSchema, remedyBy: instant.optional() }) },
    decide: (input, c) => {
      if (input.remedyBy && input.remedyBy <= c.now) throw fieldError('remedyBy', 'must be in the future');
      return decided(
        'pilot.warned',
        { warningId: c.newId(), decision: input.decision, remedyBy: input.remedyBy ?? null },
        c.pilot.state,
      );
    },
  }),
  withdraw: operation({
    from: BEFORE_FINAL,
    to: ['withdrawn'],
    event: 'pilot.withdrawn',
    input: { business: z.strictObject({ reason }) },
    decide: (input) => decided('pilot.withdrawn', input),
  }),
  complete: operation({
    from: ['active', 'expired', 'revoked'],
    to: ['completed'],
    event: 'pilot.completed',
    input: { regulator: completeInput },
    decide: complete,
  }),
  expire: operation({
    from: ['active', 'suspended'],
    to: ['expired'],
    event: 'pilot.expired',
    input: { system: noFields },
    decide: (_input, c) => decided('pilot.expired', { exemptionIds: exemptionIds(c.pilot, ['active', 'suspended']) }),
  }),
} satisfies Record<string, Operation>;

export type PilotActionName = keyof typeof PILOT_ACTIONS;
export const PILOT_ACTION_NAMES = Object.keys(PILOT_ACTIONS) as PilotActionName[];
