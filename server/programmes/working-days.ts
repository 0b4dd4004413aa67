// Working days in Vietnam, for the statutory clocks the decrees count in them (Decree 94/2025 Art. 17:
// 7 working days to explain; Decree 142/2026: 3, 10, 15…). A day is a calendar day in Asia/Ho_Chi_Minh
// (UTC+7 all year, no daylight saving). Not working: Saturdays, Sundays, the public holidays the
// `date-holidays` library lists for VN (only New Year's Eve and Day 1 of Tết among the lunar ones), and the
// days off the government adds each year (the rest of the Tết break, a holiday moved off a weekend), which
// an admin keeps per year; a Saturday the government swaps into a working day counts as one.
import Holidays from 'date-holidays';

const OFFSET_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;

/** The admin's list for one or more years: extra days off and swapped working days, as YYYY-MM-DD. */
export interface Calendar {
  daysOff: ReadonlySet<string>;
  workingDays: ReadonlySet<string>;
}
export const NO_ADJUSTMENTS: Calendar = { daysOff: new Set(), workingDays: new Set() };

const holidays = new Holidays('VN', { types: ['public'] });
const publicByYear = new Map<number, Set<string>>();
/** Vietnam's public holidays of `year`, from the library (dates as it gives them, local to Vietnam). */
export function publicHolidays(year: number): ReadonlySet<string> {
  let days = publicByYear.get(year);
  if (!days) {
    days = new Set(holidays.getHolidays(year).map((h) => h.date.slice(0, 10)));
    publicByYear.set(year, days);
  }
  return days;
}

/** The calendar day in Vietnam of an instant. */
export const vnDay = (iso: string) => new Date(Date.parse(iso) + OFFSET_MS).toISOString().slice(0, 10);
const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
/** The last instant of a Vietnamese calendar day (23:59:59.999 +07:00), as UTC. */
export const endOfVnDay = (day: string) =>
  new Date(Date.parse(`${day}T00:00:00Z`) - OFFSET_MS + DAY_MS - 1).toISOString();

export function isWorkingDay(day: string, calendar: Calendar = NO_ADJUSTMENTS): boolean {
  if (calendar.workingDays.has(day)) return true;
  if (calendar.daysOff.has(day)) return false;
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  return !publicHolidays(Number(day.slice(0, 4))).has(day);
}

/**
 * The end of the `n`th working day after the day of `from` (the day of the act itself does not count):
 * a request made on Wednesday with 1 working day is due at the end of Thursday.
 */
export function addWorkingDays(from: string, n: number, calendar: Calendar = NO_ADJUSTMENTS): string {
  let day = vnDay(from);
  for (let left = n; left > 0;) {
    day = nextDay(day);
    if (isWorkingDay(day, calendar)) left--;
  }
  return endOfVnDay(day);
}

/** Working days from the day after `from` up to and including the day of `to` (0 when `to` is not later). */
export function workingDaysBetween(from: string, to: string, calendar: Calendar = NO_ADJUSTMENTS): number {
  const last = vnDay(to);
  let count = 0;
  for (let day = nextDay(vnDay(from)); day <= last; day = nextDay(day)) if (isWorkingDay(day, calendar)) count++;
  return count;
}
