// Which role holds which permission: one map, read by the authorization middleware, the tests and docs.
// Scope (own organization / own agency) is the second check, made where the record is loaded.
import type { Role } from '../../models/index.ts';

export const PERMISSIONS = {
  'account:read-self': ['business', 'regulator', 'admin'],
  'agency:create': ['admin'],
  'agency:list-admin': ['admin'],
  'user:create': ['admin'],
  'user:list': ['admin'],
  'user:read': ['admin'],
  'user:disable': ['admin'],
  'organization:read': ['business', 'admin'],
  'programme:create': ['admin'],
  'programme:list-admin': ['admin'],
  'jobs:run': ['admin'],
  'pilot:create': ['business'],
  'pilot:list': ['business', 'regulator', 'admin'],
  'pilot:edit': ['business'],
  // Which role may take which lifecycle action is the lifecycle table's business (server/lifecycle).
  'pilot:act': ['business', 'regulator'],
  'pilot:file': ['business'],
  'pilot:supervise': ['regulator'],
  'pilot:read-private-ledger': ['business', 'regulator', 'admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function roleMay(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}
