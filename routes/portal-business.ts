// The business's pages of the portal: its dashboard (its pilots by state, and what needs its attention),
// and the application in steps — programme and the test, scope and caps, dates, exemptions, risks and
// safeguards, exit plan — each step saved to the draft through the same edit row the API runs
// (`PATCH`-like `pilot.edited`), and a last step that shows what is missing and submits.
import express, { type Request, type Response } from 'express';
import { z } from 'zod';
import { applicationSchema, draftSchema, type Draft } from '../models/pilot-application.ts';
import { PILOT_STATES } from '../models/pilot.ts';
import { roleMay } from '../server/access/permissions.ts';
import type { RegistryContext } from '../server/context.ts';
import { problems, type FieldProblem } from '../server/errors.ts';
import { PILOT_ACTIONS } from '../server/lifecycle/actions.ts';
import { mayTake } from '../server/lifecycle/allowed.ts';
import { perform } from '../server/lifecycle/perform.ts';
import { FILINGS } from '../server/lifecycle/records.ts';
import { pilotForParty, type LoadedPilot } from '../server/pilots/access.ts';
import { createPilot, pilotsInScope } from '../server/pilots/pilots.ts';
import { addMonths, getProgramme, listProgrammes } from '../server/programmes/programmes.ts';
import { FormState, fromForm, withoutFormFields } from '../server/site/portal/forms.ts';
import { portalReader, renderPortal } from '../server/site/portal/render.ts';
import { fieldsOf, labelKey, splitVariants } from '../server/site/portal/schema-fields.ts';
import { attentionOf } from '../server/supervision/attention.ts';
import { fieldProblems, safeParseWorded } from '../server/validation.ts';
import { toProblem } from '../middleware/errors.ts';
import { principalIn } from '../middleware/portal-session.ts';
import { createBody } from './pilots.ts';

/** The application's steps, in order, and the fields of each (top-level keys of the application). */
export const STEPS = [
  {
    name: 'about',
    keys: ['title', 'publicSummary', 'confidentialDescription', 'sector', 'solutionType', 'technologies'],
  },
  { name: 'applicant', keys: ['applicantType', 'licence', 'boardApproval', 'keyStaff'] },
  { name: 'scope', keys: ['scope'] },
  { name: 'dates', keys: ['plannedStart', 'plannedEnd'] },
  { name: 'exemptions', keys: ['requestedExemptions'] },
  { name: 'safeguards', keys: ['riskAssessment', 'livesOrHealthAtRisk', 'safeguards'] },
  { name: 'exit', keys: ['testPlan', 'exitPlan'] },
] as const satisfies { name: string; keys: (keyof Draft)[] }[];
type Step = (typeof STEPS)[number];
const stepNamed = (name: string): Step | undefined => STEPS.find((s) => s.name === name);
/** The step a field of the application belongs to (`application.scope.participantCap` → scope). */
const stepOf = (field: string): Step | undefined => {
  const top = field.replace(/^application\./, '').split('.')[0];
  return STEPS.find((s) => (s.keys as readonly string[]).includes(top));
};

const pickOf = (keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, true])) as Record<string, true>;
/** The step's fields, as the whole application requires them (for the marks) … */
const shownSchema = (step: Step) => applicationSchema.pick(pickOf(step.keys) as never) as z.ZodType;
/** … and as a draft accepts them (what is saved). */
const draftStep = (step: Step) => draftSchema.pick(pickOf(step.keys) as never) as z.ZodType;

/** The first step names the programme too, and starts the draft (`POST /api/v1/pilots`); all may be left for later. */
const startSchema = z.strictObject({
  programmeId: z.string(),
  ...(draftSchema.pick(pickOf(STEPS[0].keys) as never) as z.ZodObject).shape,
});

/** The draft's values as a form shows them: dates as YYYY-MM-DD in Vietnam. */
function draftValues(draft: Draft, m: ReturnType<typeof portalReader>): Record<string, unknown> {
  return { ...draft, plannedStart: m.inputDate(draft.plannedStart), plannedEnd: m.inputDate(draft.plannedEnd) };
}

const sf = { fieldsOf, splitVariants, labelKey };

