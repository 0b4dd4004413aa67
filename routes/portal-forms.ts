// Reading a posted portal form the API's way, and showing it again after a refusal.
import type { Request } from 'express';
import type { z } from 'zod';
import type { Problem } from '../server/errors.ts';
import { FormState, fromForm, withoutFormFields } from '../server/site/portal/forms.ts';
import { parseOrThrow } from '../server/validation.ts';
import { toProblem } from '../middleware/errors.ts';

/** Reads a posted form into `schema`'s input and validates it (400 with the API's issues otherwise). */
export function parseForm<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  return parseOrThrow(schema, fromForm(schema, withoutFormFields(body)), 'body');
}

/** The refused fields of a 400, to show next to the form's fields; any other error is thrown on. */
export function refusedFields(err: unknown): Problem & { status: 400 } {
  const problem = toProblem(err);
  if (problem?.status === 400 && problem.errors?.length) return problem as Problem & { status: 400 };
  throw err;
}

/** The posted form, kept as typed, for a page shown again after a refusal. */
export const postedForm = (req: Request, problem?: Problem, prefix = '') =>
  new FormState(withoutFormFields(req.body), problem?.errors ?? [], prefix);
