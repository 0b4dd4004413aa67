// The lifecycle tables as a document (for clients and docs): the same rows `perform` runs, with each
// role's fields as JSON Schema.
import { z } from 'zod';
import { PILOT_ACTIONS } from './actions.ts';
import type { Operation } from './operation.ts';
import { CLAIM_ACTIONS, CONDITION_ACTIONS, EXEMPTION_ACTIONS, type RecordAction } from './records.ts';

function describeRow(op: Operation | RecordAction) {
  return {
    from: op.from,
    to: op.to,
    event: op.event,
    ...('targetFrom' in op ? { recordFrom: op.targetFrom } : {}),
    actors: Object.fromEntries(
      Object.entries(op.input).map(([role, schema]) => [role, z.toJSONSchema(schema as z.ZodType, { io: 'input', unrepresentable: 'any' })]),
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
