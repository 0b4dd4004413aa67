// Registration, login, refresh-token rotation, logout and the per-request check of an access token.
import { Types } from 'mongoose';
import type { RegistryContext } from '../context.ts';
import { problems } from '../errors.ts';
import { burnPasswordCheck, checkPassword, hashPassword } from './passwords.ts';
import type { Principal } from './principal.ts';
import { hashRefreshToken, newRefreshToken, signAccessToken, verifyAccessToken } from './tokens.ts';
import { isDuplicateKey } from '../db/duplicate.ts';
import { organizationView, userView, type OrganizationView, type UserView } from './views.ts';

export interface Registration {
  email: string;
  password: string;
  name: string;
  organization: { name: string; registrationNumber: string };
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  /** Seconds until the access token expires. */
  expiresIn: number;
  refreshExpiresIn: number;
}

/**
 * Creates a business organization and its first user. Without transactions (FerretDB has none) the
 * organization goes in first, guarded by its unique number; if the user cannot follow (e-mail taken), the
 * organization is removed again. An organization left without any user by a crash between the two steps
 * is adopted by the next registration with the same number.
 */
export async function register(
  ctx: RegistryContext,
  input: Registration,
): Promise<{ user: UserView; organization: OrganizationView }> {
  const { Organization, User } = ctx.models;
  if (await User.exists({ email: input.email })) throw emailTaken();

  const passwordHash = await hashPassword(input.password, ctx.config.bcryptCost);
  let organization;
  let created = false;
  try {
    organization = await Organization.create(input.organization);
    created = true;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    const existing = await Organization.findOne({ registrationNumber: input.organization.registrationNumber });
    if (!existing || (await User.exists({ organization: existing._id }))) {
      throw problems.conflict('An organization with this registration number is already registered.', {
        errors: [{ field: 'organization.registrationNumber', reason: 'is already registered' }],
      });
    }
    organization = existing;
  }

  try {
    const user = await User.create({
      email: input.email,
      passwordHash,
      name: input.name,
      role: 'business',
      organization: organization._id,
    });
    return { user: userView(user), organization: organizationView(organization) };
  } catch (err) {
    if (created) await Organization.deleteOne({ _id: organization._id });
    if (isDuplicateKey(err)) throw emailTaken();
    throw err;
  }
}

const emailTaken = () =>
  problems.conflict('An account with this e-mail already exists.', {
    errors: [{ field: 'email', reason: 'is already registered' }],
  });

/**
 * The account behind an e-mail and password, with every rule of signing in: a locked account is
 * refused before its password is checked, a wrong password counts towards the lock, a disabled account
 * is refused. Shared by the API's login and the portal's.
 */
export async function checkCredentials(ctx: RegistryContext, email: string, password: string) {
  const { User } = ctx.models;
  const now = ctx.now();
  const user = await User.findOne({ email });
  if (!user) {
    await burnPasswordCheck(password);
    throw problems.invalidCredentials('E-mail or password is wrong.');
  }
  if (user.lockedUntil && user.lockedUntil > now) throw lockedProblem(user.lockedUntil, now);

  if (!(await checkPassword(password, user.passwordHash))) {
    await recordFailure(ctx, user._id, now);
    throw problems.invalidCredentials('E-mail or password is wrong.');
  }
  if (user.disabled) throw problems.forbidden('This account is disabled.', { extra: { reason: 'account-disabled' } });

  if (user.failedLogins > 0 || user.lockedUntil) {
    await User.updateOne({ _id: user._id }, { $set: { failedLogins: 0 }, $unset: { lockedUntil: 1 } });
  }
  return user;
}

export async function login(ctx: RegistryContext, email: string, password: string): Promise<TokenPair> {
  const user = await checkCredentials(ctx, email, password);
  const now = ctx.now();
  const session = await ctx.models.Session.create({
    user: user._id,
    expiresAt: new Date(now.getTime() + ctx.config.refreshTtlSeconds * 1000),
  });
  return issueTokens(
    ctx,
    { userId: String(user._id), sessionId: String(session._id), role: user.role },
    session.expiresAt,
    now,
  );
}

/**
 * Changes the caller's password after checking the current one, and ends every session of the account
 * (API token families and portal sessions alike): whoever knew the old password is signed out.
 */
export async function changePassword(
  ctx: RegistryContext,
  principal: Principal,
  current: string,
  next: string,
): Promise<void> {
  const user = await ctx.models.User.findById(principal.userId);
  if (!user) throw problems.notFound();
  if (!(await checkPassword(current, user.passwordHash))) {
    await recordFailure(ctx, user._id, ctx.now());
    throw problems.validation('The current password is wrong.', {
      errors: [{ field: 'currentPassword', reason: 'is wrong' }],
    });
  }
  const passwordHash = await hashPassword(next, ctx.config.bcryptCost);
  await ctx.models.User.updateOne({ _id: user._id }, { $set: { passwordHash } });
  await revokeAllSessions(ctx, user._id, 'password-changed');
  ctx.logger.info({ userId: principal.userId }, 'password changed; every session ended');
}

/** Ends every open session of an account (password change, disabling, an admin's revocation). */
export async function revokeAllSessions(
  ctx: RegistryContext,
  userId: Types.ObjectId | string,
  reason: string,
): Promise<number> {
  const sessions = await ctx.models.Session.find({ user: userId, revokedAt: null }).select('_id');
  await Promise.all(sessions.map((s) => revokeSession(ctx, s._id, reason)));
  return sessions.length;
}

function lockedProblem(until: Date, now: Date) {
  const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  return problems.locked(`Too many failed logins; try again in ${seconds} seconds.`, {
    headers: { 'Retry-After': String(seconds) },
    extra: { lockedUntil: until.toISOString() },
  });
}

