// The database goes away under load and comes back (issue 6, faults). The registry runs as operators run
// it, a child process, on a database server of this test's own. The server first freezes (SIGSTOP: its
// connections stay open and nothing answers, as in a network partition), then dies (SIGKILL), then is
// started again on the same files.
import { expect } from 'chai';
import { isWhole, ledgerCounts, verifiedState } from '../support/ledger-audit.ts';
import { startOwnDatabase, type OwnDatabase } from '../support/own-database.ts';
import { expectEveryAcknowledgedWriteKept, startLoad } from '../support/pilot-load.ts';
import { sandboxWorld } from '../support/pilots.ts';
import { waitUntil } from '../support/process.ts';
import { deploy, type Deployment } from '../support/registry-process.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/**
 * Generous: the server gives up on the database after DB_SERVER_SELECTION_TIMEOUT_MS (2 s here) or, on a
 * connection that went silent, DB_SOCKET_TIMEOUT_MS (3 s here), the driver retrying once.
 */
const FAIL_FAST_MS = 20_000;

/** A periodic job's failed runs and last success (seconds) from the Prometheus text of /metrics. */
function jobMetrics(text: string, job: string) {
  const value = (pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? 0);
  return {
    failed: value(new RegExp(`^sandbox_registry_job_runs_total\\{job="${job}",outcome="failed"\\} (\\d+)`, 'm')),
    lastSuccess: value(
      new RegExp(`^sandbox_registry_job_last_success_timestamp_seconds\\{job="${job}"\\} ([\\d.e+]+)`, 'm'),
    ),
  };
}

describe('when the database stops under load', function () {
  let db: OwnDatabase | undefined;
  let deployment: Deployment | undefined;

  before(function () {
    // The test needs a database server it may kill; with MONGODB_URI given there is none of our own.
    if (process.env.TEST_DB_KIND !== 'ferretdb') this.skip();
  });
  after(async function () {
    if (this.currentTest?.state === 'failed' || this.test?.parent?.tests.some((t) => t.state === 'failed'))
      console.log(deployment?.report());
    await deployment?.close();
    await db?.dispose();
  });

  it('then requests fail fast with 503 problem+json, /readyz goes red, the app recovers by itself, and no acknowledged write is lost', async () => {
    db = await startOwnDatabase();
    deployment = await deploy(db.uri);
    const registry = await deployment.start();
    const { url } = registry;
    const world = await sandboxWorld(registry.app);
    const seenBefore = await verifiedState(registry.app);
    const status = async (path: string) =>
      (await fetch(`${url}${path}`, { signal: AbortSignal.timeout(FAIL_FAST_MS) })).status;

    const load = startLoad(world, 4);
    let stoppedAt: number;
    let restartedAt: number;
    let readyAgainAt: number;
    try {
      await load.acknowledgedMore(12);
      stoppedAt = Date.now();
      db.freeze();

      expect(await waitUntil(async () => (await status('/readyz')) === 503, 15), '/readyz goes red').to.equal(true);
      const ready = await fetch(`${url}/readyz`);
      expect(await ready.json()).to.deep.equal({ status: 'unavailable', database: 'down' });
      expect(await status('/healthz'), '/healthz stays green').to.equal(200);
      // The load keeps knocking on the silent database, then on the dead one: each phase lasts until a few
      // requests were answered in it (not a fixed time, which a busy machine may fill with fewer answers).
      const answeredSince = (t: number) => load.outcomes.filter((o) => o.startedAt > t && o.status !== 0).length;
      await sleep(1000);
      expect(await waitUntil(() => answeredSince(stoppedAt!) >= 3, 120), 'requests answered while frozen').to.equal(
        true,
      );
      const killedAt = Date.now();
      await db.kill();
      expect(await status('/readyz')).to.equal(503);
      expect(await waitUntil(() => answeredSince(killedAt) >= 2, 120), 'requests answered while dead').to.equal(true);

      restartedAt = Date.now();
      await db.restart();
      expect(
        await waitUntil(async () => (await status('/readyz')) === 200, 30),
        '/readyz turns green by itself',
      ).to.equal(true);
      readyAgainAt = Date.now();
      await load.acknowledgedMore(8);
    } finally {
      await load.stop();
    }

    // Every answer came in bounded time: nothing hung behind the dead connection.
    for (const o of load.outcomes) {
      expect(o.status, `${o.what} got an HTTP answer`).to.not.equal(0);
      expect(o.endedAt - o.startedAt, `${o.what} answered within ${FAIL_FAST_MS} ms`).to.be.below(FAIL_FAST_MS);
    }
    // While the database was down, every request was told so: 503 problem+json with Retry-After.
    const outage = load.outcomes.filter((o) => o.startedAt > stoppedAt! && o.endedAt < restartedAt!);
    expect(outage.length, 'requests during the outage').to.be.at.least(4);
    for (const o of outage) {
      expect({ what: o.what, status: o.status, contentType: o.contentType, type: o.problemType }).to.deep.equal({
        what: o.what,
        status: 503,
        contentType: 'application/problem+json; charset=utf-8',
        type: '/problems/service-unavailable',
      });
      expect(o.retryAfter, 'Retry-After').to.match(/^\d+$/);
    }
    expect(
      load.acknowledged.filter((a) => a.at > readyAgainAt!).length,
      'writes acknowledged after the database returned',
    ).to.be.at.least(8);

    // The periodic jobs failed while the database was away, and resume: the reconciler finishes any append
    // the outage cut short, with no restart of the app.
    const reconciler = async () => jobMetrics(await (await fetch(`${url}/metrics`)).text(), 'reconciler');
    expect((await reconciler()).failed, 'reconciler runs that failed during the outage').to.be.at.least(1);
    expect(
      await waitUntil(async () => (await reconciler()).lastSuccess * 1000 > readyAgainAt!, 30),
      'the reconciler ran again',
    ).to.equal(true);
    const control = deployment.control;
    expect(
      await waitUntil(async () => isWhole(await ledgerCounts(control)), 30),
      JSON.stringify(await ledgerCounts(control)),
    ).to.equal(true);
    await expectEveryAcknowledgedWriteKept(registry.app, load);
    await verifiedState(registry.app, seenBefore);
  });
});
