// A small client of the registry's HTTP API for the seed: every call goes through the real API, so the
// ledger records the demo data as it records anything else.
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    what: string,
  ) {
    super(`${what} answered ${status}: ${body.slice(0, 500)}`);
  }
}

export type Json = Record<string, unknown>;

export class RegistryClient {
  constructor(readonly baseUrl: string) {}

  async call<T = Json>(method: string, path: string, opts: { token?: string; body?: unknown } = {}): Promise<T> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(opts.body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(opts.token ? { Authorization: `Bearer ${opts.token}` } : {}),
      },
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
    const text = await res.text();
    if (!res.ok) throw new ApiError(res.status, text, `${method} ${path}`);
    return (text ? JSON.parse(text) : {}) as T;
  }

  async login(email: string, password: string): Promise<string> {
    return (await this.call<{ accessToken: string }>('POST', '/api/v1/auth/login', { body: { email, password } }))
      .accessToken;
  }
}
