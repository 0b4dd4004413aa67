// The forms a party's pilot page offers: exactly the rows of the lifecycle tables the reader may take now
// (the same `mayTake` and allowed actions the API reports), each drawn from the row's own input schema for
// the reader's role, with values a person would start from (the programme's legal basis, today's date,
// the dates and exemptions the business asked for) and the limits that apply written beside it.
import type { z } from 'zod';
import type { PilotRecord } from '../../../models/pilot.ts';
import { PILOT_ACTIONS, type PilotActionName } from '../../lifecycle/actions.ts';
import { mayTake } from '../../lifecycle/allowed.ts';
import type { ActorRole, Operation } from '../../lifecycle/operation.ts';
import { CLAIM_ACTIONS, CONDITION_ACTIONS, EXEMPTION_ACTIONS, FILINGS } from '../../lifecycle/records.ts';
import type { PartyView } from '../../pilots/views.ts';
import { addMonths, type Programme } from '../../programmes/programmes.ts';
import type { PortalMessages } from './messages.ts';

/** The filings a party makes on a pilot, by the name in their URL. */
export const PORTAL_FILINGS = {
  edit: FILINGS.editDraft,
  'grant-exemption': FILINGS.grantExemption,
  report: FILINGS.fileReport,
  incident: FILINGS.reportIncident,
  claim: FILINGS.fileClaim,
  'exit-report': FILINGS.fileExitReport,
} satisfies Record<string, Operation>;
export type PortalFiling = keyof typeof PORTAL_FILINGS;

export const RECORD_TABLES = {
  exemptions: { target: 'exemption', table: EXEMPTION_ACTIONS },
  conditions: { target: 'condition', table: CONDITION_ACTIONS },
  claims: { target: 'claim', table: CLAIM_ACTIONS },
} as const;
export type RecordTableName = keyof typeof RECORD_TABLES;

export type FormKind = 'pilot' | 'filing' | 'exemption' | 'condition' | 'claim';

/**
 * Where each form posts. kind 'pilot' → /actions/<name>; 'exemption' | 'condition' | 'claim' →
 * /<kind>s/<id>/actions/<name>; 'filing' → /filings/<name>.
 */
export function actionUrl(pilotId: string, kind: FormKind, name: string, recordId?: string): string {
  const base = `/portal/pilots/${encodeURIComponent(pilotId)}`;
  if (kind === 'pilot') return `${base}/actions/${name}`;
  if (kind === 'filing') return `${base}/filings/${name}`;
  return `${base}/${kind}s/${encodeURIComponent(recordId ?? '')}/actions/${name}`;
}
export const formKey = (kind: FormKind, name: string, recordId?: string) => `${kind}:${name}:${recordId ?? ''}`;

export interface ActionForm {
  key: string;
  kind: FormKind;
  name: string;
  recordId?: string;
  url: string;
  /** The row's input for the reader's role; none for a row that carries nothing (submit, start review). */
  schema: z.ZodType | undefined;
  /** Values to start from, by the form's own paths. */
  defaults: Record<string, unknown>;
  /** Choices for fields that name a record of the pilot (an incident, an exemption). */
  choices: Record<string, { value: string; label: string }[]>;
  /** The limits that apply, in words. */
  notes: string[];
  /** Ends or stops something: drawn as such. */
  danger: boolean;
}

const DANGER = new Set(['reject', 'revoke', 'withdraw', 'suspend', 'breach']);

/** YYYY-MM-DD of an instant in Vietnam. */
const dayOf = (iso: string | null | undefined, m: PortalMessages) => (iso ? m.inputDate(iso) : '');

