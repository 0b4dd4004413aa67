// The records a pilot accumulates once approved: exemptions and their conditions, periodic reports,
// incidents, exemption claims and the exit report. Input schemas and public/confidential declarations.
import { z } from 'zod';
import { decisionSchema, instant, money, type Decision, type Money } from './pilot-application.ts';
import type { VisibilityOf } from './visibility.ts';

const text = (max: number) => z.string().trim().min(1).max(max);

/** Months between reports, per frequency a programme or a reporting condition names. */
export const REPORT_FREQUENCIES = { monthly: 1, quarterly: 3, semiannual: 6, annual: 12 } as const;
export type ReportFrequency = keyof typeof REPORT_FREQUENCIES;
const frequency = z.enum(Object.keys(REPORT_FREQUENCIES) as [ReportFrequency, ...ReportFrequency[]]);

// --- exemptions -------------------------------------------------------------------------------------
/** Where a provision's official text can be read: https only, so a link is never a script. */
const legalUrl = z.url({ protocol: /^https$/ }).max(500);
export const exemptionInput = z.strictObject({
  legalReference: text(300),
  description: text(5000),
  limits: z.array(text(500)).max(20).default([]),
  validUntil: instant.optional(),
  legalUrl: legalUrl.optional(),
});
export const exemptionChanges = z
  .strictObject({
    legalReference: text(300),
    description: text(5000),
    limits: z.array(text(500)).max(20),
    validUntil: instant,
    legalUrl,
  })
  .partial()
  .refine((c) => Object.keys(c).length > 0, 'must change at least one field');

export const EXEMPTION_STATES = ['active', 'suspended', 'revoked', 'expired'] as const;
export type ExemptionState = (typeof EXEMPTION_STATES)[number];

export interface ExemptionHistoryItem {
  action: string;
  at: string;
  decision: Decision | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}
export interface Exemption {
  id: string;
  legalReference: string;
  description: string;
  limits: string[];
  validFrom: string;
  validUntil: string | null;
  /** The official text of the provision, when known. */
  legalUrl?: string;
  state: ExemptionState;
  /** Suspended together with its pilot, so reinstating the pilot reinstates it too. */
  suspendedWithPilot: boolean;
  history: ExemptionHistoryItem[];
}

// --- conditions -------------------------------------------------------------------------------------
export const CONDITION_TYPES = [
  'reporting',
  'cap',
  'safeguard',
  'insurance',
  'disclosure',
  'data_protection',
  'other',
] as const;
export type ConditionType = (typeof CONDITION_TYPES)[number];

const description = text(5000);
/** The condition types as a union on `type`, each with its parameters; `extra` adds fields to every one. */
const conditionUnion = <X extends z.ZodRawShape>(extra: X) =>
  z.discriminatedUnion('type', [
    z.strictObject({
      ...extra,
      type: z.literal('reporting'),
      description,
      // `frequency` defaults to the programme's; `incidentReportHours` is the deadline for reporting an incident.
      parameters: z.strictObject({
        frequency: frequency.optional(),
        incidentReportHours: z.number().int().positive().optional(),
      }),
    }),
    z.strictObject({
      ...extra,
      type: z.literal('cap'),
      description,
      parameters: z.strictObject({
        metric: text(200),
        limit: z.number().int().min(0),
        currency: z
          .string()
          .regex(/^[A-Z]{3}$/)
          .optional(),
      }),
    }),
    z.strictObject({
      ...extra,
      type: z.literal('safeguard'),
      description,
      parameters: z.strictObject({ measure: text(1000) }),
    }),
    z.strictObject({
      ...extra,
      type: z.literal('insurance'),
      description,
      parameters: z.strictObject({ coverage: money, insurer: text(300).optional() }),
    }),
    z.strictObject({
      ...extra,
      type: z.literal('disclosure'),
      description,
      parameters: z.strictObject({ channel: text(500) }),
    }),
    z.strictObject({
      ...extra,
      type: z.literal('data_protection'),
      description,
      parameters: z.strictObject({ standard: text(500) }),
    }),
    z.strictObject({
      ...extra,
      type: z.literal('other'),
      description,
      parameters: z.strictObject({ text: text(2000) }),
    }),
  ]);
export const conditionInput = conditionUnion({});
/** A condition as a decision imposes it: the input with the id the decision gave it. */
export const imposedCondition = conditionUnion({ id: text(64) });
export type ConditionInput = z.infer<typeof conditionInput>;

export interface Breach {
  id: string;
  at: string;
  reason: string;
  by: 'regulator' | 'system';
  remediedAt: string | null;
  remedyReason: string | null;
}
export type Condition = ConditionInput & {
  id: string;
  imposedAt: string;
  inBreach: boolean;
  breaches: Breach[];
};

