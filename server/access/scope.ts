// The scope check, the second half of authorization (the first is the role's permission): a record is in
// a principal's scope when it belongs to the principal's organization (business) or agency (regulator),
// and for a pilot a regulator's scope starts at its submission (a draft is the business's own). Admins
// see everything. Out of scope answers 404, not 403, so that existence does not leak (DESIGN.md §1).
//
// One rule, two forms: `inScope` for a record in hand and `scopeFilter` for the query of a list, so a list
// never shows a record that reading it would answer 404 for.
import type { Principal } from '../accounts/principal.ts';
import { problems } from '../errors.ts';

/** What scope is decided on, as a record carries it. */
export interface Scoped {
  organizationId?: string | null;
  agencyId?: string | null;
  /** For pilots: whether it was ever submitted. Records without a submission step leave it out. */
  submitted?: boolean;
}

/** The fields a record must match, or null when the principal can see no such record at all. */
type Rule = { organizationId?: string; agencyId?: string; submitted?: true };

function ruleOf(principal: Principal): Rule | null {
  switch (principal.role) {
    case 'admin':
      return {};
    case 'business':
      return principal.organizationId ? { organizationId: principal.organizationId } : null;
    case 'regulator':
      return principal.agencyId ? { agencyId: principal.agencyId, submitted: true } : null;
  }
}

export function inScope(principal: Principal | undefined, record: Scoped): boolean {
  const rule = principal && ruleOf(principal);
  if (!rule) return false;
  if (rule.organizationId !== undefined && record.organizationId !== rule.organizationId) return false;
  if (rule.agencyId !== undefined && record.agencyId !== rule.agencyId) return false;
  return !rule.submitted || record.submitted !== false;
}

export function assertInScope(principal: Principal, record: Scoped, what = 'record'): void {
  if (!inScope(principal, record)) throw problems.notFound(`No such ${what}.`);
}

/** Where a collection keeps the fields of `Scoped`, and the filter that says "submitted". */
export interface ScopeFields {
  organizationId: string;
  agencyId: string;
  submitted: Record<string, unknown>;
}

/** The same rule as a query filter over a collection's documents. */
export function scopeFilter(principal: Principal, fields: ScopeFields): Record<string, unknown> {
  const rule = ruleOf(principal);
  // Matches nothing: ids are never the empty string.
  if (!rule) return { [fields.organizationId]: '' };
  return {
    ...(rule.organizationId !== undefined ? { [fields.organizationId]: rule.organizationId } : {}),
    ...(rule.agencyId !== undefined ? { [fields.agencyId]: rule.agencyId } : {}),
    ...(rule.submitted ? fields.submitted : {}),
  };
}
