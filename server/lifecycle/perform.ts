// Runs one row of a lifecycle table, the same way for every row:
//   scope (404) → role (403) → If-Match (412) → state (409, with what is allowed now) → input (400)
//   → decide → one ledger entry (409/412 if another action took the version first).
// Nothing is written before the entry, so a refused action leaves the pilot and the ledger untouched.
import { Types } from 'mongoose';
import type { Principal } from '../accounts/principal.ts';
import type { RegistryContext } from '../context.ts';
import { problems } from '../errors.ts';
import type { EntryActor } from '../ledger/entry.ts';
import { findPilot, isParty, type LoadedPilot } from '../pilots/access.ts';
import { appendChange } from '../pilots/append.ts';
import { allocateReference } from '../pilots/references.ts';
import { loadCalendar } from '../programmes/calendar.ts';
import { getProgramme } from '../programmes/programmes.ts';
import { addWorkingDays, workingDaysBetween, type Calendar } from '../programmes/working-days.ts';
import { parseOrThrow } from '../validation.ts';
import { allowedPilotActions, allowedRecordActions, mayTake } from './allowed.ts';
import type { ActorRole, Operation } from './operation.ts';
import { targetState, type RecordAction } from './records.ts';

export type Caller = Principal | 'system';

export interface Request {
  /** The row's name, for messages ("approve", "exemption suspend"…). */
  name: string;
  op: Operation | RecordAction;
  /** The table a record row belongs to, to list what is allowed on the record instead. */
  table?: Record<string, RecordAction>;
  targetId?: string;
  body: unknown;
  /** The version the caller saw (If-Match), if it sent one. */
  ifMatch?: number;
}

const roleOf = (caller: Caller): ActorRole | 'admin' => (caller === 'system' ? 'system' : caller.role);

export async function perform(
  ctx: RegistryContext,
  caller: Caller,
  pilotId: string,
  req: Request,
): Promise<LoadedPilot> {
  const pilot = await findPilot(ctx, pilotId);
  if (!pilot || (caller !== 'system' && !isParty(caller, pilot.record))) throw problems.notFound('No such pilot.');
  const { record } = pilot;
  const role = roleOf(caller);
  const schema = role === 'admin' ? undefined : req.op.input[role];
  if (role === 'admin' || !schema) throw problems.forbidden(`A ${role} may not ${req.name.replace('_', ' ')} a pilot.`);
  if (req.ifMatch !== undefined && req.ifMatch !== pilot.version) {
    throw problems.preconditionFailed(`The pilot is at version ${pilot.version}, not ${req.ifMatch}; read it again.`, {
      extra: { version: pilot.version },
    });
  }

  if ('target' in req.op && req.table) {
    const state = targetState(record, req.op.target, req.targetId ?? '');
    if (state === undefined) throw problems.notFound(`No such ${req.op.target}.`);
    if (!req.op.targetFrom.includes(state) || !mayTake(req.op, record, role, req.targetId)) {
      throw problems.conflict(
        `Cannot ${req.name} a${req.op.target === 'exemption' ? 'n' : ''} ${req.op.target} that is ${state} while the pilot is ${record.state}.`,
        {
          extra: {
            state,
            pilotState: record.state,
            allowedActions: allowedRecordActions(req.table, record, role, req.targetId!),
          },
        },
      );
    }
  } else if (!mayTake(req.op, record, role)) {
    throw problems.conflict(`Cannot ${req.name.replace('_', ' ')} a pilot that is ${record.state}.`, {
      extra: { state: record.state, allowedActions: allowedPilotActions(record, role) },
    });
  }

  const input = parseOrThrow(schema, req.body ?? {}, 'body');
  let calendar: Promise<Calendar> | undefined;
  const cal = () => (calendar ??= loadCalendar(ctx));
  const decided = await req.op.decide(input, {
    pilot: record,
    role,
    now: ctx.now().toISOString(),
    programme: await getProgramme(ctx, record.programmeId),
    newId: () => String(new Types.ObjectId()),
    reference: () => allocateReference(ctx, record.id, record.agency.code),
    targetId: req.targetId,
    addWorkingDays: async (from, n) => addWorkingDays(from, n, await cal()),
    workingDaysBetween: async (from, to) => workingDaysBetween(from, to, await cal()),
  });
  const to = decided.to ?? (req.op.to === 'same' ? record.state : req.op.to[0]);
  const actor: EntryActor = { role, agency: role === 'regulator' ? record.agency.code : null };
  const entry = await appendChange(
    ctx,
    pilot,
    actor,
    { event: decided.event, from: record.state, to },
    req.ifMatch !== undefined,
  );
  ctx.logger.info(
    { pilot: record.id, reference: record.reference, action: req.name, role, from: record.state, to, seq: entry.seq },
    'lifecycle decision',
  );
  const after = await findPilot(ctx, record.id);
  if (!after) throw problems.internal('The action was recorded but the pilot could not be read back.');
  return after;
}
