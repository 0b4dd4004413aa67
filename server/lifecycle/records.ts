// The smaller lifecycles inside a pilot (DESIGN §1): exemptions (granted → modified* → suspended ↔ active
// → revoked | expired), conditions (kept ↔ breached), claims (pending → ruled), and the filings a business
// makes (reports, incidents, claims, the exit report). Tables of the same rows as the pilot lifecycle;
// each row appends one entry under the pilot's key, so it bumps the pilot's version.
import { z } from 'zod';
import { decisionSchema, draftSchema } from '../../models/pilot-application.ts';
import type { PilotRecord, PilotState } from '../../models/pilot.ts';
import {
  claimInput,
  exemptionChanges,
  exemptionInput,
  exitReportInput,
  incidentInput,
  reportInput,
  rulingInput,
} from '../../models/pilot-records.ts';
import { invalid } from '../validation.ts';
import { claimAssessment } from '../supervision/assessment.ts';
import { newExemptions } from './grants.ts';
import { decided, noFields, operation, reason, type Operation } from './operation.ts';

const withDecision = z.strictObject({ decision: decisionSchema });

/** A row about one sub-record: which kind, how to read its state, and the states the row starts from. */
export interface RecordAction extends Operation {
  target: 'exemption' | 'condition' | 'claim';
  targetFrom: readonly string[];
}
const record = (target: RecordAction['target'], targetFrom: string[], op: Operation): RecordAction => ({
  ...op,
  target,
  targetFrom,
});

export function targetState(pilot: PilotRecord, target: RecordAction['target'], id: string): string | undefined {
  switch (target) {
    case 'exemption':
      return pilot.exemptions.find((x) => x.id === id)?.state;
    case 'condition': {
      const c = pilot.conditions.find((x) => x.id === id);
      return c && (c.inBreach ? 'breached' : 'kept');
    }
    case 'claim': {
      const c = pilot.claims.find((x) => x.id === id);
      return c && (c.ruling ? 'ruled' : 'pending');
    }
  }
}

const LIVE: PilotState[] = ['active', 'suspended'];
const SUPERVISED: PilotState[] = ['approved', 'active', 'suspended', 'expired', 'revoked'];
const AFTER_START: PilotState[] = ['active', 'suspended', 'expired', 'revoked'];

export const EXEMPTION_ACTIONS = {
  modify: record(
    'exemption',
    ['active', 'suspended'],
    operation({
      from: LIVE,
      to: 'same',
      event: 'exemption.modified',
      input: { regulator: z.strictObject({ decision: decisionSchema, changes: exemptionChanges }) },
      decide: (input, c) => {
        const x = c.pilot.exemptions.find((e) => e.id === c.targetId)!;
        if (input.changes.validUntil && c.pilot.end && input.changes.validUntil > c.pilot.end) {
          throw invalid([
            { field: 'changes.validUntil', reason: `must not be after the pilot's end (${c.pilot.end})` },
          ]);
        }
        const before = Object.fromEntries(Object.keys(input.changes).map((k) => [k, x[k as keyof typeof x] ?? null]));
        return decided('exemption.modified', {
          exemptionId: x.id,
          decision: input.decision,
          before,
          after: { ...input.changes },
        });
      },
    }),
  ),
  suspend: record(
    'exemption',
    ['active'],
    operation({
      from: LIVE,
      to: 'same',
      event: 'exemption.suspended',
      input: { regulator: withDecision },
      decide: (input, c) => decided('exemption.suspended', { exemptionId: c.targetId!, decision: input.decision }),
    }),
  ),
  reinstate: record(
    'exemption',
    ['suspended'],
    operation({
      from: ['active'],
      to: 'same',
      event: 'exemption.reinstated',
      input: { regulator: withDecision },
      decide: (input, c) => decided('exemption.reinstated', { exemptionId: c.targetId!, decision: input.decision }),
    }),
  ),
  revoke: record(
    'exemption',
    ['active', 'suspended'],
    operation({
      from: LIVE,
      to: 'same',
      event: 'exemption.revoked',
      input: { regulator: withDecision },
      decide: (input, c) => decided('exemption.revoked', { exemptionId: c.targetId!, decision: input.decision }),
    }),
  ),
  expire: record(
    'exemption',
    ['active', 'suspended'],
    operation({
      from: LIVE,
      to: 'same',
      event: 'exemption.expired',
      input: { system: noFields },
      when: (pilot, _role, id) => Boolean(pilot.exemptions.find((x) => x.id === id)?.validUntil),
      decide: (_input, c) => decided('exemption.expired', { exemptionId: c.targetId! }),
    }),
  ),
} satisfies Record<string, RecordAction>;

