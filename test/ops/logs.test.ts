// What operators read: one JSON line per request (and per event), each carrying the request id the client
// saw; no password, token or Authorization header ever reaches a line, whatever the level.
import { Writable } from 'node:stream';
import { expect } from 'chai';
import { createLogger } from '../../server/logger.ts';
import { startApp, type TestApp } from '../support/app.ts';
import { PASSWORD } from '../support/actors.ts';
import { as, expectOk, sandboxWorld } from '../support/pilots.ts';

interface LogLine {
  msg?: string;
  req?: { id?: string; url?: string; headers?: Record<string, string> };
  res?: { statusCode?: number };
}

describe('structured logs', () => {
  let app: TestApp;
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });

  before(async () => {
    app = await startApp({ logger: createLogger({ logLevel: 'trace' }, sink) });
  });
  after(() => app.close());

  it('when a user registers, signs in, refreshes and fails a login, then the log holds no password, token or Authorization header', async () => {
    const email = `logged-${Date.now()}@example.vn`;
    const registered = await app.http.post('/api/v1/auth/register').send({
      email,
      password: PASSWORD,
      name: 'Lê Văn Cường',
      organization: { name: 'Logged Co', registrationNumber: `L${Date.now() % 1e8}` },
    });
    expect(registered.status).to.equal(201);
    const login = await app.http.post('/api/v1/auth/login').send({ email, password: PASSWORD });
    expect(login.status).to.equal(200);
    const { accessToken, refreshToken } = login.body as { accessToken: string; refreshToken: string };
    const me = await app.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${accessToken}`);
    expect(me.status).to.equal(200);
    const refreshed = await app.http.post('/api/v1/auth/refresh').send({ refreshToken });
    expect(refreshed.status).to.equal(200);
    const wrong = await app.http.post('/api/v1/auth/login').send({ email, password: 'wrong horse battery staple' });
    expect(wrong.status).to.equal(401);
    const badToken = await app.http.get('/api/v1/auth/me').set('Authorization', 'Bearer not.a.valid-token');
    expect(badToken.status).to.equal(401);

    const log = lines.join('\n');
    expect(lines.length).to.be.greaterThan(5);
    const secrets = [
      PASSWORD,
      'wrong horse battery staple',
      accessToken,
      refreshToken,
      refreshed.body.accessToken,
      refreshed.body.refreshToken,
      'not.a.valid-token',
    ];
    for (const secret of secrets)
      expect(log.includes(secret), `a secret reached the log: ${secret.slice(0, 12)}…`).to.equal(false);
    // A credential after "Bearer" (the WWW-Authenticate challenge `Bearer error="invalid_token"` is not one).
    const bearer = lines.filter((l) => /Bearer\s+(?!error=)[A-Za-z0-9._~+/-]/.test(l));
    expect(bearer, bearer.join('\n').slice(0, 2000)).to.be.empty;
    // A request's line names the request, not its header set.
    const parsed = lines.map((l) => JSON.parse(l) as LogLine);
    expect(parsed.filter((l) => l.req?.headers)).to.be.empty;
  });

  it('when a signed-in caller is answered, then one info line names method, path, status, duration and the principal', async () => {
    const email = `who-${Date.now()}@example.vn`;
    const registered = await app.http.post('/api/v1/auth/register').send({
      email,
      password: PASSWORD,
      name: 'Who',
      organization: { name: 'Who Co', registrationNumber: `W${Date.now() % 1e8}` },
    });
    const login = await app.http.post('/api/v1/auth/login').send({ email, password: PASSWORD });
    const me = await app.http
      .get('/api/v1/auth/me')
      .set('Authorization', `Bearer ${(login.body as { accessToken: string }).accessToken}`);
    const line = lines
      .map(
        (l) =>
          JSON.parse(l) as LogLine & {
            level: number;
            principal?: string;
            responseTime?: number;
            req?: { method?: string };
          },
      )
      .filter((l) => l.req?.id === me.headers['x-request-id'] && l.msg === 'request completed');
    expect(line).to.have.length(1);
    expect(line[0]).to.include({ level: 30, principal: (registered.body as { user: { id: string } }).user.id });
    expect(line[0].req).to.deep.equal({ id: me.headers['x-request-id'], method: 'GET', url: '/api/v1/auth/me' });
    expect(line[0].res).to.deep.equal({ statusCode: 200 });
    expect(line[0].responseTime).to.be.a('number');
  });

  it('when a request is answered, then its log line carries the request id the client received', async () => {
    const res = await app.http.get('/api/v1/agencies').set('X-Request-Id', 'trace-me-42');
    expect(res.headers['x-request-id']).to.equal('trace-me-42');
    const generated = await app.http.get('/api/v1/programmes');
    const completed = lines.map((l) => JSON.parse(l) as LogLine).filter((l) => l.msg === 'request completed');
    expect(
      completed.some(
        (l) => l.req?.id === 'trace-me-42' && l.req.url === '/api/v1/agencies' && l.res?.statusCode === 200,
      ),
    ).to.equal(true);
    expect(
      completed.some((l) => l.req?.id === generated.headers['x-request-id'] && l.req.url === '/api/v1/programmes'),
    ).to.equal(true);
  });

  it('when a pilot is created and submitted, then one info line names each ledger entry and the lifecycle decision', async () => {
    const world = await sandboxWorld(app);
    const business = as(app, world.business);
    const id = expectOk(await business.createPilot(world), 201).id;
    expectOk(await business.act(id, 'submit'));
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const appended = parsed.filter((l) => l.msg === 'ledger entry appended' && l.subject === `pilot:${id}`);
    expect(appended.map((l) => l.type)).to.deep.equal(['pilot.created', 'pilot.submitted']);
    for (const l of appended) expect(l).to.include({ level: 30 }).and.have.property('seq').that.is.a('number');
    const decision = parsed.filter((l) => l.msg === 'lifecycle decision' && l.pilot === id);
    expect(decision).to.have.length(1);
    expect(decision[0]).to.include({ action: 'submit', role: 'business', from: 'draft', to: 'submitted', level: 30 });
  });
});
