// What an attacker sends: operators and prototype keys in query strings and bodies, fields a caller may
// not set, absurd page sizes, JSON nested thousands deep, bytes that are not UTF-8. Every one is refused
// with a 4xx problem — never a 5xx, never a change. Query and path cases run over every route of the table.
import { expect } from 'chai';
import type { RouteEntry } from '../../middleware/route-table.ts';
import { startApp, type TestApp } from '../support/app.ts';
import { asAdmin, expectProblem, registerBusiness, PASSWORD, type Actor } from '../support/actors.ts';
import { documentedAnswers } from '../support/contract.ts';

const HOSTILE_QUERIES = [
  'limit=100000',
  'limit=-1',
  'limit=1e3',
  'limit=0x10',
  'limit=1&limit=2',
  'limit[]=1',
  'limit[$gt]=0',
  'start=99999999999999999999',
  '$where=sleep(1000)',
  '__proto__[admin]=1',
  'constructor[prototype][admin]=1',
  'after[$ne]=x',
  'state[$ne]=draft',
  'role[$in][]=admin',
];

const HOSTILE_SEGMENTS = ['%FF%FE', '%7B%22%24ne%22%3A1%7D', '..%2F..%2Fadmin', 'x'.repeat(5000), '%00', '$where'];

const is4xx = (status: number) => status >= 400 && status < 500;

describe('hostile input', () => {
  let app: TestApp;
  let admin: Actor;
  let business: Actor;
  let documented: (route: RouteEntry, status: number) => boolean;
  before(async () => {
    app = await startApp();
    admin = await asAdmin(app);
    business = await registerBusiness(app);
    documented = await documentedAnswers(app);
  });
  after(() => app.close());

  /** Signs in as someone the route admits, so that the input is what gets judged. */
  const authFor = (route: RouteEntry) =>
    route.permission && ['pilot:create', 'pilot:edit', 'pilot:file', 'organization:read'].includes(route.permission)
      ? business.auth
      : admin.auth;

  it('when any route with a query gets operators, prototype keys, duplicates or absurd page sizes, then 4xx', async () => {
    const routes = app.routes.all().filter((r) => r.query);
    expect(routes.length).to.be.greaterThan(3);
    const wrong: string[] = [];
    for (const route of routes) {
      for (const query of HOSTILE_QUERIES) {
        const res = await app.http[route.method](`${route.path}?${query}`).set(authFor(route));
        if (!is4xx(res.status) || !documented(route, res.status)) wrong.push(`${route.path}?${query}: ${res.status}`);
      }
    }
    expect(wrong, wrong.join('\n')).to.deep.equal([]);
  });

  it('when a path parameter is not UTF-8, an operator, a traversal, a NUL or 5000 characters long, then 4xx on every route', async () => {
    const wrong: string[] = [];
    for (const route of app.routes.all().filter((r) => r.path.includes(':'))) {
      for (const segment of HOSTILE_SEGMENTS) {
        const url = route.path.replace(/:([A-Za-z0-9_]+)/g, segment);
        const res = await app.http[route.method](url)
          .set(authFor(route))
          .send(route.method === 'get' ? undefined : {});
        if (!is4xx(res.status) || !documented(route, res.status))
          wrong.push(`${route.method} ${url.slice(0, 80)}: ${res.status} ${JSON.stringify(res.body).slice(0, 120)}`);
        // A page refuses with a page; the API with problem+json.
        else expect(res.headers['content-type']).to.match(route.page ? /^text\/html/ : /^application\/problem\+json/);
      }
    }
    expect(wrong, wrong.join('\n')).to.deep.equal([]);
  });

  it('when a caller sends fields only the server sets (role, state, version, owner), then 400 and nothing changes', async () => {
    const register = await app.http.post('/api/v1/auth/register').send({
      email: 'mass@example.vn',
      password: PASSWORD,
      name: 'M',
      organization: { name: 'M Co', registrationNumber: 'MASS-1' },
      role: 'admin',
    });
    expectProblem(register, 400, '/problems/validation-error');
    expect(register.body.errors).to.deep.include({ field: 'role', reason: 'is not an accepted field' });
    expectProblem(
      await app.http.post('/api/v1/auth/login').send({ email: 'mass@example.vn', password: PASSWORD }),
      401,
    );

    for (const extra of [
      { state: 'active' },
      { version: 7 },
      { organizationId: '0123456789abcdef01234567' },
      { reference: 'SBV-2025-0001' },
    ]) {
      const res = await app.http
        .post('/api/v1/pilots')
        .set(business.auth)
        .send({ programmeId: '0123456789abcdef01234567', title: 'T', ...extra });
      expectProblem(res, 400, '/problems/validation-error');
    }
    const self = await app.http
      .patch(`/api/v1/admin/users/${business.id}`)
      .set(admin.auth)
      .send({ disabled: false, role: 'admin' });
    expectProblem(self, 400, '/problems/validation-error');
    expect((await app.http.get('/api/v1/auth/me').set(business.auth)).body.user.role).to.equal('business');
  });

  it('when JSON bodies carry __proto__ or constructor keys, then 400 and no object is polluted', async () => {
    for (const raw of [
      '{"__proto__":{"admin":true},"email":"a@b.vn","password":"x"}',
      '{"email":"a@b.vn","password":"x","constructor":{"prototype":{"admin":true}}}',
    ]) {
      const res = await app.http.post('/api/v1/auth/login').set('Content-Type', 'application/json').send(raw);
      expectProblem(res, 400);
    }
    expect(({} as Record<string, unknown>).admin).to.equal(undefined);
  });

  it('when JSON is nested thousands of levels deep, then 400 (or 413), never a crash', async () => {
    const depth = 5000;
    for (const raw of ['['.repeat(depth) + ']'.repeat(depth), '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)]) {
      const res = await app.http.post('/api/v1/auth/login').set('Content-Type', 'application/json').send(raw);
      expect([400, 413], String(res.status)).to.include(res.status);
      expectProblem(res, res.status);
    }
    expect((await app.http.get('/healthz')).status).to.equal(200);
  });

  it('when the body is not UTF-8, or claims another charset or type, then 4xx', async () => {
    const invalid = Buffer.concat([
      Buffer.from('{"email":"a@b.vn","password":"'),
      Buffer.from([0xff, 0xfe, 0xc3, 0x28]),
      Buffer.from('"}'),
    ]);
    const res = await app.http.post('/api/v1/auth/login').set('Content-Type', 'application/json').send(invalid);
    expect(is4xx(res.status), String(res.status)).to.equal(true);
    expectProblem(res, res.status);
    expectProblem(
      await app.http.post('/api/v1/auth/login').set('Content-Type', 'application/json; charset=latin1').send('{}'),
      415,
    );
    expectProblem(await app.http.post('/api/v1/auth/login').type('form').send('email=a@b.vn&password=x'), 415);
    expectProblem(
      await app.http.post('/api/v1/auth/login').set('Content-Type', 'text/plain').send('{"email":"a@b.vn"}'),
      415,
    );
  });
});
