// The portal's sessions: server-side, in the same Session collection as the API's token families, so
// logout, a password change, an admin's revocation or disabling the account end a browser session exactly
// as they end an API session. The cookie holds `<session id>.<secret>`: the session is read by _id (the one
// read FerretDB answers from an index) and the secret is checked against its stored SHA-256, so neither a
// guessed id nor a copy of the database gives a live cookie. Sessions end when idle and at an absolute
// time, and when the account is disabled.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Types } from 'mongoose';
import type { RegistryContext } from '../context.ts';
import { checkCredentials, revokeSession } from './auth.ts';
import type { Principal } from './principal.ts';

/** Who is signed in, as the portal's header shows them. */
export interface Account {
  name: string;
  email: string;
  role: Principal['role'];
  organization: { id: string; name: string } | null;
  agency: { id: string; code: string; name: string; nameVi: string | null } | null;
}

export interface BrowserSession {
  principal: Principal;
  account: Account;
}

/** Don't write `lastSeenAt` on every request: once a minute is enough for an idle timeout in minutes. */
const TOUCH_EVERY_MS = 60_000;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Signs in: the same credential rules as the API's login; a new session (and so a new cookie) every time. */
export async function startBrowserSession(
  ctx: RegistryContext,
  email: string,
  password: string,
  source: string,
): Promise<{ cookie: string; sessionId: string }> {
  const user = await checkCredentials(ctx, email, password, source);
  const now = ctx.now();
  const secret = randomBytes(32).toString('base64url');
  const session = await ctx.models.Session.create({
    user: user._id,
    kind: 'browser',
    secretHash: sha256(secret),
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + ctx.config.portal.absoluteSeconds * 1000),
  });
  return { cookie: `${String(session._id)}.${secret}`, sessionId: String(session._id) };
}

/** The session a cookie names, if it is still open; otherwise undefined (and an expired one is closed). */
export async function resumeBrowserSession(
  ctx: RegistryContext,
  cookie: string | undefined,
): Promise<BrowserSession | undefined> {
  const match = cookie ? /^([0-9a-f]{24})\.([A-Za-z0-9_-]{43})$/.exec(cookie) : null;
  if (!match) return undefined;
  const [, id, secret] = match;
  const { Session, User, Organization, Agency } = ctx.models;
  const session = await Session.findById(id);
  if (!session || session.kind !== 'browser' || !session.secretHash || session.revokedAt) return undefined;
  if (!sameText(session.secretHash, sha256(secret))) return undefined;

  const now = ctx.now();
  const lastSeen = session.lastSeenAt ?? session.createdAt;
  if (session.expiresAt <= now) return end(ctx, session._id, 'expired');
  if (now.getTime() - lastSeen.getTime() > ctx.config.portal.idleSeconds * 1000) return end(ctx, session._id, 'idle');

  const user = await User.findById(session.user);
  if (!user || user.disabled) return end(ctx, session._id, 'account-disabled');

  if (now.getTime() - lastSeen.getTime() > TOUCH_EVERY_MS) {
    await Session.updateOne({ _id: session._id }, { $set: { lastSeenAt: now } });
  }
  const [organization, agency] = await Promise.all([
    user.organization ? Organization.findById(user.organization) : null,
    user.agency ? Agency.findById(user.agency) : null,
  ]);
  return {
    principal: {
      userId: String(user._id),
      sessionId: String(session._id),
      role: user.role,
      organizationId: user.organization ? String(user.organization) : undefined,
      agencyId: user.agency ? String(user.agency) : undefined,
    },
    account: {
      name: user.name,
      email: user.email,
      role: user.role,
      organization: organization ? { id: String(organization._id), name: organization.name } : null,
      agency: agency
        ? { id: String(agency._id), code: agency.code, name: agency.name, nameVi: agency.nameVi ?? null }
        : null,
    },
  };
}

async function end(ctx: RegistryContext, id: Types.ObjectId, reason: string): Promise<undefined> {
  await revokeSession(ctx, id, reason);
  return undefined;
}

/** Signs out: the session is revoked server-side, so a copied cookie is dead too. */
export async function endBrowserSession(ctx: RegistryContext, sessionId: string): Promise<void> {
  if (Types.ObjectId.isValid(sessionId)) await revokeSession(ctx, sessionId, 'logout');
}

/**
 * The CSRF token of a form: an HMAC over what binds it (the session's id once signed in, the anonymous
 * visitor's own cookie before), under a key derived from the server's secret. A page from another site
 * cannot read it, and a token of one session is worthless in another.
 */
export function csrfToken(ctx: Pick<RegistryContext, 'config'>, binding: string): string {
  const key = createHmac('sha256', ctx.config.jwt.current.secret).update('portal-csrf-v1').digest();
  return createHmac('sha256', key).update(binding).digest('base64url');
}

export function csrfTokenMatches(ctx: Pick<RegistryContext, 'config'>, binding: string, sent: unknown): boolean {
  return typeof sent === 'string' && sameText(sent, csrfToken(ctx, binding));
}

/** A fresh anonymous binding for visitors who are not signed in (login and registration forms). */
export const newVisitorId = () => randomBytes(18).toString('base64url');
