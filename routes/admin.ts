import { Router } from 'express';
import { z } from 'zod';
import { ROLES } from '../models/index.ts';
import { createUser, getUser, listUsers, setDisabled } from '../server/accounts/admin.ts';
import { listAgencies, registerAgency } from '../server/agencies/agencies.ts';
import { runDueWork } from '../server/jobs/due-work.ts';
import { listProgrammes, programmeInput, registerProgramme } from '../server/programmes/programmes.ts';
import { emailSchema } from '../server/accounts/email.ts';
import { passwordSchema } from '../server/accounts/passwords.ts';
import type { RegistryContext } from '../server/context.ts';
import { endpoints } from '../middleware/endpoint.ts';
import { idParams, nextLink, objectId, pageQuery } from './schemas.ts';

const agencyBody = z.strictObject({
  code: z.string().trim().toUpperCase().regex(/^[A-Z][A-Z0-9]{1,11}$/, 'must be 2-12 letters or digits, starting with a letter'),
  name: z.string().trim().min(1).max(300),
  nameVi: z.string().trim().min(1).max(300).optional(),
  website: z.url({ protocol: /^https?$/ }).optional(),
});
const userBody = z.strictObject({
  email: emailSchema,
  password: passwordSchema,
  name: z.string().trim().min(1).max(200),
  role: z.enum(ROLES),
  agencyId: objectId.optional(),
  organizationId: objectId.optional(),
});
const usersQuery = z.strictObject({ ...pageQuery, role: z.enum(ROLES).optional(), agencyId: objectId.optional() });
const statusBody = z.strictObject({ disabled: z.boolean() });

export function adminRouter(ctx: RegistryContext) {
  const { guarded } = endpoints(ctx);
  const router = Router();

  router.get('/agencies', guarded('agency:list-admin', {}, async () => ({ body: { items: await listAgencies(ctx) } })));
  router.post('/agencies', guarded('agency:create', { body: agencyBody }, async ({ body }) => {
    const agency = await registerAgency(ctx, body, { role: 'admin' });
    return { status: 201, body: agency, headers: { Location: `/api/v1/agencies/${agency.id}` } };
  }));
  router.get('/users', guarded('user:list', { query: usersQuery }, async ({ query, req }) => {
    const page = await listUsers(ctx, { role: query.role, agencyId: query.agencyId }, query);
    return { body: page, headers: nextLink(req.originalUrl, page.next) };
  }));
  router.post('/users', guarded('user:create', { body: userBody }, async ({ body }) => {
    const user = await createUser(ctx, body);
    return { status: 201, body: user, headers: { Location: `/api/v1/admin/users/${user.id}` } };
  }));
  router.get('/users/:id', guarded('user:read', { params: idParams }, async ({ params }) => ({ body: await getUser(ctx, params.id) })));
  router.patch('/users/:id', guarded('user:disable', { params: idParams, body: statusBody }, async ({ params, body, principal }) => ({
    body: await setDisabled(ctx, params.id, body.disabled, principal.userId),
  })));
  router.post('/users/:id/disable', guarded('user:disable', { params: idParams }, async ({ params, principal }) => ({
    body: await setDisabled(ctx, params.id, true, principal.userId),
  })));
  router.post('/users/:id/enable', guarded('user:disable', { params: idParams }, async ({ params, principal }) => ({
    body: await setDisabled(ctx, params.id, false, principal.userId),
  })));
  router.get('/programmes', guarded('programme:list-admin', {}, async () => ({ body: { items: await listProgrammes(ctx) } })));
  router.post('/programmes', guarded('programme:create', { body: programmeInput }, async ({ body }) => {
    const programme = await registerProgramme(ctx, body);
    return { status: 201, body: programme, headers: { Location: `/api/v1/programmes/${programme.id}` } };
  }));
  // Runs the time-driven work now (it also runs on a timer in server/index.ts).
  router.post('/jobs/due-work', guarded('jobs:run', {}, async () => ({ body: await runDueWork(ctx) })));
  return router;
}
