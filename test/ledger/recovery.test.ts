// An append is several steps without a transaction (DESIGN.md §3). When the app dies between them, the
// acknowledged record is never lost and the reconciler finishes the rest: the projection ends equal to
// a replay of the ledger, the tree and checkpoint cover every entry, and the verifier accepts the log.
import { expect } from 'chai';
import { startApp, type TestApp } from '../support/app.ts';
import { asAdmin, expectProblem, type Actor } from '../support/actors.ts';
import { checkpointSize, expectVerifies, readLedger } from '../support/ledger.ts';
import type { Entry } from '../../server/ledger/entry.ts';

class SimulatedCrash extends Error {}

const crashOn = (code: string) => (entry: Entry) => {
  if (entry.data.code === code) throw new SimulatedCrash(`simulated crash after the entry for ${code}`);
};

async function agencyCodes(app: TestApp): Promise<string[]> {
  const res = await app.http.get('/api/v1/agencies');
  return (res.body.items as { code: string }[]).map((a) => a.code).sort();
}

/** What a replay of the ledger says the agencies are. */
async function replayedAgencyCodes(app: TestApp): Promise<string[]> {
  return (await readLedger(app))
    .filter((e) => e.type === 'agency.registered')
    .map((e) => String(e.data.code))
    .sort();
}

describe('the ledger after a crash between the steps of an append', function () {
  let crashing: TestApp;
  let restarted: TestApp | undefined;
  let admin: Actor;

  before(async () => {
    crashing = await startApp({ ledgerFaults: { afterEntry: crashOn('LOST1'), afterProjection: crashOn('LOST2') } });
    admin = await asAdmin(crashing);
  });
  after(async () => {
    await restarted?.close();
    await crashing.close();
  });

  it('when the app dies after the entry and after the projection, then the reconciler on restart finishes both appends', async () => {
    for (const code of ['SBV', 'MOST']) {
      expect(
        (await crashing.http.post('/api/v1/admin/agencies').set(admin.auth).send({ code, name: code })).status,
      ).to.equal(201);
    }
    // Dies after the entry: the request fails, the record is in the ledger but not yet projected.
    expectProblem(
      await crashing.http.post('/api/v1/admin/agencies').set(admin.auth).send({ code: 'LOST1', name: 'Lost one' }),
      500,
    );
    expect(await agencyCodes(crashing)).to.deep.equal(['MOST', 'SBV']);
    expect((await readLedger(crashing)).map((e) => e.data.code)).to.deep.equal(['SBV', 'MOST', 'LOST1']);
    expect(await checkpointSize(crashing)).to.equal(2);

    // Dies after the projection, before the tree and checkpoint.
    expectProblem(
      await crashing.http.post('/api/v1/admin/agencies').set(admin.auth).send({ code: 'LOST2', name: 'Lost two' }),
      500,
    );
    expect(await agencyCodes(crashing)).to.include('LOST2');
    expect(await checkpointSize(crashing)).to.equal(2);

    // The code is taken even though its projection is missing: the ledger, not the projection, decides.
    expectProblem(
      await crashing.http.post('/api/v1/admin/agencies').set(admin.auth).send({ code: 'LOST1', name: 'Again' }),
      409,
    );

    restarted = await startApp({ dbName: crashing.dbName });
    const result = await restarted.ctx.ledger.reconcile();
    expect(result).to.deep.equal({ projected: 1, treeSize: 4 });
    expect(await agencyCodes(restarted)).to.deep.equal(await replayedAgencyCodes(restarted));
    expect(await agencyCodes(restarted)).to.deep.equal(['LOST1', 'LOST2', 'MOST', 'SBV']);
    expect(await checkpointSize(restarted)).to.equal(4);
    await expectVerifies(restarted.url);

    // Running it again changes nothing.
    expect(await restarted.ctx.ledger.reconcile()).to.deep.equal({ projected: 0, treeSize: 4 });
  });

  it('when two instances ask for the reconciler lease, then one holds it until it expires', async () => {
    const a = crashing.ctx.ledger;
    const b = restarted!.ctx.ledger;
    expect(await a.acquireLease('test-job', 60_000)).to.equal(true);
    expect(await b.acquireLease('test-job', 60_000)).to.equal(false);
    expect(await a.acquireLease('test-job', 60_000)).to.equal(true); // the holder renews
    restarted!.clock.advance(120);
    expect(await b.acquireLease('test-job', 60_000)).to.equal(true);
  });
});
