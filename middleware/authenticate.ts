// Reads the bearer token; the account and session behind it are checked in server/accounts/auth.ts.
import type { Request } from 'express';
import type { Principal } from '../server/accounts/principal.ts';
import { authenticate } from '../server/accounts/auth.ts';
import type { RegistryContext } from '../server/context.ts';
import { problems } from '../server/errors.ts';

export function bearerToken(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+([A-Za-z0-9._~+/=-]+)\s*$/i.exec(header);
  if (!match) throw problems.invalidToken('The Authorization header must be "Bearer <token>".');
  return match[1];
}

/** The caller, or undefined for an anonymous request; an invalid token is an error, never anonymous. */
export async function principalOf(ctx: RegistryContext, req: Request): Promise<Principal | undefined> {
  const token = bearerToken(req);
  return token ? authenticate(ctx, token) : undefined;
}
