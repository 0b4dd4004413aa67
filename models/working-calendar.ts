// The government's adjustments to Vietnam's working days for one year, kept by an admin: the days off it
// adds beyond the public holidays (the rest of the Tết break, a holiday moved off a weekend) and the
// weekend days it swaps into working days. Small documents read by _id (the year), cheap on FerretDB.
import { Schema } from 'mongoose';

export interface WorkingCalendarDocument {
  _id: number;
  daysOff: string[];
  workingDays: string[];
  updatedAt: string;
}

export const workingCalendarSchema = new Schema<WorkingCalendarDocument>(
  {
    _id: { type: Number, required: true },
    daysOff: { type: [String], required: true },
    workingDays: { type: [String], required: true },
    updatedAt: { type: String, required: true },
  },
  { strict: 'throw', versionKey: false, collection: 'working_calendars' },
);
