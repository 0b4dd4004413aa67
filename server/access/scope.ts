// The scope check: a record outside the caller's organization or agency answers 404, not 403, so its
// existence does not leak (DESIGN.md §1).
import type { Principal } from '../accounts/principal.ts';
import { problems } from '../errors.ts';

export interface Scoped {
  organizationId?: string | null;
  agencyId?: string | null;
}

export function inScope(principal: Principal, record: Scoped): boolean {
  switch (principal.role) {
    case 'admin':
      return true;
    case 'business':
      return Boolean(principal.organizationId) && record.organizationId === principal.organizationId;
    case 'regulator':
      return Boolean(principal.agencyId) && record.agencyId === principal.agencyId;
  }
}

export function assertInScope(principal: Principal, record: Scoped, what = 'record'): void {
  if (!inScope(principal, record)) throw problems.notFound(`No such ${what}.`);
}
