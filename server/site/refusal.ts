// A refused page address in the reader's words: each parameter named once, with the value it had and
// the values it may take, instead of zod's issues (which speak English and repeat a list's every item).
import type { FieldProblem } from '../errors.ts';
import type { Messages } from './i18n.ts';

/** What a page's parameter may hold: a closed list of codes (with their words), or a kind of value. */
export type Allowed = { values: readonly string[]; words?: (code: string) => string } | { hint: string };

export interface Refusal {
  name: string;
  /** The value the address gave, if it gave one (an unknown parameter's, too). */
  value: string | null;
  known: boolean;
  allowed: { code: string; words: string }[];
  hint: string | null;
}

/**
 * One refusal per parameter (`status.0` and `status.1` are both `status`). `accepted` is what the page
 * takes, each with its allowed values; the address's own values come from the raw query.
 */
export function refusals(
  errors: FieldProblem[],
  query: Record<string, unknown>,
  accepted: Record<string, Allowed>,
): Refusal[] {
  const seen = new Map<string, Refusal>();
  for (const e of errors) {
    const name = e.field.split('.')[0];
    if (seen.has(name)) continue;
    const raw = query[name];
    const value = typeof raw === 'string' ? raw : Array.isArray(raw) ? raw.map(String).join(', ') : null;
    const rule = Object.hasOwn(accepted, name) ? accepted[name] : undefined;
    seen.set(name, {
      name,
      value: value && value.length > 80 ? `${value.slice(0, 80)}…` : value,
      known: rule !== undefined,
      allowed: rule && 'values' in rule ? rule.values.map((code) => ({ code, words: rule.words?.(code) ?? code })) : [],
      hint: rule && 'hint' in rule ? rule.hint : null,
    });
  }
  return [...seen.values()];
}

/** The kinds of value the site's pages take, in the reader's words. */
export const hints = (m: Messages) => ({
  date: m.t('wantDate'),
  number: m.t('wantNumber'),
  text: m.t('wantText'),
  agency: m.t('wantAgency'),
  oneAgency: m.t('wantOneAgency'),
  reference: m.t('wantReference'),
  cursor: m.t('wantCursor'),
});
