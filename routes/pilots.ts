// Pilots and their records, for their parties (and the public view of approved ones). Each endpoint is
// one line of the pipeline; which role may take which lifecycle action is the lifecycle table's rule.
import { Router } from 'express';
import { z } from 'zod';
import { draftSchema } from '../models/pilot-application.ts';
import { PILOT_STATES } from '../models/pilot.ts';
import type { Principal } from '../server/accounts/principal.ts';
import type { RegistryContext } from '../server/context.ts';
import { problems } from '../server/errors.ts';
import { PILOT_ACTIONS, PILOT_ACTION_NAMES, type PilotActionName } from '../server/lifecycle/actions.ts';
import { lifecycleDocument } from '../server/lifecycle/describe.ts';
import { perform, type Request as ActionRequest } from '../server/lifecycle/perform.ts';
import { CLAIM_ACTIONS, CONDITION_ACTIONS, EXEMPTION_ACTIONS, FILINGS, type RecordAction } from '../server/lifecycle/records.ts';
import { pilotForReader, type LoadedPilot } from '../server/pilots/access.ts';
import { createPilot, listPilots, privateLedger } from '../server/pilots/pilots.ts';
import { etag, partyView, publicView } from '../server/pilots/views.ts';
import { endpoints } from '../middleware/endpoint.ts';
import { ifMatchVersion } from '../middleware/if-match.ts';
import { nextLink, objectId } from './schemas.ts';

const pilotRef = z.string().min(1).max(64);
const pilotParams = z.strictObject({ id: pilotRef });
const actionParams = z.strictObject({ id: pilotRef, action: z.string().max(40) });
const recordParams = z.strictObject({ id: pilotRef, recordId: z.string().min(1).max(64), action: z.string().max(40) });
const listQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  after: z.string().max(200).optional(),
  state: z
    .string()
    .transform((s) => s.split(','))
    .pipe(z.array(z.enum(PILOT_STATES)))
    .optional(),
  programmeId: objectId.optional(),
  queue: z.literal('review').optional(),
});
const createBody = draftSchema.extend({ programmeId: objectId });

const viewFor = (pilot: LoadedPilot & { party: boolean }, principal: Principal | undefined) =>
  pilot.party && principal ? partyView(pilot, principal) : publicView(pilot);

