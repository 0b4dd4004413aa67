// A pilot in the portal, for its parties (its business; its agency's regulators once submitted): the list,
// the pilot's page, and one handler per kind of lifecycle row — pilot actions, actions on an exemption,
// condition or claim, and filings — each running the very row the API runs, through perform(). A form is
// read by the row's schema for the reader's role; a refusal shows the page again with that form open,
// its input kept and each issue by its field; a stale version shows the new state.
//
// The pilot's page (server/site/views/portal/pilot.eta) offers exactly what the tables allow the reader
// now, each as a partial `portal/actions/<role>/<kind>-<name>.eta` that posts to the URL `actionUrl` gives.
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { PILOT_STATES } from '../models/pilot.ts';
import type { Principal } from '../server/accounts/principal.ts';
import type { RegistryContext } from '../server/context.ts';
import { problems, type Problem } from '../server/errors.ts';
import { PILOT_ACTIONS, PILOT_ACTION_NAMES, type PilotActionName } from '../server/lifecycle/actions.ts';
import { mayTake, partyViewFor } from '../server/lifecycle/allowed.ts';
import type { ActorRole, Operation } from '../server/lifecycle/operation.ts';
import { perform } from '../server/lifecycle/perform.ts';
import {
  CLAIM_ACTIONS,
  CONDITION_ACTIONS,
  EXEMPTION_ACTIONS,
  FILINGS,
  type RecordAction,
} from '../server/lifecycle/records.ts';
import { pilotForParty, type LoadedPilot } from '../server/pilots/access.ts';
import { listPilots, privateLedger } from '../server/pilots/pilots.ts';
import { getProgramme } from '../server/programmes/programmes.ts';
import { FormState, fromForm, withoutFormFields } from '../server/site/portal/forms.ts';
import { portalReader, renderPortal } from '../server/site/portal/render.ts';
import { toProblem } from '../middleware/errors.ts';
import { principalIn } from '../middleware/portal-session.ts';

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

const RECORD_TABLES: Record<string, { target: RecordAction['target']; table: Record<string, RecordAction> }> = {
  exemptions: { target: 'exemption', table: EXEMPTION_ACTIONS },
  conditions: { target: 'condition', table: CONDITION_ACTIONS },
  claims: { target: 'claim', table: CLAIM_ACTIONS },
};

/**
 * Where each form posts, and the key that names it on the page (to open it again after a refusal).
 * kind 'pilot' → /actions/<name>; 'exemption' | 'condition' | 'claim' → /<kind>s/<id>/actions/<name>;
 * 'filing' → /filings/<name>.
 */
export function actionUrl(pilotId: string, kind: string, name: string, recordId?: string): string {
  const base = `/portal/pilots/${encodeURIComponent(pilotId)}`;
  if (kind === 'pilot') return `${base}/actions/${name}`;
  if (kind === 'filing') return `${base}/filings/${name}`;
  return `${base}/${kind}s/${encodeURIComponent(recordId ?? '')}/actions/${name}`;
}
export const formKey = (kind: string, name: string, recordId?: string) => `${kind}:${name}:${recordId ?? ''}`;

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
    const filings = (Object.keys(PORTAL_FILINGS) as PortalFiling[]).filter((name) =>
      mayTake(PORTAL_FILINGS[name], loaded.record, role),
    );
    const m = portalReader(req);
    renderPortal(
      req,
      res,
      'portal/pilot',
      {
        title: `${loaded.record.reference ?? m.status(loaded.record.state)} – ${loaded.record.application.title ?? ''}`,
        pilot,
        role,
        programme,
        filings,
        receipts: ledger.items.map((item) => ({
          ...item,
          entry: JSON.parse(item.canonical) as Record<string, unknown>,
        })),
        actionUrl: (kind: string, name: string, recordId?: string) => actionUrl(loaded.record.id, kind, name, recordId),
        formFor: (kind: string, name: string, recordId?: string) =>
          state.failed?.key === formKey(kind, name, recordId) ? state.failed.form : FormState.empty(),
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
    renderPortal(req, res, 'portal/pilots', { title: m.p('portal'), page, query: parsed.data, states: PILOT_STATES });
  });

  router.get('/portal/pilots/:id', async (req, res) => {
    await showPilot(req, res, req.params.id);
  });

  router.post('/portal/pilots/:id/actions/:action', async (req, res) => {
    const { id, action } = req.params;
    if (!PILOT_ACTION_NAMES.includes(action as PilotActionName)) throw problems.notFound();
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
    const kind = RECORD_TABLES[records];
    const op = kind?.table[action];
    if (!kind || !op) throw problems.notFound();
    await act(
      req,
      res,
      id,
      formKey(kind.target, action, recordId),
      (_role, body, ifMatch) =>
        perform(ctx, principalIn(res), id, { name: action, op, table: kind.table, targetId: recordId, body, ifMatch }),
      (role) => op.input[role],
    );
  });

  router.post('/portal/pilots/:id/filings/:filing', async (req, res) => {
    const { id, filing } = req.params;
    if (!(filing in PORTAL_FILINGS)) throw problems.notFound();
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
