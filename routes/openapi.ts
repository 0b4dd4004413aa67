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
  description: [
    'Public register and supervision tool for regulatory sandboxes, with a tamper-evident exemption ledger (RFC 9162). ' +
      'Errors are RFC 9457 application/problem+json; every response carries X-Request-Id.',
    '',
    '**Public calls** need no account: the public registry (`/api/v1/public/…`), the ledger (`/api/v1/ledger/…`), ' +
      'agencies and programmes: each operation says **Public** or **Needs a token** at the top of its description.',
    '',
    '**To call the others**: sign in with `POST /api/v1/auth/login` (Try it out, with your e-mail and ' +
      'password), copy `accessToken` from the answer, press **Authorize** at the top of this page and paste it. ' +
      'Access tokens last 15 minutes; `POST /api/v1/auth/refresh` with the `refreshToken` gives a new pair. ' +
      'Businesses register with `POST /api/v1/auth/register`; regulators’ and admins’ accounts are made by admins.',
  ].join('\n'),
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
