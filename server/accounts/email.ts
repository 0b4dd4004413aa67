import { z } from 'zod';

/** E-mails are trimmed and lower-cased before validation, storage and lookup, so each has one form. */
export const emailSchema = z
  .string()
  .max(254)
  .transform((e) => e.trim().toLowerCase())
  .pipe(z.email('must be a valid e-mail address'));
