// The public site: server-rendered pages that work without JavaScript, in English and Vietnamese. Each page
// is declared in the route table like an API endpoint (middleware/endpoint.ts `page`): validated input,
// then the same server/ functions the public API calls, so a page never shows what the API would not.
import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { PILOT_STATES } from '../models/pilot.ts';
import type { RegistryContext } from '../server/context.ts';
import { isDatabaseUnavailable } from '../server/db/connection.ts';
import { problems } from '../server/errors.ts';
import { checkpointSummary, LEDGER_TYPES, ledgerKey, ledgerPage, publicEntry } from '../server/public/ledger.ts';
import { listPublicPilots, publicPilot } from '../server/public/pilots.ts';
import { PUBLIC_SORTS } from '../server/public/query.ts';
import { publicPilotCounts, registryStats } from '../server/public/stats.ts';
import { columns, horizontalBars } from '../server/site/charts.ts';
import { siteData, type AgencyInfo } from '../server/site/data.ts';
import { LANGS, type Messages } from '../server/site/i18n.ts';
import { hints, refusals, type Allowed } from '../server/site/refusal.ts';
import { assetsDir, readerMessages, render, urlWith } from '../server/site/render.ts';
import { endpoints } from '../middleware/endpoint.ts';
import { toProblem } from '../middleware/errors.ts';
import type { RouteScope } from '../middleware/route-table.ts';
import { filterFields, publicReadLimit } from './public.ts';

const lang = { lang: z.enum(LANGS).optional() };
const langOnly = z.strictObject(lang);
const searchQuery = z.strictObject({ ...filterFields, after: z.string().max(300).optional(), ...lang });
const count = z
  .string()
  .regex(/^\d{1,15}$/, 'must be a non-negative integer')
  .transform(Number);
const ledgerQuery = z.strictObject({
  ...lang,
  upTo: count.optional(),
  pilot: z.string().trim().min(1).max(64).optional(),
  agency: z
    .string()
    .regex(/^[A-Z][A-Z0-9]{1,11}$/, 'must be an agency code such as SBV')
    .optional(),
  type: z.enum(LEDGER_TYPES).optional(),
});
const referenceParams = z.strictObject({ reference: z.string().min(1).max(64) });
const codeParams = z.strictObject({ code: z.string().min(1).max(64) });
const seqParams = z.strictObject({ seq: count });

const PAGE_SIZE = 20;

/** Agencies by code, for names in the reader's language. */
const byCode = (agencies: AgencyInfo[]) => new Map(agencies.map((a) => [a.code, a]));

/** The search form's own values, to show them again (the paging cursor and language aside). */
function formValues(req: Request): Record<string, string> {
  return Object.fromEntries(
    Object.entries(req.query).filter(
      (kv): kv is [string, string] =>
        typeof kv[1] === 'string' && kv[1] !== '' && kv[0] !== 'after' && kv[0] !== 'lang',
    ),
  );
}

