// Request metrics and the operators' GET /metrics. Requests are labelled by route template (set by the
// route table, e.g. /api/v1/pilots/{id}), never by raw URL, so a scan of random paths cannot blow up the
// series count. Access: with METRICS_TOKEN set, `Authorization: Bearer <token>` from anywhere; without
// it, only a direct connection from the loopback interface (a local Prometheus or sidecar), and never a
// request a proxy forwarded, since behind a local proxy every request would look like loopback.
import { timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import type { Config } from '../server/config.ts';
import { problems } from '../server/errors.ts';
import type { RegistryMetrics } from '../server/metrics.ts';

export function requestMetrics(metrics: RegistryMetrics): RequestHandler {
  return (req, res, next) => {
    const stop = metrics.httpDuration.startTimer();
    res.once('finish', () => {
      const template: unknown =
        res.locals.routeTemplate ??
        (req.route ? `${req.baseUrl}${String((req.route as { path: string }).path)}` : undefined);
      const labels = {
        method: req.method,
        route: typeof template === 'string' ? template : 'unmatched',
        status: String(res.statusCode),
      };
      stop(labels);
      metrics.httpRequests.inc(labels);
    });
    next();
  };
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function mayScrape(req: Request, config: Pick<Config, 'metrics'>): boolean {
  const { token } = config.metrics;
  if (token) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    return Boolean(match && sameSecret(match[1], token));
  }
  const forwarded = req.headers['x-forwarded-for'] !== undefined || req.headers.forwarded !== undefined;
  return !forwarded && LOOPBACK.test(req.socket.remoteAddress ?? '');
}

export function metricsEndpoint(metrics: RegistryMetrics, config: Pick<Config, 'metrics'>): RequestHandler {
  return async (req, res) => {
    res.locals.routeTemplate = '/metrics';
    if (!mayScrape(req, config)) {
      throw config.metrics.token
        ? problems.unauthenticated('GET /metrics needs Authorization: Bearer <METRICS_TOKEN>.')
        : problems.forbidden(
            'GET /metrics answers direct loopback requests only; set METRICS_TOKEN to scrape it from elsewhere.',
          );
    }
    res.setHeader('Cache-Control', 'no-store');
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  };
}
