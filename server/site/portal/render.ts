// Renders a portal page: the site's layout and templates, with the portal's messages, who is signed in,
// the form's CSRF token and the state of a refused form. Portal pages hold a party's confidential
// records, so no cache may keep them.
import type { Request, Response } from 'express';
import type { BrowserSession } from '../../accounts/browser-sessions.ts';
import { negotiate } from '../i18n.ts';
import { render } from '../render.ts';
import { FormState } from './forms.ts';
import { portalMessages, type PortalMessages } from './messages.ts';

/** What the portal's middleware leaves for its pages (middleware/portal-session.ts). */
interface Locals {
  session?: BrowserSession;
  csrf: string;
}

export const portalReader = (req: Request): PortalMessages => portalMessages(negotiate(req).lang);

export function renderPortal(
  req: Request,
  res: Response,
  view: string,
  data: Record<string, unknown> & { title: string | null },
  status = 200,
) {
  const locals = res.locals.portal as Locals | undefined;
  render(
    req,
    res,
    view,
    {
      form: FormState.empty(),
      flash: typeof req.query.done === 'string' ? req.query.done : null,
      ...data,
      m: portalReader(req),
      account: locals?.session?.account ?? null,
      csrf: locals?.csrf ?? '',
      portal: true,
      script: 'portal.js',
    },
    status,
    { 'Cache-Control': 'no-store' },
  );
}
