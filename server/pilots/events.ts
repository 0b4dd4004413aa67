// The pilot's events: one zod schema per ledger entry type and, beside it, which parts of it the public
// may see once the pilot is public. An entry's content (its public `data` merged with its committed
// private content) is parsed with its type's schema wherever entries are projected (evolve.ts), so the
// record is built from checked, typed values only; the lifecycle (server/lifecycle) decides events of
// these types and never says itself what becomes public.
import { z } from 'zod';
import { APPLICATION_VISIBILITY, decisionSchema, draftSchema, instant } from '../../models/pilot-application.ts';
import { EXIT_OUTCOMES, PILOT_STATES } from '../../models/pilot.ts';
import {
  CLAIM_VISIBILITY,
  EXIT_REPORT_VISIBILITY,
  INCIDENT_VISIBILITY,
  REPORT_VISIBILITY,
  claimInput,
  imposedCondition,
  exitReportInput,
  incidentInput,
  reportInput,
  rulingInput,
} from '../../models/pilot-records.ts';
import type { Visibility } from '../../models/visibility.ts';

const id = z.string().min(1).max(64);
const ids = z.array(id);
const reason = z.string().min(1);
const fields = z.record(z.string(), z.unknown());

/** The envelope every pilot entry's public data carries, even before the pilot is public. */
export const envelopeSchema = z.strictObject({
  pilot: z.string().regex(/^[0-9a-f]{24}$/),
  agency: z.string().min(1),
  from: z.enum(PILOT_STATES).nullable(),
  to: z.enum(PILOT_STATES),
});
export type Envelope = z.infer<typeof envelopeSchema>;

export const newExemption = z.strictObject({
  id,
  legalReference: z.string().min(1),
  description: z.string().min(1),
  limits: z.array(z.string()),
  validUntil: instant.optional(),
  legalUrl: z.string().optional(),
});
export type NewExemption = z.infer<typeof newExemption>;

export const newCondition = imposedCondition;
export type NewCondition = z.infer<typeof newCondition>;

/** A changed sub-record, as the ledger keeps it: the fields before and after. */
const changes = z.strictObject({ id, before: fields, after: fields });

export const reportFiled = reportInput.extend({ id, slotId: id.nullable(), late: z.boolean() });
const openObligation = z.strictObject({ description: z.string().min(1), dueBy: instant.nullable() });

/** An event type: the schema of its content (envelope aside) and what of it is public once the pilot is. */
const event = <S extends z.ZodRawShape>(shape: S, visibility: Visibility) => ({
  schema: envelopeSchema.extend(shape),
  visibility,
});
const none = {};

