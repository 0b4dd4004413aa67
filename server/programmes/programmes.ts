// Programmes: the legal bases under which agencies run sandboxes. Registering one is a ledger event (the
// limits a pilot is held to are public record); the Programme document is its projection.
import { Types } from 'mongoose';
import { z } from 'zod';
import type { Models } from '../../models/index.ts';
import { REPORT_FREQUENCIES, type ReportFrequency } from '../../models/pilot-records.ts';
import type { RegistryContext } from '../context.ts';
import { isDuplicateKey } from '../db/duplicate.ts';
import { problems } from '../errors.ts';
import type { Entry } from '../ledger/entry.ts';
import { onVersionConflict, type Projector } from '../ledger/ledger.ts';
import { codeInUse } from '../agencies/agencies.ts';

/** The law's figures, for programmes that do not set their own. */
export const PROGRAMME_DEFAULTS = {
  /** Hours to report a serious incident or a limit exceeded (Decree 142/2026 Art. 25). */
  incidentReportHours: 72,
  /** Working days to acknowledge a complete dossier (Decree 94, from a draft: weak). */
  acknowledgeWorkingDays: 5,
  /** Working days to decide on an application, the applicant's explanation time excluded (Decree 94, weak). */
  decisionWorkingDays: 90,
  /** Working days the applicant has to explain (Decree 94/2025 Art. 17). */
  explanationWorkingDays: 7,
  /** How many requests for explanation one application may get (Decree 94/2025 Art. 17: one). */
  explanationRequests: 1,
  /** Calendar days after approval by which testing must start (Decree 94, weak). */
  startWithinDays: 90,
  /** Working days before the end by which the final report is due (Decree 142/2026 Art. 27). */
  finalReportWorkingDays: 15,
  /** Working days before the end by which an extension must be requested (Decree 142/2026 Art. 27). */
  extensionRequestWorkingDays: 15,
  /** Months to wind down after a stop (Decree 94/2025 Art. 9). */
  windDownMonths: 6,
  /** Months of transition a completion may grant (Decree 142/2026 Art. 27: up to 12, plus 6); 0: none. */
  transitionMonths: 0,
  /** Working days' notice of an on-site inspection (Decree 94/2025 Art. 14: at least 3). */
  inspectionNoticeWorkingDays: 3,
} as const;
export type ProgrammeParameter = keyof typeof PROGRAMME_DEFAULTS;
const PARAMETER_LIMITS: Record<ProgrammeParameter, [number, number]> = {
  incidentReportHours: [1, 720],
  acknowledgeWorkingDays: [1, 60],
  decisionWorkingDays: [1, 365],
  explanationWorkingDays: [1, 60],
  explanationRequests: [0, 5],
  startWithinDays: [1, 730],
  finalReportWorkingDays: [0, 120],
  extensionRequestWorkingDays: [0, 120],
  windDownMonths: [0, 60],
  transitionMonths: [0, 60],
  inspectionNoticeWorkingDays: [0, 60],
};
const parameter = (name: ProgrammeParameter) =>
  z.number().int().min(PARAMETER_LIMITS[name][0]).max(PARAMETER_LIMITS[name][1]).default(PROGRAMME_DEFAULTS[name]);

const text = (max: number) => z.string().trim().min(1).max(max);
const frequencies = Object.keys(REPORT_FREQUENCIES) as [ReportFrequency, ...ReportFrequency[]];

export const programmeInput = z.strictObject({
  code: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z][A-Z0-9-]{1,31}$/, 'must be 2-32 letters, digits or dashes'),
  name: text(300),
  agencyId: z.string().regex(/^[0-9a-f]{24}$/i, 'must be a 24-character hexadecimal id'),
  legalBasis: text(500),
  /** Where the legal basis's official text can be read (https), for readers to check it. */
  legalUrl: z
    .url({ protocol: /^https$/ })
    .max(500)
    .optional(),
  solutionTypes: z.array(text(100)).min(1).max(50),
  maxDurationMonths: z.number().int().min(1).max(120),
  maxExtensions: z.number().int().min(0).max(10),
  maxExtensionMonths: z.number().int().min(0).max(120),
  reportFrequency: z.enum(frequencies),
  // The statutory clocks and limits below are optional, with the law's figures as defaults
  // (shared/context/law-facts.md), so programmes registered before them keep working.
  incidentReportHours: parameter('incidentReportHours'),
  acknowledgeWorkingDays: parameter('acknowledgeWorkingDays'),
  decisionWorkingDays: parameter('decisionWorkingDays'),
  explanationWorkingDays: parameter('explanationWorkingDays'),
  explanationRequests: parameter('explanationRequests'),
  startWithinDays: parameter('startWithinDays'),
  finalReportWorkingDays: parameter('finalReportWorkingDays'),
  extensionRequestWorkingDays: parameter('extensionRequestWorkingDays'),
  windDownMonths: parameter('windDownMonths'),
  transitionMonths: parameter('transitionMonths'),
  inspectionNoticeWorkingDays: parameter('inspectionNoticeWorkingDays'),
  /** The units that may decide under the programme (e.g. the SBV's regional branches, Circular 19/2026); none: the agency. */
  decidingUnits: z.array(text(300)).max(100).default([]),
});
export type ProgrammeInput = z.infer<typeof programmeInput>;

