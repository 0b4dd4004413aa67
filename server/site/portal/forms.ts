// Forms mirror the API: a field's name is the API's JSON path in bracket notation (`scope[participantCap]`,
// `exemptions[0][legalReference]`), which `express.urlencoded({ extended: true })` parses through `qs`
// into the object the API's zod schema validates. A browser can only send text, so before validation the
// text is read as the schema expects it: digits where it wants a number, `true` where it wants a boolean,
// a list where it wants an array, a day or a date and time without offset as Vietnam's, and an empty field (or an
// empty row of a repeated group) as no value.
// Nothing else changes: the schema then refuses what the API would refuse, with the same issues.
import type { z } from 'zod';
import type { FieldProblem } from '../../errors.ts';

type Def = z.core.$ZodTypeDef & {
  innerType?: z.ZodType;
  in?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  options?: z.ZodType[];
  discriminator?: string;
  valueType?: z.ZodType;
  values?: unknown[];
};
const defOf = (schema: z.ZodType) => schema._zod.def as Def;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const scalarText = (v: unknown): string =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';

/** `qs` turns `a[5]` past its array limit, or a sparse list, into `{ "5": … }`: read it as a list again. */
function asList(value: unknown): unknown[] | undefined {
  if (Array.isArray(value)) return value as unknown[];
  if (isPlainObject(value) && Object.keys(value).every((k) => /^\d{1,4}$/.test(k))) {
    return Object.keys(value)
      .sort((a, b) => Number(a) - Number(b))
      .map((k) => value[k]);
  }
  return undefined;
}

/** True for what a form sends when the person filled in nothing: '', or objects and lists of nothing. */
function isBlank(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.every(isBlank);
  if (isPlainObject(value)) return Object.values(value).every(isBlank);
  return false;
}

/** The discriminator's literal of one option of a discriminated union. */
function literalOf(option: z.ZodType, key: string): unknown {
  const field = defOf(option).shape?.[key];
  return field ? defOf(field).values?.[0] : undefined;
}

/**
 * Reads form text as `schema` expects it. Blank values become undefined (the field is left out); a value
 * that cannot be read as expected stays as it was sent, for the schema to refuse with its own words.
 */
export function fromForm(schema: z.ZodType, value: unknown): unknown {
  if (isBlank(value) && !(typeof value === 'object' && value !== null && defOf(schema).type === 'object'))
    return undefined;
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return def.innerType ? fromForm(def.innerType, value) : value;
    case 'pipe':
      return def.in ? fromForm(def.in, value) : value;
    case 'lazy':
      return value;
    case 'number':
    case 'int':
    case 'bigint': {
      if (typeof value !== 'string') return value;
      const text = value.trim().replace(/[\s_]/g, '');
      return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : value;
    }
    case 'boolean':
      if (value === 'true' || value === 'on' || value === '1') return true;
      if (value === 'false' || value === 'off' || value === '0') return false;
      return value;
    case 'array': {
      // A single text area may hold one item per line (limits, other limits, provinces…).
      const list =
        asList(value) ??
        (typeof value === 'string' && def.element && defOf(def.element).type !== 'object'
          ? value.split(/\r?\n/)
          : undefined);
      if (!list) return value;
      return list.filter((item) => !isBlank(item)).map((item) => (def.element ? fromForm(def.element, item) : item));
    }
    case 'object': {
      if (!isPlainObject(value)) return value;
      const shape = def.shape ?? {};
      const out: Record<string, unknown> = {};
      for (const [key, raw] of Object.entries(value)) {
        // A field the schema does not know is kept for it to refuse, unless it was left empty (the
        // parameters of another type of condition, drawn beside the chosen one's).
        const read = shape[key] ? fromForm(shape[key], raw) : isBlank(raw) ? undefined : raw;
        if (read !== undefined) out[key] = read;
        // A list the schema requires, sent empty, is an empty list (as the JSON would say `[]`).
        else if (shape[key] && defOf(shape[key]).type === 'array') out[key] = [];
      }
      return out;
    }
    case 'record': {
      if (!isPlainObject(value)) return value;
      const out: Record<string, unknown> = {};
      for (const [key, raw] of Object.entries(value)) {
        const read = def.valueType ? fromForm(def.valueType, raw) : raw;
        if (read !== undefined) out[key] = read;
      }
      return out;
    }
    case 'union': {
      const options = def.options ?? [];
      // Date and date-time inputs send Vietnam's local day or time without an offset: a day starts at
      // 00:00 in Vietnam, a time is Vietnam's (our one union of texts is an instant).
      const local = typeof value === 'string' ? value.trim() : '';
      const input: unknown = /^\d{4}-\d{2}-\d{2}$/.test(local)
        ? `${local}T00:00:00+07:00`
        : /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(local)
          ? `${local}${local.length === 16 ? ':00' : ''}+07:00`
          : value;
      if (def.discriminator && isPlainObject(input)) {
        const chosen = options.find((o) => literalOf(o, def.discriminator!) === input[def.discriminator!]);
        return chosen ? fromForm(chosen, input) : input;
      }
      for (const option of options) {
        const read = fromForm(option, input);
        if (option.safeParse(read).success) return read;
      }
      return input;
    }
    default:
      return value;
  }
}

