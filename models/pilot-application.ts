// A pilot's application: what a business asks to test, where, for how long, under which caps and
// safeguards. The schema and the declaration of what becomes public on approval live together here.
import { z } from 'zod';
import type { VisibilityOf } from './visibility.ts';

const text = (max: number) => z.string().trim().min(1).max(max);

/** ISO 8601: a date (taken as 00:00 UTC) or a date-time with offset; stored as a UTC instant. */
export const instant = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })])
  .transform((s) => new Date(s.length === 10 ? `${s}T00:00:00Z` : s).toISOString());

/** Money is an integer amount in the currency's minor unit with its ISO 4217 code (DESIGN §4). */
export const money = z.strictObject({
  amount: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as VND'),
});
export type Money = z.infer<typeof money>;

/** Kinds of applicant the decrees name (Decree 94: credit institutions, foreign bank branches, fintech companies). */
export const APPLICANT_TYPES = [
  'credit_institution',
  'foreign_bank_branch',
  'fintech_company',
  'other_enterprise',
] as const;

export const applicationSchema = z.strictObject({
  title: text(300),
  publicSummary: text(5000),
  confidentialDescription: text(20000),
  sector: text(100),
  /** Must be one the programme admits. */
  solutionType: text(100),
  technologies: z.array(text(100)).min(1).max(30),
  scope: z.strictObject({
    provinces: z.array(text(100)).min(1).max(63),
    participantCap: z.number().int().positive(),
    monetaryCaps: z.array(z.strictObject({ kind: text(100), limit: money })).max(20),
    otherLimits: z.array(text(500)).max(20),
  }),
  plannedStart: instant,
  plannedEnd: instant,
  requestedExemptions: z
    .array(z.strictObject({ legalReference: text(300), justification: text(5000) }))
    .min(1)
    .max(30),
  riskAssessment: text(20000),
  safeguards: z.strictObject({
    disclosure: text(2000),
    compensation: z.strictObject({
      kind: z.enum(['fund', 'insurance']),
      amount: money,
      provider: text(300).optional(),
    }),
    complaintChannel: text(500),
    dataProtection: text(5000),
  }),
  exitPlan: text(10000),
  /** The business licence the test runs under, when there is one: testing never runs past its expiry (Decree 94 Art. 6). */
  licence: z.strictObject({ number: text(100), expiresAt: instant.optional() }).optional(),
  // The dossier beyond the test itself (Decree 94/2025 Arts. 8–9; Decree 142/2026 Art. 24), optional so
  // that every programme's applications and earlier drafts stay valid.
  /** What kind of applicant this is. */
  applicantType: z.enum(APPLICANT_TYPES).optional(),
  /** The board's (or owners') approval of the application. */
  boardApproval: z.strictObject({ reference: text(200), approvedAt: instant }).optional(),
  /** The test plan: its budget, how it is reported on, how it winds down. */
  testPlan: z.strictObject({ budget: money, reporting: text(5000), windDown: text(5000) }).optional(),
  /** The people who run the test. */
  keyStaff: z
    .array(z.strictObject({ name: text(200), role: text(200), qualifications: text(2000) }))
    .max(30)
    .optional(),
  /** The test puts lives or health at risk: then insurance is required (Decree 142/2026 Art. 24). */
  livesOrHealthAtRisk: z.boolean().optional(),
});
export type Application = z.infer<typeof applicationSchema>;

/** A draft may be incomplete; submission checks the whole application against `applicationSchema`. */
export const draftSchema = applicationSchema.partial();
export type Draft = z.infer<typeof draftSchema>;

export const APPLICATION_VISIBILITY = {
  title: 'public',
  publicSummary: 'public',
  confidentialDescription: 'confidential',
  sector: 'public',
  solutionType: 'public',
  technologies: 'public',
  scope: 'public',
  plannedStart: 'public',
  plannedEnd: 'public',
  requestedExemptions: { '[]': { legalReference: 'public', justification: 'confidential' } },
  riskAssessment: 'confidential',
  safeguards: {
    disclosure: 'public',
    compensation: 'public',
    complaintChannel: 'public',
    dataProtection: 'confidential',
  },
  exitPlan: 'confidential',
  licence: 'public',
  applicantType: 'public',
  boardApproval: 'confidential',
  testPlan: 'confidential',
  keyStaff: 'confidential',
  livesOrHealthAtRisk: 'public',
} as const satisfies VisibilityOf<Application>;

/** A decision as regulators record them (DESIGN §1): all of it is public once the pilot is. */
export const decisionSchema = z.strictObject({
  reference: text(100),
  signerTitle: text(200),
  signedAt: instant,
  effectiveAt: instant,
  legalBasis: text(500),
  reason: text(5000),
});
export type Decision = z.infer<typeof decisionSchema>;
