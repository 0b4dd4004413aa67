// The participant asks, the agency decides (issue 14 item 4): the business's requests for an amendment or an
// extension, decided by the regulator, and the business's own halt after an incident.
import { z } from 'zod';
import { decisionSchema, instant } from '../../models/pilot-application.ts';
import type { PilotRecord } from '../../models/pilot.ts';
import { problems } from '../errors.ts';
import { extensionAllowed, fieldError } from './limits.ts';
import { decided, reason, type ActionContext } from './operation.ts';

export const openHalt = (p: PilotRecord) => (p.halts ?? []).some((h) => h.resumedAt === null);
export const pending = (p: PilotRecord) => (p.requests ?? []).filter((r) => r.outcome === null);

export const haltInput = z.strictObject({ reason, incidentId: z.string().min(1).max(64).optional() });
/** The business stops its test at once after an incident; the incident is due within the programme's hours. */
export function halt(input: z.infer<typeof haltInput>, c: ActionContext) {
  if (input.incidentId && !c.pilot.incidents.some((i) => i.id === input.incidentId))
    throw fieldError('incidentId', 'names no incident of this pilot');
  const reportDueBy = new Date(Date.parse(c.now) + c.programme.incidentReportHours * 3_600_000).toISOString();
  return decided('pilot.halted', { reason: input.reason, incidentId: input.incidentId ?? null, reportDueBy });
}

export const requestExtensionInput = z.strictObject({ end: instant, reasons: reason });
/** An extension is asked for at least the programme's working days before the end (Decree 142/2026 Art. 27: 15). */
export async function requestExtension(input: z.infer<typeof requestExtensionInput>, c: ActionContext) {
  const { programme, pilot } = c;
  const lead = programme.extensionRequestWorkingDays;
  const left = await c.workingDaysBetween(c.now, pilot.end!);
  if (left < lead) {
    throw problems.conflict(
      `Programme ${programme.code} takes extension requests at least ${lead} working days before the end (${pilot.end}); ${left} remain.`,
      { extra: { leadWorkingDays: lead, workingDaysLeft: left } },
    );
  }
  extensionAllowed(input.end, c);
  return decided('pilot.change_requested', {
    request: {
      id: c.newId(),
      kind: 'extension',
      description: 'Extension of the test',
      reasons: input.reasons,
      end: input.end,
    },
  });
}

export const decideRequestInput = z.strictObject({
  requestId: z.string().min(1).max(64),
  outcome: z.enum(['granted', 'refused']),
  decision: decisionSchema,
});
export function decideRequest(input: z.infer<typeof decideRequestInput>, c: ActionContext) {
  const request = pending(c.pilot).find((r) => r.id === input.requestId);
  if (!request) throw fieldError('requestId', 'names no pending request of this pilot');
  const granted = input.outcome === 'granted';
  const extension = granted && request.kind === 'extension' && request.end;
  const previousEnd = extension ? extensionAllowed(request.end!, c) : null;
  return decided('pilot.request_decided', {
    requestId: request.id,
    granted,
    decision: input.decision,
    previousEnd,
    end: extension ? request.end : null,
  });
}