export function pilotsRouter(ctx: RegistryContext) {
  const { open, guarded } = endpoints(ctx);
  const router = Router();

  const reply = (pilot: LoadedPilot, principal: Principal, status = 200) => ({
    status,
    body: partyView(pilot, principal),
    headers: { ETag: etag(pilot.version) },
  });
  const act = async (principal: Principal, id: string, req: ActionRequest) => perform(ctx, principal, id, req);
  const recordAction = (table: Record<string, RecordAction>, what: string) =>
    guarded('pilot:supervise', { params: recordParams }, async ({ params, principal, req }) => {
      const op = table[params.action];
      if (!op) throw problems.notFound(`No ${what} action "${params.action}"; there are: ${Object.keys(table).join(', ')}.`);
      const pilot = await act(principal, params.id, { name: params.action, op, table, targetId: params.recordId, body: req.body, ifMatch: ifMatchVersion(req) });
      return reply(pilot, principal);
    });
  const filing = (permission: 'pilot:file' | 'pilot:supervise', name: string, op: (typeof FILINGS)[keyof typeof FILINGS], created: (p: LoadedPilot) => unknown) =>
    guarded(permission, { params: pilotParams }, async ({ params, principal, req }) => {
      const pilot = await act(principal, params.id, { name, op, body: req.body, ifMatch: ifMatchVersion(req) });
      return { status: 201, body: created(pilot), headers: { ETag: etag(pilot.version) } };
    });
  const readPart = <K extends string>(pick: (view: Record<string, unknown>) => Record<K, unknown>) =>
    open({ params: pilotParams }, async ({ params, principal }) => {
      const pilot = await pilotForReader(ctx, principal, params.id);
      return { body: pick(viewFor(pilot, principal) as Record<string, unknown>), headers: { ETag: etag(pilot.version) } };
    });

  router.get('/lifecycle', open({}, () => ({ body: lifecycleDocument(), headers: { 'Cache-Control': 'public, max-age=3600' } })));
  router.get('/pilots', guarded('pilot:list', { query: listQuery }, async ({ query, principal, req }) => {
    const page = await listPilots(ctx, principal, query);
    return { body: page, headers: nextLink(req.originalUrl, page.next) };
  }));
  router.post('/pilots', guarded('pilot:create', { body: createBody }, async ({ body, principal }) => {
    const pilot = await createPilot(ctx, principal, body);
    return { ...reply(pilot, principal, 201), headers: { ETag: etag(pilot.version), Location: `/api/v1/pilots/${pilot.record.id}` } };
  }));
  router.get('/pilots/:id', open({ params: pilotParams }, async ({ params, principal }) => {
    const pilot = await pilotForReader(ctx, principal, params.id);
    return { body: viewFor(pilot, principal), headers: { ETag: etag(pilot.version) } };
  }));
  router.patch('/pilots/:id', guarded('pilot:edit', { params: pilotParams }, async ({ params, principal, req }) =>
    reply(await act(principal, params.id, { name: 'edit', op: FILINGS.editDraft, body: req.body, ifMatch: ifMatchVersion(req) }), principal)));
  router.post('/pilots/:id/actions/:action', guarded('pilot:act', { params: actionParams }, async ({ params, principal, req }) => {
    if (!PILOT_ACTION_NAMES.includes(params.action as PilotActionName)) {
      throw problems.notFound(`No pilot action "${params.action}"; the lifecycle has: ${PILOT_ACTION_NAMES.join(', ')}.`);
    }
    const op = PILOT_ACTIONS[params.action as PilotActionName];
    return reply(await act(principal, params.id, { name: params.action, op, body: req.body, ifMatch: ifMatchVersion(req) }), principal);
  }));

  router.get('/pilots/:id/exemptions', readPart((v) => ({ items: v.exemptions })));
  router.post('/pilots/:id/exemptions', filing('pilot:supervise', 'grant an exemption to', FILINGS.grantExemption, (p) => p.record.exemptions.at(-1)));
  router.post('/pilots/:id/exemptions/:recordId/actions/:action', recordAction(EXEMPTION_ACTIONS, 'exemption'));
  router.get('/pilots/:id/conditions', readPart((v) => ({ items: v.conditions })));
  router.post('/pilots/:id/conditions/:recordId/actions/:action', recordAction(CONDITION_ACTIONS, 'condition'));
  router.get('/pilots/:id/reports', readPart((v) => ({ schedule: v.schedule, items: v.reports })));
  router.post('/pilots/:id/reports', filing('pilot:file', 'file a report for', FILINGS.fileReport, (p) => p.record.reports.at(-1)));
  router.get('/pilots/:id/incidents', readPart((v) => ({ items: v.incidents })));
  router.post('/pilots/:id/incidents', filing('pilot:file', 'report an incident of', FILINGS.reportIncident, (p) => p.record.incidents.at(-1)));
  router.get('/pilots/:id/claims', readPart((v) => ({ items: v.claims })));
  router.post('/pilots/:id/claims', filing('pilot:file', 'file a claim for', FILINGS.fileClaim, (p) => p.record.claims.at(-1)));
  router.post('/pilots/:id/claims/:recordId/actions/:action', recordAction(CLAIM_ACTIONS, 'claim'));
  router.post('/pilots/:id/exit-report', filing('pilot:file', 'file the exit report of', FILINGS.fileExitReport, (p) => p.record.exitReport));
  router.get('/pilots/:id/ledger-private', guarded('pilot:read-private-ledger', { params: pilotParams }, async ({ params, principal }) => ({
    body: await privateLedger(ctx, principal, params.id),
  })));
  return router;
}