/** Mounts the site's pages on `site` (the table's scope at the root); the static assets beside them. */
export function siteRouter(ctx: RegistryContext, site: RouteScope) {
  const { page } = endpoints(ctx);
  const data = siteData(ctx);
  const { router } = site;
  // Pages count against the same per-address limit as the public API (a page view is one request).
  const limit = publicReadLimit(ctx);

  router.use('/assets', express.static(assetsDir, { index: false, maxAge: '1h', fallthrough: false }));

  site.get(
    '/',
    limit,
    page({ summary: 'Home: search, filters and the active pilots', query: langOnly }, async ({ req, res }) => {
      const [agencies, facets, active, counts] = await Promise.all([
        data.agencies(),
        data.facets(),
        listPublicPilots(ctx, { status: ['active'], sort: '-approved', limit: PAGE_SIZE }),
        publicPilotCounts(ctx),
      ]);
      render(req, res, 'home', {
        title: null,
        agencies,
        agencyByCode: byCode(agencies),
        facets,
        query: {},
        states: PILOT_STATES,
        active,
        total: counts.total,
        activeCount: counts.byStatus.find((b) => b.key === 'active')?.count ?? 0,
      });
    }),
  );

  site.get(
    '/pilots',
    limit,
    page(
      { summary: 'Search results, with the selection as downloads', query: searchQuery },
      async ({ query, req, res }) => {
        const [agencies, facets, results] = await Promise.all([
          data.agencies(),
          data.facets(),
          listPublicPilots(ctx, { ...query, limit: PAGE_SIZE }),
        ]);
        const m = readerMessages(req);
        const raw = formValues(req);
        const selection = new URLSearchParams(raw);
        selection.delete('sort');
        render(req, res, 'search', {
          title: `${query.q ? `“${query.q}” – ` : ''}${m.t('resultsHeading')}`,
          agencies,
          agencyByCode: byCode(agencies),
          facets,
          query: raw,
          states: PILOT_STATES,
          results,
          nextUrl: results.next ? urlWith(req, { after: results.next, lang: undefined }) : null,
          firstUrl: query.after ? urlWith(req, { after: undefined, lang: undefined }) : null,
          selection: selection.toString(),
        });
      },
    ),
  );

  site.get(
    '/pilots/:reference',
    limit,
    page(
      { summary: "A pilot's permanent page", params: referenceParams, query: langOnly },
      async ({ params, req, res }) => {
        const [pilot, agencies] = await Promise.all([publicPilot(ctx, params.reference), data.agencies()]);
        // A reference typed in another case finds the pilot; the page lives at its one permanent URL.
        if (pilot.reference && pilot.reference !== params.reference) {
          const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
          return res.redirect(301, `/pilots/${encodeURIComponent(pilot.reference)}${query}`);
        }
        render(req, res, 'pilot', {
          title: `${pilot.reference} – ${pilot.title ?? ''}`,
          pilot,
          agency: byCode(agencies).get(pilot.agency ?? '') ?? null,
        });
      },
    ),
  );

  site.get(
    '/agencies',
    limit,
    page({ summary: 'Supervising agencies', query: langOnly }, async ({ req, res }) => {
      const [agencies, stats] = await Promise.all([data.agencies(), registryStats(ctx)]);
      const counts = new Map(stats.byAgency.map((a) => [a.agency, a]));
      render(req, res, 'agencies', { title: readerMessages(req).t('agencies'), agencies, counts });
    }),
  );

  site.get(
    '/agencies/:code',
    limit,
    page(
      { summary: 'An agency, its programmes and pilots', params: codeParams, query: langOnly },
      async ({ params, req, res }) => {
        const agency = (await data.agencies()).find((a) => a.code === params.code);
        if (!agency) throw problems.notFound(`No agency ${params.code}.`);
        const [programmes, pilots, counts] = await Promise.all([
          data.programmes().then((all) => all.filter((p) => p.agency.code === params.code)),
          listPublicPilots(ctx, { agency: [params.code], sort: 'reference', limit: 50 }),
          publicPilotCounts(ctx, params.code),
        ]);
        render(req, res, 'agency', {
          title: readerMessages(req).agencyName(agency),
          agency,
          programmes,
          pilots,
          byStatus: counts.byStatus,
        });
      },
    ),
  );

  site.get(
    '/stats',
    limit,
    page({ summary: 'Statistics, as charts and tables', query: langOnly }, async ({ req, res }) => {
      const [stats, agencies] = await Promise.all([registryStats(ctx), data.agencies()]);
      const m = readerMessages(req);
      const names = byCode(agencies);
      const one = (key: string, label: string) => [{ key, label }];
      const twoSeries = [
        { key: 'received', label: m.t('received') },
        { key: 'approved', label: m.t('approved') },
      ];
      const agencyLabel = (code: string) => {
        const agency = names.get(code);
        return agency ? m.agencyName(agency) : code;
      };
      render(req, res, 'stats', {
        title: m.t('statsHeading'),
        stats,
        agencyLabel,
        charts: {
          byStatus: horizontalBars(
            one('count', m.t('count')),
            stats.pilots.byStatus.map((b) => ({ label: m.status(b.key), values: [b.count] })),
          ),
          bySector: horizontalBars(
            one('count', m.t('count')),
            stats.pilots.bySector.map((b) => ({ label: b.key, values: [b.count] })),
          ),
          byAgency: horizontalBars(
            twoSeries,
            stats.byAgency.map((a) => ({ label: agencyLabel(a.agency), values: [a.received, a.approved] })),
            { labelWidth: 280 },
          ),
          byMonth: columns(
            twoSeries,
            stats.byMonth.map((x) => ({ label: x.month, values: [x.received, x.approved] })),
          ),
        },
      });
    }),
  );

  site.get(
    '/ledger',
    limit,
    page(
      { summary: 'The ledger explorer: checkpoint and entries', query: ledgerQuery },
      async ({ query, req, res }) => {
        const { lang: _lang, ...filter } = query;
        const [checkpoint, log, agencies] = await Promise.all([
          checkpointSummary(ctx),
          ledgerPage(ctx, filter),
          data.agencies(),
        ]);
        render(req, res, 'ledger', {
          title: readerMessages(req).t('ledgerHeading'),
          checkpoint,
          key: ledgerKey(ctx),
          log,
          agencies,
          agencyByCode: byCode(agencies),
          types: LEDGER_TYPES,
          filter: { pilot: query.pilot ?? '', agency: query.agency ?? '', type: query.type ?? '' },
        });
      },
    ),
  );

  site.get(
    '/ledger/entries/:seq',
    limit,
    page(
      { summary: 'One ledger entry, with its proof and a Verify button', params: seqParams, query: langOnly },
      async ({ params, req, res }) => {
        const [item, checkpoint, agencies] = await Promise.all([
          publicEntry(ctx, params.seq),
          checkpointSummary(ctx),
          data.agencies(),
        ]);
        render(req, res, 'entry', {
          title: `${readerMessages(req).t('entryHeading')} ${params.seq}`,
          item,
          checkpoint,
          key: ledgerKey(ctx),
          agencyByCode: byCode(agencies),
        });
      },
    ),
  );

  router.use(sitePageErrors);
}

