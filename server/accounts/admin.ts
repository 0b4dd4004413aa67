// Platform administration: agencies and accounts. Admins manage these; they take no decision on a pilot.
import { type Types } from 'mongoose';
import type { RegistryContext } from '../context.ts';
import { isDuplicateKey } from '../db/duplicate.ts';
import { problems } from '../errors.ts';
import type { Role } from '../../models/index.ts';
import { hashPassword } from './passwords.ts';
import { revokeAllSessions } from './auth.ts';
import { organizationView, userView } from './views.ts';
import { BY_ID, pageOf, type PageRequest } from '../paging.ts';

export interface NewUser {
  email: string;
  password: string;
  name: string;
  role: Role;
  agencyId?: string;
  organizationId?: string;
}

/** A regulator belongs to exactly one agency, a business user to one organization, an admin to neither. */
export async function createUser(ctx: Pick<RegistryContext, 'config' | 'models'>, input: NewUser) {
  const { Agency, Organization, User } = ctx.models;
  const binding: { agency?: Types.ObjectId; organization?: Types.ObjectId } = {};
  if (input.role === 'regulator') {
    if (!input.agencyId || input.organizationId)
      throw bindingProblem('agencyId', 'a regulator needs an agencyId and no organizationId');
    const agency = await Agency.findById(input.agencyId);
    if (!agency) throw bindingProblem('agencyId', 'no such agency');
    binding.agency = agency._id;
  } else if (input.role === 'business') {
    if (!input.organizationId || input.agencyId)
      throw bindingProblem('organizationId', 'a business user needs an organizationId and no agencyId');
    const org = await Organization.findById(input.organizationId);
    if (!org) throw bindingProblem('organizationId', 'no such organization');
    binding.organization = org._id;
  } else if (input.agencyId || input.organizationId) {
    throw bindingProblem('role', 'an admin belongs to no agency or organization');
  }

  const passwordHash = await hashPassword(input.password, ctx.config.bcryptCost);
  try {
    const user = await User.create({
      email: input.email,
      passwordHash,
      name: input.name,
      role: input.role,
      ...binding,
    });
    return userView(user);
  } catch (err) {
    if (isDuplicateKey(err)) {
      throw problems.conflict('An account with this e-mail already exists.', {
        errors: [{ field: 'email', reason: 'is already registered' }],
      });
    }
    throw err;
  }
}

const bindingProblem = (field: string, reason: string) =>
  problems.validation(`${field}: ${reason}`, { errors: [{ field, reason }] });

export async function listUsers(ctx: RegistryContext, filter: { role?: Role; agencyId?: string }, page: PageRequest) {
  const query: Record<string, unknown> = {};
  if (filter.role) query.role = filter.role;
  if (filter.agencyId) query.agency = filter.agencyId;
  return pageOf((f, sort, n) => ctx.models.User.find(f).sort(sort).limit(n), query, BY_ID, page, userView);
}

export async function getUser(ctx: RegistryContext, id: string) {
  const user = await ctx.models.User.findById(id);
  if (!user) throw problems.notFound('No such account.');
  return userView(user);
}

/** Disabling revokes every session at once, so the account's tokens stop working immediately. */
export async function setDisabled(ctx: RegistryContext, id: string, disabled: boolean, actorId: string) {
  if (disabled && id === actorId) throw problems.conflict('An admin cannot disable their own account.');
  const user = await ctx.models.User.findOneAndUpdate({ _id: id }, { $set: { disabled } }, { returnDocument: 'after' });
  if (!user) throw problems.notFound('No such account.');
  if (disabled) await revokeAllSessions(ctx, user._id, 'account-disabled');
  ctx.logger.info({ userId: id, disabled, by: actorId }, 'account status changed');
  return userView(user);
}

/** An admin ends every session of an account (a lost laptop, a departed employee): it must sign in again. */
export async function endSessions(ctx: RegistryContext, id: string, actorId: string): Promise<{ ended: number }> {
  const user = await ctx.models.User.findById(id, { _id: 1 });
  if (!user) throw problems.notFound('No such account.');
  const ended = await revokeAllSessions(ctx, user._id, 'ended-by-admin');
  ctx.logger.info({ userId: id, by: actorId, ended }, 'sessions ended by an admin');
  return { ended };
}

export async function getOrganization(ctx: RegistryContext, id: string) {
  const org = await ctx.models.Organization.findById(id);
  if (!org) throw problems.notFound('No such organization.');
  return organizationView(org);
}
