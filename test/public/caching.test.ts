// Public reads made once per ledger tree size: readers revalidate with ETags and get 304, see a decision
// as soon as it is acknowledged, on any of several instances on one database; anonymous load meets a
// per-address rate limit and a bound on the reads that do work, so it cannot hold the registry.
import { expect } from 'chai';
import { startApp, type TestApp } from '../support/app.ts';
import { expectProblem } from '../support/actors.ts';
import { aDecision, as, expectOk, sandboxWorld, startPilotApp, type World } from '../support/pilots.ts';
import { approvedPilot } from '../support/public.ts';
import { ReadGate } from '../../server/public/read-gate.ts';

const PUBLIC_READS = ['/api/v1/public/pilots', '/api/v1/public/stats', '/api/v1/public/pilots.csv'];

describe('public registry: cached answers, ETags, limits', () => {
  let app: TestApp;
  let world: World;
  let first: { id: string; reference: string };

  before(async () => {
    app = await startPilotApp();
    world = await sandboxWorld(app);
    first = await approvedPilot(world, { title: 'Ví điện tử cho nông dân' });
  });
  after(() => app.close());

  it('when a reader sends back the ETag it was given, then 304 and no body, for lists, pages, stats and downloads', async () => {
    for (const path of [...PUBLIC_READS, `/api/v1/public/pilots/${first.reference}`]) {
      const res = await app.http.get(path);
      expect(res.status, path).to.equal(200);
      const etag = res.headers.etag;
      expect(etag, path).to.match(/^"[A-Za-z0-9_-]{27}"$/);
      const again = await app.http.get(path).set('If-None-Match', etag);
      expect(again.status, path).to.equal(304);
      expect(again.text || '', path).to.equal('');
    }
  });

  it('when a reader revalidates a page of the site, then 304 too (the ETag of the page as rendered)', async () => {
    for (const path of ['/', '/pilots?q=vi', `/pilots/${first.reference}`, '/stats']) {
      const res = await app.http.get(path).set('Accept', 'text/html');
      expect(res.status, path).to.equal(200);
      const again = await app.http.get(path).set('Accept', 'text/html').set('If-None-Match', res.headers.etag);
      expect(again.status, path).to.equal(304);
    }
  });

  it('when a decision is acknowledged, then the very next read shows it, under a new ETag', async () => {
    const before = await app.http.get('/api/v1/public/pilots?sort=-approved&limit=100');
    const stats = await app.http.get('/api/v1/public/stats');
    const second = await approvedPilot(world, { title: 'Bảo hiểm vi mô' });
    const after = await app.http.get('/api/v1/public/pilots?sort=-approved&limit=100');
    expect(after.body.items.map((i: { reference: string }) => i.reference)).to.include(second.reference);
    expect(after.headers.etag).not.to.equal(before.headers.etag);
    const revalidated = await app.http.get('/api/v1/public/stats').set('If-None-Match', stats.headers.etag);
    expect(revalidated.status).to.equal(200);
    expect(revalidated.body.pilots.total).to.equal(stats.body.pilots.total + 1);

    expectOk(await as(app, world.regulator).act(second.id, 'revoke', { decision: aDecision(app) }));
    const page = await app.http.get(`/api/v1/public/pilots/${second.reference}`);
    expect(page.body.status).to.equal('revoked');
    expect(page.body.timeline.at(-1).type).to.equal('pilot.revoked');
  });

  it('when 100 anonymous statistics requests arrive at once, then all answer alike and a pilot page still answers', async () => {
    const flood = Array.from({ length: 100 }, () => app.http.get('/api/v1/public/stats'));
    const page = await app.http.get(`/api/v1/public/pilots/${first.reference}`);
    expect(page.status).to.equal(200);
    const answers = await Promise.all(flood);
    expect(answers.map((r) => r.status)).to.deep.equal(answers.map(() => 200));
    expect(new Set(answers.map((r) => r.headers.etag)).size).to.equal(1);
  });

  it('when two instances share one database, then a decision made through one is read at once through the other, with the same ETag', async () => {
    const other = await startApp({ dbName: app.dbName });
    try {
      const path = '/api/v1/public/pilots?sort=-updated&limit=100';
      const [a, b] = await Promise.all([app.http.get(path), other.http.get(path)]);
      expect(b.body).to.deep.equal(a.body);
      expect(b.headers.etag).to.equal(a.headers.etag);
      const third = await approvedPilot(world, { title: 'Cho vay theo chuỗi cung ứng' });
      const seen = await other.http.get(path);
      expect(seen.body.items[0].reference).to.equal(third.reference);
      const page = await other.http.get(`/api/v1/public/pilots/${third.reference}`);
      expect(page.status).to.equal(200);
      expect((await app.http.get(path)).headers.etag).to.equal(seen.headers.etag);
    } finally {
      await other.close(); // the last test of the suite: the database it drops is no longer needed
    }
  });
});

