import { Router } from 'express';
import { z } from 'zod';
import { emailSchema } from '../server/accounts/email.ts';
import { passwordSchema } from '../server/accounts/passwords.ts';
import { login, logout, me, refresh, register } from '../server/accounts/auth.ts';
import type { RegistryContext } from '../server/context.ts';
import { endpoints } from '../middleware/endpoint.ts';
import { rateLimited } from '../middleware/rate-limit.ts';

const name = z.string().trim().min(1).max(200);

const registerBody = z.strictObject({
  email: emailSchema,
  password: passwordSchema,
  name,
  organization: z.strictObject({
    name,
    registrationNumber: z.string().trim().regex(/^[A-Za-z0-9-]{3,32}$/, 'must be 3-32 letters, digits or dashes'),
  }),
});
const loginBody = z.strictObject({ email: emailSchema, password: z.string().min(1).max(1024) });
const refreshBody = z.strictObject({ refreshToken: z.string().min(1).max(512) });
const logoutBody = z.strictObject({ refreshToken: z.string().min(1).max(512).optional() });

export function authRouter(ctx: RegistryContext) {
  const { open, guarded } = endpoints(ctx);
  const { windowSeconds, login: loginLimit, register: registerLimit } = ctx.config.rateLimit;
  const router = Router();

  router.post('/register', rateLimited(registerLimit, windowSeconds, 'registration'),
    open({ body: registerBody }, async ({ body }) => ({ status: 201, body: await register(ctx, body) })));
  router.post('/login', rateLimited(loginLimit, windowSeconds, 'login'),
    open({ body: loginBody }, async ({ body }) => ({ body: await login(ctx, body.email, body.password) })));
  router.post('/refresh', rateLimited(loginLimit, windowSeconds, 'refresh'),
    open({ body: refreshBody }, async ({ body }) => ({ body: await refresh(ctx, body.refreshToken) })));
  router.post('/logout', open({ body: logoutBody }, async ({ body, principal }) => {
    await logout(ctx, { refreshToken: body.refreshToken, principal });
    return undefined;
  }));
  router.get('/me', guarded('account:read-self', {}, async ({ principal }) => ({ body: await me(ctx, principal) })));
  return router;
}
