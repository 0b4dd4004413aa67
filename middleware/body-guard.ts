// Request bodies are JSON only, and no key that MongoDB would read as an operator or a path ($-prefixed or
// dotted) gets past this point, whatever schema comes next (DESIGN.md §5).
import type { RequestHandler } from 'express';
import { problems } from '../server/errors.ts';

const MAX_DEPTH = 32;

export const requireJsonBody: RequestHandler = (req, _res, next) => {
  const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  if (hasBody && !req.is(['application/json', 'application/*+json'])) {
    next(problems.unsupportedMediaType('Request bodies must be application/json.'));
    return;
  }
  next();
};

function findBadKey(value: unknown, path: string, depth: number): { field: string; reason: string } | undefined {
  if (depth > MAX_DEPTH) return { field: path || '(body)', reason: `is nested deeper than ${MAX_DEPTH} levels` };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const bad = findBadKey(value[i], `${path}[${i}]`, depth + 1);
      if (bad) return bad;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const field = path ? `${path}.${key}` : key;
      if (key.startsWith('$') || key.includes('.') || key.includes('\0')) {
        return {
          field,
          reason: `keys may not start with "$" or contain "."${key.includes('\0') ? ' or a NUL character' : ''}`,
        };
      }
      const bad = findBadKey(child, field, depth + 1);
      if (bad) return bad;
    }
  }
  return undefined;
}

export const rejectOperatorKeys: RequestHandler = (req, _res, next) => {
  const bad = findBadKey(req.body, '', 0);
  if (bad) {
    next(
      problems.validation(`Field ${bad.field} ${bad.reason.trim()}.`, {
        errors: [{ field: bad.field, reason: bad.reason.trim() }],
      }),
    );
    return;
  }
  next();
};
