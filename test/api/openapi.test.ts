// The contract: /api/openapi.json is a valid OpenAPI 3.1 document generated from the route table, and
// the table is exactly what Express serves under /api, so no route can be served undocumented.
import { Validator } from '@seriousme/openapi-schema-validator';
import { expect } from 'chai';
import { templateOf, type RouteEntry } from '../../middleware/route-table.ts';
import { OUTSIDE_ROUTE_TABLE, PORTAL_PATHS } from '../../routes/portal.ts';
import { startApp, type TestApp } from '../support/app.ts';
import { asAdmin, createAgency } from '../support/actors.ts';

interface OpenApiOperation {
  operationId: string;
  summary?: string;
  parameters: { name: string; in: string }[];
  requestBody?: unknown;
  security: Record<string, string[]>[];
  responses: Record<string, unknown>;
}
type OpenApiDocument = { openapi: string; paths: Record<string, Record<string, OpenApiOperation>> };

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle: { stack?: Layer[]; [OUTSIDE_ROUTE_TABLE]?: string };
}

/** Counts the (method, route) pairs Express actually serves, walking every mounted router. */
function servedRoutes(stack: Layer[]): number {
  return stack.reduce((n, layer) => {
    if (layer.route) return n + Object.keys(layer.route.methods).filter((m) => m !== '_all').length;
    if (layer.handle[OUTSIDE_ROUTE_TABLE]) return n;
    return n + (layer.handle.stack ? servedRoutes(layer.handle.stack) : 0);
  }, 0);
}

/** The route paths of the routers marked as outside the table (the portal's pages). */
function outsideRoutes(stack: Layer[], inside = false): string[] {
  return stack.flatMap((layer) => {
    const outside = inside || Boolean(layer.handle[OUTSIDE_ROUTE_TABLE]);
    if (layer.route) return outside ? [layer.route.path] : [];
    return layer.handle.stack ? outsideRoutes(layer.handle.stack, outside) : [];
  });
}

/** A concrete URL for a route template: a valid-looking id for each parameter. */
function sampleUrl(route: RouteEntry): string {
  return route.path.replace(/:([A-Za-z0-9_]+)/g, (_m, name: string) =>
    name === 'seq' ? '0' : name === 'action' ? 'submit' : '0123456789abcdef01234567',
  );
}

describe('OpenAPI document', () => {
  let app: TestApp;
  let doc: OpenApiDocument;

  before(async () => {
    app = await startApp();
    const res = await app.http.get('/api/openapi.json');
    expect(res.status).to.equal(200);
    doc = res.body as OpenApiDocument;
  });
  after(() => app.close());

  it('when the document is linted, then it is valid OpenAPI 3.1', async () => {
    const result = await new Validator().validate(doc);
    expect(result.errors, JSON.stringify(result.errors, null, 1)?.slice(0, 3000)).to.equal(undefined);
    expect(result.valid).to.equal(true);
    expect(doc.openapi).to.match(/^3\.1\./);
    // Schemas are inlined: a local $defs reference would not resolve once embedded in the document.
    expect(JSON.stringify(doc)).not.to.include('#/$defs');
  });

  it('when Swagger UI reads the document, then the dialect is the one it renders without a warning and each operation says whether it needs a token', () => {
    const d = doc as OpenApiDocument & { jsonSchemaDialect: string; info: { description: string } };
    expect(d.jsonSchemaDialect).to.equal('https://spec.openapis.org/oas/3.1/dialect/base');
    expect(d.info.description).to.include('Authorize').and.include('POST /api/v1/auth/login');
    for (const [path, methods] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(methods)) {
        if (!path.startsWith('/api/')) continue;
        const description = (op as { description?: string }).description ?? '';
        expect(description, `${method} ${path}`).to.match(/^\*\*(Public|Needs a token)\*\*|^`tile/);
      }
  });

  it('when every route Express serves is counted, then the route table has each one, and the document too', async () => {
    const declared = app.routes.all();
    const stack = (app.express as unknown as { router: { stack: Layer[] } }).router.stack;
    const served = servedRoutes(stack);
    // Routes deliberately outside the table (and the document): the operators' own, and the portal's pages
    // (for people with a cookie), which stay under the portal's paths.
    // The ledger's tiles too: a path of any depth (C2SP tlog-tiles) answered with raw bytes, described in
    // the document by hand.
    const outsideTable = ['GET /healthz', 'GET /readyz', 'GET /metrics', 'GET /api/v1/ledger/tile/*'];
    expect(served).to.equal(declared.length + outsideTable.length);
    const portal = outsideRoutes(stack);
    expect(portal.length).to.be.greaterThan(10);
    for (const path of portal)
      expect(
        PORTAL_PATHS.some((p) => path === p || path.startsWith(`${p}/`)),
        path,
      ).to.equal(true);
    // The site's pages are in the table and the document like the API's endpoints.
    expect(declared.filter((r) => r.page).map((r) => r.path)).to.include.members([
      '/',
      '/pilots/:reference',
      '/ledger',
    ]);
    for (const route of declared) {
      const operation = doc.paths[templateOf(route.path)]?.[route.method];
      expect(operation, `${route.method} ${route.path} is missing from the document`).to.be.an('object');
      expect(operation.summary, `${route.method} ${route.path} has no summary`).to.be.a('string').and.not.empty;
      // The route is really served: the probe never reaches the unknown-route 404.
      const res = await app.http[route.method](sampleUrl(route)).set('Content-Type', 'application/json');
      expect(res.body.detail ?? '', `${route.method} ${route.path}`).not.to.match(/^No route for/);
    }
    const ids = Object.values(doc.paths).flatMap((p) => Object.values(p).map((o) => o.operationId));
    expect(new Set(ids).size).to.equal(ids.length);
  });

  it('when a route documents its answer with a schema, then the real answer matches it', async () => {
    await createAgency(app, await asAdmin(app));
    await createAgency(app, await asAdmin(app));
    const queries: Record<string, string> = {
      '/api/v1/ledger/entries': '?start=0&limit=2',
      '/api/v1/ledger/proof/inclusion': '?index=0&size=2',
      '/api/v1/ledger/proof/consistency': '?first=1&second=2',
    };
    const documented = app.routes.all().filter((r) => r.reply?.schema);
    expect(documented.map((r) => r.path)).to.include.members(Object.keys(queries));
    for (const route of documented) {
      const res = await app.http[route.method](sampleUrl(route) + (queries[route.path] ?? ''));
      expect(res.status, `${route.path} ${JSON.stringify(res.body)}`).to.equal(route.reply!.status ?? 200);
      const parsed = route.reply!.schema!.safeParse(res.body);
      expect(parsed.success, `${route.path}: ${JSON.stringify(parsed.error?.issues)}`).to.equal(true);
    }
  });
});