/**
 * Counts a failed password with $inc. On MongoDB this is atomic; FerretDB v1 applies updates as
 * read-modify-write, so under heavy parallel guessing a few failures may go uncounted there (the rate
 * limit still bounds them).
 */
async function recordFailure(ctx: RegistryContext, userId: Types.ObjectId, now: Date): Promise<void> {
  const { User } = ctx.models;
  const after = await User.findOneAndUpdate(
    { _id: userId },
    { $inc: { failedLogins: 1 } },
    { returnDocument: 'after' },
  );
  if (after && after.failedLogins >= ctx.config.lockout.maxFailures) {
    const lockedUntil = new Date(now.getTime() + ctx.config.lockout.lockSeconds * 1000);
    await User.updateOne({ _id: userId }, { $set: { lockedUntil, failedLogins: 0 } });
    ctx.logger.warn({ userId: String(userId), lockedUntil }, 'account locked after repeated failed logins');
  }
}

async function issueTokens(
  ctx: RegistryContext,
  who: { userId: string; sessionId: string; role: string },
  sessionExpiresAt: Date,
  now: Date,
): Promise<TokenPair> {
  const refresh = newRefreshToken();
  await ctx.models.RefreshToken.create({
    tokenHash: refresh.hash,
    session: who.sessionId,
    user: who.userId,
    expiresAt: sessionExpiresAt,
  });
  return {
    accessToken: signAccessToken(ctx.config, { sub: who.userId, sid: who.sessionId, role: who.role }, now),
    refreshToken: refresh.token,
    tokenType: 'Bearer',
    expiresIn: ctx.config.jwt.accessTtlSeconds,
    refreshExpiresIn: Math.max(0, Math.floor((sessionExpiresAt.getTime() - now.getTime()) / 1000)),
  };
}

const badRefresh = () => problems.invalidToken('The refresh token is invalid, expired or already used.');

/**
 * Rotates a refresh token. Spending it is an insert into a unique index, so of two concurrent refreshes
 * with the same token exactly one wins. Presenting a token that was already spent means it was copied:
 * the whole session (every token of the family, access tokens included) is revoked.
 */
export async function refresh(ctx: RegistryContext, token: string): Promise<TokenPair> {
  const { RefreshToken, RefreshTokenUse, Session, User } = ctx.models;
  const now = ctx.now();
  const tokenHash = hashRefreshToken(token);
  const row = await RefreshToken.findOne({ tokenHash });
  if (!row) throw badRefresh();
  try {
    await RefreshTokenUse.create({ tokenHash, usedAt: now });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    await revokeSession(ctx, row.session, 'refresh-token-reuse');
    ctx.logger.warn({ sessionId: String(row.session) }, 'refresh token reused; session revoked');
    throw badRefresh();
  }
  await RefreshToken.updateOne({ _id: row._id }, { $set: { usedAt: now } });
  if (row.expiresAt <= now) throw badRefresh();
  const session = await Session.findById(row.session);
  if (!session || session.revokedAt || session.expiresAt <= now) throw badRefresh();
  const user = await User.findById(row.user);
  if (!user || user.disabled) throw badRefresh();
  return issueTokens(
    ctx,
    { userId: String(user._id), sessionId: String(session._id), role: user.role },
    session.expiresAt,
    now,
  );
}

export async function revokeSession(
  ctx: RegistryContext,
  sessionId: Types.ObjectId | string,
  reason: string,
): Promise<void> {
  await ctx.models.Session.updateOne(
    { _id: sessionId, revokedAt: null },
    { $set: { revokedAt: ctx.now(), revokedReason: reason } },
  );
}

/** Ends a session, named by a refresh token of it or by the caller's own access token. Idempotent. */
export async function logout(
  ctx: RegistryContext,
  by: { refreshToken?: string; principal?: Principal },
): Promise<void> {
  if (by.refreshToken) {
    const row = await ctx.models.RefreshToken.findOne({ tokenHash: hashRefreshToken(by.refreshToken) });
    if (row) await revokeSession(ctx, row.session, 'logout');
  }
  if (by.principal) await revokeSession(ctx, by.principal.sessionId, 'logout');
}

/**
 * Turns a bearer token into a Principal. Besides the signature, the session and the account are read on
 * every request, so logout, reuse detection and disabling an account take effect at once.
 */
export async function authenticate(ctx: RegistryContext, bearer: string): Promise<Principal> {
  const now = ctx.now();
  const claims = verifyAccessToken(ctx.config, bearer, now);
  if (!Types.ObjectId.isValid(claims.sub) || !Types.ObjectId.isValid(claims.sid)) throw problems.invalidToken();
  const [session, user] = await Promise.all([
    ctx.models.Session.findById(claims.sid),
    ctx.models.User.findById(claims.sub),
  ]);
  if (!session || session.revokedAt || session.expiresAt <= now || String(session.user) !== claims.sub) {
    throw problems.invalidToken('This session has ended; log in again.');
  }
  if (!user || user.disabled) throw problems.invalidToken('This account is disabled.');
  return {
    userId: String(user._id),
    sessionId: String(session._id),
    role: user.role,
    organizationId: user.organization ? String(user.organization) : undefined,
    agencyId: user.agency ? String(user.agency) : undefined,
  };
}

export async function me(ctx: RegistryContext, principal: Principal) {
  const user = await ctx.models.User.findById(principal.userId);
  if (!user) throw problems.notFound();
  const organization = user.organization ? await ctx.models.Organization.findById(user.organization) : null;
  const agency = user.agency ? await ctx.models.Agency.findById(user.agency) : null;
  return {
    user: userView(user),
    organization: organization ? organizationView(organization) : null,
    agency: agency ? { id: String(agency._id), code: agency.code, name: agency.name } : null,
  };
}
