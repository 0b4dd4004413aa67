// Security headers, set deliberately. The site policy suits server-rendered pages that load their own
// scripts, styles and images and nothing else; the JSON API gets `default-src 'none'` (a JSON answer
// needs no resources, and an injected one could load nothing); /docs relaxes only style-src, because
// Swagger UI's page carries an inline <style> and style attributes. Scripts are never inline anywhere:
// swagger-ui-express serves its initializer as a file.
import type { RequestHandler } from 'express';
import helmet from 'helmet';
import type { Config } from '../server/config.ts';

type Directives = Record<string, string[]>;

const site: Directives = {
  'default-src': ["'self'"],
  'base-uri': ["'self'"],
  'connect-src': ["'self'"],
  'font-src': ["'self'", 'data:'],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'img-src': ["'self'", 'data:'],
  'object-src': ["'none'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'"],
};

/** helmet for the whole app, with the site policy. */
export function securityHeaders(config: Pick<Config, 'env'>): RequestHandler {
  // Only in production, where TLS is terminated in front of us: on plain-HTTP development hosts it
  // would rewrite every sub-resource to an https URL that does not answer.
  const upgrade: Directives = config.env === 'production' ? { 'upgrade-insecure-requests': [] } : {};
  const headers = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: { ...site, ...upgrade } },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // HSTS means nothing over plain HTTP (RFC 6797 §7.2: a browser ignores it there): sent below only
    // on a request that came over HTTPS (directly, or through a trusted proxy's X-Forwarded-Proto).
    strictTransportSecurity: false,
  });
  const hsts = helmet.strictTransportSecurity({ maxAge: 31_536_000, includeSubDomains: true });
  return (req, res, next) =>
    headers(req, res, (err?: unknown) => {
      if (err || !req.secure) return next(err);
      hsts(req, res, next);
    });
}

const header = (directives: Directives) =>
  Object.entries(directives)
    .map(([name, values]) => [name, ...values].join(' '))
    .join('; ');

const API_POLICY = header({ 'default-src': ["'none'"], 'frame-ancestors': ["'none'"] });
const DOCS_POLICY = header({ ...site, 'style-src': ["'self'", "'unsafe-inline'"] });

export const apiContentPolicy: RequestHandler = (_req, res, next) => {
  res.setHeader('Content-Security-Policy', API_POLICY);
  next();
};

export const docsContentPolicy: RequestHandler = (_req, res, next) => {
  res.setHeader('Content-Security-Policy', DOCS_POLICY);
  next();
};
