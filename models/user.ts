import { Schema } from 'mongoose';

export const ROLES = ['business', 'regulator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const userSchema = new Schema(
  {
    // Normalized (trimmed, lower-case) before it is stored; unique.
    email: { type: String, required: true, unique: true },
    // bcrypt hash; never leaves the server (reads select fields explicitly, see server/accounts).
    passwordHash: { type: String, required: true },
    name: { type: String, required: true, trim: true },
    role: { type: String, enum: ROLES, required: true },
    organization: { type: Schema.Types.ObjectId, ref: 'Organization' },
    agency: { type: Schema.Types.ObjectId, ref: 'Agency' },
    disabled: { type: Boolean, default: false },
    failedLogins: { type: Number, default: 0 },
    lockedUntil: { type: Date },
  },
  { timestamps: true, strict: 'throw' },
);
