// Renders the site's pages: eta templates (escaping by default) in the reader's language, with what
// every page needs (the language switch, navigation, the current path).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Request, Response } from 'express';
import { Eta } from 'eta';
import { messages, negotiate, type Lang, type Messages } from './i18n.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
export const assetsDir = path.join(here, 'assets');

const eta = new Eta({ views: path.join(here, 'views'), cache: true, autoEscape: true, autoTrim: false });

/** The current URL with some query parameters changed (undefined removes one), as a relative link. */
export function urlWith(req: Request, changes: Record<string, string | number | undefined | null>): string {
  const url = new URL(req.originalUrl, 'http://site.invalid');
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined || value === null || value === '') url.searchParams.delete(name);
    else url.searchParams.set(name, String(value));
  }
  const query = url.searchParams.toString();
  return `${url.pathname}${query ? `?${query}` : ''}`;
}

export interface PageContext {
  m: Messages;
  lang: Lang;
  path: string;
  /** The same page in the other language. */
  switchUrl: string;
  urlWith: (changes: Record<string, string | number | undefined | null>) => string;
}

export function pageContext(req: Request, res: Response): PageContext {
  const { lang, chosen } = negotiate(req);
  if (chosen) {
    res.cookie('lang', lang, {
      path: '/',
      sameSite: 'lax',
      maxAge: 365 * 24 * 3600 * 1000,
      httpOnly: true,
      secure: req.secure,
    });
  }
  return {
    m: messages(lang),
    lang,
    path: req.path,
    switchUrl: urlWith(req, { lang: lang === 'en' ? 'vi' : 'en' }),
    urlWith: (changes) => urlWith(req, { ...changes, lang: undefined }),
  };
}

/** The reader's messages, for what a route computes before rendering (titles, chart labels). */
export const readerMessages = (req: Request) => messages(negotiate(req).lang);

/** `title` is the page's own; the layout adds the site's name (the home page passes null). */
export function render(
  req: Request,
  res: Response,
  view: string,
  data: Record<string, unknown> & { title: string | null },
  status = 200,
  headers: Record<string, string> = {},
) {
  const page = pageContext(req, res);
  // The page's own data may speak with richer messages than the site's (the portal's `m`).
  const html = eta.render(view, { ...page, ...data });
  res
    .status(status)
    .set({
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Language': page.lang,
      Vary: 'Accept-Language, Cookie',
      'Cache-Control': 'no-cache',
      ...headers,
    })
    .send(html);
}
