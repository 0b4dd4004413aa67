import { Schema } from 'mongoose';

export const organizationSchema = new Schema(
  {
    name: { type: String, required: true, trim: true },
    // Business registration number (mã số doanh nghiệp); one organization per number.
    registrationNumber: { type: String, required: true, trim: true, unique: true },
  },
  { timestamps: true, strict: 'throw' },
);
