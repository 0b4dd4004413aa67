// Working days in Vietnam for the statutory clocks: weekends and the public holidays date-holidays lists
// for VN (only New Year's Eve and Day 1 of Tết among the lunar ones), adjusted by the admin's calendar
// (the rest of the government's Tết break, weekend days swapped into working days).
import { expect } from 'chai';
import {
  addWorkingDays,
  isWorkingDay,
  publicHolidays,
  vnDay,
  workingDaysBetween,
  type Calendar,
} from '../../server/programmes/working-days.ts';

// The lunar New Year 2027 is Saturday 6 February; New Year's Eve is Friday 5 February.
const TET_BREAK_2027: Calendar = {
  daysOff: new Set(['2027-02-04', '2027-02-08', '2027-02-09', '2027-02-10']),
  workingDays: new Set(),
};

describe('working days in Vietnam', () => {
  it('when the library is asked for 2027, then it lists New Year’s Eve and Day 1 of Tết as public holidays', () => {
    expect([...publicHolidays(2027)]).to.include.members(['2027-02-05', '2027-02-06', '2027-09-02']);
    expect(isWorkingDay('2027-02-05')).to.equal(false);
    expect(isWorkingDay('2027-02-06')).to.equal(false); // a Saturday anyway
    expect(isWorkingDay('2027-02-08')).to.equal(true); // the library does not know the government's break
  });

  it('when a day is counted, then it is the calendar day in Vietnam (UTC+7), not in UTC', () => {
    expect(vnDay('2027-02-03T16:59:59Z')).to.equal('2027-02-03');
    expect(vnDay('2027-02-03T17:00:00Z')).to.equal('2027-02-04');
  });

  it('when a 7-working-day deadline spans Tết 2027 with the government’s break, then it ends on Friday 19 February', () => {
    // Asked on Wednesday 3 February 2027 at 10:00 in Hà Nội; the day of the request does not count.
    const asked = '2027-02-03T03:00:00Z';
    // 4 Feb off, 5 Feb Tết's eve, 6–7 the weekend, 8–10 the break; then 11, 12, 15, 16, 17, 18, 19.
    expect(addWorkingDays(asked, 7, TET_BREAK_2027)).to.equal('2027-02-19T16:59:59.999Z');
    // Without the admin's list, only the public holidays and weekends: Thu 4, Mon 8 … Mon 15.
    expect(addWorkingDays(asked, 7)).to.equal('2027-02-15T16:59:59.999Z');
    expect(workingDaysBetween(asked, '2027-02-19T10:00:00Z', TET_BREAK_2027)).to.equal(7);
  });

  it('when the government swaps a Saturday into a working day, then the deadline comes a day sooner', () => {
    const swapped: Calendar = { ...TET_BREAK_2027, workingDays: new Set(['2027-02-13']) };
    expect(addWorkingDays('2027-02-03T03:00:00Z', 7, swapped)).to.equal('2027-02-18T16:59:59.999Z');
  });
});
