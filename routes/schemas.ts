// Schemas shared by several routers. Every object schema is strict: unknown fields are refused.
import { z } from 'zod';

export const objectId = z.string().regex(/^[0-9a-f]{24}$/i, 'must be a 24-character hexadecimal id').transform((s) => s.toLowerCase());
export const idParams = z.strictObject({ id: objectId });

/** A page size in decimal digits only: "1e2", "0x10", " 7" or "-1" are refused, not coerced. */
export const pageLimit = z
  .string()
  .regex(/^\d{1,4}$/, 'must be a whole number from 1 to 100')
  .transform(Number)
  .pipe(z.number().min(1, 'must be at least 1').max(100, 'must be at most 100'))
  .default(20);

export const pageQuery = {
  limit: pageLimit,
  after: objectId.optional(),
};

/** Builds the RFC 8288 Link header for the next page, keeping the caller's other query parameters. */
export function nextLink(originalUrl: string, next: string | null): Record<string, string> {
  if (!next) return {};
  const url = new URL(originalUrl, 'http://x');
  url.searchParams.set('after', next);
  return { Link: `<${url.pathname}${url.search}>; rel="next"` };
}
