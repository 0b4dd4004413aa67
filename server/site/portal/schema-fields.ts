// A form drawn from the very zod schema the API validates with, so that a form and an API call are one
// request and no field is declared twice: each leaf becomes an input named by its JSON path, an object a
// fieldset, a list of objects a group of rows (blank rows are dropped when read, see forms.ts), and a
// union on `type` (conditions) a choice of type with the parameters of each type beside it.
import type { z } from 'zod';

type Def = z.core.$ZodTypeDef & {
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  options?: z.ZodType[];
  discriminator?: string;
  entries?: Record<string, string>;
  values?: unknown[];
};
interface LengthCheck {
  check: string;
  maximum?: number;
  minimum?: number;
}
const defOf = (schema: z.ZodType) => schema._zod.def as Def;

export type InputKind = 'text' | 'textarea' | 'number' | 'date' | 'datetime-local' | 'select' | 'lines';

export type FieldNode =
  | { kind: 'input'; path: string; input: InputKind; required: boolean; maxlength?: number; options?: string[] }
  | { kind: 'group'; path: string; required: boolean; children: FieldNode[] }
  | { kind: 'rows'; path: string; required: boolean; max?: number; element: z.ZodType }
  | { kind: 'variants'; path: string; required: boolean; discriminator: string; options: Variant[] };
export interface Variant {
  value: string;
  children: FieldNode[];
}

/** Instants that carry a time of day (an incident, a mitigation step): the rest are days. */
const WITH_TIME = /(^|\.)(occurredAt|at)$/;

function unwrap(schema: z.ZodType): { inner: z.ZodType; optional: boolean } {
  let inner = schema;
  let optional = false;
  for (;;) {
    const def = defOf(inner);
    if (
      ['optional', 'default', 'prefault', 'nullable', 'readonly', 'catch'].includes(def.type) &&
      def.innerType !== undefined
    ) {
      if (def.type !== 'readonly' && def.type !== 'catch') optional = true;
      inner = def.innerType;
    } else if (def.type === 'pipe' && def.in !== undefined) {
      inner = def.in;
    } else return { inner, optional };
  }
}

const checkOf = (def: Def, name: string) =>
  (def as { checks?: { _zod: { def: LengthCheck } }[] }).checks?.map((c) => c._zod.def).find((c) => c.check === name);
const maxLength = (def: Def) => checkOf(def, 'max_length')?.maximum;
const maxItems = maxLength;
/** A list is required only when it needs at least one item. */
const minItems = (def: Def) => checkOf(def, 'min_length')?.minimum ?? 0;

/** Whether a union is our `instant`: an ISO date or a date-time. */
function isInstant(def: Def): boolean {
  return (
    def.type === 'union' &&
    (def.options ?? []).every((o) => {
      const d = defOf(o) as Def & { format?: string };
      return d.type === 'string' && (d.format === 'date' || d.format === 'datetime');
    })
  );
}

/** The form's nodes for `schema`, its fields named under `path` (dotted; '' at the top). */
export function fieldsOf(schema: z.ZodType, path = ''): FieldNode[] {
  const { inner } = unwrap(schema);
  const def = defOf(inner);
  if (def.type !== 'object') return [nodeOf(schema, path)];
  return Object.entries(def.shape ?? {}).map(([key, field]) => nodeOf(field, path ? `${path}.${key}` : key));
}

function nodeOf(schema: z.ZodType, path: string): FieldNode {
  const { inner, optional } = unwrap(schema);
  const def = defOf(inner);
  const required = !optional;
  switch (def.type) {
    case 'object':
      return { kind: 'group', path, required, children: fieldsOf(inner, path) };
    case 'array': {
      const element = unwrap(def.element!).inner;
      const elementType = defOf(element).type;
      const needed = required && minItems(def) > 0;
      if (elementType === 'object' || elementType === 'union')
        return { kind: 'rows', path, required: needed, max: maxItems(def), element: def.element! };
      return { kind: 'input', path, input: 'lines', required: needed };
    }
    case 'union':
      if (isInstant(def))
        return { kind: 'input', path, input: WITH_TIME.test(path) ? 'datetime-local' : 'date', required };
      if (def.discriminator) {
        const key = def.discriminator;
        return {
          kind: 'variants',
          path,
          required,
          discriminator: key,
          options: (def.options ?? []).map((option) => {
            const shape = defOf(option).shape ?? {};
            const value = String(defOf(shape[key]).values?.[0]);
            const rest = Object.entries(shape).filter(([k]) => k !== key);
            // Fields every variant shares (a description) are drawn once, not once per type.
            return { value, children: rest.map(([k, f]) => nodeOf(f, `${path}.${k}`)) };
          }),
        };
      }
      return { kind: 'input', path, input: 'text', required };
    case 'enum':
      return { kind: 'input', path, input: 'select', required, options: Object.values(def.entries ?? {}) };
    case 'number':
    case 'int':
      return { kind: 'input', path, input: 'number', required };
    case 'boolean':
      // A yes/no choice that can also be left unanswered (forms.ts reads 'true' and 'false').
      return { kind: 'input', path, input: 'select', required, options: ['true', 'false'] };
    case 'string': {
      const max = maxLength(def);
      return {
        kind: 'input',
        path,
        input: max !== undefined && max > 500 ? 'textarea' : 'text',
        required,
        maxlength: max,
      };
    }
    default:
      return { kind: 'input', path, input: 'text', required };
  }
}

/**
 * The fields that every variant of a union shares (the description), and those of each type: shown once,
 * then one fieldset of parameters per type.
 */
export function splitVariants(node: Extract<FieldNode, { kind: 'variants' }>) {
  const common = node.options[0]?.children.filter((c) =>
    node.options.every((o) => o.children.some((x) => x.path === c.path && x.kind === 'input')),
  );
  const shared = new Set((common ?? []).map((c) => c.path));
  return {
    shared: common ?? [],
    perType: node.options.map((o) => ({ value: o.value, children: o.children.filter((c) => !shared.has(c.path)) })),
  };
}

/** The label key of a path: its dotted names without list indices (`conditions.0.type` → `conditions.type`). */
export const labelKey = (path: string) =>
  path
    .split('.')
    .filter((part) => !/^\d+$/.test(part))
    .join('.');
