// A programme: the legal basis that lets an agency grant sandbox status, with its limits (DESIGN §1).
// Approval and extension of a pilot are checked against it. All of it is public.
import { Schema } from 'mongoose';
import { REPORT_FREQUENCIES } from './pilot-records.ts';

export const programmeSchema = new Schema(
  {
    code: { type: String, required: true, unique: true },
    name: { type: String, required: true },
    agencyId: { type: String, required: true, index: true },
    agencyCode: { type: String, required: true },
    legalBasis: { type: String, required: true },
    legalUrl: { type: String },
    solutionTypes: { type: [String], required: true },
    maxDurationMonths: { type: Number, required: true },
    maxExtensions: { type: Number, required: true },
    maxExtensionMonths: { type: Number, required: true },
    reportFrequency: { type: String, enum: Object.keys(REPORT_FREQUENCIES), required: true },
    // Optional parameters (server/programmes/programmes.ts gives the law's defaults when absent).
    incidentReportHours: { type: Number },
    acknowledgeWorkingDays: { type: Number },
    decisionWorkingDays: { type: Number },
    explanationWorkingDays: { type: Number },
    explanationRequests: { type: Number },
    startWithinDays: { type: Number },
    finalReportWorkingDays: { type: Number },
    extensionRequestWorkingDays: { type: Number },
    windDownMonths: { type: Number },
    transitionMonths: { type: Number },
    inspectionNoticeWorkingDays: { type: Number },
    decidingUnits: { type: [String], default: undefined },
    version: { type: Number, required: true, default: 1 },
  },
  { strict: 'throw', versionKey: false, collection: 'programmes' },
);
