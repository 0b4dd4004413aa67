// Time-driven work (DESIGN §1): unanswered requests for explanation return the dossier at their deadline, approved pilots start, pilots
// and exemptions expire at their end, unfiled reports fall overdue (a condition breach). Each effect is
// one ledger entry by actor `system`, taken through the same lifecycle rows as any other action, so it is
// idempotent: work already done is no longer due, and a concurrent run or user action that took the
// version first simply makes this one look again.
import mongoose from 'mongoose';
import type { RegistryContext } from '../context.ts';
import { Problem } from '../errors.ts';
import { PILOT_ACTIONS } from '../lifecycle/actions.ts';
import { perform, type Request } from '../lifecycle/perform.ts';
import { EXEMPTION_ACTIONS, FILINGS } from '../lifecycle/records.ts';
import { findPilot } from '../pilots/access.ts';
import { dueWork, type DueWork } from '../pilots/schedule.ts';
import { everySeconds } from './periodic.ts';

function requestFor(work: DueWork): Request {
  switch (work.kind) {
    case 'return':
    case 'start':
    case 'expire':
      return { name: work.kind, op: PILOT_ACTIONS[work.kind], body: {} };
    case 'exemption-expire':
      return {
        name: 'expire',
        op: EXEMPTION_ACTIONS.expire,
        table: EXEMPTION_ACTIONS,
        targetId: work.exemptionId,
        body: {},
      };
    case 'report-overdue':
      return { name: 'mark overdue', op: FILINGS.markReportOverdue, body: { slotId: work.slotId } };
  }
}

export interface DueWorkResult {
  effects: { pilot: string; kind: DueWork['kind'] }[];
}

export async function runDueWork(ctx: RegistryContext): Promise<DueWorkResult> {
  const now = ctx.now().toISOString();
  const due = await ctx.models.Pilot.find({ nextDueAt: mongoose.trusted({ $ne: null, $lte: now }) })
    .select({ _id: 1 })
    .sort({ _id: 1 });
  const effects: DueWorkResult['effects'] = [];
  for (const doc of due) {
    const id = String(doc._id);
    let failures = 0;
    while (failures < 3) {
      const pilot = await findPilot(ctx, id);
      const next = pilot && dueWork(pilot.record)[0];
      if (!next || next.at > now) break;
      try {
        await perform(ctx, 'system', id, requestFor(next));
        effects.push({ pilot: id, kind: next.kind });
        failures = 0;
      } catch (err) {
        // Someone else changed the pilot first: read it again and see what is still due.
        if (!(err instanceof Problem) || err.status >= 500) throw err;
        failures++;
        ctx.logger.info({ pilot: id, work: next.kind, status: err.status }, 'due work raced; looking again');
      }
    }
  }
  if (effects.length) ctx.logger.info({ effects: effects.length }, 'due work done');
  return { effects };
}

/** Runs the job every `seconds` under a lease, so one instance at a time does it (server/jobs/periodic.ts). */
export function startDueWork(ctx: RegistryContext, seconds: number): () => Promise<void> {
  return everySeconds(ctx, 'due-work', seconds, () => runDueWork(ctx));
}
