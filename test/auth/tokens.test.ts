// Forged and stale access tokens are refused: another key, alg "none", expired, wrong audience or issuer,
// unknown key id. A key still listed as "previous" keeps working during a rotation.
import jwt from 'jsonwebtoken';
import { expect } from 'chai';
import { startApp, type TestApp } from '../support/app.ts';
import { expectProblem, registerBusiness, type Actor } from '../support/actors.ts';

function claimsOf(token: string) {
  const decoded = jwt.decode(token, { complete: true });
  if (!decoded || typeof decoded.payload !== 'object') throw new Error('not a JWT');
  return { header: decoded.header, payload: decoded.payload };
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('access tokens', () => {
  let app: TestApp;
  let business: Actor;
  const me = (token: string) => app.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`);

  before(async () => {
    app = await startApp();
    business = await registerBusiness(app);
  });
  after(() => app.close());

  it('when the token is genuine, then it carries kid, iss, aud and works', async () => {
    const { header, payload } = claimsOf(business.accessToken);
    expect(header).to.include({ alg: 'HS256', kid: app.config.jwt.current.kid });
    expect(payload).to.include({ iss: app.config.jwt.issuer, aud: app.config.jwt.audience, sub: business.id });
    expect((await me(business.accessToken)).status).to.equal(200);
  });

  it('when the token is signed with another key, then 401', async () => {
    const { payload } = claimsOf(business.accessToken);
    const forged = jwt.sign(payload, 'another secret that is long enough to look real', {
      algorithm: 'HS256',
      keyid: app.config.jwt.current.kid,
    });
    expectProblem(await me(forged), 401, '/problems/invalid-token');
  });

  it('when the token says alg "none", then 401', async () => {
    const { header, payload } = claimsOf(business.accessToken);
    const unsigned = `${b64url({ ...header, alg: 'none' })}.${b64url(payload)}.`;
    expectProblem(await me(unsigned), 401, '/problems/invalid-token');
  });

  it('when the token has expired, then 401', async () => {
    const { payload } = claimsOf(business.accessToken);
    const now = Math.floor(Date.now() / 1000);
    const expired = jwt.sign({ ...payload, iat: now - 3600, exp: now - 60 }, app.config.jwt.current.secret, {
      algorithm: 'HS256',
      keyid: app.config.jwt.current.kid,
    });
    expectProblem(await me(expired), 401, '/problems/invalid-token');
  });

  it('when the clock passes the token lifetime, then the same token is refused', async () => {
    const fresh = await registerBusiness(app);
    app.clock.advance(app.config.jwt.accessTtlSeconds + 5);
    expectProblem(await me(fresh.accessToken), 401, '/problems/invalid-token');
  });

  it('when the audience or the issuer is wrong, then 401', async () => {
    const { payload } = claimsOf(business.accessToken);
    const key = app.config.jwt.current;
    for (const change of [{ aud: 'some-other-api' }, { iss: 'someone-else' }]) {
      const token = jwt.sign({ ...payload, ...change }, key.secret, { algorithm: 'HS256', keyid: key.kid });
      expectProblem(await me(token), 401, '/problems/invalid-token');
    }
  });

  it('when the key id is unknown or the algorithm is switched, then 401', async () => {
    const { payload } = claimsOf(business.accessToken);
    const key = app.config.jwt.current;
    expectProblem(await me(jwt.sign(payload, key.secret, { algorithm: 'HS256', keyid: 'not-a-key' })), 401);
    expectProblem(await me(jwt.sign(payload, key.secret, { algorithm: 'HS512', keyid: key.kid })), 401);
  });

  it('when the header is not a bearer token, then 401', async () => {
    expectProblem(
      await app.http.get('/api/v1/auth/me').set('Authorization', `Basic ${Buffer.from('a:b').toString('base64')}`),
      401,
    );
    expectProblem(await me('not.a.jwt'), 401);
  });
});

describe('access tokens during a key rotation', () => {
  it('when the old key is kept as previous, then tokens it signed still work and new tokens use the new key', async () => {
    const oldKey = { kid: 'k-2026-10', secret: 'x'.repeat(40) };
    const newKey = { kid: 'k-2026-11', secret: 'y'.repeat(40) };
    const app = await startApp({
      env: { JWT_KEY_ID: newKey.kid, JWT_SECRET: newKey.secret, JWT_PREVIOUS_KEYS: `${oldKey.kid}:${oldKey.secret}` },
    });
    try {
      const business = await registerBusiness(app);
      const { header, payload } = claimsOf(business.accessToken);
      expect(header.kid).to.equal(newKey.kid);
      const me = (token: string) => app.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`);
      expect((await me(jwt.sign(payload, oldKey.secret, { algorithm: 'HS256', keyid: oldKey.kid }))).status).to.equal(
        200,
      );
      // The old secret under the new key id is still a forgery.
      expectProblem(await me(jwt.sign(payload, oldKey.secret, { algorithm: 'HS256', keyid: newKey.kid })), 401);
    } finally {
      await app.close();
    }
  });
});
