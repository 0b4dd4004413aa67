// Schemas shared by several routers. Every object schema is strict: unknown fields are refused.
import { z } from 'zod';
import { PILOT_STATES } from '../models/pilot.ts';

export const objectId = z
  .string()
  .regex(/^[0-9a-f]{24}$/i, 'must be a 24-character hexadecimal id')
  .transform((s) => s.toLowerCase());
export const idParams = z.strictObject({ id: objectId });

/**
 * A whole number from `min` to `max`, written in at most `digits` decimal digits only: "1e2", "0x10",
 * " 7" or "-1" are refused, not coerced. The API document shows it as the integer it is, bounds included
 * (the digit pattern alone would let a client believe 0 or 5000 a valid page size).
 */
export function wholeNumber(min: number, max: number, opts: { digits: number; message: string }) {
  return z
    .string()
    .regex(new RegExp(`^\\d{1,${opts.digits}}$`), opts.message)
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`))
    .meta({ type: 'integer', minimum: min, maximum: max, pattern: undefined });
}

/** A page size. */
export const pageLimit = wholeNumber(1, 100, { digits: 4, message: 'must be a whole number from 1 to 100' }).default(
  20,
);

export const pageQuery = {
  limit: pageLimit,
  after: objectId.optional(),
};

/** A comma-separated list of values in one query parameter (`status=active,suspended`). */
export const commaList = <T extends z.ZodType<string, string>>(item: T) =>
  z
    .string()
    .max(500)
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item).max(20));

/** Pilot states, as the lists filter them (`status=active,suspended`). */
export const statusList = commaList(z.enum(PILOT_STATES));

/** Builds the RFC 8288 Link header for the next page, keeping the caller's other query parameters. */
export function nextLink(originalUrl: string, next: string | null): Record<string, string> {
  if (!next) return {};
  const url = new URL(originalUrl, 'http://x');
  url.searchParams.set('after', next);
  return { Link: `<${url.pathname}${url.search}>; rel="next"` };
}
