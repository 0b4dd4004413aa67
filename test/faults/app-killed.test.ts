// The app dies without warning (SIGKILL) and is started again on the same database (issue 6, faults):
// at start-up it finishes what the dead process left half-done, before it takes requests.
import { expect } from 'chai';
import { testServerUri } from '../support/app.ts';
import { isWhole, ledgerCounts, verifiedState } from '../support/ledger-audit.ts';
import { expectEveryAcknowledgedWriteKept, startLoad } from '../support/pilot-load.ts';
import { as, expectOk, sandboxWorld } from '../support/pilots.ts';
import { expectProjectionEqualsReplay } from '../support/replay.ts';
import { deploy, type Deployment } from '../support/registry-process.ts';

const RECONCILED = 'ledger reconciler finished half-done appends';

describe('when the app is killed (SIGKILL)', function () {
  let deployment: Deployment | undefined;

  beforeEach(async () => {
    deployment = await deploy(testServerUri());
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' || this.test?.parent?.tests.some((t) => t.state === 'failed'))
      console.log(deployment?.report());
    await deployment?.close();
    deployment = undefined;
  });

  it('under load and started again, then it reconciles: the verifier passes, projections equal a replay, every acknowledged write is kept', async () => {
    const first = await deployment!.start();
    const world = await sandboxWorld(first.app);
    const seenBefore = await verifiedState(first.app);

    const load = startLoad(world, 4);
    try {
      await load.acknowledgedMore(16);
      first.child.kill('SIGKILL');
      expect((await first.exited).signal).to.equal('SIGKILL');
    } finally {
      await load.stop();
    }

    const second = await deployment!.start();
    // Reconciled before it listened: nothing is left for the periodic job to finish.
    expect(await ledgerCounts(deployment!.control)).to.satisfy(isWhole);
    await expectEveryAcknowledgedWriteKept(second.app, load);
    await verifiedState(second.app, seenBefore);
    // And it takes new work.
    const business = as(second.app, world.business);
    const id = expectOk(await business.createPilot(world), 201).id;
    expectOk(await business.act(id, 'submit', {}, 1));
  });

  it('between storing an entry and projecting it, then the restarted app applies the entry before it takes requests', async () => {
    const frozen = await deployment!.startFrozen('pilot.submitted');
    const world = await sandboxWorld(frozen.app);
    const business = as(frozen.app, world.business);
    const id = expectOk(await business.createPilot(world), 201).id;

    // The submission's entry is stored, then the process freezes and is killed: the client never hears back.
    const submitting = business.act(id, 'submit', {}, 1).then(
      (res) => res.status,
      () => 0,
    );
    await frozen.logged('frozen after the entry');
    frozen.child.kill('SIGKILL');
    expect(await submitting, 'the submission was never acknowledged').to.equal(0);
    const { models } = deployment!.control.ctx;
    expect(
      await models.LedgerEntry.countDocuments({ subject: `pilot:${id}`, projected: false }),
      'the entry is stored, not projected',
    ).to.equal(1);
    expect((await models.Pilot.findById(id).lean())!.version, 'the projection is one version behind').to.equal(1);

    const restarted = await deployment!.start();
    expect(restarted.hasLogged(RECONCILED), 'the start-up reconciler finished the append').to.equal(true);
    const pilot = expectOk(await as(restarted.app, world.business).get(id));
    expect({ state: pilot.state, version: pilot.version }).to.deep.equal({ state: 'submitted', version: 2 });
    await expectProjectionEqualsReplay(restarted.app, id);
    expect(await ledgerCounts(deployment!.control)).to.satisfy(isWhole);
    await verifiedState(restarted.app);
    expectOk(await as(restarted.app, world.regulator).act(id, 'start_review', {}, 2));
  });
});
