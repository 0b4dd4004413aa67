// The API contract, served: GET /api/openapi.json (generated once, on first request, from the route
// table, so it lists every endpoint declared by then) and a browsable /docs (Swagger UI from its npm
// bundle: no CDN, works offline).
import type { Express, RequestHandler } from 'express';
import swaggerUi from 'swagger-ui-express';
import type { RegistryContext } from '../server/context.ts';
import { endpoints } from '../middleware/endpoint.ts';
import { docsContentPolicy } from '../middleware/security-headers.ts';
import type { RouteScope, RouteTable } from '../middleware/route-table.ts';
import { openApiDocument } from './openapi-document.ts';

export const OPENAPI_PATH = '/api/openapi.json';

const INFO = {
  title: 'Sandbox Registry API',
  version: '1.0.0',
  description:
    'Public register and supervision tool for regulatory sandboxes, with a tamper-evident exemption ledger (RFC 9162). ' +
    'Errors are RFC 9457 application/problem+json; every response carries X-Request-Id.',
};

/** Declares GET /api/openapi.json in `routes` (a scope mounted at /api): the document lists itself too. */
export function openApiRouter(ctx: RegistryContext, routes: RouteScope, table: RouteTable) {
  const { open } = endpoints(ctx);
  let document: ReturnType<typeof openApiDocument> | undefined;
  routes.get(
    '/openapi.json',
    open({ summary: 'This OpenAPI 3.1 document' }, () => {
      document ??= openApiDocument(table.all(), INFO);
      return { body: document, headers: { 'Cache-Control': 'public, max-age=300' } };
    }),
  );
}

export function mountDocs(app: Express) {
  const options = { swaggerUrl: OPENAPI_PATH, customSiteTitle: 'Sandbox Registry API' };
  const label: RequestHandler = (_req, res, next) => {
    res.locals.routeTemplate = '/docs';
    next();
  };
  app.use(
    '/docs',
    label,
    docsContentPolicy,
    ...swaggerUi.serveFiles(undefined, options),
    swaggerUi.setup(undefined, options),
  );
}
