// Time in a pilot's record: when its reports fall due and when the next time-driven work is due. Pure
// functions of the record, so a replay of the ledger computes the same schedule.
import type { PilotRecord } from '../../models/pilot.ts';
import { REPORT_FREQUENCIES, type ReportSlot } from '../../models/pilot-records.ts';
import { addMonths } from '../programmes/programmes.ts';

/** Due dates of every reporting condition from the start to the end, keeping what already happened to each. */
export function reportSchedule(s: PilotRecord): ReportSlot[] {
  if (!s.start || !s.end) return s.schedule;
  const known = new Map(s.schedule.map((slot) => [slot.id, slot]));
  const slots: ReportSlot[] = [...s.schedule];
  for (const c of s.conditions) {
    if (c.type !== 'reporting') continue;
    const months = REPORT_FREQUENCIES[c.parameters.frequency ?? 'monthly'];
    for (let k = 1; ; k++) {
      const dueDate = addMonths(s.start, k * months);
      if (dueDate > s.end) break;
      const id = `${c.id}-${k}`;
      if (!known.has(id)) slots.push({ id, conditionId: c.id, dueDate, status: 'due', reportId: null });
    }
  }
  return slots.sort((a, b) => (a.dueDate === b.dueDate ? a.id.localeCompare(b.id) : a.dueDate < b.dueDate ? -1 : 1));
}

export type DueWork =
  | { kind: 'return'; at: string }
  | { kind: 'start'; at: string }
  | { kind: 'expire'; at: string }
  | { kind: 'exemption-expire'; at: string; exemptionId: string }
  | { kind: 'report-overdue'; at: string; slotId: string };

/** Every piece of time-driven work the record calls for, earliest first (due or not yet). */
export function dueWork(s: PilotRecord): DueWork[] {
  const work: DueWork[] = [];
  if (s.state === 'changes_requested' && s.changesRequested)
    work.push({ kind: 'return', at: s.changesRequested.deadline });
  if (s.state === 'approved' && s.start) work.push({ kind: 'start', at: s.start });
  if (s.state === 'active' || s.state === 'suspended') {
    for (const slot of s.schedule)
      if (slot.status === 'due') work.push({ kind: 'report-overdue', at: slot.dueDate, slotId: slot.id });
    for (const e of s.exemptions) {
      if ((e.state === 'active' || e.state === 'suspended') && e.validUntil && (!s.end || e.validUntil < s.end)) {
        work.push({ kind: 'exemption-expire', at: e.validUntil, exemptionId: e.id });
      }
    }
    if (s.end) work.push({ kind: 'expire', at: s.end });
  }
  // On a tie, reports that fell due before the end are marked before the pilot expires.
  const rank = { return: 0, start: 0, 'report-overdue': 1, 'exemption-expire': 2, expire: 3 };
  return work.sort((a, b) => (a.at === b.at ? rank[a.kind] - rank[b.kind] : a.at < b.at ? -1 : 1));
}

export function nextDueAt(s: PilotRecord): string | null {
  return dueWork(s)[0]?.at ?? null;
}
