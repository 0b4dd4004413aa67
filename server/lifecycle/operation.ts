// The shape of every row of the lifecycle tables: from which pilot states, by which roles, carrying
// what (a zod schema per role), and what it decides (the ledger entry it appends). `perform.ts` runs any
// row the same way; the API, the tests and the docs read the tables.
import { z } from 'zod';
import type { PilotRecord, PilotState } from '../../models/pilot.ts';
import type { EntryActor } from '../ledger/entry.ts';
import type { Programme } from '../programmes/programmes.ts';
import { pilotEvent, type PayloadOf, type PilotEvent, type PilotEventType } from '../pilots/events.ts';

export type ActorRole = Exclude<EntryActor['role'], 'admin'>;

export interface ActionContext {
  pilot: PilotRecord;
  role: ActorRole;
  /** ctx.now() as an ISO string: the action's time. */
  now: string;
  programme: Programme;
  /** A fresh id for a record the entry creates (exemption, condition, report…). */
  newId: () => string;
  /** The pilot's reference number, allocated on first use. */
  reference: () => Promise<string>;
  /** The end of the `n`th working day in Vietnam after `from` (public holidays and the admin's calendar). */
  addWorkingDays: (from: string, n: number) => Promise<string>;
  /** Working days in Vietnam after the day of `from` up to the day of `to`. */
  workingDaysBetween: (from: string, to: string) => Promise<number>;
  /** The sub-record the action is about (exemption, condition, claim), when the route names one. */
  targetId?: string;
}

/** What a row decides: the event it appends (what of it is public is the event type's rule, not the row's). */
export interface Decided {
  event: PilotEvent;
  /** The pilot state after the entry; the row's only `to` when omitted. */
  to?: PilotState;
}

export const decided = <T extends PilotEventType>(type: T, payload: PayloadOf<T>, to?: PilotState): Decided => ({
  event: pilotEvent(type, payload),
  to,
});

type Inputs = Partial<Record<ActorRole, z.ZodType>>;
type InputOf<I extends Inputs> = { [R in keyof I]: I[R] extends z.ZodType ? z.infer<I[R]> : never }[keyof I];

export interface Operation {
  /** Pilot states the row may be taken from. */
  from: readonly PilotState[];
  /** Pilot states it may lead to (one, or more when the decision picks: approve → approved | active). */
  to: readonly PilotState[] | 'same';
  /** Who may take it, and what each must carry. */
  input: Inputs;
  /** The ledger entry type it appends. */
  event: PilotEventType;
  /** A further precondition (beyond the state), for rows that need one. */
  when?: (pilot: PilotRecord, role: ActorRole, targetId?: string) => boolean;
  decide(input: unknown, c: ActionContext): Decided | Promise<Decided>;
}

/** Keeps the row's `decide` typed by its own input schemas. */
export function operation<I extends Inputs>(
  row: Omit<Operation, 'input' | 'decide'> & {
    input: I;
    decide: (input: InputOf<I>, c: ActionContext) => Decided | Promise<Decided>;
  },
): Operation {
  return row;
}

export const noFields = z.strictObject({});
export const reason = z.string().trim().min(1).max(5000);

export function rolesOf(op: Operation): ActorRole[] {
  return Object.keys(op.input) as ActorRole[];
}
