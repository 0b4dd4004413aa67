// The lifecycle tables as a document (for clients and docs): the same rows `perform` runs, with each
// role's fields as JSON Schema.
import { z } from 'zod';
import { PILOT_ACTIONS } from './actions.ts';
import { rolesOf, type Operation } from './operation.ts';
import { CLAIM_ACTIONS, CONDITION_ACTIONS, EXEMPTION_ACTIONS, type RecordAction } from './records.ts';

function describeRow(op: Operation | RecordAction) {
  return {
    from: op.from,
    to: op.to,
    event: op.event,
    ...('targetFrom' in op ? { recordFrom: op.targetFrom } : {}),
    actors: Object.fromEntries(
      Object.entries(op.input).map(([role, schema]) => [
        role,
        z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }),
      ]),
    ),
  };
}

const describeTable = (table: Record<string, Operation | RecordAction>) =>
  Object.fromEntries(Object.entries(table).map(([name, op]) => [name, describeRow(op)]));

let cached: unknown;
export function lifecycleDocument() {
  cached ??= {
    pilot: describeTable(PILOT_ACTIONS),
    exemption: describeTable(EXEMPTION_ACTIONS),
    condition: describeTable(CONDITION_ACTIONS),
    claim: describeTable(CLAIM_ACTIONS),
  };
  return cached;
}

/** The actions of a table that a person (not the system) takes through the API. */
export function actionNamesFor(table: Record<string, Operation | RecordAction>): [string, ...string[]] {
  const names = Object.keys(table).filter((name) => rolesOf(table[name]).some((role) => role !== 'system'));
  return names as [string, ...string[]];
}

/**
 * What the body of a row may be, for the API document: one alternative per action and role, titled
 * "approve (regulator)". perform() validates against the one row and role that apply.
 */
export function inputAlternatives(table: Record<string, Operation | RecordAction>): z.ZodType {
  const alternatives = Object.entries(table).flatMap(([name, op]) =>
    Object.entries(op.input)
      .filter(([role]) => role !== 'system')
      .map(([role, schema]) => schema.meta({ title: `${name} (${role})` })),
  );
  return alternatives.length === 1 ? alternatives[0] : z.union(alternatives);
}
