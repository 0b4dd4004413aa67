// Assembles the Express app from its parts. No listening, no database start: the entry point (index.ts)
// and the tests do that, so tests run the real app in-process on an ephemeral port.
import express from 'express';
import type { Logger } from 'pino';
import type { Connection } from 'mongoose';
import { registerModels } from '../models/index.ts';
import { rejectOperatorKeys, requireJsonBody } from '../middleware/body-guard.ts';
import { problemHandler, unknownRoute } from '../middleware/errors.ts';
import { corsPolicy } from '../middleware/cors.ts';
import { metricsEndpoint, requestMetrics } from '../middleware/metrics.ts';
import { requestLog } from '../middleware/request-log.ts';
import { RouteTable } from '../middleware/route-table.ts';
import { apiContentPolicy, securityHeaders } from '../middleware/security-headers.ts';
import { adminRouter } from '../routes/admin.ts';
import { authRouter } from '../routes/auth.ts';
import { directoryRouter } from '../routes/directory.ts';
import { healthRouter } from '../routes/health.ts';
import { ledgerRouter } from '../routes/ledger.ts';
import { mountDocs, openApiRouter } from '../routes/openapi.ts';
import { pilotsRouter } from '../routes/pilots.ts';
import { feedRouter, publicRouter } from '../routes/public.ts';
import { portalRouter } from '../routes/portal.ts';
import { siteRouter, sitePageNotFound } from '../routes/site.ts';
import type { Config } from './config.ts';
import type { RegistryContext } from './context.ts';
import { agencyProjectors } from './agencies/agencies.ts';
import { Ledger, type LedgerFaults } from './ledger/ledger.ts';
import { createMetrics } from './metrics.ts';
import { pilotProjectors } from './pilots/projector.ts';
import { programmeProjectors } from './programmes/programmes.ts';

export interface AppDeps {
  config: Config;
  conn: Connection;
  logger: Logger;
  now?: () => Date;
  /** Tests only: simulate a crash between the steps of a ledger append. */
  ledgerFaults?: LedgerFaults;
}

/**
 * Answers to a caller with a token (party views, the private ledger, accounts) and the token endpoints'
 * answers (which carry tokens) are never stored by a browser or a proxy. An endpoint that answers the same
 * for everyone may still set its own caching afterwards.
 */
const privateAnswers: express.RequestHandler = (req, res, next) => {
  if (req.headers.authorization || req.path.startsWith('/v1/auth/')) res.set('Cache-Control', 'no-store');
  next();
};

export function createApp(deps: AppDeps) {
  const models = registerModels(deps.conn);
  const now = deps.now ?? (() => new Date());
  const ledger = new Ledger({
    models,
    config: deps.config,
    logger: deps.logger,
    now,
    projectors: { ...agencyProjectors(models), ...programmeProjectors(models), ...pilotProjectors(models) },
    faults: deps.ledgerFaults,
  });
  const metrics = createMetrics(() => ledger.tree.size());
  const ctx: RegistryContext = { config: deps.config, models, logger: deps.logger, now, ledger, metrics };

  const app = express();
  app.disable('x-powered-by');
  // One hop: the reverse proxy in front of us appends the client's address to X-Forwarded-For; entries a
  // client wrote itself before it are not believed.
  app.set('trust proxy', deps.config.trustProxy ? 1 : false);
  app.set('json spaces', 0);

  app.use(requestLog(deps.logger));
  app.use(requestMetrics(metrics));
  app.use(securityHeaders(deps.config));
  app.use(healthRouter(deps.conn));
  app.get('/metrics', metricsEndpoint(metrics, deps.config));

  // Every endpoint is declared through a scope of this table (middleware/route-table.ts); the OpenAPI
  // document, CORS and metrics read it.
  const routes = new RouteTable();
  app.use(corsPolicy(deps.config, routes));
  const api = routes.scope('/api');
  api.router.use(apiContentPolicy);
  api.router.use(privateAnswers);
  const v1 = api.child('/v1');
  v1.router.use(requireJsonBody);
  v1.router.use(express.json({ limit: deps.config.bodyLimit, type: ['application/json', 'application/*+json'] }));
  v1.router.use(rejectOperatorKeys);
  authRouter(ctx, v1.child('/auth'));
  adminRouter(ctx, v1.child('/admin'));
  ledgerRouter(ctx, v1.child('/ledger'));
  directoryRouter(ctx, v1);
  pilotsRouter(ctx, v1);
  publicRouter(ctx, v1.child('/public'));
  openApiRouter(ctx, api, routes);
  app.use(api.prefix, api.router);
  const site = routes.scope('');
  feedRouter(ctx, site);
  app.use(site.router);
  mountDocs(app);
  // The public site's pages: HTML for people, declared in the same table (routes/site.ts).
  const pages = routes.scope('');
  siteRouter(ctx, pages);
  app.use(pages.router);
  // The portal for businesses, regulators and admins: forms with a session cookie (routes/portal.ts).
  app.use(portalRouter(ctx));

  app.use(sitePageNotFound);
  app.use(unknownRoute(routes));
  app.use(problemHandler);
  return { app, ctx, routes };
}