const PATH_PARAMS = new Set(['reference', 'code', 'seq']);

/** What each page's address may carry, for a refusal that names the allowed values. */
function acceptedParams(m: Messages, path: string): Record<string, Allowed> {
  const h = hints(m);
  const accepted: Record<string, Allowed> = { lang: { values: LANGS } };
  if (path === '/pilots') {
    const date = { hint: h.date };
    const text = { hint: h.text };
    Object.assign(accepted, {
      q: text,
      status: { values: PILOT_STATES, words: m.status },
      agency: { hint: h.agency },
      sector: text,
      technology: text,
      province: text,
      activeOn: date,
      startFrom: date,
      startTo: date,
      endFrom: date,
      endTo: date,
      sort: { values: PUBLIC_SORTS.flatMap((x) => [x, `-${x}`]), words: m.sortLabel },
      after: { hint: h.cursor },
    });
  } else if (path === '/ledger') {
    accepted.upTo = { hint: h.number };
    accepted.pilot = { hint: h.reference };
    accepted.agency = { hint: h.oneAgency };
    accepted.type = { values: LEDGER_TYPES, words: (t) => m.code('', t) };
  } else if (path.startsWith('/ledger/entries/')) {
    accepted.seq = { hint: h.number };
  } else if (path.startsWith('/pilots/') || path.startsWith('/agencies/')) {
    accepted.reference = { hint: h.text };
    accepted.code = { hint: h.agency };
  }
  return accepted;
}

/** An error page in the reader's language: a heading, what happened, and the parameters refused (if any). */
function errorPage(
  req: Request,
  res: Response,
  status: number,
  heading: string,
  detail: string,
  refused: ReturnType<typeof refusals> = [],
  accepted: string[] = [],
) {
  render(req, res, 'error', { title: heading, heading, detail, refusals: refused, accepted }, status);
}

/** Errors on a page answer with a page: the reader is a person with a browser, not an API client. */
const sitePageErrors: ErrorRequestHandler = (err, req, res, next) => {
  if (res.headersSent) return next(err);
  const m = readerMessages(req);
  // What the API would answer (a URL that is not UTF-8 is a 400 there too). The static files' own 4xx
  // (missing, or a path climbing out of the folder) are all "not found".
  const status = (err as { status?: unknown }).status;
  const problem =
    toProblem(err) ?? (typeof status === 'number' && status >= 400 && status < 500 ? problems.notFound() : undefined);
  if (problem?.status === 404) return errorPage(req, res, 404, m.t('notFound'), m.t('notFoundDetail'));
  if (problem && problem.status < 500) {
    if (!problem.errors?.length) return errorPage(req, res, problem.status, m.t('badRequest'), problem.detail);
    // A hand-edited address: each parameter named once, with the values it may take, in the reader's words.
    const accepted = acceptedParams(m, req.path);
    const refused = refusals(problem.errors, req.query, accepted);
    const names = refused.some((r) => !r.known) ? Object.keys(accepted).filter((k) => !PATH_PARAMS.has(k)) : [];
    return errorPage(req, res, problem.status, m.t('badRequest'), m.t('badRequestDetail'), refused, names);
  }
  if (isDatabaseUnavailable(err)) {
    res.set('Retry-After', '5');
    return errorPage(req, res, 503, m.t('unavailable'), m.t('errorDetail'));
  }
  req.log.error({ err }, 'page failed');
  return errorPage(req, res, 500, m.t('error'), m.t('errorDetail'));
};

/** Unknown paths outside the API: a 404 page for browsers, problem+json for everyone else. */
export const sitePageNotFound: RequestHandler = (req: Request, res: Response, next) => {
  if (req.method !== 'GET' || req.path.startsWith('/api/') || req.accepts(['json', 'html']) !== 'html') return next();
  const m = readerMessages(req);
  errorPage(req, res, 404, m.t('notFound'), m.t('notFoundDetail'));
};
