// The public registry: no login. Lists, search and exports of pilots that were ever approved, one pilot's
// page by its reference, statistics, and (feedRouter) an Atom feed of public ledger events. Answers are
// made once per ledger tree size and sent with a strong ETag (server/public/answers.ts), so a reader's
// If-None-Match gets 304; every public read counts against a per-address rate limit (429, Retry-After).
import type { Request, RequestHandler } from 'express';
import { z } from 'zod';
import { instant } from '../models/pilot-application.ts';
import type { RegistryContext } from '../server/context.ts';
import { downloadHeaders, pilotsCsv } from '../server/public/export.ts';
import { ledgerFeed } from '../server/public/feed.ts';
import { feedWords } from '../server/site/feed-words.ts';
import { cachedAnswer, type Answer } from '../server/public/answers.ts';
import { exportFrom, listFrom, pilotAnswerKey, pilotFrom } from '../server/public/pilots.ts';
import { PUBLIC_SORTS, type PublicSort } from '../server/public/query.ts';
import { statsFrom } from '../server/public/stats.ts';
import { endpoints } from '../middleware/endpoint.ts';
import { rateLimited } from '../middleware/rate-limit.ts';
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
const feedQuery = z.strictObject({
  agency: agencyCode.optional(),
  pilot: z.string().min(1).max(64).optional(),
  lang: z.enum(['en', 'vi']).optional(),
});

/**
 * The registry's own address for absolute links (feed, CSV): PUBLIC_URL when configured; otherwise this
 * request's host, but only when it is a plain host name and port (a Host with quotes or spaces is never
 * echoed), else localhost.
 */
export function absoluteBase(ctx: RegistryContext, req: Request): string {
  if (ctx.config.publicUrl) return ctx.config.publicUrl;
  const host = req.get('host') ?? '';
  return /^[A-Za-z0-9.-]{1,253}(:\d{1,5})?$|^\[[0-9A-Fa-f:.]{2,45}\](:\d{1,5})?$/.test(host)
    ? `${req.protocol}://${host}`
    : `http://localhost:${ctx.config.port}`;
}

const limiters = new WeakMap<RegistryContext, RequestHandler>();

/** The per-address limit on public reads, one per app: the API's public routes and the site's pages. */
export function publicReadLimit(ctx: RegistryContext): RequestHandler {
  let limiter = limiters.get(ctx);
  if (!limiter) {
    const { publicReads, windowSeconds } = ctx.config.rateLimit;
    limiters.set(ctx, (limiter = rateLimited(publicReads, windowSeconds, 'public registry read')));
  }
  return limiter;
}

/** A cached answer as sent: its text as it is, its ETag (Express answers a matching If-None-Match 304). */
const sent = (answer: Answer<unknown>, headers: Record<string, string> = {}) => ({
  body: answer.text,
  headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers, ETag: answer.etag },
});

export function publicRouter(ctx: RegistryContext, routes: RouteScope) {
  const { open } = endpoints(ctx);
  const limit = publicReadLimit(ctx);
  const exported = async (kind: 'csv' | 'json', query: z.infer<typeof exportQuery>, base: string) => {
    const filter = { ...query, format: undefined, limit: undefined, after: undefined };
    const answer = await cachedAnswer(
      ctx,
      `export:${kind}:${kind === 'csv' ? base : ''}:${JSON.stringify(filter)}`,
      (snap) => exportFrom(snap, query),
      ({ items, truncated }) => (kind === 'csv' ? pilotsCsv(items, base) : JSON.stringify({ items, truncated })),
    );
    const headers = {
      ...downloadHeaders(kind, ctx.now()),
      ...(answer.value.truncated ? { 'X-Export-Truncated': 'true' } : {}),
    };
    return { body: answer.text, headers: { ...headers, ETag: answer.etag } };
  };
  const download = (kind: 'csv' | 'json') =>
    open(
      {
        summary: `The selected public pilots as a ${kind.toUpperCase()} download`,
        query: exportQuery,
        reply: { contentType: kind === 'csv' ? 'text/csv' : 'application/json', description: 'An attachment' },
      },
      ({ query, req }) => exported(kind, query, absoluteBase(ctx, req)),
    );

  const listing = {
    description: 'A page of pilots (JSON); with `format`, the whole selection as a CSV or JSON download',
    alsoContentTypes: ['text/csv'],
  };
  routes.get(
    '/pilots',
    limit,
    open(
      {
        summary: 'Search and list pilots that were ever approved (public fields only)',
        query: listQuery,
        reply: listing,
      },
      async ({ query, req }) => {
        if (query.format) return exported(query.format, query, absoluteBase(ctx, req));
        const page = await cachedAnswer(ctx, `list:${JSON.stringify(query)}`, (snap) => listFrom(snap, query));
        return sent(page, nextLink(req.originalUrl, page.value.next));
      },
    ),
  );
  routes.get('/pilots.csv', limit, download('csv'));
  routes.get('/pilots.json', limit, download('json'));
  routes.get(
    '/pilots/:reference',
    limit,
    open(
      { summary: "A pilot's public page by reference, with its timeline", params: pilotParams },
      async ({ params }) =>
        sent(
          await cachedAnswer(ctx, pilotAnswerKey(params.reference), (snap) => pilotFrom(ctx, snap, params.reference)),
        ),
    ),
  );
  routes.get(
    '/stats',
    limit,
    open(
      { summary: 'Registry statistics: applications received and approved, by status, agency, sector, month' },
      async () => sent(await cachedAnswer(ctx, 'stats', statsFrom)),
    ),
  );
}

export function feedRouter(ctx: RegistryContext, routes: RouteScope) {
  const { open } = endpoints(ctx);
  routes.get(
    '/feed.atom',
    publicReadLimit(ctx),
    open(
      {
        summary: 'Atom feed of public ledger events',
        query: feedQuery,
        reply: { contentType: 'application/atom+xml', description: 'An Atom feed' },
      },
      async ({ query, req }) => ({
        body: await ledgerFeed(ctx, query, absoluteBase(ctx, req), feedWords(query.lang ?? 'en')),
        headers: { 'Content-Type': 'application/atom+xml; charset=utf-8', 'Cache-Control': 'public, max-age=60' },
      }),
    ),
  );
}
