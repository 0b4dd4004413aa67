import { Schema } from 'mongoose';

export const agencySchema = new Schema(
  {
    // Short uppercase code used in pilot references, e.g. SBV in SBV-2025-0042.
    code: { type: String, required: true, unique: true },
    name: { type: String, required: true, trim: true },
    nameVi: { type: String, trim: true },
    website: { type: String, trim: true },
    // Version of the ledger subject agency:<code> this projection reflects.
    version: { type: Number, required: true, default: 1 },
  },
  { timestamps: true, strict: 'throw' },
);
