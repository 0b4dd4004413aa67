// One table says which role may call which route; this walks every route with every role and checks
// the answer: 401 without a token, 403 for a role that may never do it, 2xx/404 by scope otherwise.
import { expect } from 'chai';
import { startApp, type TestApp } from '../support/app.ts';
import {
  asAdmin,
  asRegulator,
  createAgency,
  expectProblem,
  registerBusiness,
  type Actor,
  PASSWORD,
} from '../support/actors.ts';

type Who = 'public' | 'business' | 'regulator' | 'admin';

interface Case {
  route: string;
  call: (
    auth: Record<string, string>,
  ) => Promise<{ status: number; headers: Record<string, string>; body: { type?: string } }>;
  expect: Record<Who, number>;
}

describe('role × route matrix', () => {
  let app: TestApp;
  const actors = {} as Record<Exclude<Who, 'public'>, Actor>;
  let agencyId: string;
  let otherBusiness: Actor;
  let programmeId: string;

  before(async () => {
    app = await startApp();
    actors.admin = await asAdmin(app);
    agencyId = (await createAgency(app, actors.admin)).id;
    actors.regulator = await asRegulator(app, actors.admin, agencyId);
    actors.business = await registerBusiness(app);
    otherBusiness = await registerBusiness(app, 'Other Co');
    const programme = await app.http
      .post('/api/v1/admin/programmes')
      .set(actors.admin.auth)
      .send({
        code: 'MATRIX-PROG',
        name: 'Matrix programme',
        agencyId,
        legalBasis: 'Decree 94/2025/ND-CP',
        solutionTypes: ['p2p-lending'],
        maxDurationMonths: 24,
        maxExtensions: 1,
        maxExtensionMonths: 12,
        reportFrequency: 'quarterly',
      });
    expect(programme.status, JSON.stringify(programme.body)).to.equal(201);
    programmeId = programme.body.id;
  });
  after(() => app.close());

  let n = 0;
  const fresh = () => `matrix-${Date.now()}-${n++}`;
  const cases = (): Case[] => [
    {
      route: 'GET /api/v1/auth/me',
      call: (a) => app.http.get('/api/v1/auth/me').set(a),
      expect: { public: 401, business: 200, regulator: 200, admin: 200 },
    },
    {
      route: 'GET /api/v1/agencies',
      call: (a) => app.http.get('/api/v1/agencies').set(a),
      expect: { public: 200, business: 200, regulator: 200, admin: 200 },
    },
    {
      route: 'GET /api/v1/admin/agencies',
      call: (a) => app.http.get('/api/v1/admin/agencies').set(a),
      expect: { public: 401, business: 403, regulator: 403, admin: 200 },
    },
    {
      route: 'POST /api/v1/admin/agencies',
      call: (a) =>
        app.http
          .post('/api/v1/admin/agencies')
          .set(a)
          .send({ code: `M${n++}X`, name: 'Matrix agency' }),
      expect: { public: 401, business: 403, regulator: 403, admin: 201 },
    },
    {
      route: 'GET /api/v1/admin/users',
      call: (a) => app.http.get('/api/v1/admin/users').set(a),
      expect: { public: 401, business: 403, regulator: 403, admin: 200 },
    },
    {
      route: 'POST /api/v1/admin/users',
      call: (a) =>
        app.http
          .post('/api/v1/admin/users')
          .set(a)
          .send({ email: `${fresh()}@agency.gov.vn`, password: PASSWORD, name: 'R', role: 'regulator', agencyId }),
      expect: { public: 401, business: 403, regulator: 403, admin: 201 },
    },
    {
      route: 'GET /api/v1/admin/users/{id}',
      call: (a) => app.http.get(`/api/v1/admin/users/${otherBusiness.id}`).set(a),
      expect: { public: 401, business: 403, regulator: 403, admin: 200 },
    },
    {
      route: 'PATCH /api/v1/admin/users/{id}',
      call: (a) => app.http.patch(`/api/v1/admin/users/${otherBusiness.id}`).set(a).send({ disabled: false }),
      expect: { public: 401, business: 403, regulator: 403, admin: 200 },
    },
    {
      route: 'POST /api/v1/admin/users/{id}/disable',
      call: (a) => app.http.post(`/api/v1/admin/users/${otherBusiness.id}/enable`).set(a),
      expect: { public: 401, business: 403, regulator: 403, admin: 200 },
    },
    {
      route: 'GET /api/v1/organizations/{own}',
      call: (a) => app.http.get(`/api/v1/organizations/${actors.business.organizationId}`).set(a),
      expect: { public: 401, business: 200, regulator: 403, admin: 200 },
    },
    {
      route: 'GET /api/v1/organizations/{other}',
      call: (a) => app.http.get(`/api/v1/organizations/${otherBusiness.organizationId}`).set(a),
      expect: { public: 401, business: 404, regulator: 403, admin: 200 },
    },
    {
      route: 'GET /api/v1/programmes',
      call: (a) => app.http.get('/api/v1/programmes').set(a),
      expect: { public: 200, business: 200, regulator: 200, admin: 200 },
    },
    {
      route: 'GET /api/v1/admin/programmes',
      call: (a) => app.http.get('/api/v1/admin/programmes').set(a),
      expect: { public: 401, business: 403, regulator: 403, admin: 200 },
    },
    {
      route: 'GET /api/v1/lifecycle',
      call: (a) => app.http.get('/api/v1/lifecycle').set(a),
      expect: { public: 200, business: 200, regulator: 200, admin: 200 },
    },
    {
      route: 'GET /api/v1/pilots',
      call: (a) => app.http.get('/api/v1/pilots').set(a),
      expect: { public: 401, business: 200, regulator: 200, admin: 200 },
    },
    {
      route: 'POST /api/v1/pilots',
      call: (a) => app.http.post('/api/v1/pilots').set(a).send({ programmeId, title: 'Matrix pilot' }),
      expect: { public: 401, business: 201, regulator: 403, admin: 403 },
    },
    {
      route: 'POST /api/v1/admin/jobs/due-work',
      call: (a) => app.http.post('/api/v1/admin/jobs/due-work').set(a),
      expect: { public: 401, business: 403, regulator: 403, admin: 200 },
    },
  ];

  for (const who of ['public', 'business', 'regulator', 'admin'] as const) {
    it(`when a ${who} calls every route, then each answers as the permission table says`, async () => {
      const got: Record<string, number> = {};
      const want: Record<string, number> = {};
      for (const c of cases()) {
        const res = await c.call(who === 'public' ? {} : actors[who].auth);
        got[c.route] = res.status;
        want[c.route] = c.expect[who];
        if (res.status >= 400) expectProblem(res, res.status);
      }
      expect(got).to.deep.equal(want);
    });
  }

  it('when a business asks for an organization that does not exist, then the same 404 as for another one', async () => {
    const res = await app.http.get('/api/v1/organizations/0123456789abcdef01234567').set(actors.business.auth);
    expectProblem(res, 404, '/problems/not-found');
  });

  it('when an admin creates a regulator without an agency, or an unknown one, then 400', async () => {
    const base = { email: `${fresh()}@agency.gov.vn`, password: PASSWORD, name: 'R', role: 'regulator' };
    expectProblem(await app.http.post('/api/v1/admin/users').set(actors.admin.auth).send(base), 400);
    expectProblem(
      await app.http
        .post('/api/v1/admin/users')
        .set(actors.admin.auth)
        .send({ ...base, agencyId: '0123456789abcdef01234567' }),
      400,
    );
  });

  it('when an agency code is reused, then 409; when users are listed in pages, then Link points to the next page', async () => {
    const code = `DUP${n++}`;
    expect(
      (await app.http.post('/api/v1/admin/agencies').set(actors.admin.auth).send({ code, name: 'One' })).status,
    ).to.equal(201);
    expectProblem(
      await app.http
        .post('/api/v1/admin/agencies')
        .set(actors.admin.auth)
        .send({ code: code.toLowerCase(), name: 'Two' }),
      409,
    );

    const first = await app.http.get('/api/v1/admin/users?limit=2').set(actors.admin.auth);
    expect(first.body.items).to.have.length(2);
    expect(first.headers.link).to.match(/^<\/api\/v1\/admin\/users\?limit=2&after=[0-9a-f]{24}>; rel="next"$/);
    const second = await app.http
      .get(first.headers.link.slice(1, first.headers.link.indexOf('>')))
      .set(actors.admin.auth);
    expect(second.status).to.equal(200);
    const ids = [...first.body.items, ...second.body.items].map((u: { id: string }) => u.id);
    expect(new Set(ids).size).to.equal(ids.length);
  });
});
