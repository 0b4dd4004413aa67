import { z } from 'zod';
import { emailSchema } from '../server/accounts/email.ts';
import { passwordSchema } from '../server/accounts/passwords.ts';
import { login, logout, me, refresh, register } from '../server/accounts/auth.ts';
import type { RegistryContext } from '../server/context.ts';
import { endpoints } from '../middleware/endpoint.ts';
import { rateLimited } from '../middleware/rate-limit.ts';
import type { RouteScope } from '../middleware/route-table.ts';

const name = z.string().trim().min(1).max(200);

export const registerBody = z.strictObject({
  email: emailSchema,
  password: passwordSchema,
  name,
  organization: z.strictObject({
    name,
    registrationNumber: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9-]{3,32}$/, 'must be 3-32 letters, digits or dashes'),
  }),
});
export const loginBody = z.strictObject({ email: emailSchema, password: z.string().min(1).max(1024) });
const refreshBody = z.strictObject({ refreshToken: z.string().min(1).max(512) });
const logoutBody = z.strictObject({ refreshToken: z.string().min(1).max(512).optional() });

const tokens = {
  description: 'An access token and a refresh token: {accessToken, refreshToken, expiresIn, tokenType}',
};

export function authRouter(ctx: RegistryContext, routes: RouteScope) {
  const { open, guarded } = endpoints(ctx);
  const { windowSeconds, login: loginLimit, register: registerLimit } = ctx.config.rateLimit;

  routes.post(
    '/register',
    rateLimited(registerLimit, windowSeconds, 'registration'),
    open(
      { summary: 'Register a business: its organization and first user', body: registerBody, reply: { status: 201 } },
      async ({ body }) => ({ status: 201, body: await register(ctx, body) }),
    ),
  );
  routes.post(
    '/login',
    rateLimited(loginLimit, windowSeconds, 'login'),
    open(
      {
        summary:
          'Sign in with e-mail and password (403: the account is disabled; 429: too many failures for this address from this source, with Retry-After)',
        body: loginBody,
        reply: tokens,
        refuses: [403, 429],
      },
      async ({ body, req }) => ({ body: await login(ctx, body.email, body.password, req.ip ?? 'unknown') }),
    ),
  );
  routes.post(
    '/refresh',
    rateLimited(loginLimit, windowSeconds, 'refresh'),
    open(
      {
        summary: 'Trade a refresh token for a new pair (the old one is spent; a reused one ends the session)',
        body: refreshBody,
        reply: tokens,
      },
      async ({ body }) => ({ body: await refresh(ctx, body.refreshToken) }),
    ),
  );
  routes.post(
    '/logout',
    open(
      {
        summary: 'End the session of a refresh token or of the bearer token',
        body: logoutBody,
        reply: { status: 204 },
      },
      async ({ body, principal }) => {
        await logout(ctx, { refreshToken: body.refreshToken, principal });
        return undefined;
      },
    ),
  );
  routes.get(
    '/me',
    guarded(
      'account:read-self',
      { summary: 'The signed-in account, with its organization or agency' },
      async ({ principal }) => ({ body: await me(ctx, principal) }),
    ),
  );
}
