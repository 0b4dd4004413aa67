// The admin's list of extra days off and swapped working days per year (models/working-calendar.ts), and
// the calendar the statutory clocks count with: Vietnam's public holidays (working-days.ts) adjusted by it.
import { z } from 'zod';
import type { RegistryContext } from '../context.ts';
import { invalid } from '../validation.ts';
import type { Calendar } from './working-days.ts';

const day = z.iso.date();
export const calendarYearInput = z.strictObject({
  year: z.number().int().min(2000).max(2100),
  daysOff: z.array(day).max(60).default([]),
  workingDays: z.array(day).max(20).default([]),
});
export type CalendarYearInput = z.infer<typeof calendarYearInput>;
export interface CalendarYear {
  year: number;
  daysOff: string[];
  workingDays: string[];
  updatedAt: string;
}

/** Replaces the year's list (the whole list, so two admins' edits cannot interleave into a mix). */
export async function setCalendarYear(ctx: RegistryContext, input: CalendarYearInput): Promise<CalendarYear> {
  const outside = [
    ...input.daysOff.map((d, i) => ({ d, field: `daysOff.${i}` })),
    ...input.workingDays.map((d, i) => ({ d, field: `workingDays.${i}` })),
  ].filter((x) => !x.d.startsWith(`${input.year}-`));
  if (outside.length) throw invalid(outside.map((x) => ({ field: x.field, reason: `is not in ${input.year}` })));
  const both = input.daysOff.filter((d) => input.workingDays.includes(d));
  if (both.length)
    throw invalid([{ field: 'workingDays', reason: `names days that are also days off: ${both.join(', ')}` }]);
  const doc = {
    daysOff: [...new Set(input.daysOff)].sort(),
    workingDays: [...new Set(input.workingDays)].sort(),
    updatedAt: ctx.now().toISOString(),
  };
  await ctx.models.WorkingCalendar.replaceOne({ _id: input.year }, doc, { upsert: true });
  return { year: input.year, ...doc };
}

export async function listCalendarYears(ctx: RegistryContext): Promise<CalendarYear[]> {
  const docs = await ctx.models.WorkingCalendar.find({}).sort({ _id: 1 });
  return docs.map((d) => ({
    year: d._id,
    daysOff: [...d.daysOff],
    workingDays: [...d.workingDays],
    updatedAt: d.updatedAt,
  }));
}

/** Every year's adjustments as one calendar (a few dozen days: read whole, it is one small collection). */
export async function loadCalendar(ctx: RegistryContext): Promise<Calendar> {
  const years = await listCalendarYears(ctx);
  return {
    daysOff: new Set(years.flatMap((y) => y.daysOff)),
    workingDays: new Set(years.flatMap((y) => y.workingDays)),
  };
}