/** The content of a `programme.registered` entry, as parsed where it is projected. */
const programmeRegistered = programmeInput.extend({ id: z.string().regex(/^[0-9a-f]{24}$/), agencyCode: z.string() });
type ProgrammeRegistered = z.infer<typeof programmeRegistered>;

export interface Programme extends Omit<ProgrammeInput, 'agencyId'> {
  id: string;
  agency: { id: string; code: string };
}

interface ProgrammeLike {
  _id: Types.ObjectId;
  code: string;
  name: string;
  agencyId: string;
  agencyCode: string;
  legalBasis: string;
  legalUrl?: string | null;
  solutionTypes: string[];
  maxDurationMonths: number;
  maxExtensions: number;
  maxExtensionMonths: number;
  reportFrequency: string;
  decidingUnits?: string[] | null;
}
type StoredParameters = Partial<Record<ProgrammeParameter, number | null>>;

export function programmeView(p: ProgrammeLike & StoredParameters): Programme {
  const parameters = Object.fromEntries(
    (Object.keys(PROGRAMME_DEFAULTS) as ProgrammeParameter[]).map((k) => [k, p[k] ?? PROGRAMME_DEFAULTS[k]]),
  ) as Record<ProgrammeParameter, number>;
  return {
    id: String(p._id),
    code: p.code,
    name: p.name,
    agency: { id: p.agencyId, code: p.agencyCode },
    legalBasis: p.legalBasis,
    ...(p.legalUrl ? { legalUrl: p.legalUrl } : {}),
    solutionTypes: [...p.solutionTypes],
    maxDurationMonths: p.maxDurationMonths,
    maxExtensions: p.maxExtensions,
    maxExtensionMonths: p.maxExtensionMonths,
    reportFrequency: p.reportFrequency as ReportFrequency,
    ...parameters,
    decidingUnits: [...(p.decidingUnits ?? [])],
  };
}

export async function registerProgramme(ctx: RegistryContext, input: ProgrammeInput): Promise<Programme> {
  const agency = await ctx.models.Agency.findById(input.agencyId);
  if (!agency)
    throw problems.validation('No such agency.', { errors: [{ field: 'agencyId', reason: 'names no agency' }] });
  const id = String(new Types.ObjectId());
  const data: ProgrammeRegistered = { id, ...input, agencyId: String(agency._id), agencyCode: agency.code };
  await ctx.ledger
    .append(
      {
        type: 'programme.registered',
        subject: `programme:${input.code}`,
        actor: { role: 'admin', agency: null },
        data,
      },
      { expectedVersion: 0 },
    )
    .catch(onVersionConflict(() => codeInUse('Programme', input.code)));
  return getProgramme(ctx, id);
}

export async function getProgramme(ctx: RegistryContext, id: string): Promise<Programme> {
  const doc = Types.ObjectId.isValid(id) ? await ctx.models.Programme.findById(id) : null;
  if (!doc) throw problems.notFound('No such programme.');
  return programmeView(doc);
}

export async function listProgrammes(ctx: RegistryContext): Promise<Programme[]> {
  return (await ctx.models.Programme.find({}).sort({ code: 1 })).map(programmeView);
}

export function programmeProjectors(models: Models): Record<string, Projector> {
  return {
    async 'programme.registered'(entry: Entry, subjectVersion: number) {
      if (subjectVersion !== 1) return;
      const { id, ...rest } = programmeRegistered.parse(entry.data);
      try {
        await models.Programme.create({ _id: id, ...rest, version: 1 });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err; // applied already
      }
    },
  };
}

/** `iso` plus `months` calendar months (UTC), the day clamped to the month's length. */
export function addMonths(iso: string, months: number): string {
  const d = new Date(iso);
  const day = d.getUTCDate();
  const target = new Date(
    Date.UTC(
      d.getUTCFullYear(),
      d.getUTCMonth() + months,
      1,
      d.getUTCHours(),
      d.getUTCMinutes(),
      d.getUTCSeconds(),
      d.getUTCMilliseconds(),
    ),
  );
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, last));
  return target.toISOString();
}
