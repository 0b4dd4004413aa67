// The one error middleware: anything thrown becomes RFC 9457 application/problem+json. Known errors keep
// their status; anything unknown is a plain 500, logged with the request id and never shown to the client.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { isDatabaseUnavailable } from '../server/db/connection.ts';
import { isDuplicateKey } from '../server/db/duplicate.ts';
import { Problem, problems } from '../server/errors.ts';
import { VersionConflict } from '../server/ledger/ledger.ts';
import type { RouteTable } from './route-table.ts';

interface BodyParserError {
  type: string;
  status?: number;
}

function isBodyParserError(err: unknown): err is BodyParserError {
  return (
    typeof err === 'object' && err !== null && typeof (err as BodyParserError).type === 'string' && 'expose' in err
  );
}

export function toProblem(err: unknown): Problem | undefined {
  if (err instanceof Problem) return err;
  if (isBodyParserError(err)) {
    switch (err.type) {
      case 'entity.parse.failed':
        return problems.malformedJson('The request body is not valid JSON.');
      case 'entity.too.large':
        return problems.payloadTooLarge('The request body is larger than this server accepts.');
      case 'encoding.unsupported':
      case 'charset.unsupported':
        return problems.unsupportedMediaType('Send JSON encoded as UTF-8.');
      case 'request.aborted':
      case 'request.size.invalid':
        return problems.badRequest('The request body was incomplete.');
      default:
        if (err.status && err.status >= 400 && err.status < 500)
          return new Problem(err.status, '/problems/bad-request', 'Bad request');
    }
  }
  // Express answers a path parameter that is not percent-encoded UTF-8 ("%FF") with a URIError.
  if (err instanceof URIError) return problems.badRequest('The URL is not valid percent-encoded UTF-8.');
  if (isDatabaseUnavailable(err)) {
    return problems.unavailable('The database is unreachable; try again shortly.', { headers: { 'Retry-After': '5' } });
  }
  if (err instanceof VersionConflict) return problems.conflict(err.message, { extra: { subject: err.key } });
  if (isDuplicateKey(err)) return problems.conflict('This record conflicts with an existing one.');
  if (err instanceof Error && ['CastError', 'StrictModeError', 'ValidationError'].includes(err.name)) {
    return problems.validation('The request contains a value this record cannot take.');
  }
  return undefined;
}

export const problemHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const problem =
    toProblem(err) ?? problems.internal('Something went wrong on our side; the request id identifies it in our logs.');
  if (problem.status >= 500) {
    req.log.error({ err }, problem.status === 503 ? 'database unavailable' : 'unhandled error');
  }
  if (res.headersSent) {
    res.end();
    return;
  }
  for (const [name, value] of Object.entries(problem.headers)) res.setHeader(name, value);
  if (problem.status === 401 && !res.getHeader('WWW-Authenticate')) {
    res.setHeader(
      'WWW-Authenticate',
      problem.type === problems.invalidToken.type ? 'Bearer error="invalid_token"' : 'Bearer',
    );
  }
  res
    .status(problem.status)
    .type('application/problem+json')
    .send(
      JSON.stringify({
        type: problem.type,
        title: problem.title,
        status: problem.status,
        detail: problem.detail,
        instance: req.originalUrl,
        ...(problem.errors ? { errors: problem.errors } : {}),
        ...problem.extra,
        // The id request-log.ts made (always a string) and echoed in X-Request-Id.
        requestId: typeof req.id === 'string' ? req.id : null,
      }),
    );
};

/**
 * No endpoint answered. A path the table declares with other methods is 405 with `Allow` (RFC 9110
 * §15.5.6: the resource exists, the method does not apply to it); any other path is 404.
 */
export function unknownRoute(routes: RouteTable): RequestHandler {
  return (req, _res, next) => {
    const methods = routes.methodsAt(req.path);
    if (methods.length) {
      const allow = methods.flatMap((m) => (m === 'get' ? ['GET', 'HEAD'] : [m.toUpperCase()]));
      next(
        problems.methodNotAllowed(`${req.method} is not allowed here; this resource answers ${allow.join(', ')}.`, {
          headers: { Allow: allow.join(', ') },
        }),
      );
      return;
    }
    next(problems.notFound(`No route for ${req.method} ${req.path}.`));
  };
}
