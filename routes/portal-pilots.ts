// A pilot in the portal, for its parties (its business; its agency's regulators once submitted): the list,
// the pilot's page, and one handler per kind of lifecycle row — pilot actions, actions on an exemption,
// condition or claim, and filings — each running the very row the API runs, through perform(). A form is
// read by the row's schema for the reader's role; a refusal shows the page again with that form open,
// its input kept and each issue by its field; a stale version shows the new state.
//
// The pilot's page (server/site/views/portal/pilot.eta) offers exactly what the tables allow the reader
// now (server/site/portal/action-forms.ts), each form drawn from its row's schema.
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { PILOT_STATES } from '../models/pilot.ts';
import type { Principal } from '../server/accounts/principal.ts';
import type { RegistryContext } from '../server/context.ts';
import { problems, type Problem } from '../server/errors.ts';
import { PILOT_ACTIONS, type PilotActionName } from '../server/lifecycle/actions.ts';
import type { RecordAction } from '../server/lifecycle/records.ts';
import { partyViewFor } from '../server/lifecycle/allowed.ts';
import type { ActorRole } from '../server/lifecycle/operation.ts';
import { perform } from '../server/lifecycle/perform.ts';
import { pilotForParty, type LoadedPilot } from '../server/pilots/access.ts';
import { listPilots, privateLedger } from '../server/pilots/pilots.ts';
import { getProgramme } from '../server/programmes/programmes.ts';
import {
  actionForms,
  formKey,
  PORTAL_FILINGS,
  RECORD_TABLES,
  type PortalFiling,
} from '../server/site/portal/action-forms.ts';
import { FormState, fromForm, withoutFormFields } from '../server/site/portal/forms.ts';
import { fieldsOf, labelKey, splitVariants } from '../server/site/portal/schema-fields.ts';
import { portalReader, renderPortal } from '../server/site/portal/render.ts';
import { toProblem } from '../middleware/errors.ts';
import { principalIn } from '../middleware/portal-session.ts';

const roleOf = (principal: Principal): ActorRole => {
  if (principal.role === 'admin') throw problems.forbidden('Admins take no decision on a pilot.');
  return principal.role;
};

/** The version the form was filled in against (its hidden `_version`): sent on as If-Match. */
function versionOf(req: Request): number | undefined {
  const v = (req.body as Record<string, unknown> | undefined)?._version;
  return typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : undefined;
}

const listQuery = z.strictObject({
  status: z
    .union([z.enum(PILOT_STATES), z.array(z.enum(PILOT_STATES)).max(PILOT_STATES.length)])
    .optional()
    .transform((s) => (s === undefined ? undefined : Array.isArray(s) ? s : [s])),
  queue: z.literal('review').optional(),
  after: z.string().max(300).optional(),
  lang: z.enum(['en', 'vi']).optional(),
});

export interface PilotPageState {
  /** The form refused, to show open with its input and issues. */
  failed?: { key: string; form: FormState };
  /** Someone else changed the pilot: the version it is at now. */
  stale?: { version: number };
  /** A state rule refused the action (409): its words. */
  refused?: string;
}

