// Browsers: public reads are open to any site, the authenticated API only to the configured origins, and
// the security headers fit what each part serves (JSON, Swagger UI).
import { expect } from 'chai';
import { startApp, type TestApp } from '../support/app.ts';
import { registerBusiness } from '../support/actors.ts';

const TRUSTED = 'https://console.registry.example';
const STRANGER = 'https://evil.example';

describe('CORS and security headers', () => {
  let app: TestApp;
  before(async () => {
    app = await startApp({ env: { CORS_ORIGINS: `${TRUSTED},http://localhost:5173` } });
  });
  after(() => app.close());

  it('when any site reads a public endpoint, then it may (Access-Control-Allow-Origin: *), without credentials', async () => {
    for (const path of ['/api/v1/agencies', '/api/v1/ledger/checkpoint', '/api/v1/programmes', '/api/openapi.json']) {
      const res = await app.http.get(path).set('Origin', STRANGER);
      expect(res.status, path).to.equal(200);
      expect(res.headers['access-control-allow-origin'], path).to.equal('*');
      expect(res.headers['access-control-allow-credentials'], path).to.equal(undefined);
      expect(res.headers['cross-origin-resource-policy'], path).to.equal('cross-origin');
    }
    const preflight = await app.http
      .options('/api/v1/ledger/entries')
      .set('Origin', STRANGER)
      .set('Access-Control-Request-Method', 'GET');
    expect(preflight.status).to.equal(204);
    expect(preflight.headers['access-control-allow-origin']).to.equal('*');
    expect(preflight.headers['access-control-allow-headers']).not.to.match(/authorization/i);
  });

  it('when a stranger site calls the authenticated API, then no CORS header lets its script read the answer', async () => {
    const business = await registerBusiness(app);
    const me = await app.http.get('/api/v1/auth/me').set(business.auth).set('Origin', STRANGER);
    expect(me.status).to.equal(200);
    expect(me.headers).not.to.have.property('access-control-allow-origin');
    const preflight = await app.http
      .options('/api/v1/pilots')
      .set('Origin', STRANGER)
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'authorization,content-type');
    expect(preflight.headers).not.to.have.property('access-control-allow-origin');
    // Nor does writing to a public path that happens to be readable by all (login is a POST).
    const login = await app.http
      .options('/api/v1/auth/login')
      .set('Origin', STRANGER)
      .set('Access-Control-Request-Method', 'POST');
    expect(login.headers).not.to.have.property('access-control-allow-origin');
  });

  it('when a configured origin calls the authenticated API, then its origin (only) is allowed, with Authorization', async () => {
    const preflight = await app.http
      .options('/api/v1/pilots')
      .set('Origin', TRUSTED)
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'authorization,content-type,if-match');
    expect(preflight.status).to.equal(204);
    expect(preflight.headers['access-control-allow-origin']).to.equal(TRUSTED);
    expect(preflight.headers['access-control-allow-headers']).to.match(/Authorization/);
    expect(preflight.headers['access-control-allow-headers']).to.match(/If-Match/);
    expect(preflight.headers.vary).to.match(/Origin/);
    const read = await app.http.get('/api/v1/agencies').set('Origin', TRUSTED);
    expect(read.headers['access-control-allow-origin']).to.equal(TRUSTED);
    expect(read.headers['access-control-expose-headers']).to.match(/ETag/);
  });

  it('when the API answers, then its policy forbids loading anything, framing and sniffing', async () => {
    for (const res of [await app.http.get('/api/v1/agencies'), await app.http.get('/api/v1/nothing')]) {
      expect(res.headers['content-security-policy']).to.equal("default-src 'none'; frame-ancestors 'none'");
      expect(res.headers['x-content-type-options']).to.equal('nosniff');
      expect(res.headers['x-frame-options']).to.equal('DENY');
      expect(res.headers['referrer-policy']).to.equal('no-referrer');
      expect(res.headers).not.to.have.property('x-powered-by');
    }
  });

  it('when /docs is browsed, then Swagger UI loads from our own origin, with no inline or remote script', async () => {
    expect((await app.http.get('/docs')).status).to.equal(301);
    const page = await app.http.get('/docs/');
    expect(page.status).to.equal(200);
    expect(page.text).to.include('swagger-ui-bundle.js');
    const csp = page.headers['content-security-policy'];
    expect(csp).to.include("script-src 'self'");
    expect(csp).to.include("style-src 'self' 'unsafe-inline'");
    expect(csp).to.include("connect-src 'self'");
    expect(csp).not.to.match(/unsafe-eval|https:|\*/);
    expect(page.text).not.to.match(/<script(?![^>]*\bsrc=)[^>]*>/);
    const init = await app.http.get('/docs/swagger-ui-init.js');
    expect(init.status).to.equal(200);
    expect(init.text).to.include('/api/openapi.json');
    expect((await app.http.get('/docs/swagger-ui-bundle.js')).status).to.equal(200);
  });
});

describe('HSTS', () => {
  let app: TestApp;
  before(async () => {
    app = await startApp({ env: { TRUST_PROXY: 'true' } });
  });
  after(() => app.close());

  it('when a request comes over plain HTTP, then no Strict-Transport-Security is sent; over HTTPS (through the proxy), it is', async () => {
    for (const url of ['/', '/api/v1/agencies']) {
      const plain = await app.http.get(url);
      expect(plain.headers['strict-transport-security'], url).to.equal(undefined);
      const secure = await app.http.get(url).set('X-Forwarded-Proto', 'https');
      expect(secure.headers['strict-transport-security'], url).to.match(/^max-age=31536000; includeSubDomains$/);
      // The other headers are there either way.
      expect(plain.headers['x-content-type-options']).to.equal('nosniff');
    }
  });
});
