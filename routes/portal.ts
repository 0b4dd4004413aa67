// The portal: the workplace of businesses, regulators and administrators, in the browser. Server-rendered
// forms over the same core functions as the API (register, sign-in rules, perform() and the lifecycle
// table, the zod schemas): a form's fields are the API's JSON paths, so a form post and an API call are the
// same request and are refused with the same issues. Pages are not in the API's route table (they answer
// with pages and redirects, for a person with a cookie, not a client with a token). This file mounts the
// frame (sessions, CSRF, body parsing, errors) and the accounts' pages; each role's pages are in their own
// router (routes/portal-*.ts).
import express, { type ErrorRequestHandler, type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { changePassword, register } from '../server/accounts/auth.ts';
import { endBrowserSession, startBrowserSession } from '../server/accounts/browser-sessions.ts';
import { passwordSchema } from '../server/accounts/passwords.ts';
import type { RegistryContext } from '../server/context.ts';
import { isDatabaseUnavailable } from '../server/db/connection.ts';
import { FormState, withoutFormFields } from '../server/site/portal/forms.ts';
import { portalReader, renderPortal } from '../server/site/portal/render.ts';
import { rejectOperatorKeys } from '../middleware/body-guard.ts';
import { toProblem } from '../middleware/errors.ts';
import {
  checkForm,
  cookieNames,
  cookieOptions,
  portalOf,
  portalSession,
  principalIn,
  safeNext,
  signedIn,
} from '../middleware/portal-session.ts';
import { rateLimited } from '../middleware/rate-limit.ts';
import { parseForm, postedForm, refusedFields } from './portal-forms.ts';
import { loginBody, registerBody } from './auth.ts';
import { portalAdminRouter } from './portal-admin.ts';
import { portalBusinessRouter } from './portal-business.ts';
import { portalPilotsRouter } from './portal-pilots.ts';
import { portalRegulatorRouter } from './portal-regulator.ts';

export const PORTAL_PATHS = ['/login', '/logout', '/register', '/portal'];
/**
 * The portal's router is marked as outside the route table: its pages answer people with a cookie (forms,
 * redirects, CSRF), not API clients, so they are neither in the OpenAPI document nor in the API's matrix
 * tests; test/api/openapi.test.ts counts them apart and checks they stay under PORTAL_PATHS.
 */
export const OUTSIDE_ROUTE_TABLE = Symbol.for('sandbox-registry.outside-route-table');
const passwordBody = z.strictObject({ currentPassword: z.string().min(1).max(1024), newPassword: passwordSchema });

/** What a portal page handler receives: the request, the response, and the form's parsed body. */
export interface PortalPage {
  req: Request;
  res: Response;
}

export function portalRouter(ctx: RegistryContext): Router {
  const router = express.Router();
  const names = cookieNames(ctx);
  const { windowSeconds, login: loginLimit, register: registerLimit } = ctx.config.rateLimit;

  router.use(PORTAL_PATHS, portalSession(ctx));
  // Forms only (no JSON here): bracket names parse through qs into the objects the API validates.
  router.use(
    PORTAL_PATHS,
    express.urlencoded({ extended: true, limit: ctx.config.bodyLimit, parameterLimit: 5000 }),
    rejectOperatorKeys,
    checkForm(ctx),
  );

  const signInCookie = (res: Response, cookie: string) => {
    res.cookie(names.session, cookie, {
      ...cookieOptions(ctx),
      maxAge: ctx.config.portal.absoluteSeconds * 1000,
    });
    // The anonymous binding is spent: a new one is made if this browser signs out and back in.
    res.clearCookie(names.visitor, cookieOptions(ctx));
  };

  router.get('/login', (req, res) => {
    const next = safeNext(req.query.next);
    if (portalOf(res).session) return res.redirect(303, next);
    const m = portalReader(req);
    const notice =
      req.query.ended === 'password'
        ? m.p('passwordChangedSignIn')
        : req.query.ended === 'logout'
          ? m.p('signedOut')
          : req.query.next
            ? m.p('sessionEnded')
            : null;
    renderPortal(req, res, 'portal/login', { title: m.p('signIn'), next, notice });
  });

  router.post('/login', rateLimited(loginLimit, windowSeconds, 'login'), async (req, res) => {
    const m = portalReader(req);
    const next = safeNext((req.body as Record<string, unknown>)._next);
    const refuse = (status: number, reason: string) =>
      renderPortal(
        req,
        res,
        'portal/login',
        {
          title: m.p('signIn'),
          next,
          notice: null,
          form: new FormState({ email: withoutFormFields(req.body).email }, [{ field: 'email', reason }]),
        },
        status,
      );
    let body;
    try {
      body = parseForm(loginBody, req.body);
    } catch (err) {
      const problem = refusedFields(err);
      return renderPortal(
        req,
        res,
        'portal/login',
        { title: m.p('signIn'), next, notice: null, form: postedForm(req, problem) },
        400,
      );
    }
    try {
      // Always a new session, whatever cookie came in: a session id planted before sign-in is never adopted.
      const started = await startBrowserSession(ctx, body.email, body.password, req.ip ?? 'unknown');
      const previous = portalOf(res).session;
      if (previous) await endBrowserSession(ctx, previous.principal.sessionId);
      signInCookie(res, started.cookie);
      res.redirect(303, next);
    } catch (err) {
      const problem = toProblem(err);
      if (problem?.status === 401) return refuse(401, m.p('wrongCredentials'));
      if (problem?.status === 429) {
        const seconds = Number(problem.headers['Retry-After'] ?? 60);
        res.set(problem.headers);
        return refuse(429, m.p('slowDown', { seconds }));
      }
      if (problem?.status === 403) return refuse(403, m.p('accountDisabled'));
      throw err;
    }
  });

  router.post('/logout', async (_req, res) => {
    const session = portalOf(res).session;
    if (session) await endBrowserSession(ctx, session.principal.sessionId);
    res.clearCookie(names.session, cookieOptions(ctx));
    res.redirect(303, '/login?ended=logout');
  });

  router.get('/register', (req, res) => {
    if (portalOf(res).session) return res.redirect(303, '/portal');
    renderPortal(req, res, 'portal/register', { title: portalReader(req).p('register') });
  });

  router.post('/register', rateLimited(registerLimit, windowSeconds, 'registration'), async (req, res) => {
    const m = portalReader(req);
    try {
      const body = parseForm(registerBody, req.body);
      await register(ctx, body);
      const started = await startBrowserSession(ctx, body.email, body.password, req.ip ?? 'unknown');
      signInCookie(res, started.cookie);
      res.redirect(303, '/portal');
    } catch (err) {
      const problem = toProblem(err);
      if (!problem || (problem.status !== 400 && problem.status !== 409) || !problem.errors?.length) throw err;
      renderPortal(
        req,
        res,
        'portal/register',
        { title: m.p('register'), form: postedForm(req, problem) },
        problem.status,
      );
    }
  });

  router.use('/portal', signedIn);

  router.get('/portal/account', (req, res) => {
    renderPortal(req, res, 'portal/account', { title: portalReader(req).p('account') });
  });

  router.post('/portal/account/password', async (req, res) => {
    const m = portalReader(req);
    try {
      const body = parseForm(passwordBody, req.body);
      await changePassword(ctx, principalIn(res), body.currentPassword, body.newPassword);
    } catch (err) {
      const problem = refusedFields(err);
      return renderPortal(req, res, 'portal/account', { title: m.p('account'), form: postedForm(req, problem) }, 400);
    }
    res.clearCookie(names.session, cookieOptions(ctx));
    res.redirect(303, '/login?ended=password');
  });

  // Each role's pages. The dashboard at /portal is the signed-in role's.
  const business = portalBusinessRouter(ctx);
  const regulator = portalRegulatorRouter(ctx);
  const admin = portalAdminRouter(ctx);
  router.get('/portal', async (req, res) => {
    const { role } = principalIn(res);
    const dashboard =
      role === 'business' ? business.dashboard : role === 'regulator' ? regulator.dashboard : admin.dashboard;
    await dashboard(req, res);
  });
  router.use(business.router);
  router.use(regulator.router);
  router.use(admin.router);
  router.use(portalPilotsRouter(ctx));

  router.use(PORTAL_PATHS, portalErrors);
  return Object.assign(router, { [OUTSIDE_ROUTE_TABLE]: 'portal' });
}

/** Anything refused on a portal path is a page in the reader's language (never problem+json, never a 500 page for a 4xx). */
const portalErrors: ErrorRequestHandler = (err, req, res, next) => {
  if (res.headersSent) return next(err);
  const m = portalReader(req);
  const problem = toProblem(err);
  const page = (status: number, heading: string, detail: string) =>
    renderPortal(
      req,
      res,
      'portal/message',
      { title: heading, heading, detail, errors: problem?.errors ?? [] },
      status,
    );
  if (problem) res.set(problem.headers);
  if (problem?.status === 401) return res.redirect(303, `/login?next=${encodeURIComponent(safeNext(req.originalUrl))}`);
  if (problem?.status === 403 && problem.extra.csrf) return page(403, m.p('forbiddenForm'), m.p('forbiddenFormDetail'));
  if (problem?.status === 403) return page(403, m.p('forbiddenPage'), problem.detail);
  if (problem?.status === 404) return page(404, m.t('notFound'), m.t('notFoundDetail'));
  if (problem?.status === 429) return page(429, m.p('tooManyAttempts'), problem.detail);
  if (problem && problem.status < 500) return page(problem.status, m.t('badRequest'), problem.detail);
  if (isDatabaseUnavailable(err)) {
    res.set('Retry-After', '5');
    return page(503, m.t('unavailable'), m.t('errorDetail'));
  }
  req.log.error({ err }, 'portal page failed');
  return page(500, m.t('error'), m.t('errorDetail'));
};
