// What a regulator grants: exemptions and conditions, at approval and later (amend, grant). Ids are made
// here, in the action, and travel in the ledger entry, so a replay rebuilds the same records.
import { type z } from 'zod';
import {
  conditionInput,
  type ConditionInput,
  type exemptionChanges,
  type exemptionInput,
} from '../../models/pilot-records.ts';
import type { Decision } from '../../models/pilot-application.ts';
import type { NewCondition, NewExemption, PayloadOf } from '../pilots/events.ts';
import { fieldProblems, invalid } from '../validation.ts';
import type { ActionContext } from './operation.ts';

type ExemptionInput = z.infer<typeof exemptionInput>;

export function newExemptions(
  inputs: ExemptionInput[],
  c: ActionContext,
  end: string | null,
  field: string,
): NewExemption[] {
  return inputs.map((x, i) => {
    if (x.validUntil && end && x.validUntil > end)
      throw invalid([{ field: `${field}.${i}.validUntil`, reason: `must not be after the pilot's end (${end})` }]);
    return {
      id: c.newId(),
      legalReference: x.legalReference,
      description: x.description,
      limits: x.limits,
      ...(x.validUntil ? { validUntil: x.validUntil } : {}),
      ...(x.legalUrl ? { legalUrl: x.legalUrl } : {}),
    };
  });
}

/** Reporting conditions name their frequency explicitly (the programme's unless given), so the schedule replays. */
export function newConditions(inputs: ConditionInput[], c: ActionContext): NewCondition[] {
  return inputs.map((x) => {
    const withDefaults: ConditionInput =
      x.type === 'reporting'
        ? { ...x, parameters: { ...x.parameters, frequency: x.parameters.frequency ?? c.programme.reportFrequency } }
        : x;
    return { id: c.newId(), ...withDefaults };
  });
}

interface AmendInput {
  decision: Decision;
  exemptions: { add: ExemptionInput[]; modify: { id: string; changes: z.infer<typeof exemptionChanges> }[] };
  conditions: {
    add: ConditionInput[];
    modify: { id: string; description: string; parameters?: Record<string, unknown> }[];
  };
}

/** An amendment with each changed record's before and after, as the ledger keeps them. */
export function amendment(input: AmendInput, c: ActionContext): PayloadOf<'pilot.amended'> {
  const { pilot } = c;
  const exemptions = input.exemptions.modify.map((m, i) => {
    const current = pilot.exemptions.find((x) => x.id === m.id && (x.state === 'active' || x.state === 'suspended'));
    if (!current)
      throw invalid([{ field: `exemptions.modify.${i}.id`, reason: 'names no current exemption of this pilot' }]);
    if (m.changes.validUntil && pilot.end && m.changes.validUntil > pilot.end) {
      throw invalid([
        {
          field: `exemptions.modify.${i}.changes.validUntil`,
          reason: `must not be after the pilot's end (${pilot.end})`,
        },
      ]);
    }
    const before = Object.fromEntries(
      Object.keys(m.changes).map((k) => [k, current[k as keyof typeof current] ?? null]),
    );
    return { id: m.id, before, after: { ...m.changes } };
  });
  const conditions = input.conditions.modify.map((m, i) => {
    const current = pilot.conditions.find((x) => x.id === m.id);
    if (!current) throw invalid([{ field: `conditions.modify.${i}.id`, reason: 'names no condition of this pilot' }]);
    const next = conditionInput.safeParse({
      type: current.type,
      description: m.description,
      parameters: m.parameters ?? current.parameters,
    });
    if (!next.success)
      throw invalid(
        fieldProblems('body', next.error).map((e) => ({ ...e, field: `conditions.modify.${i}.${e.field}` })),
      );
    return {
      id: m.id,
      before: { description: current.description, parameters: current.parameters },
      after: { description: next.data.description, parameters: next.data.parameters },
    };
  });
  return {
    decision: input.decision,
    exemptions: { added: newExemptions(input.exemptions.add, c, pilot.end, 'exemptions.add'), modified: exemptions },
    conditions: { added: newConditions(input.conditions.add, c), modified: conditions },
  };
}
