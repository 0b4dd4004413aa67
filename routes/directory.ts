// Agencies and programmes are public (who supervises what, under which law); an organization's account
// record is visible to its own users and to admins, and answers 404 to any other business (scope check).
import { Router } from 'express';
import { getOrganization } from '../server/accounts/admin.ts';
import { listAgencies } from '../server/agencies/agencies.ts';
import { getProgramme, listProgrammes } from '../server/programmes/programmes.ts';
import { assertInScope } from '../server/access/scope.ts';
import type { RegistryContext } from '../server/context.ts';
import { endpoints } from '../middleware/endpoint.ts';
import { idParams } from './schemas.ts';

export function directoryRouter(ctx: RegistryContext) {
  const { open, guarded } = endpoints(ctx);
  const router = Router();
  router.get('/agencies', open({}, async () => ({ body: { items: await listAgencies(ctx) } })));
  router.get('/programmes', open({}, async () => ({ body: { items: await listProgrammes(ctx) } })));
  router.get('/programmes/:id', open({ params: idParams }, async ({ params }) => ({ body: await getProgramme(ctx, params.id) })));
  router.get('/organizations/:id', guarded('organization:read', { params: idParams }, async ({ params, principal }) => {
    assertInScope(principal, { organizationId: params.id }, 'organization');
    return { body: await getOrganization(ctx, params.id) };
  }));
  return router;
}