export function portalBusinessRouter(ctx: RegistryContext) {
  const router = express.Router();

  const mustBeBusiness = (res: Response) => {
    const principal = principalIn(res);
    if (!roleMay(principal.role, 'pilot:create')) throw problems.notFound();
    return principal;
  };

  async function dashboard(req: Request, res: Response) {
    const principal = principalIn(res);
    const m = portalReader(req);
    const now = ctx.now().toISOString();
    const pilots = await pilotsInScope(ctx, principal);
    const byState = PILOT_STATES.map((state) => ({
      state,
      pilots: pilots.filter((p) => p.record.state === state),
    })).filter((g) => g.pilots.length > 0);
    const attention = pilots
      .flatMap((p) => attentionOf(p.record, now).map((item) => ({ ...item, pilot: p.record })))
      .filter((item) => item.kind !== 'in_review')
      .sort((a, b) => a.at.localeCompare(b.at));
    renderPortal(req, res, 'portal/business-dashboard', { title: m.p('dashboard'), byState, attention });
  }

  /** The first step: which programme, and what the test is. */
  async function showStart(req: Request, res: Response, form = FormState.empty(), status = 200) {
    const m = portalReader(req);
    const programmes = await listProgrammes(ctx);
    renderPortal(
      req,
      res,
      'portal/application-step',
      {
        title: m.p('newApplication'),
        steps: STEPS,
        step: STEPS[0],
        pilot: null,
        programmes,
        programme: null,
        schema: applicationSchema.pick(pickOf(STEPS[0].keys) as never),
        defaults: new FormState({ programmeId: typeof req.query.programme === 'string' ? req.query.programme : '' }),
        form,
        sf,
        action: '/portal/pilots/new',
        notes: [],
      },
      status,
    );
  }

  router.get('/portal/pilots/new', async (req, res) => {
    mustBeBusiness(res);
    await showStart(req, res);
  });

  router.post('/portal/pilots/new', async (req, res) => {
    const principal = mustBeBusiness(res);
    const posted = withoutFormFields(req.body);
    const parsed = safeParseWorded(startSchema, fromForm(startSchema, posted));
    if (!parsed.success) {
      const errors = fieldProblems('body', parsed.error);
      return showStart(req, res, new FormState(posted, errors), 400);
    }
    try {
      const body = safeParseWorded(createBody, parsed.data);
      if (!body.success)
        throw problems.validation('Invalid application.', { errors: fieldProblems('body', body.error) });
      const pilot = await createPilot(ctx, principal, body.data);
      res.redirect(303, `/portal/pilots/${pilot.record.id}/application/${STEPS[1].name}`);
    } catch (err) {
      const problem = toProblem(err);
      if (problem?.status !== 400) throw err;
      return showStart(req, res, new FormState(posted, problem.errors ?? []), 400);
    }
  });

  /** The business's own draft, while it may still edit it; otherwise its page. */
  async function editable(res: Response, id: string): Promise<LoadedPilot | null> {
    const principal = mustBeBusiness(res);
    const pilot = await pilotForParty(ctx, principal, id);
    if (!mayTake(FILINGS.editDraft, pilot.record, 'business')) {
      res.redirect(303, `/portal/pilots/${pilot.record.id}`);
      return null;
    }
    return pilot;
  }

  async function showStep(
    req: Request,
    res: Response,
    pilot: LoadedPilot,
    step: Step,
    extra: { form?: FormState; stale?: number } = {},
    status = 200,
  ) {
    const m = portalReader(req);
    const programme = await getProgramme(ctx, pilot.record.programmeId);
    const draft = pilot.record.application;
    const notes: string[] = [];
    if (step.name === 'dates')
      notes.push(
        m.p('datesLimit', {
          code: programme.code,
          months: programme.maxDurationMonths,
          latest: draft.plannedStart ? m.date(addMonths(draft.plannedStart, programme.maxDurationMonths)) : '—',
        }),
      );
    if (step.name === 'about') notes.push(m.p('solutionTypesOf', { types: programme.solutionTypes.join(', ') }));
    renderPortal(
      req,
      res,
      'portal/application-step',
      {
        title: `${m.p(`step.${step.name}` as never)} – ${draft.title ?? m.p('newApplication')}`,
        steps: STEPS,
        step,
        pilot: pilot.record,
        version: pilot.version,
        programmes: null,
        programme,
        schema: shownSchema(step),
        defaults: new FormState(draftValues(draft, m)),
        form: extra.form ?? FormState.empty(),
        stale: extra.stale ?? null,
        sf,
        action: `/portal/pilots/${pilot.record.id}/application/${step.name}`,
        notes,
      },
      status,
    );
  }

  router.get('/portal/pilots/:id/application', async (req, res) => {
    const pilot = await editable(res, req.params.id);
    if (pilot) res.redirect(303, `/portal/pilots/${pilot.record.id}/application/${STEPS[0].name}`);
  });

  router.get('/portal/pilots/:id/application/review', async (req, res) => {
    const pilot = await editable(res, req.params.id);
    if (pilot) showReview(req, res, pilot);
  });

  function showReview(req: Request, res: Response, pilot: LoadedPilot, refused: FieldProblem[] = [], status = 200) {
    const m = portalReader(req);
    const check = safeParseWorded(applicationSchema, pilot.record.application);
    const missing = refused.length
      ? refused
      : check.success
        ? []
        : fieldProblems('body', check.error).map((e) => ({ ...e, field: `application.${e.field}` }));
    const issues = missing.map((e) => {
      const field = e.field.replace(/^application\./, '');
      const step = stepOf(e.field) ?? STEPS[0];
      return {
        ...e,
        field,
        step,
        href: `/portal/pilots/${pilot.record.id}/application/${step.name}#f-${field.replace(/[^A-Za-z0-9_]+/g, '-')}`,
      };
    });
    renderPortal(
      req,
      res,
      'portal/application-review',
      {
        title: `${m.p('step.review')} – ${pilot.record.application.title ?? m.p('newApplication')}`,
        steps: STEPS,
        step: { name: 'review', keys: [] },
        pilot: pilot.record,
        version: pilot.version,
        issues,
        submittable: mayTake(PILOT_ACTIONS.submit, pilot.record, 'business'),
      },
      status,
    );
  }

  router.post('/portal/pilots/:id/application/submit', async (req, res) => {
    const pilot = await editable(res, req.params.id);
    if (!pilot) return;
    const v = (req.body as Record<string, unknown>)._version;
    const ifMatch = typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : undefined;
    try {
      await perform(ctx, principalIn(res), pilot.record.id, {
        name: 'submit',
        op: PILOT_ACTIONS.submit,
        body: {},
        ifMatch,
      });
      res.redirect(303, `/portal/pilots/${pilot.record.id}?done=submitted`);
    } catch (err) {
      const problem = toProblem(err);
      if (problem?.status === 400) return showReview(req, res, pilot, problem.errors ?? [], 400);
      if (problem?.status === 412) {
        const fresh = await pilotForParty(ctx, principalIn(res), pilot.record.id);
        return showReview(req, res, fresh, [], 412);
      }
      throw err;
    }
  });

  router.get('/portal/pilots/:id/application/:step', async (req, res) => {
    const step = stepNamed(req.params.step);
    if (!step) throw problems.notFound();
    const pilot = await editable(res, req.params.id);
    if (pilot) await showStep(req, res, pilot, step);
  });

  router.post('/portal/pilots/:id/application/:step', async (req, res) => {
    const step = stepNamed(req.params.step);
    if (!step) throw problems.notFound();
    const pilot = await editable(res, req.params.id);
    if (!pilot) return;
    const posted = withoutFormFields(req.body);
    const body = fromForm(draftStep(step), posted) ?? {};
    const v = (req.body as Record<string, unknown>)._version;
    const ifMatch = typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : undefined;
    const go = (req.body as Record<string, unknown>)._go;
    const index = STEPS.indexOf(step);
    const next =
      go === 'back'
        ? STEPS[Math.max(0, index - 1)].name
        : go === 'stay'
          ? step.name
          : (STEPS[index + 1]?.name ?? 'review');
    // A step left empty saves nothing: the draft keeps what it had.
    if (typeof body === 'object' && body !== null && Object.keys(body).length > 0) {
      try {
        await perform(ctx, principalIn(res), pilot.record.id, { name: 'edit', op: FILINGS.editDraft, body, ifMatch });
      } catch (err) {
        const problem = toProblem(err);
        if (problem?.status === 400)
          return showStep(req, res, pilot, step, { form: new FormState(posted, problem.errors ?? []) }, 400);
        if (problem?.status === 412) {
          const fresh = await pilotForParty(ctx, principalIn(res), pilot.record.id);
          return showStep(req, res, fresh, step, { stale: fresh.version }, 412);
        }
        throw err;
      }
    }
    res.redirect(303, `/portal/pilots/${pilot.record.id}/application/${next}${go === 'stay' ? '?done=saved' : ''}`);
  });

  return { router, dashboard };
}
