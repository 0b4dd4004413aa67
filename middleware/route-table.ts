// The route table: every endpoint is declared once, through a RouteScope, and that one declaration both
// mounts it on Express and records it (method, path template, permission, schemas, summary). The OpenAPI
// document, the CORS policy, the request metrics and the access-matrix tests all read this table, so
// none of them can drift from what Express actually serves.
import { Router, type RequestHandler } from 'express';
import { specOf, type EndpointSpec } from './endpoint.ts';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteEntry extends EndpointSpec {
  method: Method;
  /** Full Express path, e.g. `/api/v1/pilots/:id`. */
  path: string;
  /** A per-client rate limit guards the route (it may answer 429). */
  rateLimited: boolean;
}

const rateLimiters = new WeakSet<RequestHandler>();

/** Called by middleware/rate-limit.ts, so the table knows which routes may answer 429. */
export function markRateLimiter(handler: RequestHandler): RequestHandler {
  rateLimiters.add(handler);
  return handler;
}

/** `/pilots/:id/actions/:action` → `/pilots/{id}/actions/{action}` (OpenAPI path template). */
export function templateOf(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function matcherOf(path: string): RegExp {
  const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:([A-Za-z0-9_]+)/g, '[^/]+');
  return new RegExp(`^${escaped}/?$`);
}

export class RouteTable {
  private readonly entries: RouteEntry[] = [];
  private readonly matchers = new Map<RouteEntry, RegExp>();

  add(entry: RouteEntry) {
    if (this.entries.some((e) => e.method === entry.method && e.path === entry.path)) {
      throw new Error(`Route ${entry.method.toUpperCase()} ${entry.path} is declared twice`);
    }
    this.entries.push(entry);
    this.matchers.set(entry, matcherOf(entry.path));
  }

  all(): readonly RouteEntry[] {
    return this.entries;
  }

  /** The declared route a request path would reach, first declared first (as Express matches). */
  match(method: string, path: string): RouteEntry | undefined {
    const m = method.toLowerCase();
    return this.entries.find((e) => e.method === m && this.matchers.get(e)!.test(path));
  }

  /** The methods declared at a request path (any order of declaration), e.g. ['get', 'post']. */
  methodsAt(path: string): Method[] {
    return [...new Set(this.entries.filter((e) => this.matchers.get(e)!.test(path)).map((e) => e.method))];
  }

  /** A scope mounted at `prefix` on the app (or on a parent router). */
  scope(prefix: string, router: Router = Router()): RouteScope {
    return new RouteScope(this, prefix, router);
  }
}

/**
 * Where a router's endpoints live: `scope.get('/x', ...)` mounts on `scope.router` and records
 * `<prefix>/x` in the table. The last handler must be an endpoint (`open`/`guarded`); anything
 * before it (a rate limiter) runs first.
 */
export class RouteScope {
  constructor(
    private readonly table: RouteTable,
    readonly prefix: string,
    readonly router: Router,
  ) {}

  /** A child scope: its own router, mounted on this one at `path`. */
  child(path: string): RouteScope {
    const router = Router();
    this.router.use(path, router);
    return new RouteScope(this.table, this.prefix + path, router);
  }

  get = (path: string, ...handlers: RequestHandler[]) => this.declare('get', path, handlers);
  post = (path: string, ...handlers: RequestHandler[]) => this.declare('post', path, handlers);
  put = (path: string, ...handlers: RequestHandler[]) => this.declare('put', path, handlers);
  patch = (path: string, ...handlers: RequestHandler[]) => this.declare('patch', path, handlers);
  delete = (path: string, ...handlers: RequestHandler[]) => this.declare('delete', path, handlers);

  private declare(method: Method, path: string, handlers: RequestHandler[]) {
    const full = this.prefix + path;
    const last = handlers.at(-1);
    const spec = last && specOf(last);
    if (!spec) throw new Error(`${method.toUpperCase()} ${full}: the last handler must be an endpoint (open/guarded)`);
    this.table.add({ ...spec, method, path: full, rateLimited: handlers.some((h) => rateLimiters.has(h)) });
    const template = templateOf(full);
    // The metrics label: the route template, never the raw URL (bounded cardinality).
    const label: RequestHandler = (_req, res, next) => {
      res.locals.routeTemplate = template;
      next();
    };
    this.router[method](path, label, ...handlers);
  }
}