export function portalPilotsRouter(ctx: RegistryContext): Router {
  const router = express.Router();

  /** The pilot's page as this party sees it, with what they may do now. */
  async function showPilot(req: Request, res: Response, id: string, state: PilotPageState = {}, status = 200) {
    const principal = principalIn(res);
    const loaded = await pilotForParty(ctx, principal, id);
    const role = roleOf(principal);
    const pilot = partyViewFor(loaded, principal);
    const [programme, ledger] = await Promise.all([
      getProgramme(ctx, loaded.record.programmeId),
      privateLedger(ctx, principal, loaded.record.id),
    ]);
    const m = portalReader(req);
    const forms = actionForms(pilot, loaded.record, role, programme, ctx.now().toISOString(), m);
    renderPortal(
      req,
      res,
      'portal/pilot',
      {
        title: `${loaded.record.reference ?? m.status(loaded.record.state)} – ${loaded.record.application.title ?? ''}`,
        pilot,
        role,
        programme,
        forms,
        sf: { fieldsOf, splitVariants, labelKey },
        recordLabel: (kind: string, id: string) => {
          const r = loaded.record;
          if (kind === 'exemption') return r.exemptions.find((x) => x.id === id)?.legalReference ?? id;
          if (kind === 'condition') return r.conditions.find((x) => x.id === id)?.description.slice(0, 60) ?? id;
          const claim = r.claims.find((x) => x.id === id);
          return claim ? m.date(claim.filedAt) : id;
        },
        receipts: ledger.items.map((item) => ({
          ...item,
          entry: JSON.parse(item.canonical) as Record<string, unknown>,
        })),
        formFor: (key: string) => (state.failed?.key === key ? state.failed.form : FormState.empty()),
        defaultsFor: (values: Record<string, unknown>) => new FormState(values),
        failedKey: state.failed?.key ?? null,
        stale: state.stale ?? null,
        refused: state.refused ?? null,
      },
      status,
    );
  }

  /**
   * Runs one row for the signed-in party from a posted form, then back to the pilot's page: on success
   * with `?done=<form key>`; refused, with the form open (400), the new state (412) or the rule's words (409).
   */
  async function act(
    req: Request,
    res: Response,
    pilotId: string,
    key: string,
    run: (role: ActorRole, body: unknown, ifMatch: number | undefined) => Promise<LoadedPilot>,
    schemaFor: (role: ActorRole) => z.ZodType | undefined,
  ) {
    const principal = principalIn(res);
    const role = roleOf(principal);
    const schema = schemaFor(role);
    const posted = withoutFormFields(req.body);
    try {
      const pilot = await run(role, schema ? fromForm(schema, posted) : posted, versionOf(req));
      res.redirect(303, `/portal/pilots/${encodeURIComponent(pilot.record.id)}?done=${encodeURIComponent(key)}`);
    } catch (err) {
      const problem: Problem | undefined = toProblem(err);
      if (problem?.status === 400) {
        const prefix = key.startsWith('pilot:submit') ? 'application.' : '';
        return showPilot(
          req,
          res,
          pilotId,
          {
            failed: {
              key,
              form: new FormState(posted, problem.errors ?? [{ field: 'body', reason: problem.detail }], prefix),
            },
          },
          400,
        );
      }
      if (problem?.status === 412) {
        return showPilot(req, res, pilotId, { stale: { version: Number(problem.extra.version) } }, 412);
      }
      if (problem?.status === 409) return showPilot(req, res, pilotId, { refused: problem.detail }, 409);
      throw err;
    }
  }

  router.get('/portal/pilots', async (req, res) => {
    const parsed = listQuery.safeParse(withoutEmpty(req.query));
    if (!parsed.success)
      throw problems.badRequest('Unknown filter.', {
        errors: parsed.error.issues.map((i) => ({ field: i.path.join('.') || 'query', reason: i.message })),
      });
    const principal = principalIn(res);
    const page = await listPilots(ctx, principal, {
      limit: 50,
      ...parsed.data,
    });
    const m = portalReader(req);
    const pairs: [string, string][] = [
      ...(parsed.data.status ?? []).map((s): [string, string] => ['status', s]),
      ...(parsed.data.queue ? [['queue', parsed.data.queue] as [string, string]] : []),
      ...(page.next ? [['after', page.next] as [string, string]] : []),
    ];
    const nextQuery = new URLSearchParams(pairs).toString();
    renderPortal(req, res, 'portal/pilots', {
      title: m.p('pilotsNav'),
      page,
      query: parsed.data,
      states: PILOT_STATES,
      nextQuery,
    });
  });

  router.get('/portal/pilots/:id', async (req, res) => {
    await showPilot(req, res, req.params.id);
  });

  router.post('/portal/pilots/:id/actions/:action', async (req, res) => {
    const { id, action } = req.params;
    if (!Object.hasOwn(PILOT_ACTIONS, action)) throw problems.notFound();
    const op = PILOT_ACTIONS[action as PilotActionName];
    await act(
      req,
      res,
      id,
      formKey('pilot', action),
      (_role, body, ifMatch) => perform(ctx, principalIn(res), id, { name: action, op, body, ifMatch }),
      (role) => op.input[role],
    );
  });

  router.post('/portal/pilots/:id/:records/:recordId/actions/:action', async (req, res) => {
    const { id, records, recordId, action } = req.params;
    if (!Object.hasOwn(RECORD_TABLES, records)) throw problems.notFound();
    const kind = RECORD_TABLES[records as keyof typeof RECORD_TABLES];
    if (!Object.hasOwn(kind.table, action)) throw problems.notFound();
    const table: Record<string, RecordAction> = kind.table;
    const op = table[action];
    await act(
      req,
      res,
      id,
      formKey(kind.target, action, recordId),
      (_role, body, ifMatch) =>
        perform(ctx, principalIn(res), id, { name: action, op, table, targetId: recordId, body, ifMatch }),
      (role) => op.input[role],
    );
  });

  router.post('/portal/pilots/:id/filings/:filing', async (req, res) => {
    const { id, filing } = req.params;
    if (!Object.hasOwn(PORTAL_FILINGS, filing)) throw problems.notFound();
    const op = PORTAL_FILINGS[filing as PortalFiling];
    await act(
      req,
      res,
      id,
      formKey('filing', filing),
      (_role, body, ifMatch) => perform(ctx, principalIn(res), id, { name: filing, op, body, ifMatch }),
      (role) => op.input[role],
    );
  });

  return router;
}

/** A form sends every field, empty ones included: an empty filter is no filter. */
const withoutEmpty = (query: Request['query']) => Object.fromEntries(Object.entries(query).filter(([, v]) => v !== ''));
