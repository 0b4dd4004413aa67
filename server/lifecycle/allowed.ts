// What the caller may do now: read from the same tables that `perform` enforces.
import type { PilotRecord } from '../../models/pilot.ts';
import type { Principal } from '../accounts/principal.ts';
import type { LoadedPilot } from '../pilots/access.ts';
import { partyView, type AllowedActions } from '../pilots/views.ts';
import { PILOT_ACTIONS, PILOT_ACTION_NAMES, type PilotActionName } from './actions.ts';
import type { ActorRole, Operation } from './operation.ts';
import { CLAIM_ACTIONS, CONDITION_ACTIONS, EXEMPTION_ACTIONS, targetState, type RecordAction } from './records.ts';

export function mayTake(op: Operation, pilot: PilotRecord, role: ActorRole, targetId?: string): boolean {
  return op.from.includes(pilot.state) && role in op.input && (!op.when || op.when(pilot, role, targetId));
}

export function allowedPilotActions(pilot: PilotRecord, role: ActorRole | 'admin'): PilotActionName[] {
  if (role === 'admin') return [];
  return PILOT_ACTION_NAMES.filter((name) => role !== 'system' && mayTake(PILOT_ACTIONS[name], pilot, role));
}

export function allowedRecordActions(
  table: Record<string, RecordAction>,
  pilot: PilotRecord,
  role: ActorRole | 'admin',
  id: string,
): string[] {
  if (role === 'admin') return [];
  return Object.entries(table)
    .filter(
      ([, op]) =>
        role !== 'system' &&
        mayTake(op, pilot, role, id) &&
        op.targetFrom.includes(targetState(pilot, op.target, id) ?? ''),
    )
    .map(([name]) => name);
}

const RECORD_TABLES = { exemption: EXEMPTION_ACTIONS, condition: CONDITION_ACTIONS, claim: CLAIM_ACTIONS };

/** Everything `role` may do now on the pilot and on each of its records. */
export function allowedActions(pilot: PilotRecord, role: ActorRole | 'admin'): AllowedActions {
  return {
    pilot: allowedPilotActions(pilot, role),
    on: (target, id) => allowedRecordActions(RECORD_TABLES[target], pilot, role, id),
  };
}

/** The pilot as one of its parties sees it, with what they may do now. */
export const partyViewFor = (pilot: LoadedPilot, principal: Principal) =>
  partyView(pilot, allowedActions(pilot.record, principal.role));
