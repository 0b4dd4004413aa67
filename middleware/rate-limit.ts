// Sensitive routes (login, register) are rate-limited per client address; the answer is a 429 problem.
import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { problems } from '../server/errors.ts';
import { markRateLimiter } from './route-table.ts';

export function rateLimited(limit: number, windowSeconds: number, what: string): RequestHandler {
  return markRateLimiter(
    rateLimit({
      windowMs: windowSeconds * 1000,
      limit,
      standardHeaders: 'draft-7',
      legacyHeaders: false,
      handler(req, res, next) {
        const reset = (req as typeof req & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
        const seconds = reset ? Math.max(1, Math.ceil((reset.getTime() - Date.now()) / 1000)) : windowSeconds;
        res.setHeader('Retry-After', String(seconds));
        next(problems.tooManyRequests(`Too many ${what} attempts from this address; try again in ${seconds} seconds.`));
      },
    }),
  );
}
