// Turns zod issues into the problem's field list. Used by the endpoint pipeline for requests and by
// server/ for input whose schema depends on the record (a lifecycle action's fields, per role).
import type { z } from 'zod';
import { problems, type FieldProblem } from './errors.ts';

export type InputPart = 'body' | 'query' | 'params';

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

export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, where: InputPart): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalid(fieldProblems(where, parsed.error));
  return parsed.data;
}
