// A business registers, signs in, refreshes, signs out; the account is protected against guessing.
import { expect } from 'chai';
import jwt from 'jsonwebtoken';
import { startApp, type TestApp } from '../support/app.ts';
import { asAdmin, expectProblem, login, registerBusiness, PASSWORD } from '../support/actors.ts';

const registration = (email: string, registrationNumber: string) => ({
  email,
  password: PASSWORD,
  name: 'Lê Minh Châu',
  organization: { name: 'Công ty Cổ phần Ví Điện Tử Sao Mai', registrationNumber },
});

describe('accounts', () => {
  let app: TestApp;
  before(async () => {
    // The production cost, which the registration test reads back from the stored hash.
    app = await startApp({ env: { LOGIN_MAX_FAILURES: '3', LOGIN_LOCK_SECONDS: '600', BCRYPT_COST: '12' } });
  });
  after(() => app.close());

  describe('registration', () => {
    it('when a business registers, then 201 with its user and organization, and no password hash', async () => {
      const res = await app.http.post('/api/v1/auth/register').send(registration('  Chau.Le@SaoMai.VN ', '0312345678'));
      expect(res.status).to.equal(201);
      expect(res.body.user).to.include({ email: 'chau.le@saomai.vn', role: 'business', name: 'Lê Minh Châu' });
      expect(res.body.user.organizationId).to.equal(res.body.organization.id);
      expect(res.body.organization).to.include({ registrationNumber: '0312345678' });
      expect(JSON.stringify(res.body)).not.to.match(/passwordHash|\$2b\$/);
      const stored = await app.ctx.models.User.findOne({ email: 'chau.le@saomai.vn' });
      expect(stored?.passwordHash).to.match(/^\$2[aby]\$1[2-5]\$/);
    });

    it('when the e-mail is already registered in another case, then 409 and no second organization', async () => {
      const res = await app.http.post('/api/v1/auth/register').send(registration('CHAU.LE@saomai.vn', '0399999999'));
      expectProblem(res, 409, '/problems/conflict');
      expect(await app.ctx.models.Organization.exists({ registrationNumber: '0399999999' })).to.equal(null);
    });

    it('when the registration number is already registered, then 409', async () => {
      const res = await app.http.post('/api/v1/auth/register').send(registration('other@saomai.vn', '0312345678'));
      expectProblem(res, 409, '/problems/conflict');
      expect(res.body.errors[0].field).to.equal('organization.registrationNumber');
    });

    it('when the password is weak, then 400 says why', async () => {
      for (const password of ['short', 'aaaaaaaaaaaa', 'password1234', 'x'.repeat(40) + 'é'.repeat(20)]) {
        const res = await app.http
          .post('/api/v1/auth/register')
          .send({ ...registration('weak@saomai.vn', '0300000001'), password });
        expectProblem(res, 400, '/problems/validation-error');
        expect(res.body.errors[0].field).to.equal('password');
      }
    });
  });

  describe('signing in and out', () => {
    it('when a user logs in, then an access token, a refresh token and expiresIn; /me knows them', async () => {
      const tokens = await login(app, 'chau.le@saomai.vn');
      expect(tokens).to.include.keys('accessToken', 'refreshToken', 'expiresIn');
      expect(tokens.expiresIn).to.equal(900);
      const me = await app.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${tokens.accessToken}`);
      expect(me.status).to.equal(200);
      expect(me.body.user).to.include({ email: 'chau.le@saomai.vn', role: 'business' });
      expect(me.body.organization.registrationNumber).to.equal('0312345678');
    });

    it('when the e-mail is typed in another case with spaces, then login still works', async () => {
      await login(app, '  CHAU.LE@SAOMAI.VN');
    });

    it('when the password is wrong or the e-mail unknown, then the same 401', async () => {
      const wrong = await app.http
        .post('/api/v1/auth/login')
        .send({ email: 'chau.le@saomai.vn', password: 'not my password' });
      const unknown = await app.http
        .post('/api/v1/auth/login')
        .send({ email: 'nobody@saomai.vn', password: 'not my password' });
      expectProblem(wrong, 401, '/problems/invalid-credentials');
      expectProblem(unknown, 401, '/problems/invalid-credentials');
      expect(wrong.body.detail).to.equal(unknown.body.detail);
      await login(app, 'chau.le@saomai.vn'); // resets the failure counter for the lockout story below
    });

    it('when /me is called without a token, then 401 with WWW-Authenticate', async () => {
      const res = await app.http.get('/api/v1/auth/me');
      expectProblem(res, 401, '/problems/unauthenticated');
      expect(res.headers['www-authenticate']).to.match(/^Bearer/);
    });

    it('when a refresh token is used, then a new pair comes back and the old refresh token is spent', async () => {
      const first = await login(app, 'chau.le@saomai.vn');
      const rotated = await app.http.post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken });
      expect(rotated.status).to.equal(200);
      expect(rotated.body.refreshToken).to.be.a('string').and.not.equal(first.refreshToken);
      const me = await app.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${rotated.body.accessToken}`);
      expect(me.status).to.equal(200);
      const stored = await app.ctx.models.RefreshToken.find({});
      expect(stored.map((t) => t.tokenHash)).not.to.include(rotated.body.refreshToken);
    });

    it('when an old refresh token is replayed after the grace window, then 401 and the whole family is revoked, access tokens included', async () => {
      const first = await login(app, 'chau.le@saomai.vn');
      const second = (await app.http.post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken })).body;
      app.clock.advance(11);
      const replay = await app.http.post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken });
      expectProblem(replay, 401, '/problems/invalid-token');
      expectProblem(await app.http.post('/api/v1/auth/refresh').send({ refreshToken: second.refreshToken }), 401);
      expectProblem(await app.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${second.accessToken}`), 401);
      // Another session of the same user is untouched.
      await login(app, 'chau.le@saomai.vn');
    });

    it('when two tabs refresh the same token at once, then both get the same successor and the session lives on', async () => {
      const tokens = await login(app, 'chau.le@saomai.vn');
      const results = await Promise.all(
        [1, 2, 3].map(() => app.http.post('/api/v1/auth/refresh').send({ refreshToken: tokens.refreshToken })),
      );
      expect(results.map((r) => r.status)).to.deep.equal([200, 200, 200]);
      const successors = new Set(results.map((r) => (r.body as { refreshToken: string }).refreshToken));
      expect(successors.size).to.equal(1);
      const [next] = successors;
      const again = await app.http.post('/api/v1/auth/refresh').send({ refreshToken: next });
      expect(again.status, JSON.stringify(again.body)).to.equal(200);
      for (const r of results)
        expect(
          (await app.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${r.body.accessToken}`)).status,
        ).to.equal(200);
    });

    it('when token answers and a signed-in caller’s answers come back, then no cache may keep them', async () => {
      const res = await app.http.post('/api/v1/auth/login').send({ email: 'chau.le@saomai.vn', password: PASSWORD });
      expect(res.headers['cache-control']).to.equal('no-store');
      const me = await app.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${res.body.accessToken}`);
      expect(me.headers['cache-control']).to.equal('no-store');
    });

    it('when an access token has no expiry, then it is refused even with a valid signature', async () => {
      const tokens = await login(app, 'chau.le@saomai.vn');
      const claims = JSON.parse(Buffer.from(tokens.accessToken.split('.')[1], 'base64url').toString()) as Record<
        string,
        unknown
      >;
      const header = JSON.parse(Buffer.from(tokens.accessToken.split('.')[0], 'base64url').toString()) as {
        kid: string;
      };
      delete claims.exp;
      const forged = jwt.sign(claims, app.ctx.config.jwt.current.secret, {
        algorithm: 'HS256',
        keyid: header.kid,
        noTimestamp: true,
      });
      expectProblem(await app.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${forged}`), 401);
    });

    it('when a user logs out, then the refresh and access tokens of that session stop working', async () => {
      const tokens = await login(app, 'chau.le@saomai.vn');
      const out = await app.http
        .post('/api/v1/auth/logout')
        .set('Authorization', `Bearer ${tokens.accessToken}`)
        .send({ refreshToken: tokens.refreshToken });
      expect(out.status).to.equal(204);
      expectProblem(await app.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${tokens.accessToken}`), 401);
      expectProblem(await app.http.post('/api/v1/auth/refresh').send({ refreshToken: tokens.refreshToken }), 401);
    });

    it('when a refresh token is garbage, then 401', async () => {
      expectProblem(
        await app.http.post('/api/v1/auth/refresh').send({ refreshToken: 'nonsense' }),
        401,
        '/problems/invalid-token',
      );
    });
  });

  describe('disabled accounts', () => {
    it('when an admin disables an account, then its tokens stop at once, it cannot log in, and enabling restores it', async () => {
      const admin = await asAdmin(app);
      const business = await registerBusiness(app);
      expect((await app.http.get('/api/v1/auth/me').set(business.auth)).status).to.equal(200);

      const disabled = await app.http
        .patch(`/api/v1/admin/users/${business.id}`)
        .set(admin.auth)
        .send({ disabled: true });
      expect(disabled.status).to.equal(200);
      expect(disabled.body.disabled).to.equal(true);

      expectProblem(await app.http.get('/api/v1/auth/me').set(business.auth), 401);
      expectProblem(await app.http.post('/api/v1/auth/refresh').send({ refreshToken: business.refreshToken }), 401);
      expectProblem(await app.http.post('/api/v1/auth/login').send({ email: business.email, password: PASSWORD }), 403);

      const enabled = await app.http.post(`/api/v1/admin/users/${business.id}/enable`).set(admin.auth);
      expect(enabled.status).to.equal(200);
      await login(app, business.email);
    });

    it('when an admin tries to disable themself, then 409', async () => {
      const admin = await asAdmin(app);
      expectProblem(await app.http.post(`/api/v1/admin/users/${admin.id}/disable`).set(admin.auth), 409);
    });
  });
});

describe('guessing passwords', () => {
  let app: TestApp;
  before(async () => {
    app = await startApp({ env: { LOGIN_MAX_FAILURES: '3', LOGIN_LOCK_SECONDS: '600', TRUST_PROXY: 'true' } });
  });
  after(() => app.close());
  const from = (ip: string, email: string, password: string) =>
    app.http.post('/api/v1/auth/login').set('X-Forwarded-For', ip).send({ email, password });

  it('when one source keeps guessing, then each further try waits longer (429 + Retry-After), and the right password from another source still signs in', async () => {
    const business = await registerBusiness(app);
    for (let i = 0; i < 3; i++) expectProblem(await from('10.0.0.1', business.email, `guess ${i} of many`), 401);
    const waiting = await from('10.0.0.1', business.email, PASSWORD);
    expectProblem(waiting, 429, '/problems/rate-limited');
    expect(Number(waiting.headers['retry-after'])).to.equal(2);
    app.clock.advance(3);
    expectProblem(await from('10.0.0.1', business.email, 'guess 4 of many'), 401);
    const longer = await from('10.0.0.1', business.email, PASSWORD);
    expectProblem(longer, 429);
    expect(Number(longer.headers['retry-after'])).to.equal(4);
    // The owner, elsewhere, is not locked out.
    expect((await from('10.0.0.2', business.email, PASSWORD)).status).to.equal(200);
    // And once the wait is over, the right password from the guessing source too, which forgets its failures.
    app.clock.advance(5);
    expect((await from('10.0.0.1', business.email, PASSWORD)).status).to.equal(200);
    expectProblem(await from('10.0.0.1', business.email, 'one more slip'), 401);
  });

  it('when the address is unknown, then the answers are those of a known one, status for status', async () => {
    const business = await registerBusiness(app);
    const answers = async (email: string, ip: string) => {
      const seen: string[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await from(ip, email, `not the password ${i}`);
        seen.push(
          `${res.status} ${String((res.body as { type?: string }).type)} ${res.headers['retry-after'] ?? ''} ${String((res.body as { detail?: string }).detail)}`,
        );
      }
      return seen;
    };
    const known = await answers(business.email, '10.0.1.1');
    const unknown = await answers('nobody-here@example.vn', '10.0.1.2');
    expect(unknown).to.deep.equal(known);
    expect(known.filter((a) => a.startsWith('429'))).to.have.length.greaterThan(0);
  });

  it('when a password is easy to guess, then registration refuses it by the estimator, naming the field', async () => {
    const res = await app.http.post('/api/v1/auth/register').send({
      email: `weak-${Date.now()}@example.vn`,
      password: 'password123456',
      name: 'W',
      organization: { name: 'Weak Co', registrationNumber: `W${Date.now() % 1e9}` },
    });
    expectProblem(res, 400, '/problems/validation-error');
    expect(res.body.errors).to.deep.include({
      field: 'password',
      reason: 'is too easy to guess: use a longer phrase of several words',
    });
  });

  it('when two registrations with one new registration number arrive at once, then they never share the organization', async () => {
    const number = `R${Date.now() % 1e9}`;
    const results = await Promise.all(
      [1, 2].map((n) =>
        app.http.post('/api/v1/auth/register').send({
          email: `race-${n}-${Date.now()}@example.vn`,
          password: PASSWORD,
          name: `Racer ${n}`,
          organization: { name: `Race Co ${n}`, registrationNumber: number },
        }),
      ),
    );
    const created = results.filter((r) => r.status === 201);
    expect(created.length, JSON.stringify(results.map((r) => r.body))).to.be.at.most(1);
    const users = await app.ctx.models.User.find({ name: /^Racer / });
    const orgs = new Set(users.map((u) => String(u.organization)));
    expect(orgs.size).to.equal(users.length);
  });
});

describe('rate limits', () => {
  let app: TestApp;
  before(async () => {
    app = await startApp({ env: { RATE_LIMIT_LOGIN: '3', RATE_LIMIT_REGISTER: '2' } });
  });
  after(() => app.close());

  it('when one address keeps trying to log in, then 429 problem+json with Retry-After', async () => {
    const answers = [];
    for (let i = 0; i < 4; i++)
      answers.push(await app.http.post('/api/v1/auth/login').send({ email: 'a@b.vn', password: 'x'.repeat(12) }));
    expect(answers.slice(0, 3).map((r) => r.status)).to.deep.equal([401, 401, 401]);
    expectProblem(answers[3], 429, '/problems/rate-limited');
    expect(Number(answers[3].headers['retry-after'])).to.be.greaterThan(0);
  });

  it('when one address keeps registering, then 429', async () => {
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await app.http.post('/api/v1/auth/register').send({})).status);
    expect(statuses).to.deep.equal([400, 400, 429]);
  });
});
