// Every class of error answers RFC 9457 problem+json with its proper status and never a stack trace.
import { expect } from 'chai';
import { startApp, type TestApp } from '../support/app.ts';
import { expectProblem, registerBusiness, PASSWORD } from '../support/actors.ts';

describe('errors', () => {
  let app: TestApp;
  before(async () => {
    app = await startApp({ env: { BODY_LIMIT: '2kb' } });
  });
  after(() => app.close());

  it('when the JSON body is malformed, then 400 malformed-json', async () => {
    const res = await app.http.post('/api/v1/auth/login').set('Content-Type', 'application/json').send('{"email": ');
    expectProblem(res, 400, '/problems/malformed-json');
    expect(res.body.requestId).to.equal(res.headers['x-request-id']);
  });

  it('when the route does not exist, then 404 with the problem shape', async () => {
    expectProblem(await app.http.get('/api/v1/nothing-here'), 404, '/problems/not-found');
  });

  it('when the route exists but not for the method (DELETE on login, PUT on an action), then 405 with Allow', async () => {
    // Found by Schemathesis' unsupported_method check: these answered 404, as if the resource did not exist.
    const login = await app.http.delete('/api/v1/auth/login');
    expectProblem(login, 405, '/problems/method-not-allowed');
    expect(login.headers.allow).to.equal('POST');
    const action = await app.http.put('/api/v1/pilots/0123456789abcdef01234567/actions/submit').send({});
    expectProblem(action, 405, '/problems/method-not-allowed');
    expect(action.headers.allow).to.equal('POST');
    const pilot = await app.http.delete('/api/v1/pilots/SBV-2026-0001');
    expectProblem(pilot, 405, '/problems/method-not-allowed');
    expect(pilot.headers.allow).to.equal('GET, HEAD, PATCH');
  });

  it('when fields are missing or wrong, then 400 lists each field and its reason', async () => {
    const res = await app.http
      .post('/api/v1/auth/register')
      .send({ email: 'not-an-email', password: 'short', organization: {} });
    expectProblem(res, 400, '/problems/validation-error');
    const fields = (res.body.errors as { field: string }[]).map((e) => e.field);
    expect(fields).to.include.members([
      'email',
      'password',
      'name',
      'organization.name',
      'organization.registrationNumber',
    ]);
  });

  it('when the body carries an unknown field, then 400 names it', async () => {
    const res = await app.http.post('/api/v1/auth/login').send({ email: 'a@b.vn', password: PASSWORD, role: 'admin' });
    expectProblem(res, 400, '/problems/validation-error');
    expect(res.body.errors).to.deep.include({ field: 'role', reason: 'is not an accepted field' });
  });

  it('when a value is a query operator such as {"$ne": null}, then 400 and no login happens', async () => {
    const business = await registerBusiness(app);
    for (const body of [
      { email: business.email, password: { $ne: null } },
      { email: { $ne: null }, password: PASSWORD },
      { email: { $gt: '' }, password: { $gt: '' } },
    ]) {
      const res = await app.http.post('/api/v1/auth/login').send(body);
      expectProblem(res, 400);
      expect(res.body).not.to.have.property('accessToken');
    }
  });

  it('when a key is $-prefixed or dotted anywhere in the body, then 400', async () => {
    const res = await app.http.post('/api/v1/auth/register').send({
      email: 'x@y.vn',
      password: PASSWORD,
      name: 'X',
      organization: { name: 'Y', registrationNumber: '123', 'a.b': 1 },
    });
    expectProblem(res, 400, '/problems/validation-error');
    expect(res.body.errors[0].field).to.equal('organization.a.b');
  });

  it('when a key holds a NUL character, then 400 says so (not only "$" and ".")', async () => {
    // Found by Schemathesis: the reason named "$" and "." for a key that had neither.
    const res = await app.http
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"email":"a@b.vn","password":"x","k\\u0000":1}');
    expectProblem(res, 400, '/problems/validation-error');
    expect(res.body.errors[0].reason).to.equal('keys may not start with "$" or contain "." or a NUL character');
  });

  it('when the body is larger than the limit, then 413', async () => {
    const res = await app.http.post('/api/v1/auth/login').send({ email: 'a@b.vn', password: 'x'.repeat(5000) });
    expectProblem(res, 413, '/problems/payload-too-large');
  });

  it('when the body is not JSON, then 415', async () => {
    const res = await app.http.post('/api/v1/auth/login').set('Content-Type', 'text/plain').send('email=a@b.vn');
    expectProblem(res, 415, '/problems/unsupported-media-type');
  });

  it('when an id in the path is not an id, then 400 rather than a database error', async () => {
    const business = await registerBusiness(app);
    expectProblem(
      await app.http.get('/api/v1/organizations/not-an-id').set(business.auth),
      400,
      '/problems/validation-error',
    );
  });
});
