import type { Role } from '../../models/index.ts';

/** Who is calling, as established by a verified access token and a fresh read of the account. */
export interface Principal {
  userId: string;
  sessionId: string;
  role: Role;
  organizationId?: string;
  agencyId?: string;
}