/** Form fields that are the form's own, not the request's: `_csrf`, `_version` (If-Match), `_form`. */
export function withoutFormFields(body: unknown): Record<string, unknown> {
  if (!isPlainObject(body)) return {};
  return Object.fromEntries(Object.entries(body).filter(([key]) => !key.startsWith('_')));
}

/** A problem's dotted path (`scope.provinces.0`) as the form field's name (`scope[provinces][0]`). */
export function fieldName(path: string): string {
  const [first, ...rest] = path.split('.');
  return first + rest.map((part) => `[${part}]`).join('');
}

/** The id of a field's input, for the error summary's links: `f-scope-provinces-0`. */
export const fieldId = (path: string) => `f-${path.replace(/[^A-Za-z0-9_]+/g, '-')}`;

/**
 * What a form shows again after a refusal: the values as the person typed them and each issue by its
 * field, with the summary in the order the issues came.
 */
export class FormState {
  private readonly byField = new Map<string, string[]>();

  constructor(
    /** The body as posted (qs-parsed), so every field shows what was typed. */
    readonly posted: Record<string, unknown> = {},
    readonly problems: FieldProblem[] = [],
    /** A prefix the server adds to this form's fields (`application.` on submission), left out here. */
    prefix = '',
  ) {
    for (const p of problems) {
      const field = prefix && p.field.startsWith(prefix) ? p.field.slice(prefix.length) : p.field;
      this.byField.set(field, [...(this.byField.get(field) ?? []), p.reason]);
    }
  }

  static empty = () => new FormState();

  get failed(): boolean {
    return this.problems.length > 0;
  }

  /** The issues of one field (its path, dotted), or of anything inside it with `within`. */
  errors(path: string, within = false): string[] {
    if (!within) return this.byField.get(path) ?? [];
    return [...this.byField].filter(([f]) => f === path || f.startsWith(`${path}.`)).flatMap(([, r]) => r);
  }

  /** The summary at the top of the form: each field's issues, linking to it. */
  summary(): { field: string; href: string; reason: string }[] {
    return [...this.byField].flatMap(([field, reasons]) =>
      reasons.map((reason) => ({ field, href: `#${fieldId(field)}`, reason })),
    );
  }

  /** What was posted at a dotted path, as text for an input ('' when nothing). */
  value(path: string, fallback: unknown = ''): string {
    const found = this.at(path);
    const v = found === undefined ? fallback : found;
    if (v === undefined || v === null) return '';
    if (Array.isArray(v)) return v.map((item: unknown) => scalarText(item)).join('\n');
    return scalarText(v);
  }

  /** What was posted at a dotted path, as it was (lists and groups included). */
  at(path: string): unknown {
    let node: unknown = this.posted;
    for (const part of path.split('.')) {
      if (node === undefined || node === null || typeof node !== 'object') return undefined;
      node = (node as Record<string, unknown>)[part];
    }
    return node;
  }

  /** The rows posted for a repeated group (`exemptions`), at least `min` of them, as a list. */
  rows(path: string, min = 1): unknown[] {
    const list = asList(this.at(path)) ?? [];
    return list.length >= min ? list : [...list, ...Array.from({ length: min - list.length }, () => ({}))];
  }
}
