// The public registry: no login. Lists, search and exports of pilots that were ever approved, one pilot's
// page by its reference, statistics, and (feedRouter) an Atom feed of public ledger events.
import type { Request } from 'express';
import { z } from 'zod';
import { instant } from '../models/pilot-application.ts';
import type { RegistryContext } from '../server/context.ts';
import { downloadHeaders, pilotsCsv } from '../server/public/export.ts';
import { ledgerFeed } from '../server/public/feed.ts';
import { exportPublicPilots, listPublicPilots, publicPilot } from '../server/public/pilots.ts';
import { PUBLIC_SORTS, type PublicSort } from '../server/public/query.ts';
import { registryStats } from '../server/public/stats.ts';
import { endpoints } from '../middleware/endpoint.ts';
import type { RouteScope } from '../middleware/route-table.ts';
import { commaList, nextLink, pageLimit, statusList } from './schemas.ts';

const agencyCode = z.string().regex(/^[A-Z][A-Z0-9]{1,11}$/, 'must be an agency code such as SBV');
const facet = z.string().trim().min(1).max(100);
const sorts = PUBLIC_SORTS.flatMap((s) => [s, `-${s}`]) as [PublicSort, ...PublicSort[]];

/** The filters of a public list; the site's search pages take the same ones. */
export const filterFields = {
  q: z.string().trim().max(200).optional(),
  status: statusList.optional(),
  agency: commaList(agencyCode).optional(),
  sector: facet.optional(),
  technology: facet.optional(),
  province: facet.optional(),
  activeOn: instant.optional(),
  startFrom: instant.optional(),
  startTo: instant.optional(),
  endFrom: instant.optional(),
  endTo: instant.optional(),
  sort: z.enum(sorts).default('reference'),
};
const listQuery = z.strictObject({
  ...filterFields,
  limit: pageLimit.default(20),
  after: z.string().max(300).optional(),
  format: z.enum(['json', 'csv']).optional(),
});
const exportQuery = z.strictObject(filterFields);
const pilotParams = z.strictObject({ reference: z.string().min(1).max(64) });
const feedQuery = z.strictObject({ agency: agencyCode.optional(), pilot: z.string().min(1).max(64).optional() });

const baseUrl = (req: Request) => `${req.protocol}://${req.get('host') ?? 'localhost'}`;

export function publicRouter(ctx: RegistryContext, routes: RouteScope) {
  const { open } = endpoints(ctx);
  const exported = async (kind: 'csv' | 'json', query: z.infer<typeof exportQuery>) => {
    const { items, truncated } = await exportPublicPilots(ctx, query);
    const headers = { ...downloadHeaders(kind, ctx.now()), ...(truncated ? { 'X-Export-Truncated': 'true' } : {}) };
    return { body: kind === 'csv' ? pilotsCsv(items) : { items, truncated }, headers };
  };
  const download = (kind: 'csv' | 'json') =>
    open(
      {
        summary: `The selected public pilots as a ${kind.toUpperCase()} download`,
        query: exportQuery,
        reply: { contentType: kind === 'csv' ? 'text/csv' : 'application/json', description: 'An attachment' },
      },
      ({ query }) => exported(kind, query),
    );

  const listing = {
    description: 'A page of pilots (JSON); with `format`, the whole selection as a CSV or JSON download',
    alsoContentTypes: ['text/csv'],
  };
  routes.get(
    '/pilots',
    open(
      {
        summary: 'Search and list pilots that were ever approved (public fields only)',
        query: listQuery,
        reply: listing,
      },
      async ({ query, req }) => {
        if (query.format) return exported(query.format, query);
        const page = await listPublicPilots(ctx, query);
        return { body: page, headers: nextLink(req.originalUrl, page.next) };
      },
    ),
  );
  routes.get('/pilots.csv', download('csv'));
  routes.get('/pilots.json', download('json'));
  routes.get(
    '/pilots/:reference',
    open(
      { summary: "A pilot's public page by reference, with its timeline", params: pilotParams },
      async ({ params }) => ({
        body: await publicPilot(ctx, params.reference),
      }),
    ),
  );
  routes.get(
    '/stats',
    open(
      { summary: 'Registry statistics: applications received and approved, by status, agency, sector, month' },
      async () => ({
        body: await registryStats(ctx),
      }),
    ),
  );
}

export function feedRouter(ctx: RegistryContext, routes: RouteScope) {
  const { open } = endpoints(ctx);
  routes.get(
    '/feed.atom',
    open(
      {
        summary: 'Atom feed of public ledger events',
        query: feedQuery,
        reply: { contentType: 'application/atom+xml', description: 'An Atom feed' },
      },
      async ({ query, req }) => ({
        body: await ledgerFeed(ctx, query, baseUrl(req)),
        headers: { 'Content-Type': 'application/atom+xml; charset=utf-8', 'Cache-Control': 'public, max-age=60' },
      }),
    ),
  );
}