export const CONDITION_ACTIONS = {
  breach: record(
    'condition',
    ['kept'],
    operation({
      from: SUPERVISED,
      to: 'same',
      event: 'condition.breached',
      input: { regulator: z.strictObject({ reason }) },
      decide: (input, c) =>
        decided('condition.breached', { conditionId: c.targetId!, breachId: c.newId(), reason: input.reason }),
    }),
  ),
  remedy: record(
    'condition',
    ['breached'],
    operation({
      from: SUPERVISED,
      to: 'same',
      event: 'condition.remedied',
      input: { regulator: z.strictObject({ reason }) },
      decide: (input, c) => decided('condition.remedied', { conditionId: c.targetId!, reason: input.reason }),
    }),
  ),
} satisfies Record<string, RecordAction>;

export const CLAIM_ACTIONS = {
  rule: record(
    'claim',
    ['pending'],
    operation({
      from: [...AFTER_START, 'completed'],
      to: 'same',
      event: 'claim.ruled',
      input: { regulator: rulingInput },
      decide: (input, c) => {
        // Fraud or intentional violation is never exempt (Law 93/2025 Art. 9(3)).
        if (input.fraudOrIntent === 'found' && input.outcome !== 'denied')
          throw invalid([
            { field: 'outcome', reason: 'must be denied when fraud or intent is found (Law 93/2025 Art. 9(3))' },
          ]);
        const claim = c.pilot.claims.find((x) => x.id === c.targetId)!;
        const assessment = claimAssessment(c.pilot, { ...claim, ruling: { ...input, at: c.now } });
        return decided('claim.ruled', {
          claimId: claim.id,
          ruling: input,
          ...(assessment ? { assessment: JSON.parse(JSON.stringify(assessment)) as Record<string, unknown> } : {}),
        });
      },
    }),
  ),
} satisfies Record<string, RecordAction>;

/** Filings and grants that create a sub-record. */
export const FILINGS = {
  editDraft: operation({
    from: ['draft', 'changes_requested'],
    to: 'same',
    event: 'pilot.edited',
    input: { business: draftSchema.refine((d) => Object.keys(d).length > 0, 'must change at least one field') },
    decide: (input) => decided('pilot.edited', { application: input }),
  }),
  grantExemption: operation({
    from: LIVE,
    to: 'same',
    event: 'exemption.granted',
    input: { regulator: z.strictObject({ decision: decisionSchema, exemption: exemptionInput }) },
    decide: (input, c) => {
      const [exemption] = newExemptions([input.exemption], c, c.pilot.end, 'exemption');
      return decided('exemption.granted', { decision: input.decision, exemption: exemption });
    },
  }),
  fileReport: operation({
    from: AFTER_START,
    to: 'same',
    event: 'report.filed',
    input: { business: reportInput },
    decide: (input, c) => {
      const open = c.pilot.schedule.filter((s) => s.status === 'due' || s.status === 'overdue');
      const slot = input.dueDate ? open.find((s) => s.dueDate === input.dueDate) : open[0];
      if (input.dueDate && !slot) throw invalid([{ field: 'dueDate', reason: 'names no open due date of this pilot' }]);
      const report = {
        id: c.newId(),
        slotId: slot?.id ?? null,
        ...input,
        dueDate: slot?.dueDate ?? input.dueDate,
        late: slot ? c.now > slot.dueDate : false,
      };
      return decided('report.filed', { report });
    },
  }),
  reportIncident: operation({
    from: AFTER_START,
    to: 'same',
    event: 'incident.reported',
    input: { business: incidentInput },
    decide: (input, c) => {
      if (input.occurredAt > c.now) throw invalid([{ field: 'occurredAt', reason: 'must not be in the future' }]);
      return decided('incident.reported', {
        incident: { id: c.newId(), ...input, reportWindowHours: c.programme.incidentReportHours },
      });
    },
  }),
  fileClaim: operation({
    from: [...AFTER_START, 'completed'],
    to: 'same',
    event: 'claim.filed',
    input: { business: claimInput },
    decide: (input, c) => {
      if (!c.pilot.incidents.some((i) => i.id === input.incidentId))
        throw invalid([{ field: 'incidentId', reason: 'names no incident of this pilot' }]);
      return decided('claim.filed', { claim: { id: c.newId(), ...input } });
    },
  }),
  fileExitReport: operation({
    from: AFTER_START,
    to: 'same',
    event: 'exit_report.filed',
    input: { business: exitReportInput },
    decide: (input) => decided('exit_report.filed', { exitReport: input }),
  }),
  markReportOverdue: operation({
    from: LIVE,
    to: 'same',
    event: 'report.overdue',
    input: { system: z.strictObject({ slotId: z.string() }) },
    decide: (input, c) => {
      const slot = c.pilot.schedule.find((s) => s.id === input.slotId && s.status === 'due' && s.dueDate <= c.now);
      if (!slot) throw invalid([{ field: 'slotId', reason: 'names no report that is due and unfiled' }]);
      return decided('report.overdue', {
        slotId: slot.id,
        conditionId: slot.conditionId,
        dueDate: slot.dueDate,
        breachId: c.newId(),
      });
    },
  }),
} satisfies Record<string, Operation>;
