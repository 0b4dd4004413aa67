// Registration, login, refresh-token rotation, logout and the per-request check of an access token.
import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import type { RegistryContext } from '../context.ts';
import { problems } from '../errors.ts';
import { burnPasswordCheck, checkPassword, hashPassword } from './passwords.ts';
import type { Principal } from './principal.ts';
import { hashRefreshToken, newRefreshToken, signAccessToken, successorToken, verifyAccessToken } from './tokens.ts';
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
 * is adopted by the next registration with the same number, once it is older than ORPHAN_AFTER_MS: a
 * younger one is another registration still on its way, which must not be joined.
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
    const young = existing?.createdAt && ctx.now().getTime() - existing.createdAt.getTime() < ORPHAN_AFTER_MS;
    if (!existing || young || (await User.exists({ organization: existing._id }))) {
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

/** How old an organization without a user must be to count as left behind by a crash. */
export const ORPHAN_AFTER_MS = 60_000;

const emailTaken = () =>
  problems.conflict('An account with this e-mail already exists.', {
    errors: [{ field: 'email', reason: 'is already registered' }],
  });

/**
 * The account behind an e-mail and password, with every rule of signing in, shared by the API's login and
 * the portal's. Failures are counted per e-mail address *and* source address (the client's IP), known
 * and unknown addresses alike: after `lockout.maxFailures` failures from one source, each further try from
 * it waits longer (2 s, 4 s, 8 s … up to `lockout.lockSeconds`), answered 429 with Retry-After without
 * checking the password. No account is ever locked: the right password from a source with no recent
 * failures goes through however hard another source is guessing, and the answers (and their cost) are
 * the same whether the account exists or not. A disabled account is refused after its password.
 */
export async function checkCredentials(ctx: RegistryContext, email: string, password: string, source: string) {
  const { User, LoginThrottle } = ctx.models;
  const now = ctx.now();
  const key = throttleKey(email, source);
  const throttle = await LoginThrottle.findById(key).lean();
  if (throttle?.blockedUntil && throttle.blockedUntil > now) throw throttled(throttle.blockedUntil, now);

  const user = await User.findOne({ email });
  const right = user ? await checkPassword(password, user.passwordHash) : (await burnPasswordCheck(password), false);
  if (!user || !right) {
    await recordFailure(ctx, key, throttle, now);
    throw problems.invalidCredentials('E-mail or password is wrong.');
  }
  if (user.disabled) throw problems.forbidden('This account is disabled.', { extra: { reason: 'account-disabled' } });
  if (throttle) await LoginThrottle.deleteOne({ _id: key });
  return user;
}

const throttleKey = (email: string, source: string) =>
  createHash('sha256').update(`${email.trim().toLowerCase()}\n${source}`).digest('hex');

function throttled(until: Date, now: Date) {
  const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  return problems.tooManyRequests(`Too many failed sign-ins from here; try again in ${seconds} seconds.`, {
    headers: { 'Retry-After': String(seconds) },
  });
}

/**
 * Counts a failure of one (address, source). Failures older than the longest wait are forgotten. Under
 * parallel guessing from one source a few failures may go uncounted (the per-address rate limit still
 * bounds the tries).
 */
async function recordFailure(
  ctx: RegistryContext,
  key: string,
  previous: { failures: number; lastFailureAt: Date } | null,
  now: Date,
): Promise<void> {
  const { maxFailures, lockSeconds } = ctx.config.lockout;
  const recent = previous && now.getTime() - previous.lastFailureAt.getTime() <= lockSeconds * 1000;
  const failures = (recent ? previous.failures : 0) + 1;
  const wait = failures >= maxFailures ? Math.min(lockSeconds, 2 ** (failures - maxFailures + 1)) : 0;
  const blockedUntil = wait ? new Date(now.getTime() + wait * 1000) : null;
  await ctx.models.LoginThrottle.updateOne(
    { _id: key },
    { $set: { failures, lastFailureAt: now, blockedUntil } },
    { upsert: true },
  );
  if (wait) ctx.logger.warn({ failures, waitSeconds: wait }, 'repeated failed sign-ins from one source');
}

export async function login(ctx: RegistryContext, email: string, password: string, source: string): Promise<TokenPair> {
  const user = await checkCredentials(ctx, email, password, source);
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
  // Guessing the current password from a signed-in session is throttled like signing in, per session.
  const key = throttleKey(user.email, `session:${principal.sessionId}`);
  const now = ctx.now();
  const throttle = await ctx.models.LoginThrottle.findById(key).lean();
  if (throttle?.blockedUntil && throttle.blockedUntil > now) throw throttled(throttle.blockedUntil, now);
  if (!(await checkPassword(current, user.passwordHash))) {
    await recordFailure(ctx, key, throttle, now);
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

async function issueTokens(
  ctx: RegistryContext,
  who: { userId: string; sessionId: string; role: string },
  sessionExpiresAt: Date,
  now: Date,
  refresh: { token: string; hash: string } = newRefreshToken(),
): Promise<TokenPair> {
  try {
    await ctx.models.RefreshToken.create({
      tokenHash: refresh.hash,
      session: who.sessionId,
      user: who.userId,
      expiresAt: sessionExpiresAt,
    });
  } catch (err) {
    // A successor the other of two racing refreshes stored first: the same token, already there.
    if (!isDuplicateKey(err)) throw err;
  }
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
    // Spent already. Within the grace window (two tabs refreshing at once) the caller gets the same
    // successor as the first; later, it is a copied token, and the whole session ends.
    const use = await RefreshTokenUse.findOne({ tokenHash });
    const graceMs = ctx.config.refreshGraceSeconds * 1000;
    if (!use || now.getTime() - use.usedAt.getTime() > graceMs) {
      await revokeSession(ctx, row.session, 'refresh-token-reuse');
      ctx.logger.warn({ sessionId: String(row.session) }, 'refresh token reused; session revoked');
      throw badRefresh();
    }
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
    successorToken(ctx.config, token),
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
