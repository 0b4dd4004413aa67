// The signer keeps the last checkpoint it signed outside the database (issue 13, item 6). Someone with
// write access to the database throws away the stored tree and the checkpoints; the app started again
// on that database serves reads, refuses writes with 503, and says why on /readyz and in its log.
import { expect } from 'chai';
import { startApp, type TestApp } from '../support/app.ts';
import { asAdmin, type Actor } from '../support/actors.ts';
import { registerAgencies } from '../support/ledger.ts';

describe('the ledger signer after the stored tree and checkpoints were deleted', function () {
  let first: TestApp;
  let restarted: TestApp | undefined;
  let admin: Actor;

  before(async () => {
    first = await startApp();
    admin = await asAdmin(first);
    expect(await registerAgencies(first, admin, ['A1', 'A2', 'A3'], 1)).to.deep.equal([201, 201, 201]);
  });
  after(async () => {
    await restarted?.close();
    await first.close();
  });

  it('when the app starts again on that database, then it serves reads, refuses writes and /readyz says why', async () => {
    const { LedgerTile, LedgerBundle, LedgerEdge, LedgerCheckpoint, LedgerState } = first.ctx.models;
    await LedgerTile.deleteMany({});
    await LedgerBundle.deleteMany({});
    await LedgerEdge.deleteMany({});
    await LedgerCheckpoint.deleteMany({});
    await LedgerState.deleteMany({});

    restarted = await startApp({ dbName: first.dbName });
    const ready = await restarted.http.get('/readyz');
    expect(ready.status).to.equal(200);
    expect(ready.body).to.deep.include({ status: 'degraded', database: 'up' });
    expect(ready.body.ledger.writes).to.equal('refused');
    expect(ready.body.ledger.reason).to.match(/no longer holds the checkpoint of size \d+ this signer signed/);

    expect((await restarted.http.get('/api/v1/ledger/entries?start=0')).status, 'reads are served').to.equal(200);
    expect((await restarted.http.get('/api/v1/agencies')).status).to.equal(200);
    const again = await asAdmin(restarted);
    const refused = await restarted.http.post('/api/v1/admin/agencies').set(again.auth).send({ code: 'B1', name: 'B' });
    expect(refused.status).to.equal(503);
    expect(refused.headers['content-type']).to.match(/^application\/problem\+json/);
    expect(refused.body.detail).to.include('refuses writes');
    // The reconciler does not rebuild and re-sign the tree either.
    await restarted.ctx.ledger.reconcile();
    expect(await LedgerCheckpoint.countDocuments({})).to.equal(0);
  });
});