export const PILOT_EVENTS = {
  'pilot.created': event(
    {
      organization: z.strictObject({ id, name: z.string().min(1) }),
      agencyId: id,
      programmeId: id,
      application: draftSchema,
    },
    'confidential',
  ),
  'pilot.edited': event({ application: draftSchema }, 'confidential'),
  'pilot.submitted': event({ reference: z.string().min(1), reviewDueBy: instant.optional() }, 'confidential'),
  'pilot.review_started': event(none, 'public'),
  // Review notes before approval are between the business and its regulator.
  'pilot.changes_requested': event(
    { reason, deadline: instant, workingDays: z.number().int().positive().optional() },
    'confidential',
  ),
  // Kept for records made before `returned` replaced it.
  'pilot.lapsed': event(none, 'public'),
  'pilot.returned': event(none, 'public'),
  // The approval makes the pilot public: its organization and the public part of its application.
  'pilot.approved': event(
    {
      reference: z.string().min(1),
      organization: z.strictObject({ id, name: z.string().min(1) }),
      application: draftSchema,
      decision: decisionSchema,
      start: instant,
      end: instant,
      exemptions: z.array(newExemption),
      conditions: z.array(newCondition),
      decidingUnit: z.string().min(1).optional(),
    },
    {
      reference: 'public',
      decidingUnit: 'public',
      organization: 'public',
      application: APPLICATION_VISIBILITY,
      decision: 'public',
      start: 'public',
      end: 'public',
      exemptions: 'public',
      conditions: 'public',
    },
  ),
  'pilot.started': event(none, 'public'),
  'pilot.rejected': event({ decision: decisionSchema }, 'public'),
  'pilot.extended': event({ decision: decisionSchema, previousEnd: instant, end: instant }, 'public'),
  'pilot.amended': event(
    {
      decision: decisionSchema,
      exemptions: z.strictObject({ added: z.array(newExemption), modified: z.array(changes) }),
      conditions: z.strictObject({ added: z.array(newCondition), modified: z.array(changes) }),
    },
    'public',
  ),
  'pilot.suspended': event(
    {
      by: z.enum(['regulator', 'business']),
      decision: decisionSchema.nullable(),
      incidentId: id.nullable(),
      reason,
      exemptionIds: ids,
    },
    'public',
  ),
  'pilot.reinstated': event({ decision: decisionSchema, exemptionIds: ids }, 'public'),
  'pilot.revoked': event({ decision: decisionSchema, exemptionIds: ids, windDownBy: instant.optional() }, 'public'),
  'pilot.withdrawn': event({ reason }, 'public'),
  // The business halts its own test after an incident: an event, not a change of status.
  'pilot.halted': event({ reason, incidentId: id.nullable(), reportDueBy: instant }, 'public'),
  'pilot.resumed': event({ reason }, 'public'),
  'consultation.requested': event(
    { consultationId: id, authority: reason, question: reason },
    { consultationId: 'public', authority: 'public', question: 'confidential' },
  ),
  'consultation.answered': event(
    { consultationId: id, answer: reason },
    { consultationId: 'public', answer: 'confidential' },
  ),
  'inspection.announced': event({ inspectionId: id, date: instant, purpose: reason }, 'public'),
  'inspection.recorded': event({ inspectionId: id, findings: reason }, 'public'),
  'pilot.warned': event({ warningId: id, decision: decisionSchema, remedyBy: instant.nullable() }, 'public'),
  'pilot.change_requested': event(
    {
      request: z.strictObject({
        id,
        kind: z.enum(['amendment', 'extension']),
        description: reason,
        reasons: reason,
        end: instant.nullable(),
      }),
    },
    'public',
  ),
  'pilot.request_decided': event(
    {
      requestId: id,
      granted: z.boolean(),
      decision: decisionSchema,
      previousEnd: instant.nullable(),
      end: instant.nullable(),
    },
    'public',
  ),
  'pilot.completed': event(
    {
      decision: decisionSchema,
      outcome: z.enum(EXIT_OUTCOMES),
      openObligations: z.array(openObligation),
      exitReport: exitReportInput.nullable(),
      transitionUntil: instant.optional(),
    },
    {
      decision: 'public',
      outcome: 'public',
      openObligations: 'public',
      exitReport: EXIT_REPORT_VISIBILITY,
      transitionUntil: 'public',
    },
  ),
  'pilot.expired': event({ exemptionIds: ids }, 'public'),
  'exemption.granted': event({ decision: decisionSchema, exemption: newExemption }, 'public'),
  'exemption.modified': event({ exemptionId: id, decision: decisionSchema, before: fields, after: fields }, 'public'),
  'exemption.suspended': event({ exemptionId: id, decision: decisionSchema }, 'public'),
  'exemption.reinstated': event({ exemptionId: id, decision: decisionSchema }, 'public'),
  'exemption.revoked': event({ exemptionId: id, decision: decisionSchema }, 'public'),
  'exemption.expired': event({ exemptionId: id }, 'public'),
  'condition.breached': event({ conditionId: id, breachId: id, reason }, 'public'),
  'condition.remedied': event({ conditionId: id, reason }, 'public'),
  'report.filed': event({ report: reportFiled }, { report: REPORT_VISIBILITY }),
  'report.overdue': event({ slotId: id, conditionId: id, dueDate: instant, breachId: id }, 'public'),
  'incident.reported': event(
    { incident: incidentInput.extend({ id, reportWindowHours: z.number().int().positive().optional() }) },
    { incident: INCIDENT_VISIBILITY },
  ),
  'claim.filed': event({ claim: claimInput.extend({ id }) }, { claim: CLAIM_VISIBILITY }),
  // The compliance assessment: the ruling, and the criteria as computed from the record when it was made.
  'claim.ruled': event({ claimId: id, ruling: rulingInput, assessment: fields.optional() }, 'public'),
  'exit_report.filed': event({ exitReport: exitReportInput }, { exitReport: EXIT_REPORT_VISIBILITY }),
};

export type PilotEventType = keyof typeof PILOT_EVENTS;
export const PILOT_EVENT_TYPES = Object.keys(PILOT_EVENTS) as PilotEventType[];
export const isPilotEvent = (type: string): type is PilotEventType => Object.hasOwn(PILOT_EVENTS, type);

/** An event's content as parsed from the ledger: the envelope and the payload. */
export type ContentOf<T extends PilotEventType> = z.output<(typeof PILOT_EVENTS)[T]['schema']>;
/** What an action decides for an event type: its content without the envelope. */
export type PayloadOf<T extends PilotEventType> = Omit<ContentOf<T>, keyof Envelope>;

/** An event an action decided: its type and payload, typed together. */
export type PilotEvent = { [T in PilotEventType]: { type: T; payload: PayloadOf<T> } }[PilotEventType];

export const pilotEvent = <T extends PilotEventType>(type: T, payload: PayloadOf<T>) =>
  ({ type, payload }) as Extract<PilotEvent, { type: T }>;

// The same table, typed per key, so a generic event type finds its own schema's type.
const TYPED: { [T in PilotEventType]: { schema: z.ZodType<ContentOf<T>>; visibility: Visibility } } = PILOT_EVENTS;

/** Parses an entry's content (public data merged with private content) as its event type says. */
export const parseContent = <T extends PilotEventType>(type: T, content: unknown): ContentOf<T> =>
  TYPED[type].schema.parse(content);

/** What of an event is public once its pilot is. */
export const visibilityOf = (type: PilotEventType): Visibility => PILOT_EVENTS[type].visibility;
