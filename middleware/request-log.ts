// One line per request, readable by a person: its id (the caller's X-Request-Id when it is a sane token,
// else a new UUID, echoed in the response and carried by every log line of the request), method, path,
// status, duration (`responseTime`, ms) and the signed-in principal's id — never the header set.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';

const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestLog(logger: Logger) {
  return pinoHttp({
    logger,
    genReqId(req, res) {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && SAFE_ID.test(given) ? given : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    customLogLevel(_req, res, err) {
      if (err || res.statusCode >= 500) return 'error';
      return 'info';
    },
    serializers: {
      req: (req: { id?: unknown; method?: string; url?: string; raw?: { originalUrl?: string } }) => ({
        id: req.id,
        method: req.method,
        url: req.raw?.originalUrl ?? req.url,
      }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
    // Set by the endpoint pipeline and the portal's session middleware once they know who is calling.
    customProps: (_req, res) => {
      const principal = (res as { locals?: { principalId?: string } }).locals?.principalId;
      return principal ? { principal } : {};
    },
    // The error middleware logs 500s with their stack once; pino-http need not repeat the error.
    customAttributeKeys: { err: 'error' },
  });
}
