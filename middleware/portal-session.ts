// The portal's browser session and its guards. The session cookie names a server-side session (see
// server/accounts/browser-sessions.ts); a visitor who is not signed in gets an anonymous cookie to bind
// the CSRF token of the sign-in and registration forms. Every unsafe request must carry the form's
// `_csrf` field and come from this site (Sec-Fetch-Site, else Origin): a page elsewhere can neither read
// the token nor pass the origin check. Refusals are Problems; the portal's error handler shows them as
// pages in the reader's language.
import type { CookieOptions, Request, RequestHandler, Response } from 'express';
import type { Principal } from '../server/accounts/principal.ts';
import {
  csrfToken,
  csrfTokenMatches,
  newVisitorId,
  resumeBrowserSession,
  type BrowserSession,
} from '../server/accounts/browser-sessions.ts';
import type { RegistryContext } from '../server/context.ts';
import { problems } from '../server/errors.ts';
import { negotiate } from '../server/site/i18n.ts';
import { portalMessages } from '../server/site/portal/messages.ts';
import { withIssueWording } from '../server/validation.ts';

export interface PortalLocals {
  session?: BrowserSession;
  /** The token every form of this response carries as `_csrf`. */
  csrf: string;
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Cookie names: `__Host-` (Secure, Path=/, no Domain: the browser enforces all three) behind HTTPS. */
export function cookieNames(ctx: Pick<RegistryContext, 'config'>) {
  const prefix = ctx.config.portal.cookieSecure ? '__Host-' : '';
  return { session: `${prefix}sr_session`, visitor: `${prefix}sr_visitor` };
}

export function cookieOptions(ctx: Pick<RegistryContext, 'config'>): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', path: '/', secure: ctx.config.portal.cookieSecure };
}

/** One cookie of the request (Express 5 parses none by itself). */
export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) {
      try {
        return decodeURIComponent(part.slice(i + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

export const portalOf = (res: Response): PortalLocals => res.locals.portal as PortalLocals;

/** The signed-in caller; pages behind `signedIn` may rely on it. */
export function principalIn(res: Response): Principal {
  const session = portalOf(res).session;
  if (!session) throw problems.unauthenticated('Sign in first.');
  return session.principal;
}

/**
 * Reads the session (if any), gives an anonymous visitor its binding cookie, computes the CSRF token, and
 * runs the rest of the request with zod's issues worded in the reader's language.
 */
export function portalSession(ctx: RegistryContext): RequestHandler {
  const names = cookieNames(ctx);
  return async (req, res, next) => {
    const sent = readCookie(req, names.session);
    const session = await resumeBrowserSession(ctx, sent);
    if (sent && !session) res.clearCookie(names.session, cookieOptions(ctx));
    let binding: string;
    if (session) binding = `session:${session.principal.sessionId}`;
    else {
      let visitor = readCookie(req, names.visitor);
      if (!visitor || !/^[A-Za-z0-9_-]{24}$/.test(visitor)) {
        visitor = newVisitorId();
        // Only for pages that show a form: an unsafe request without one is refused below anyway.
        if (SAFE.has(req.method)) res.cookie(names.visitor, visitor, cookieOptions(ctx));
      }
      binding = `visitor:${visitor}`;
    }
    res.locals.portal = { session, csrf: csrfToken(ctx, binding) } satisfies PortalLocals;
    res.locals.principalId = session?.principal.userId;
    res.locals.csrfBinding = binding;
    withIssueWording(portalMessages(negotiate(req).lang).issueWording, () => next());
  };
}

/** The origin this request was addressed to, as a browser would write it in `Origin`. */
const ownOrigin = (req: Request) => `${req.protocol}://${req.get('host') ?? ''}`;

/** Unsafe requests must come from a page of this site and carry its form's token. */
export function checkForm(ctx: RegistryContext): RequestHandler {
  return (req, res, next) => {
    if (SAFE.has(req.method)) return next();
    const fetchSite = req.get('sec-fetch-site');
    const origin = req.get('origin');
    const crossSite = fetchSite ? fetchSite !== 'same-origin' : origin !== undefined && origin !== ownOrigin(req);
    const body = req.body as Record<string, unknown> | undefined;
    const binding = res.locals.csrfBinding as string;
    if (crossSite || !csrfTokenMatches(ctx, binding, body?._csrf)) {
      req.log.warn({ fetchSite, origin, hasToken: typeof body?._csrf === 'string' }, 'portal form refused (CSRF)');
      return next(
        problems.forbidden('The form did not come from this site, or it has expired.', { extra: { csrf: true } }),
      );
    }
    next();
  };
}

/** A local path to return to after signing in: never another site (`//evil`, `/\evil`, `https:`). */
export function safeNext(next: unknown, fallback = '/portal'): string {
  if (typeof next !== 'string' || next.length > 2000) return fallback;
  if (!/^\/(?![/\\])/.test(next) || [...next].some((c) => c.charCodeAt(0) < 0x20 || c === '\\')) return fallback;
  try {
    const url = new URL(next, 'http://local.invalid');
    return url.origin === 'http://local.invalid' ? `${url.pathname}${url.search}${url.hash}` : fallback;
  } catch {
    return fallback;
  }
}

/** Pages for signed-in users: anyone else is sent to sign in, and brought back afterwards. */
export const signedIn: RequestHandler = (req, res, next) => {
  if (portalOf(res).session) return next();
  const back = req.method === 'GET' ? req.originalUrl : '/portal';
  res.redirect(303, `/login?next=${encodeURIComponent(safeNext(back))}`);
};
