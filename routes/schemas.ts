// Schemas shared by several routers. Every object schema is strict: unknown fields are refused.
import { z } from 'zod';

export const objectId = z.string().regex(/^[0-9a-f]{24}$/i, 'must be a 24-character hexadecimal id').transform((s) => s.toLowerCase());
export const idParams = z.strictObject({ id: objectId });

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(100).default(20),
  after: objectId.optional(),
};

/** Builds the RFC 8288 Link header for the next page, keeping the caller's other query parameters. */
export function nextLink(originalUrl: string, next: string | null): Record<string, string> {
  if (!next) return {};
  const url = new URL(originalUrl, 'http://x');
  url.searchParams.set('after', next);
  return { Link: `<${url.pathname}${url.search}>; rel="next"` };
}
