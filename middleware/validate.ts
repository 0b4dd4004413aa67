// Turns zod issues into the problem's field list. Unknown fields come from strict object schemas.
import type { z } from 'zod';
import type { FieldProblem } from '../server/errors.ts';
import { problems } from '../server/errors.ts';

export function fieldProblems(where: 'body' | 'query' | 'params', error: z.ZodError): FieldProblem[] {
  return error.issues.flatMap((issue) => {
    const base = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: base ? `${base}.${key}` : key, reason: 'is not an accepted field' }));
    }
    return [{ field: base || where, reason: issue.message }];
  });
}

export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, where: 'body' | 'query' | 'params'): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const errors = fieldProblems(where, parsed.error);
    throw problems.validation(errors.map((e) => `${e.field} ${e.reason}`).join('; '), { errors });
  }
  return parsed.data;
}
