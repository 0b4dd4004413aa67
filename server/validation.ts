// Turns zod issues into the problem's field list. Used by the endpoint pipeline for requests and by
// server/ for input whose schema depends on the record (a lifecycle action's fields, per role).
// A request may ask for the issues in its reader's words (the portal does, per language): the messages
// are request-scoped through AsyncLocalStorage, so the very functions the API calls (perform(), register…)
// word their refusals for the portal's reader without a language parameter threaded through every call.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { z } from 'zod';
import { problems, type FieldProblem } from './errors.ts';

export type InputPart = 'body' | 'query' | 'params';

/** zod's per-parse error map: it words the issues a schema has no message of its own for. */
export type IssueWording = z.core.$ZodErrorMap;

const wording = new AsyncLocalStorage<IssueWording>();

/** Runs `fn` (and everything it awaits) with zod issues worded by `map`. */
export const withIssueWording = <T>(map: IssueWording, fn: () => T): T => wording.run(map, fn);

export function fieldProblems(where: InputPart, error: z.ZodError): FieldProblem[] {
  return error.issues.flatMap((issue) => {
    const base = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: base ? `${base}.${key}` : key, reason: 'is not an accepted field' }));
    }
    return [{ field: base || where, reason: issue.message }];
  });
}

export function invalid(errors: FieldProblem[]) {
  return problems.validation(errors.map((e) => `${e.field} ${e.reason}`).join('; '), { errors });
}

/** Parses with the request's wording of issues, if it asked for one. */
export function safeParseWorded<S extends z.ZodType>(schema: S, value: unknown) {
  const error = wording.getStore();
  return error ? schema.safeParse(value, { error }) : schema.safeParse(value);
}

export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, where: InputPart): z.infer<S> {
  const parsed = safeParseWorded(schema, value);
  if (!parsed.success) throw invalid(fieldProblems(where, parsed.error));
  return parsed.data;
}
