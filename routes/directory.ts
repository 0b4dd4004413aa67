// Agencies and programmes are public (who supervises what, under which law); an organization's account
// record is visible to its own users and to admins, and answers 404 to any other business (scope check).
import { getOrganization } from '../server/accounts/admin.ts';
import { listAgencies } from '../server/agencies/agencies.ts';
import { getProgramme, listProgrammes } from '../server/programmes/programmes.ts';
import { assertInScope } from '../server/access/scope.ts';
import type { RegistryContext } from '../server/context.ts';
import { endpoints } from '../middleware/endpoint.ts';
import type { RouteScope } from '../middleware/route-table.ts';
import { idParams } from './schemas.ts';

export function directoryRouter(ctx: RegistryContext, routes: RouteScope) {
  const { open, guarded } = endpoints(ctx);
  routes.get(
    '/agencies',
    open({ summary: 'Supervising agencies' }, async () => ({ body: { items: await listAgencies(ctx) } })),
  );
  routes.get(
    '/programmes',
    open({ summary: 'Programmes: the legal bases pilots run under, with their limits' }, async () => ({
      body: { items: await listProgrammes(ctx) },
    })),
  );
  routes.get(
    '/programmes/:id',
    open({ summary: 'One programme', params: idParams }, async ({ params }) => ({
      body: await getProgramme(ctx, params.id),
    })),
  );
  routes.get(
    '/organizations/:id',
    guarded(
      'organization:read',
      { summary: 'An organization (its own users and admins; 404 to anyone else)', params: idParams },
      async ({ params, principal }) => {
        assertInScope(principal, { organizationId: params.id }, 'organization');
        return { body: await getOrganization(ctx, params.id) };
      },
    ),
  );
}
