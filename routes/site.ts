// The public site: server-rendered pages that work without JavaScript, in English and Vietnamese. They
// read through the public API's own functions (server/public/*), so a page never shows what the API
// would not. These pages are HTML for people, not part of the API contract, so they live outside the route
// table (test/api/openapi.test.ts counts them through SITE_PAGES).
import express, { Router, type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { PILOT_STATES } from '../models/pilot.ts';
import type { RegistryContext } from '../server/context.ts';
import { isDatabaseUnavailable } from '../server/db/connection.ts';
import { problems } from '../server/errors.ts';
import { listPublicPilots, publicPilot } from '../server/public/pilots.ts';
import { registryStats } from '../server/public/stats.ts';
import { columns, horizontalBars } from '../server/site/charts.ts';
import { checkpoint, ledgerEntry, ledgerPage, siteData, type AgencyInfo } from '../server/site/data.ts';
import { LANGS } from '../server/site/i18n.ts';
import { assetsDir, readerMessages, render, urlWith } from '../server/site/render.ts';
import { toProblem } from '../middleware/errors.ts';
import { parseOrThrow } from '../server/validation.ts';
import { filterFields } from './public.ts';

/** Every page the site serves (Express paths). */
export const SITE_PAGES = [
  '/',
  '/pilots',
  '/pilots/:reference',
  '/agencies',
  '/agencies/:code',
  '/stats',
  '/ledger',
  '/ledger/entries/:seq',
] as const;
type SitePage = (typeof SITE_PAGES)[number];

const lang = { lang: z.enum(LANGS).optional() };
const searchQuery = z.strictObject({ ...filterFields, after: z.string().max(300).optional(), ...lang });
const langOnly = z.strictObject(lang);
const ledgerQuery = z.strictObject({
  ...lang,
  upTo: z
    .string()
    .regex(/^\d{1,15}$/, 'must be a non-negative integer')
    .transform(Number)
    .optional(),
});
const seqParam = z
  .string()
  .regex(/^\d{1,15}$/, 'must be a non-negative integer')
  .transform(Number);

/** A form sends every field, empty ones included: an empty field is no filter. */
function formQuery(req: Request): Record<string, unknown> {
  return Object.fromEntries(Object.entries(req.query).filter(([, v]) => v !== ''));
}

const PAGE_SIZE = 20;

/** Agencies by code, for names in the reader's language. */
const byCode = (agencies: AgencyInfo[]) => new Map(agencies.map((a) => [a.code, a]));

export function siteRouter(ctx: RegistryContext): Router {
  const router = Router();
  const data = siteData(ctx);
  const { Pilot } = ctx.models;

  router.use('/assets', express.static(assetsDir, { index: false, maxAge: '1h', fallthrough: false }));

  const page = (path: SitePage, handler: RequestHandler) => {
    // The metrics label: the page's template, never the raw URL.
    const label: RequestHandler = (_req, res, next) => {
      res.locals.routeTemplate = path;
      next();
    };
    router.get(path, label, handler);
  };

  page('/', async (req, res) => {
    parseOrThrow(langOnly, req.query, 'query');
    const [agencies, facets, active, total, activeCount] = await Promise.all([
      data.agencies(),
      data.facets(),
      listPublicPilots(ctx, { status: ['active'], sort: '-approved', limit: PAGE_SIZE }),
      Pilot.countDocuments({ isPublic: true }),
      Pilot.countDocuments({ isPublic: true, state: 'active' }),
    ]);
    render(req, res, 'home', {
      title: null,
      agencies,
      agencyByCode: byCode(agencies),
      facets,
      query: {},
      states: PILOT_STATES,
      active,
      total,
      activeCount,
    });
  });

  page('/pilots', async (req, res) => {
    const query = parseOrThrow(searchQuery, formQuery(req), 'query');
    const [agencies, facets, results] = await Promise.all([
      data.agencies(),
      data.facets(),
      listPublicPilots(ctx, { ...query, limit: PAGE_SIZE }),
    ]);
    const m = readerMessages(req);
    const raw = Object.fromEntries(
      Object.entries(formQuery(req)).filter(([k, v]) => k !== 'after' && k !== 'lang' && typeof v === 'string'),
    ) as Record<string, string>;
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
  });

  page('/pilots/:reference', async (req, res) => {
    parseOrThrow(langOnly, req.query, 'query');
    const reference = String(req.params.reference);
    const [pilot, agencies] = await Promise.all([publicPilot(ctx, reference), data.agencies()]);
    render(req, res, 'pilot', {
      title: `${pilot.reference} – ${pilot.title ?? ''}`,
      pilot,
      agency: byCode(agencies).get(pilot.agency ?? '') ?? null,
    });
  });

  page('/agencies', async (req, res) => {
    parseOrThrow(langOnly, req.query, 'query');
    const [agencies, stats] = await Promise.all([data.agencies(), registryStats(ctx)]);
    const counts = new Map(stats.byAgency.map((a) => [a.agency, a]));
    const m = readerMessages(req);
    render(req, res, 'agencies', { title: m.t('agencies'), agencies, counts });
  });

  page('/agencies/:code', async (req, res) => {
    parseOrThrow(langOnly, req.query, 'query');
    const code = String(req.params.code);
    const agency = (await data.agencies()).find((a) => a.code === code);
    if (!agency) throw problems.notFound(`No agency ${code}.`);
    const [programmes, pilots, byStatus] = await Promise.all([
      data.programmes().then((all) => all.filter((p) => p.agency.code === code)),
      listPublicPilots(ctx, { agency: [code], sort: 'reference', limit: 50 }),
      Pilot.aggregate<{ _id: string; count: number }>([
        { $match: { isPublic: true, agencyCode: code } },
        { $group: { _id: '$state', count: { $sum: 1 } } },
      ]),
    ]);
    const m = readerMessages(req);
    render(req, res, 'agency', {
      title: m.agencyName(agency),
      agency,
      programmes,
      pilots,
      byStatus: byStatus.sort((a, b) => b.count - a.count),
    });
  });

  page('/stats', async (req, res) => {
    parseOrThrow(langOnly, req.query, 'query');
    const [stats, agencies] = await Promise.all([registryStats(ctx), data.agencies()]);
    const m = readerMessages(req);
    const names = byCode(agencies);
    const one = (key: string, label: string) => [{ key, label }];
    const twoSeries = [
      { key: 'received', label: m.t('received') },
      { key: 'approved', label: m.t('approved') },
    ];
    render(req, res, 'stats', {
      title: m.t('statsHeading'),
      stats,
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
          stats.byAgency.map((a) => ({
            label: names.get(a.agency) ? m.agencyName(names.get(a.agency)!) : a.agency,
            values: [a.received, a.approved],
          })),
          { labelWidth: 280 },
        ),
        byMonth: columns(
          twoSeries,
          stats.byMonth.map((x) => ({ label: x.month, values: [x.received, x.approved] })),
        ),
      },
    });
  });

  page('/ledger', async (req, res) => {
    const query = parseOrThrow(ledgerQuery, req.query, 'query');
    const [cp, log] = await Promise.all([checkpoint(ctx), ledgerPage(ctx, query.upTo)]);
    const m = readerMessages(req);
    render(req, res, 'ledger', {
      title: m.t('ledgerHeading'),
      checkpoint: cp,
      key: ctx.ledger.checkpoints.publicKey(),
      log,
    });
  });

  page('/ledger/entries/:seq', async (req, res) => {
    parseOrThrow(langOnly, req.query, 'query');
    const seq = parseOrThrow(seqParam, req.params.seq, 'params');
    const [item, cp] = await Promise.all([ledgerEntry(ctx, seq), checkpoint(ctx)]);
    const m = readerMessages(req);
    render(req, res, 'entry', {
      title: `${m.t('entryHeading')} ${seq}`,
      item,
      checkpoint: cp,
      key: ctx.ledger.checkpoints.publicKey(),
    });
  });

  router.use(sitePageErrors);
  return router;
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
  if (problem && problem.status < 500) {
    const heading = problem.status === 404 ? m.t('notFound') : m.t('badRequest');
    const detail = problem.status === 404 ? m.t('notFoundDetail') : problem.detail;
    return render(req, res, 'error', { title: heading, heading, detail, errors: problem.errors ?? [] }, problem.status);
  }
  if (isDatabaseUnavailable(err)) {
    res.set('Retry-After', '5');
    return render(
      req,
      res,
      'error',
      { title: m.t('unavailable'), heading: m.t('unavailable'), detail: m.t('errorDetail'), errors: [] },
      503,
    );
  }
  req.log.error({ err }, 'page failed');
  return render(
    req,
    res,
    'error',
    { title: m.t('error'), heading: m.t('error'), detail: m.t('errorDetail'), errors: [] },
    500,
  );
};

/** Unknown paths outside the API: a 404 page for browsers, problem+json for everyone else. */
export const sitePageNotFound: RequestHandler = (req: Request, res: Response, next) => {
  if (req.method !== 'GET' || req.path.startsWith('/api/') || req.accepts(['json', 'html']) !== 'html') return next();
  const m = readerMessages(req);
  render(
    req,
    res,
    'error',
    { title: m.t('notFound'), heading: m.t('notFound'), detail: m.t('notFoundDetail'), errors: [] },
    404,
  );
};
