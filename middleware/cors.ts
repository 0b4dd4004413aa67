// CORS, decided per route from the route table. Public reads (an `open` GET: ledger, agencies,
// programmes, lifecycle, published pilots, the API document) answer any origin with `*` and without the
// Authorization header, so any site can show public data but no script rides a user's token through
// them. Everything else — and public reads that send a token — is for the origins of CORS_ORIGINS only;
// other origins get no CORS headers at all (never a reflected origin).
import cors from 'cors';
import type { RequestHandler } from 'express';
import type { Config } from '../server/config.ts';
import type { RouteTable } from './route-table.ts';

const EXPOSED = ['ETag', 'Link', 'Location', 'Retry-After', 'X-Request-Id', 'RateLimit', 'RateLimit-Policy'];
const MAX_AGE_SECONDS = 600;

export function corsPolicy(config: Pick<Config, 'cors'>, routes: RouteTable): RequestHandler {
  const allowed = new Set(config.cors.origins);
  const anyOrigin = cors({
    origin: '*',
    methods: ['GET', 'HEAD'],
    allowedHeaders: ['Content-Type', 'If-None-Match', 'X-Request-Id'],
    exposedHeaders: EXPOSED,
    maxAge: MAX_AGE_SECONDS,
  });
  const listedOrigins = cors({
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'If-Match', 'If-None-Match', 'X-Request-Id'],
    exposedHeaders: EXPOSED,
    maxAge: MAX_AGE_SECONDS,
  });
  return (req, res, next) => {
    // Every answer may differ by Origin, so caches must key on it (a cached answer without CORS headers
    // must not be served to a cross-origin reader).
    res.vary('Origin');
    const origin = req.headers.origin;
    if (origin === undefined) {
      next();
      return;
    }
    const preflight = req.method === 'OPTIONS';
    const method = preflight ? (req.headers['access-control-request-method'] ?? 'GET') : req.method;
    const route = routes.match(method === 'HEAD' ? 'GET' : method, req.path);
    const publicRead = route !== undefined && route.permission === null && route.method === 'get';
    if (publicRead && !allowed.has(origin)) {
      // A public answer may be embedded anywhere (helmet's default would be same-origin).
      res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
      anyOrigin(req, res, next);
    } else {
      listedOrigins(req, res, next);
    }
  };
}
