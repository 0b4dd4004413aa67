// Pilots and their records, for their parties (and the public view of approved ones). Each endpoint is
// one line of the pipeline; which role may take which lifecycle action is the lifecycle table's rule.
import { z } from 'zod';
import { draftSchema } from '../models/pilot-application.ts';
import type { Principal } from '../server/accounts/principal.ts';
import type { RegistryContext } from '../server/context.ts';
import { problems } from '../server/errors.ts';
import { PILOT_ACTIONS, PILOT_ACTION_NAMES, type PilotActionName } from '../server/lifecycle/actions.ts';
import { partyViewFor } from '../server/lifecycle/allowed.ts';
import { actionNamesFor, inputAlternatives, lifecycleDocument } from '../server/lifecycle/describe.ts';
import type { Operation } from '../server/lifecycle/operation.ts';
import { perform, type Request as ActionRequest } from '../server/lifecycle/perform.ts';
import {
  CLAIM_ACTIONS,
  CONDITION_ACTIONS,
  EXEMPTION_ACTIONS,
  FILINGS,
  type RecordAction,
} from '../server/lifecycle/records.ts';
import { pilotForReader, type LoadedPilot } from '../server/pilots/access.ts';
import { createPilot, listPilots, privateLedger } from '../server/pilots/pilots.ts';
import { etag, publicView } from '../server/pilots/views.ts';
import { endpoints } from '../middleware/endpoint.ts';
import type { RouteScope } from '../middleware/route-table.ts';
import { ifMatchVersion } from '../middleware/if-match.ts';
import { nextLink, objectId, pageLimit, statusList } from './schemas.ts';

const pilotRef = z.string().min(1).max(64);
const pilotParams = z.strictObject({ id: pilotRef });
const actionParams = z.strictObject({ id: pilotRef, action: z.string().max(40) });
const recordParams = z.strictObject({ id: pilotRef, recordId: z.string().min(1).max(64), action: z.string().max(40) });
const listQuery = z
  .strictObject({
    limit: pageLimit,
    after: z.string().max(300).optional(),
    status: statusList.optional(),
    state: statusList.optional().describe('The same as `status` (its earlier name)'),
    programmeId: objectId.optional(),
    queue: z.literal('review').optional(),
  })
  .transform(({ state, status, ...rest }) => ({ ...rest, status: status ?? state }));
export const createBody = draftSchema.extend({ programmeId: objectId });

const viewFor = (pilot: LoadedPilot & { party: boolean }, principal: Principal | undefined) =>
  pilot.party && principal ? partyViewFor(pilot, principal) : publicView(pilot);

const actionDoc = (table: Record<string, RecordAction> | typeof PILOT_ACTIONS, what: string, recordParam = false) => ({
  params: z.strictObject({
    id: pilotRef,
    ...(recordParam ? { recordId: z.string() } : {}),
    action: z.enum(actionNamesFor(table)),
  }),
  body: inputAlternatives(table).describe(
    `The fields of the ${what} action, by action and role (see GET /api/v1/lifecycle)`,
  ),
});
const filingDoc = (name: string, op: Operation) => ({ body: inputAlternatives({ [name]: op }) });
const pilotRecord = {
  description: 'The pilot as the caller may see it, with `version` and `allowedActions`; ETag header',
};

