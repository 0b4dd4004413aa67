// The statutory clocks running on a pilot, read from its record: the applicant's time to explain
// (Decree 94/2025 Art. 17) and the agency's time to decide, which stands still while the applicant
// explains. Their due dates were computed in working days when the acts were taken (server/lifecycle),
// so reading them needs neither the programme nor the calendar.
import type { PilotRecord } from '../../models/pilot.ts';

export type ClockName = 'explanation' | 'decision' | 'halt_report' | 'wind_down' | 'inspection' | 'warning_remedy';
const SUPERVISED = ['approved', 'active', 'suspended'];
export interface Clock {
  clock: ClockName;
  /** When it runs out (for a paused clock: as it stands; the applicant's answer moves it on). */
  due: string;
  running: boolean;
}

const IN_REVIEW = ['submitted', 'under_review', 'changes_requested'];

export function clocksOf(pilot: PilotRecord): Clock[] {
  const clocks: Clock[] = [];
  if (pilot.state === 'changes_requested' && pilot.changesRequested)
    clocks.push({ clock: 'explanation', due: pilot.changesRequested.deadline, running: true });
  if (pilot.reviewDueBy && IN_REVIEW.includes(pilot.state))
    clocks.push({ clock: 'decision', due: pilot.reviewDueBy, running: pilot.state !== 'changes_requested' });
  // After a halt, the incident is due within the programme's hours (Decree 142/2026 Art. 25: 72).
  for (const h of pilot.halts ?? []) {
    const reported = h.incidentId !== null || pilot.incidents.some((i) => i.reportedAt >= h.at);
    if (!reported) clocks.push({ clock: 'halt_report', due: h.reportDueBy, running: true });
  }
  if (SUPERVISED.includes(pilot.state)) {
    for (const i of pilot.inspections ?? [])
      if (i.findings === null) clocks.push({ clock: 'inspection', due: i.date, running: true });
    for (const w of pilot.warnings ?? [])
      if (w.remedyBy) clocks.push({ clock: 'warning_remedy', due: w.remedyBy, running: true });
  }
  if (pilot.state === 'revoked' && pilot.windDownBy)
    clocks.push({ clock: 'wind_down', due: pilot.windDownBy, running: true });
  return clocks;
}
