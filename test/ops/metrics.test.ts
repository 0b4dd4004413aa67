// Operators scrape GET /metrics: request counts and latencies by route template, the ledger's size and
// the periodic jobs' runs, from a registry of the app's own; access is loopback-only or by bearer token.
import { expect } from 'chai';
import { startDueWork } from '../../server/jobs/due-work.ts';
import { reconcileNow } from '../../server/jobs/reconciler.ts';
import { startApp, type TestApp } from '../support/app.ts';
import { asAdmin, createAgency, expectProblem } from '../support/actors.ts';

/** The value of one series in Prometheus text, or undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('metrics', () => {
  let app: TestApp;
  before(async () => {
    app = await startApp();
  });
  after(() => app.close());

  it('when requests were answered, then /metrics counts them by route template, never by raw URL', async () => {
    await app.http.get('/api/v1/agencies').expect(200);
    await app.http.get('/api/v1/ledger/entries/424242');
    await app.http.get('/api/v1/no-such-route/xyz').expect(404);
    const res = await app.http.get('/metrics');
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.match(/^text\/plain/);
    expect(sample(res.text, 'http_requests_total{method="GET",route="/api/v1/agencies",status="200"}')).to.equal(1);
    expect(res.text).to.match(
      /http_requests_total\{method="GET",route="\/api\/v1\/ledger\/entries\/\{seq\}",status="\d+"\} 1/,
    );
    expect(res.text).to.include('route="unmatched",status="404"');
    expect(res.text).not.to.include('424242');
    expect(res.text).not.to.include('no-such-route');
    expect(res.text).to.match(
      /http_request_duration_seconds_bucket\{le="0.005",method="GET",route="\/api\/v1\/agencies",status="200"\}/,
    );
  });

  it('when the ledger grows, then the ledger gauge reads its size', async () => {
    const admin = await asAdmin(app);
    await createAgency(app, admin);
    const size = await app.ctx.ledger.tree.size();
    expect(size).to.be.greaterThan(0);
    expect(sample((await app.http.get('/metrics')).text, 'sandbox_registry_ledger_entries')).to.equal(size);
  });

  it('when the due-work job and the reconciler run, then their runs are counted', async () => {
    const stop = startDueWork(app.ctx, 3600);
    await stop();
    await reconcileNow(app.ctx);
    const text = (await app.http.get('/metrics')).text;
    expect(sample(text, 'sandbox_registry_job_runs_total{job="due-work",outcome="done"}')).to.equal(1);
    expect(sample(text, 'sandbox_registry_job_runs_total{job="reconciler",outcome="done"}')).to.equal(1);
    expect(sample(text, 'sandbox_registry_job_last_success_timestamp_seconds{job="due-work"}')).to.be.greaterThan(0);
  });

  it('when two apps run in one process, then each counts only its own requests', async () => {
    const other = await startApp();
    try {
      await other.http.get('/api/v1/programmes').expect(200);
      const mine = (await app.http.get('/metrics')).text;
      const theirs = (await other.http.get('/metrics')).text;
      expect(sample(theirs, 'http_requests_total{method="GET",route="/api/v1/programmes",status="200"}')).to.equal(1);
      expect(sample(mine, 'http_requests_total{method="GET",route="/api/v1/programmes",status="200"}')).to.equal(
        undefined,
      );
    } finally {
      await other.close();
    }
  });

  it('when a proxy forwarded the request and no token is configured, then 403', async () => {
    expectProblem(await app.http.get('/metrics').set('X-Forwarded-For', '203.0.113.7'), 403, '/problems/forbidden');
  });

  describe('with METRICS_TOKEN', () => {
    let guarded: TestApp;
    const token = 'scrape-token-0123456789';
    before(async () => {
      guarded = await startApp({ env: { METRICS_TOKEN: token } });
    });
    after(() => guarded.close());

    it('when the scraper sends no token or a wrong one, then 401; with the token, 200', async () => {
      expectProblem(await guarded.http.get('/metrics'), 401, '/problems/unauthenticated');
      expectProblem(await guarded.http.get('/metrics').set('Authorization', `Bearer ${token}x`), 401);
      const res = await guarded.http
        .get('/metrics')
        .set('Authorization', `Bearer ${token}`)
        .set('X-Forwarded-For', '203.0.113.7');
      expect(res.status).to.equal(200);
      expect(res.text).to.include('sandbox_registry_ledger_entries');
    });
  });
});
