import { z } from 'zod';
import { ROLES } from '../models/index.ts';
import { createUser, getUser, listUsers, setDisabled } from '../server/accounts/admin.ts';
import { listAgencies, registerAgency } from '../server/agencies/agencies.ts';
import { runDueWork } from '../server/jobs/due-work.ts';
import { calendarYearInput, listCalendarYears, setCalendarYear } from '../server/programmes/calendar.ts';
import { listProgrammes, programmeInput, registerProgramme } from '../server/programmes/programmes.ts';
import { emailSchema } from '../server/accounts/email.ts';
import { passwordSchema } from '../server/accounts/passwords.ts';
import type { RegistryContext } from '../server/context.ts';
import { endpoints } from '../middleware/endpoint.ts';
import type { RouteScope } from '../middleware/route-table.ts';
import { idParams, nextLink, objectId, pageQuery } from './schemas.ts';

export const agencyBody = z.strictObject({
  code: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z][A-Z0-9]{1,11}$/, 'must be 2-12 letters or digits, starting with a letter'),
  name: z.string().trim().min(1).max(300),
  nameVi: z.string().trim().min(1).max(300).optional(),
  website: z.url({ protocol: /^https?$/ }).optional(),
});
export const userBody = z.strictObject({
  email: emailSchema,
  password: passwordSchema,
  name: z.string().trim().min(1).max(200),
  role: z.enum(ROLES),
  agencyId: objectId.optional(),
  organizationId: objectId.optional(),
});
const usersQuery = z.strictObject({ ...pageQuery, role: z.enum(ROLES).optional(), agencyId: objectId.optional() });
const statusBody = z.strictObject({ disabled: z.boolean() });

export function adminRouter(ctx: RegistryContext, routes: RouteScope) {
  const { guarded } = endpoints(ctx);

  routes.get(
    '/agencies',
    guarded('agency:list-admin', { summary: 'All agencies (admin view)' }, async () => ({
      body: { items: await listAgencies(ctx) },
    })),
  );
  routes.post(
    '/agencies',
    guarded(
      'agency:create',
      { summary: 'Register a supervising agency', body: agencyBody, reply: { status: 201 } },
      async ({ body }) => {
        const agency = await registerAgency(ctx, body, { role: 'admin' });
        return { status: 201, body: agency, headers: { Location: `/api/v1/agencies/${agency.id}` } };
      },
    ),
  );
  routes.get(
    '/users',
    guarded(
      'user:list',
      { summary: 'User accounts, a page at a time (Link: rel="next")', query: usersQuery },
      async ({ query, req }) => {
        const page = await listUsers(ctx, { role: query.role, agencyId: query.agencyId }, query);
        return { body: page, headers: nextLink(req.originalUrl, page.next) };
      },
    ),
  );
  routes.post(
    '/users',
    guarded(
      'user:create',
      {
        summary: 'Create an account (a regulator of an agency, an admin, a business user)',
        body: userBody,
        reply: { status: 201 },
      },
      async ({ body }) => {
        const user = await createUser(ctx, body);
        return { status: 201, body: user, headers: { Location: `/api/v1/admin/users/${user.id}` } };
      },
    ),
  );
  routes.get(
    '/users/:id',
    guarded('user:read', { summary: 'One user account', params: idParams }, async ({ params }) => ({
      body: await getUser(ctx, params.id),
    })),
  );
  routes.patch(
    '/users/:id',
    guarded(
      'user:disable',
      {
        summary: 'Disable or enable an account (its tokens stop working at once)',
        params: idParams,
        body: statusBody,
        refuses: [409],
      },
      async ({ params, body, principal }) => ({
        body: await setDisabled(ctx, params.id, body.disabled, principal.userId),
      }),
    ),
  );
  routes.post(
    '/users/:id/disable',
    guarded(
      'user:disable',
      { summary: 'Disable an account (409: not your own)', params: idParams, refuses: [409] },
      async ({ params, principal }) => ({
        body: await setDisabled(ctx, params.id, true, principal.userId),
      }),
    ),
  );
  routes.post(
    '/users/:id/enable',
    guarded(
      'user:disable',
      { summary: 'Enable an account again', params: idParams },
      async ({ params, principal }) => ({
        body: await setDisabled(ctx, params.id, false, principal.userId),
      }),
    ),
  );
  routes.get(
    '/programmes',
    guarded('programme:list-admin', { summary: 'All programmes (admin view)' }, async () => ({
      body: { items: await listProgrammes(ctx) },
    })),
  );
  routes.post(
    '/programmes',
    guarded(
      'programme:create',
      {
        summary: 'Register a programme: legal basis, agency, solution types, limits',
        body: programmeInput,
        reply: { status: 201 },
      },
      async ({ body }) => {
        const programme = await registerProgramme(ctx, body);
        return { status: 201, body: programme, headers: { Location: `/api/v1/programmes/${programme.id}` } };
      },
    ),
  );
  // Vietnam's working days beyond the public holidays: the government sets the Tết break and swaps each year.
  routes.get(
    '/calendar',
    guarded(
      'programme:list-admin',
      { summary: 'Extra days off and swapped working days, per year (the statutory clocks count with them)' },
      async () => ({ body: { items: await listCalendarYears(ctx) } }),
    ),
  );
  routes.put(
    '/calendar',
    guarded(
      'programme:create',
      {
        summary: "Set one year's extra days off and swapped working days (replaces that year's list)",
        body: calendarYearInput,
      },
      async ({ body }) => ({ body: await setCalendarYear(ctx, body) }),
    ),
  );
  // Runs the time-driven work now (it also runs on a timer in server/index.ts).
  routes.post(
    '/jobs/due-work',
    guarded(
      'jobs:run',
      { summary: 'Run the time-driven work now (lapses, starts, expiries, overdue reports)' },
      async () => ({ body: await runDueWork(ctx) }),
    ),
  );
}