export function pilotsRouter(ctx: RegistryContext, routes: RouteScope) {
  const { open, guarded } = endpoints(ctx);

  const reply = (pilot: LoadedPilot, principal: Principal, status = 200) => ({
    status,
    body: partyViewFor(pilot, principal),
    headers: { ETag: etag(pilot.version) },
  });
  const act = async (principal: Principal, id: string, req: ActionRequest) => perform(ctx, principal, id, req);
  const recordAction = (table: Record<string, RecordAction>, what: string) =>
    guarded(
      'pilot:supervise',
      {
        summary: `Take an action on a ${what} of the pilot`,
        params: recordParams,
        documents: actionDoc(table, what, true),
        ifMatch: true,
        reply: pilotRecord,
      },
      async ({ params, principal, req }) => {
        // Names from the URL are looked up as the table's own keys: `constructor` is no action.
        const op = Object.hasOwn(table, params.action) ? table[params.action] : undefined;
        if (!op)
          throw problems.notFound(`No ${what} action "${params.action}"; there are: ${Object.keys(table).join(', ')}.`);
        const pilot = await act(principal, params.id, {
          name: params.action,
          op,
          table,
          targetId: params.recordId,
          body: req.body,
          ifMatch: ifMatchVersion(req),
        });
        return reply(pilot, principal);
      },
    );
  const filing = (
    permission: 'pilot:file' | 'pilot:supervise',
    name: string,
    op: (typeof FILINGS)[keyof typeof FILINGS],
    created: (p: LoadedPilot) => unknown,
  ) =>
    guarded(
      permission,
      {
        summary: `${name[0].toUpperCase()}${name.slice(1)} a pilot`,
        params: pilotParams,
        documents: filingDoc(name, op),
        ifMatch: true,
        reply: { status: 201 },
      },
      async ({ params, principal, req }) => {
        const pilot = await act(principal, params.id, { name, op, body: req.body, ifMatch: ifMatchVersion(req) });
        return { status: 201, body: created(pilot), headers: { ETag: etag(pilot.version) } };
      },
    );
  const readPart = <K extends string>(what: string, pick: (view: Record<string, unknown>) => Record<K, unknown>) =>
    open(
      {
        summary: `The pilot's ${what} (parties see all; the public sees the public fields of an approved pilot)`,
        params: pilotParams,
      },
      async ({ params, principal }) => {
        const pilot = await pilotForReader(ctx, principal, params.id);
        return {
          body: pick(viewFor(pilot, principal)),
          headers: { ETag: etag(pilot.version) },
        };
      },
    );

  routes.get(
    '/lifecycle',
    open({ summary: 'The lifecycle tables: from, to, actors and the fields each must send (JSON Schema)' }, () => ({
      body: lifecycleDocument(),
      headers: { 'Cache-Control': 'public, max-age=3600' },
    })),
  );
  routes.get(
    '/pilots',
    guarded(
      'pilot:list',
      { summary: 'Pilots in the caller\'s scope, a page at a time (Link: rel="next")', query: listQuery },
      async ({ query, principal, req }) => {
        const page = await listPilots(ctx, principal, query);
        return { body: page, headers: nextLink(req.originalUrl, page.next) };
      },
    ),
  );
  routes.post(
    '/pilots',
    guarded(
      'pilot:create',
      {
        summary: 'Start a draft application (it may be incomplete)',
        body: createBody,
        reply: { ...pilotRecord, status: 201 },
      },
      async ({ body, principal }) => {
        const pilot = await createPilot(ctx, principal, body);
        return {
          ...reply(pilot, principal, 201),
          headers: { ETag: etag(pilot.version), Location: `/api/v1/pilots/${pilot.record.id}` },
        };
      },
    ),
  );
  routes.get(
    '/pilots/:id',
    open(
      {
        summary: 'A pilot by id or reference: the party view, or the public view once approved',
        params: pilotParams,
        reply: pilotRecord,
      },
      async ({ params, principal }) => {
        const pilot = await pilotForReader(ctx, principal, params.id);
        return { body: viewFor(pilot, principal), headers: { ETag: etag(pilot.version) } };
      },
    ),
  );
  routes.patch(
    '/pilots/:id',
    guarded(
      'pilot:edit',
      {
        summary: 'Edit a draft, or an application with changes requested',
        params: pilotParams,
        documents: filingDoc('edit', FILINGS.editDraft),
        ifMatch: true,
        reply: pilotRecord,
      },
      async ({ params, principal, req }) =>
        reply(
          await act(principal, params.id, {
            name: 'edit',
            op: FILINGS.editDraft,
            body: req.body,
            ifMatch: ifMatchVersion(req),
          }),
          principal,
        ),
    ),
  );
  routes.post(
    '/pilots/:id/actions/:action',
    guarded(
      'pilot:act',
      {
        summary: "Take a lifecycle action (which role may take which is the lifecycle table's rule)",
        params: actionParams,
        documents: actionDoc(PILOT_ACTIONS, 'pilot'),
        ifMatch: true,
        reply: pilotRecord,
      },
      async ({ params, principal, req }) => {
        if (!PILOT_ACTION_NAMES.includes(params.action as PilotActionName)) {
          throw problems.notFound(
            `No pilot action "${params.action}"; the lifecycle has: ${PILOT_ACTION_NAMES.join(', ')}.`,
          );
        }
        const op = PILOT_ACTIONS[params.action as PilotActionName];
        return reply(
          await act(principal, params.id, { name: params.action, op, body: req.body, ifMatch: ifMatchVersion(req) }),
          principal,
        );
      },
    ),
  );

  routes.get(
    '/pilots/:id/exemptions',
    readPart('exemptions', (v) => ({ items: v.exemptions })),
  );
  routes.post(
    '/pilots/:id/exemptions',
    filing('pilot:supervise', 'grant an exemption to', FILINGS.grantExemption, (p) => p.record.exemptions.at(-1)),
  );
  routes.post('/pilots/:id/exemptions/:recordId/actions/:action', recordAction(EXEMPTION_ACTIONS, 'exemption'));
  routes.get(
    '/pilots/:id/conditions',
    readPart('conditions', (v) => ({ items: v.conditions })),
  );
  routes.post('/pilots/:id/conditions/:recordId/actions/:action', recordAction(CONDITION_ACTIONS, 'condition'));
  routes.get(
    '/pilots/:id/reports',
    readPart('report schedule and reports', (v) => ({ schedule: v.schedule, items: v.reports })),
  );
  routes.post(
    '/pilots/:id/reports',
    filing('pilot:file', 'file a report for', FILINGS.fileReport, (p) => p.record.reports.at(-1)),
  );
  routes.get(
    '/pilots/:id/incidents',
    readPart('incidents', (v) => ({ items: v.incidents })),
  );
  routes.post(
    '/pilots/:id/incidents',
    filing('pilot:file', 'report an incident of', FILINGS.reportIncident, (p) => p.record.incidents.at(-1)),
  );
  routes.get(
    '/pilots/:id/claims',
    readPart('exemption claims and rulings', (v) => ({ items: v.claims })),
  );
  routes.post(
    '/pilots/:id/claims',
    filing('pilot:file', 'file a claim for', FILINGS.fileClaim, (p) => p.record.claims.at(-1)),
  );
  routes.post('/pilots/:id/claims/:recordId/actions/:action', recordAction(CLAIM_ACTIONS, 'claim'));
  routes.post(
    '/pilots/:id/exit-report',
    filing('pilot:file', 'file the exit report of', FILINGS.fileExitReport, (p) => p.record.exitReport),
  );
  routes.get(
    '/pilots/:id/ledger-private',
    guarded(
      'pilot:read-private-ledger',
      { summary: "The pilot's entries with private content and salt, to check each commitment", params: pilotParams },
      async ({ params, principal }) => ({ body: await privateLedger(ctx, principal, params.id) }),
    ),
  );
}