// --- reports ----------------------------------------------------------------------------------------
export const reportInput = z.strictObject({
  /** The due date this report answers; the oldest open one when omitted. */
  dueDate: instant.optional(),
  metrics: z.strictObject({
    participants: z.number().int().min(0),
    transactions: z.number().int().min(0).default(0),
    volume: money.optional(),
    complaints: z.number().int().min(0),
    incidents: z.number().int().min(0),
  }),
  publicSummary: text(5000),
  confidentialDetail: text(20000),
});
export type ReportInput = z.infer<typeof reportInput>;
export interface Report extends ReportInput {
  id: string;
  slotId: string | null;
  filedAt: string;
  late: boolean;
}
export const REPORT_VISIBILITY = {
  id: 'public',
  slotId: 'public',
  dueDate: 'public',
  filedAt: 'public',
  late: 'public',
  metrics: 'public',
  publicSummary: 'public',
  confidentialDetail: 'confidential',
} as const satisfies VisibilityOf<Report>;

/** One due date of a reporting condition's schedule. */
export interface ReportSlot {
  id: string;
  conditionId: string;
  dueDate: string;
  status: 'due' | 'overdue' | 'filed' | 'filed_late';
  reportId: string | null;
}

// --- incidents and claims ---------------------------------------------------------------------------
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export const incidentInput = z.strictObject({
  occurredAt: instant,
  /** Where it happened, to check it against the approved provinces (Law 93/2025 Art. 23: inside the scope). */
  province: text(100).optional(),
  severity: z.enum(SEVERITIES),
  publicSummary: text(5000),
  confidentialDetail: text(20000),
  affectedParticipants: z.number().int().min(0),
  estimatedLoss: money,
  mitigationSteps: z
    .array(z.strictObject({ at: instant, description: text(2000) }))
    .max(50)
    .default([]),
});
export type IncidentInput = z.infer<typeof incidentInput>;
export interface Incident extends IncidentInput {
  id: string;
  reportedAt: string;
  /** The programme's incident-report window when it was reported (absent on incidents recorded before). */
  reportWindowHours?: number;
}
export const INCIDENT_VISIBILITY = {
  id: 'public',
  occurredAt: 'public',
  province: 'public',
  reportedAt: 'public',
  reportWindowHours: 'public',
  severity: 'public',
  publicSummary: 'public',
  confidentialDetail: 'confidential',
  affectedParticipants: 'public',
  estimatedLoss: 'confidential',
  mitigationSteps: 'public',
} as const satisfies VisibilityOf<Incident>;

/**
 * The liability the claim asks exemption from: civil damage to the State (Law 93/2025 Art. 9(3)), civil
 * damage to participants or third parties, or administrative liability.
 */
export const LIABILITY_KINDS = ['civil_state', 'civil_third_party', 'administrative'] as const;
export const claimInput = z.strictObject({
  incidentId: text(64),
  liability: z.enum(LIABILITY_KINDS).optional(),
  statement: text(5000),
  confidentialDetail: text(20000),
  amountClaimed: money.optional(),
});
export type ClaimInput = z.infer<typeof claimInput>;
export const RULING_OUTCOMES = ['upheld', 'partly_upheld', 'denied'] as const;
/** The regulator's finding on fraud or intentional violation, which excludes exemption (Law 93/2025 Art. 9(3)). */
export const FRAUD_FINDINGS = ['not_found', 'found'] as const;
/** The regulator's compliance assessment of a claim (the API calls it a ruling). */
export const rulingInput = z.strictObject({
  outcome: z.enum(RULING_OUTCOMES),
  fraudOrIntent: z.enum(FRAUD_FINDINGS).optional(),
  reasons: text(10000),
  decision: decisionSchema,
});
export type Ruling = z.infer<typeof rulingInput> & {
  at: string;
  /** The criteria as computed from the record when the regulator ruled (absent on rulings made before). */
  assessment?: Record<string, unknown>;
};
export interface Claim extends ClaimInput {
  id: string;
  filedAt: string;
  ruling: Ruling | null;
}
export const CLAIM_VISIBILITY = {
  id: 'public',
  incidentId: 'public',
  liability: 'public',
  statement: 'public',
  confidentialDetail: 'confidential',
  amountClaimed: 'confidential',
  filedAt: 'public',
  ruling: 'public',
} as const satisfies VisibilityOf<Claim>;

// --- exit -------------------------------------------------------------------------------------------
export const exitReportInput = z.strictObject({ publicSummary: text(10000), confidentialDetail: text(20000) });
export type ExitReport = z.infer<typeof exitReportInput> & { receivedAt: string };
export const EXIT_REPORT_VISIBILITY = {
  publicSummary: 'public',
  confidentialDetail: 'confidential',
  receivedAt: 'public',
} as const satisfies VisibilityOf<ExitReport>;

export type { Money };