describe('public registry: per-address rate limit', () => {
  let app: TestApp;
  before(async () => {
    app = await startApp({ env: { RATE_LIMIT_PUBLIC: '3', RATE_LIMIT_WINDOW_SECONDS: '60' } });
  });
  after(() => app.close());

  it('when one address reads more than the limit, then 429 problem+json with Retry-After, on the API and the pages alike', async () => {
    for (let i = 0; i < 3; i++) expect((await app.http.get('/api/v1/public/stats')).status).to.equal(200);
    const refused = await app.http.get('/api/v1/public/pilots');
    expectProblem(refused, 429, '/problems/rate-limited');
    expect(Number(refused.headers['retry-after'])).to.be.within(1, 60);
    const page = await app.http.get('/stats').set('Accept', 'text/html');
    expect(page.status).to.equal(429);
    expect(page.headers['retry-after']).to.match(/^\d+$/);
    // The operators' and signed-in routes are not counted against it.
    expect((await app.http.get('/healthz')).status).to.equal(200);
  });
});

describe('public registry: the bound on reads that do work', () => {
  it('when more reads arrive than may run, then at most `inFlight` run at once, `waiting` wait, and the rest get 503', async () => {
    const gate = new ReadGate(2, 5);
    let running = 0;
    let most = 0;
    const task = async () => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      return 'done';
    };
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => gate.run(task)));
    expect(most).to.equal(2);
    // The first starts at once; five wait; two are refused.
    expect(results.filter((r) => r.status === 'fulfilled')).to.have.length(6);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(refused).to.have.length(2);
    expect(refused[0].reason).to.include({ status: 503 });
    // A failing read is its own: the others in its turn still run.
    const failing = gate.run(() => Promise.reject(new Error('one')));
    const fine = gate.run(task);
    expect(await failing.catch((e: Error) => e.message)).to.equal('one');
    expect(await fine.catch(() => 'lost')).to.equal('done');
  });
});

describe('public registry: pilots made before the slim listing existed', () => {
  it('when a database has pilots and no slim listing, then a new instance copies them in once and answers as before', async () => {
    const app = await startPilotApp();
    const world = await sandboxWorld(app);
    const pilot = await approvedPilot(world, { title: 'Thanh toán qua mã QR' });
    const list = await app.http.get('/api/v1/public/pilots?limit=100');
    const page = await app.http.get(`/api/v1/public/pilots/${pilot.reference}`);
    const stats = await app.http.get('/api/v1/public/stats');
    await app.ctx.models.PublicListing.deleteMany({}); // as a database from before the slim listing
    const upgraded = await startApp({ dbName: app.dbName });
    try {
      expect((await upgraded.http.get('/api/v1/public/pilots?limit=100')).body).to.deep.equal(list.body);
      // Its timeline, without seqs in the copied row, comes from the log: the same entries.
      expect((await upgraded.http.get(`/api/v1/public/pilots/${pilot.reference}`)).body).to.deep.equal(page.body);
      expect((await upgraded.http.get('/api/v1/public/stats')).body).to.deep.equal(stats.body);
      expect(await upgraded.ctx.models.PublicListing.countDocuments({ isPublic: true })).to.be.greaterThan(0);
    } finally {
      await upgraded.close();
      await app.close();
    }
  });
});
