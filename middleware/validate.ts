// Request validation: zod issues become the problem's field list. Unknown fields come from strict object
// schemas. (The conversion lives in server/validation.ts, which server/ uses for record-dependent input.)
export { fieldProblems, parseOrThrow } from '../server/validation.ts';
