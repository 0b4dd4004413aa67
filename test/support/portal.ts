// A person's browser over plain HTTP: a cookie jar, forms read from the page they are on (so every post
// carries that page's `_csrf`, as a browser's would), and same-origin fetch metadata. Redirects are not
// followed, so tests see each 303 and where it points.
import type { TestApp } from './app.ts';

export interface Page {
  status: number;
  html: string;
  location: string | null;
  headers: Headers;
}

export class PortalBrowser {
  readonly cookies = new Map<string, string>();

  constructor(readonly app: TestApp) {}

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      const expired = attrs.some((a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a)) || value === '';
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request(
    method: string,
    path: string,
    init: { body?: string; headers?: Record<string, string> } = {},
  ): Promise<Page> {
    const res = await fetch(`${this.app.url}${path}`, {
      method,
      redirect: 'manual',
      headers: { cookie: this.cookieHeader(), accept: 'text/html', ...init.headers },
      body: init.body,
    });
    this.keep(res);
    return { status: res.status, html: await res.text(), location: res.headers.get('location'), headers: res.headers };
  }

  get(path: string) {
    return this.request('GET', path);
  }

  /** Signs in through the login form; fails loudly if the portal refuses. */
  async signIn(email: string, password: string) {
    const res = await this.submit('/login', '/login', { email, password });
    if (res.status !== 303) throw new Error(`sign-in refused (${res.status}): ${res.html.slice(0, 500)}`);
    return res;
  }

  /** Posts a form read from the page at `from`: its `_csrf` and `_version`, and the given fields. */
  async submitVersioned(from: string, action: string, fields: Record<string, string | string[]>) {
    const page = await this.get(from);
    const version = /name="_version" value="(\d+)"/.exec(page.html)?.[1];
    const body = new URLSearchParams();
    body.append('_csrf', PortalBrowser.csrfOf(page.html));
    if (version) body.append('_version', version);
    for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
    return this.post(action, body.toString());
  }

  /** The `_csrf` of the first form on `html`. */
  static csrfOf(html: string): string {
    const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    if (!token) throw new Error(`no _csrf field on the page: ${html.slice(0, 1500)}`);
    return token;
  }

  /** Posts `fields` (bracket names as the form's) with the `_csrf` of the page at `from`, as a browser would. */
  async submit(
    from: string,
    action: string,
    fields: Record<string, string | string[]>,
    headers: Record<string, string> = {},
  ) {
    const page = await this.get(from);
    const body = new URLSearchParams();
    body.append('_csrf', PortalBrowser.csrfOf(page.html));
    for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
    return this.post(action, body.toString(), headers);
  }

  post(action: string, body: string, headers: Record<string, string> = {}) {
    return this.request('POST', action, {
      body,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'sec-fetch-site': 'same-origin',
        origin: this.app.url,
        ...headers,
      },
    });
  }
}
