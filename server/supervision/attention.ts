// What needs someone's attention on a pilot now, read from its record alone: changes requested and their
// deadline, reports due soon or overdue, conditions in breach, claims awaiting a ruling, incidents still
// open, a test ending soon, and an application waiting in review. The portal's dashboards show these, the
// business's and the regulator's alike; each item names the record it is about.
import type { PilotRecord } from '../../models/pilot.ts';
import { claimAssessment } from './assessment.ts';
import { clocksOf, type ClockName } from './clocks.ts';

const DAY = 86_400_000;
/** Reports due within this many days are shown as coming up. */
export const REPORT_WINDOW_DAYS = 14;
/** Tests ending within this many days are shown as ending soon. */
export const ENDING_WINDOW_DAYS = 30;
/** An incident stays open on the dashboard this long after it was reported, unless a claim on it was ruled. */
export const INCIDENT_OPEN_DAYS = 30;

export type AttentionItem =
  | { kind: 'changes_requested'; at: string; deadline: string; reason: string }
  | { kind: 'report_overdue' | 'report_due'; at: string; slotId: string }
  | { kind: 'condition_breached'; at: string; conditionId: string; type: string; reason: string }
  | { kind: 'claim_pending'; at: string; claimId: string; assessment: ReturnType<typeof claimAssessment> }
  | { kind: 'incident_open'; at: string; incidentId: string; severity: string }
  | { kind: 'ending_soon'; at: string }
  | { kind: 'in_review'; at: string; ageDays: number }
  | { kind: 'clock_due' | 'clock_overdue'; at: string; clock: ClockName; due: string; running: boolean };

export function attentionOf(pilot: PilotRecord, now: string): AttentionItem[] {
  const t = Date.parse(now);
  const items: AttentionItem[] = [];
  if (pilot.state === 'changes_requested' && pilot.changesRequested)
    items.push({
      kind: 'changes_requested',
      at: pilot.changesRequested.deadline,
      deadline: pilot.changesRequested.deadline,
      reason: pilot.changesRequested.reason,
    });
  // The agency's statutory clocks (the applicant's own is the changes_requested item above).
  for (const c of clocksOf(pilot)) {
    if (c.clock === 'explanation') continue;
    const left = Date.parse(c.due) - t;
    if (c.running && left <= 0) items.push({ kind: 'clock_overdue', at: c.due, ...c });
    else if (left <= REPORT_WINDOW_DAYS * DAY) items.push({ kind: 'clock_due', at: c.due, ...c });
  }
  if (pilot.state === 'submitted' || pilot.state === 'under_review')
    items.push({
      kind: 'in_review',
      at: pilot.submittedAt ?? pilot.updatedAt,
      ageDays: Math.floor((t - Date.parse(pilot.submittedAt ?? pilot.updatedAt)) / DAY),
    });
  for (const slot of pilot.schedule) {
    if (slot.status === 'overdue' || (slot.status === 'due' && Date.parse(slot.dueDate) <= t))
      items.push({ kind: 'report_overdue', at: slot.dueDate, slotId: slot.id });
    else if (slot.status === 'due' && Date.parse(slot.dueDate) - t <= REPORT_WINDOW_DAYS * DAY)
      items.push({ kind: 'report_due', at: slot.dueDate, slotId: slot.id });
  }
  for (const c of pilot.conditions) {
    const open = c.breaches.find((b) => b.remediedAt === null);
    if (c.inBreach && open)
      items.push({ kind: 'condition_breached', at: open.at, conditionId: c.id, type: c.type, reason: open.reason });
  }
  for (const claim of pilot.claims)
    if (!claim.ruling)
      items.push({
        kind: 'claim_pending',
        at: claim.filedAt,
        claimId: claim.id,
        assessment: claimAssessment(pilot, claim),
      });
  for (const incident of pilot.incidents) {
    const ruled = pilot.claims.some((c) => c.incidentId === incident.id && c.ruling);
    if (!ruled && t - Date.parse(incident.reportedAt) <= INCIDENT_OPEN_DAYS * DAY)
      items.push({
        kind: 'incident_open',
        at: incident.reportedAt,
        incidentId: incident.id,
        severity: incident.severity,
      });
  }
  if ((pilot.state === 'active' || pilot.state === 'suspended') && pilot.end) {
    const left = Date.parse(pilot.end) - t;
    if (left >= 0 && left <= ENDING_WINDOW_DAYS * DAY) items.push({ kind: 'ending_soon', at: pilot.end });
  }
  return items;
}
