// One chance to explain (Decree 94/2025 Art. 17): the request's deadline in working days, the limit on
// requests, and the agency's decision clock that stands still while the applicant explains.
import { z } from 'zod';
import { instant } from '../../models/pilot-application.ts';
import { problems } from '../errors.ts';
import { fieldError } from './limits.ts';
import { decided, reason, type ActionContext } from './operation.ts';

/**
 * The agency's clock for its decision: the programme's working days from the first submission, paused
 * while the applicant was explaining (Decree 94/2025 Art. 17), so an answer moves it on by that time.
 */
export async function reviewDueBy(c: ActionContext): Promise<string> {
  const { pilot, programme } = c;
  const open = (pilot.explanations ?? []).find((x) => x.answeredAt === null);
  if (!pilot.reviewDueBy) return c.addWorkingDays(c.now, programme.decisionWorkingDays);
  if (!open) return pilot.reviewDueBy;
  return c.addWorkingDays(pilot.reviewDueBy, await c.workingDaysBetween(open.at, c.now));
}

export const requestChangesInput = z.strictObject({
  reason,
  /** When omitted, the programme's working days for an explanation (Decree 94/2025 Art. 17: 7). */
  deadline: instant.optional(),
});
/** One chance to explain (Decree 94/2025 Art. 17), unless the programme allows more. */
export async function requestChanges(input: z.infer<typeof requestChangesInput>, c: ActionContext) {
  const { programme } = c;
  const asked = (c.pilot.explanations ?? []).length;
  if (asked >= programme.explanationRequests) {
    throw problems.conflict(
      `Programme ${programme.code} allows ${programme.explanationRequests} request(s) for explanation; this application has had ${asked}.`,
      { extra: { limit: programme.explanationRequests, asked } },
    );
  }
  if (input.deadline) {
    if (input.deadline <= c.now) throw fieldError('deadline', 'must be in the future');
    return decided('pilot.changes_requested', { reason: input.reason, deadline: input.deadline });
  }
  const workingDays = programme.explanationWorkingDays;
  return decided('pilot.changes_requested', {
    reason: input.reason,
    deadline: await c.addWorkingDays(c.now, workingDays),
    workingDays,
  });
}