export function actionForms(
  view: PartyView,
  record: PilotRecord,
  role: ActorRole,
  programme: Programme,
  now: string,
  m: PortalMessages,
): ActionForm[] {
  const today = dayOf(now, m);
  const decision = { signedAt: today, effectiveAt: today, legalBasis: programme.legalBasis };
  const incidents = record.incidents.map((i) => ({
    value: i.id,
    label: `${m.date(i.occurredAt)} · ${m.code('severity', i.severity)} · ${i.publicSummary.slice(0, 80)}`,
  }));
  const exemptionChoices = record.exemptions.map((x) => ({ value: x.id, label: x.legalReference }));
  const conditionChoices = record.conditions.map((c) => ({
    value: c.id,
    label: `${m.code('condition', c.type)} · ${c.description.slice(0, 80)}`,
  }));
  const openSlots = record.schedule
    .filter((s) => s.status === 'due' || s.status === 'overdue')
    .map((s) => ({ value: s.dueDate, label: `${m.date(s.dueDate)} · ${m.code('slot', s.status)}` }));
  const choices = {
    incidentId: incidents,
    dueDate: openSlots,
    // The records the newer rows name: each one still open.
    requestId: (record.requests ?? [])
      .filter((r) => r.outcome === null)
      .map((r) => ({ value: r.id, label: `${m.date(r.at)} · ${r.kind} · ${r.description.slice(0, 80)}` })),
    consultationId: (record.consultations ?? [])
      .filter((x) => x.answeredAt === null)
      .map((x) => ({ value: x.id, label: `${x.authority} · ${m.date(x.askedAt)}` })),
    inspectionId: (record.inspections ?? [])
      .filter((x) => x.findings === null)
      .map((x) => ({ value: x.id, label: `${m.date(x.date)} · ${x.purpose.slice(0, 80)}` })),
    ...(programme.decidingUnits.length
      ? { decidingUnit: programme.decidingUnits.map((u) => ({ value: u, label: u })) }
      : {}),
    'exemptions.modify.id': exemptionChoices,
    'conditions.modify.id': conditionChoices,
  };
  const form = (kind: FormKind, name: string, op: Operation, extra: Partial<ActionForm> = {}): ActionForm => ({
    key: formKey(kind, name, extra.recordId),
    kind,
    name,
    url: actionUrl(record.id, kind, name, extra.recordId),
    schema: op.input[role],
    defaults: { decision },
    choices,
    notes: [],
    danger: DANGER.has(name),
    ...extra,
  });

  const forms: ActionForm[] = [];
  for (const name of view.allowedActions) {
    // A system row is never offered; the business edits its draft through the application's steps.
    const action = name as PilotActionName;
    forms.push(form('pilot', name, PILOT_ACTIONS[action], pilotExtras(action, record, programme, m, now)));
  }
  for (const [name, op] of Object.entries(PORTAL_FILINGS)) {
    if (name === 'edit' || !mayTake(op, record, role)) continue;
    const openSlot = record.schedule.find((s) => s.status === 'due' || s.status === 'overdue');
    const defaults: Record<string, unknown> =
      name === 'report' ? { dueDate: openSlot?.dueDate ?? '' } : name === 'grant-exemption' ? { decision } : {};
    forms.push(form('filing', name, op, { defaults }));
  }
  for (const x of view.exemptions)
    for (const name of x.allowedActions)
      forms.push(
        form('exemption', name, EXEMPTION_ACTIONS[name as keyof typeof EXEMPTION_ACTIONS], { recordId: x.id }),
      );
  for (const c of view.conditions)
    for (const name of c.allowedActions)
      forms.push(
        form('condition', name, CONDITION_ACTIONS[name as keyof typeof CONDITION_ACTIONS], { recordId: c.id }),
      );
  for (const c of view.claims)
    for (const name of c.allowedActions)
      forms.push(form('claim', name, CLAIM_ACTIONS[name as keyof typeof CLAIM_ACTIONS], { recordId: c.id }));
  return forms;
}

/** The values and limits of the pilot's own decisions. */
function pilotExtras(
  name: PilotActionName,
  record: PilotRecord,
  programme: Programme,
  m: PortalMessages,
  now: string,
): Partial<ActionForm> {
  const app = record.application;
  const decision = { signedAt: dayOf(now, m), effectiveAt: dayOf(now, m), legalBasis: programme.legalBasis };
  switch (name) {
    case 'approve': {
      const start = app.plannedStart && app.plannedStart > now ? app.plannedStart : now;
      return {
        defaults: {
          decision,
          start: dayOf(start, m),
          end: dayOf(app.plannedEnd, m),
          exemptions: (app.requestedExemptions ?? []).map((x) => ({ legalReference: x.legalReference })),
        },
        notes: [
          m.p('limitDuration', {
            code: programme.code,
            months: programme.maxDurationMonths,
            latest: m.date(addMonths(start, programme.maxDurationMonths)),
          }),
          m.p('plannedPeriod', { from: m.date(app.plannedStart), to: m.date(app.plannedEnd) }),
        ],
      };
    }
    case 'extend': {
      const left = programme.maxExtensions - record.extensions;
      return {
        notes: [
          m.p('limitExtension', {
            end: m.date(record.end),
            left,
            months: programme.maxExtensionMonths,
            latest: record.end ? m.date(addMonths(record.end, programme.maxExtensionMonths)) : '—',
          }),
        ],
      };
    }
    case 'request_changes': {
      const deadline = new Date(Date.parse(now) + 14 * 86_400_000).toISOString();
      return { defaults: { deadline: dayOf(deadline, m) } };
    }
    default:
      return { defaults: { decision } };
  }
}
